import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { previewUri } from '../preview/previewDocuments';
import { activeProcessFile, deploymentOptions, pickEnvironment, pickTenant } from './pickDeployment';
import { projectName } from './previewProcess';

/** "Stepwise: Compare Environments…" — VS Code's diff editor on two environments' previews. */
export async function compareEnvironmentsCommand(
  client: LanguageClient,
  uri?: vscode.Uri,
  left?: string,
  right?: string,
  tenant?: string,
): Promise<void> {
  const document = await activeProcessFile(uri);
  if (!document) return;
  if (!left || !right) {
    const options = await deploymentOptions(client, document);
    if (!options) return;
    if (options.environments.length < 2) {
      void vscode.window.showWarningMessage('There is only one environment; there is nothing to compare it with.');
      return;
    }
    left = await pickEnvironment(options, 'Compare: first environment');
    if (!left) return;
    right = await pickEnvironment(options, `Compare ${left} with…`, left);
    if (!right) return;
    // One tenant for both sides: the difference shown is the environments'.
    const picked = await pickTenant(options, `Compare ${left} and ${right} for which tenant?`);
    if (picked === undefined) return;
    tenant = picked ?? undefined;
  }
  const name = projectName(document);
  await vscode.commands.executeCommand(
    'vscode.diff',
    previewUri({ source: document.uri, environment: left, tenant }, name),
    previewUri({ source: document.uri, environment: right, tenant }, name),
    `${name || 'Process'}: ${left} ↔ ${right}${tenant ? ` (${tenant})` : ''}`,
    { preview: false },
  );
}
