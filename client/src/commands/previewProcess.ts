import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { previewUri } from '../preview/previewDocuments';
import { projectNameOfFile } from '../workspace/processFiles';
import { activeProcessFile, deploymentOptions, pickEnvironment, pickTenant } from './pickDeployment';

/**
 * "Stepwise: Preview Process for Environment…" — opens the preview beside the editor (for a
 * tenant, when the project has tenants). In a runbook's OCL file (`runbooks/<slug>.ocl`), or
 * when `runbook` is given, the preview is that runbook's run.
 */
export async function previewProcessCommand(
  client: LanguageClient,
  uri?: vscode.Uri,
  environment?: string,
  tenantArgument?: string | { askForTenant: true },
  runbook?: string,
): Promise<vscode.TextEditor | undefined> {
  const document = await activeProcessFile(uri);
  if (!document) return undefined;
  runbook ??= /\/runbooks\/([^/]+)\.ocl$/.exec(document.uri.path)?.[1];
  let tenant = typeof tenantArgument === 'string' ? tenantArgument : undefined;
  if (environment && typeof tenantArgument === 'object') {
    // A CodeLens standing for the environment's tenants (core's ASK_FOR_TENANT): which one?
    const options = await deploymentOptions(client, document);
    if (!options) return undefined;
    const picked = await pickTenant(options, `Preview the deployment to ${environment} for which tenant?`);
    if (picked === undefined) return undefined;
    tenant = picked ?? undefined;
  }
  if (!environment) {
    const options = await deploymentOptions(client, document);
    if (!options) return undefined;
    environment = await pickEnvironment(options, 'Preview the deployment to which environment?');
    if (!environment) return undefined;
    const picked = await pickTenant(options, `Preview the deployment to ${environment} for which tenant?`);
    if (picked === undefined) return undefined;
    tenant = picked ?? undefined;
  }
  const preview = await vscode.workspace.openTextDocument(
    previewUri({ source: document.uri, environment, tenant, runbook }, projectName(document)),
  );
  return vscode.window.showTextDocument(preview, {
    viewColumn: vscode.ViewColumn.Beside,
    preserveFocus: true,
    preview: false,
  });
}

/** The project a process file names, or an OCL file's project (its `.octopus` folder's). */
export function projectName(document: vscode.TextDocument): string {
  return projectNameOfFile(document.uri, document.getText()) ?? '';
}
