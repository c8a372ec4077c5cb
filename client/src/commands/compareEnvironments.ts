import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ComparePreviewsRequest, type PreviewSide } from '@stepwise/server/requestTypes';
import { previewUri } from '../preview/previewDocuments';
import { activeProcessFile, deploymentOptions, pickEnvironment, pickTenant } from './pickDeployment';
import { projectName } from './previewProcess';

/**
 * "Stepwise: Compare Environments…" — VS Code's diff editor on two previews. Without tenants the
 * two sides are two environments; when the project has tenants each side is an environment and
 * a tenant (or untenanted), so one environment can be compared for two tenants.
 */
export async function compareEnvironmentsCommand(
  client: LanguageClient,
  uri?: vscode.Uri,
  left?: string,
  right?: string,
  tenant?: string,
): Promise<void> {
  const document = await activeProcessFile(uri);
  if (!document) return;
  let sides: [PreviewSide, PreviewSide];
  if (left && right) {
    sides = [
      { environment: left, tenant },
      { environment: right, tenant },
    ];
  } else {
    const options = await deploymentOptions(client, document);
    if (!options) return;
    const withTenants = options.tenants.length > 0;
    if (options.environments.length < 2 && !withTenants) {
      void vscode.window.showWarningMessage('There is only one environment; there is nothing to compare it with.');
      return;
    }
    const first = await pickSide(options, 'Compare: first environment', 'Compare ENV for which tenant?');
    if (!first) return;
    const second = await pickSide(
      options,
      `Compare ${sideText(first)} with…`,
      `Compare ${sideText(first)} with ENV for which tenant?`,
      // With tenants, the same environment for another tenant is a comparison worth making.
      withTenants ? undefined : first.environment,
    );
    if (!second) return;
    sides = [first, second];
  }
  // The server checks both sides (an unknown tenant is named) and says what differs.
  let differences: string[];
  try {
    ({ differences } = await client.sendRequest(ComparePreviewsRequest, {
      uri: document.uri.toString(),
      left: sides[0],
      right: sides[1],
    }));
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not compare the previews: ${(error as Error).message}`);
    return;
  }
  const name = projectName(document);
  await vscode.commands.executeCommand(
    'vscode.diff',
    previewUri({ source: document.uri, ...sides[0] }, name),
    previewUri({ source: document.uri, ...sides[1] }, name),
    `${name || 'Process'}: ${sideText(sides[0])} ↔ ${sideText(sides[1])}`,
    { preview: false },
  );
  vscode.window.setStatusBarMessage(
    differences.length
      ? `$(diff) ${differences.length} difference${differences.length === 1 ? '' : 's'} between ${sideText(sides[0])} and ${sideText(sides[1])}`
      : `$(check) ${sideText(sides[0])} and ${sideText(sides[1])} deploy the same`,
    5000,
  );
}

async function pickSide(
  options: Parameters<typeof pickEnvironment>[0],
  environmentPrompt: string,
  tenantPrompt: string,
  exclude?: string,
): Promise<PreviewSide | undefined> {
  const environment = await pickEnvironment(options, environmentPrompt, exclude);
  if (!environment) return undefined;
  const tenant = await pickTenant(options, tenantPrompt.replace('ENV', environment));
  if (tenant === undefined) return undefined;
  return { environment, tenant: tenant ?? undefined };
}

/** `Test`, `Test (Acme)`. */
function sideText(side: PreviewSide): string {
  return side.tenant ? `${side.environment} (${side.tenant})` : side.environment;
}
