import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { currentProcessDocument, isDeployableDocument } from '../workspace/processFiles';
import { DeploymentOptionsRequest, type DeploymentOptionsResult } from '@stepwise/server/requestTypes';

export type DeploymentOptions = DeploymentOptionsResult;

/**
 * The process file a command acts on: the argument (from a menu: the editor title, or the
 * Explorer, where the file need not be open yet), else the active editor's (currentProcessDocument).
 */
export async function activeProcessFile(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  let document = uri
    ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
    : currentProcessDocument();
  if (uri && !document) {
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Could not open ${vscode.workspace.asRelativePath(uri)}: ${(error as Error).message}`,
      );
      return undefined;
    }
  }
  if (document && isDeployableDocument(document)) return document;
  void vscode.window.showWarningMessage(
    'Open a Stepwise process file (*.process.yaml) or an Octopus OCL file (.octopus/*.ocl) first.',
  );
  return undefined;
}

export async function deploymentOptions(
  client: LanguageClient,
  document: vscode.TextDocument,
): Promise<DeploymentOptions | undefined> {
  try {
    const options = await client.sendRequest(DeploymentOptionsRequest, { uri: document.uri.toString() });
    if (options.environments.length === 0) {
      void vscode.window.showWarningMessage(
        'This process has no environments to preview: add `environments:` to the nearest .octopus/space.yaml.',
      );
      return undefined;
    }
    return options;
  } catch (error) {
    void vscode.window
      .showErrorMessage(
        `Could not read the environments of ${vscode.workspace.asRelativePath(document.uri)}: ${(error as Error).message}`,
        'Show Output',
        'Restart Language Server',
      )
      .then((chosen) => {
        if (chosen === 'Show Output') void vscode.commands.executeCommand('stepwise.showOutput');
        if (chosen === 'Restart Language Server') void vscode.commands.executeCommand('stepwise.restartServer');
      });
    return undefined;
  }
}

export async function pickEnvironment(
  options: DeploymentOptions,
  placeHolder: string,
  exclude?: string,
): Promise<string | undefined> {
  const items = options.environments.filter((e) => e !== exclude).map((label) => ({ label }));
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true }))?.label;
}

/**
 * When the project has tenants, which one the deployment is for: `null` for an untenanted
 * deployment, undefined when the pick was dismissed. Without tenants, `null` at once.
 */
export async function pickTenant(options: DeploymentOptions, placeHolder: string): Promise<string | null | undefined> {
  if (!options.tenants?.length) return null;
  const untenanted = { label: 'Untenanted', description: 'no tenant' };
  const items = [untenanted, ...options.tenants.map((label) => ({ label, description: 'tenant' }))];
  const chosen = await vscode.window.showQuickPick(items, { placeHolder });
  if (!chosen) return undefined;
  return chosen === untenanted ? null : chosen.label;
}
