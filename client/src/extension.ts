import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { compareEnvironmentsCommand } from './commands/compareEnvironments';
import { convertProjectCommand } from './commands/convertProject';
import { newProcessFileCommand } from './commands/newProcessFile';
import { previewProcessCommand } from './commands/previewProcess';
import { createLanguageClient } from './languageClient';
import { syncServerStepTemplates } from './connections/serverStepTemplates';
import { registerOctopusFeatures, type StepwiseApi } from './octopusFeatures';
import { PREVIEW_SCHEME, PreviewDocumentProvider } from './preview/previewDocuments';
import { openWalkthroughOnStart } from './walkthrough/openWalkthrough';
import { registerViews } from './webviews/registerViews';
import { trackProcessFilePresence } from './workspace/processFilePresence';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): StepwiseApi {
  const outputChannel = vscode.window.createOutputChannel('Stepwise', { log: true });
  client = createLanguageClient(context, outputChannel);
  const languageClient = client;
  const previews = new PreviewDocumentProvider(languageClient);
  context.subscriptions.push(
    outputChannel,
    previews,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.commands.registerCommand('stepwise.restartServer', async () => {
      await languageClient.restart();
      vscode.window.setStatusBarMessage('$(check) Stepwise language server restarted', 3000);
    }),
    vscode.commands.registerCommand('stepwise.showOutput', () => outputChannel.show(true)),
    // From a menu the arguments after the URI are VS Code's, not environments: the Explorer
    // passes the selected URIs, the editor title the editor group. Only strings are names.
    vscode.commands.registerCommand(
      'stepwise.previewProcess',
      (uri?: unknown, environment?: unknown, tenant?: unknown, runbook?: unknown) =>
        previewProcessCommand(languageClient, uriOf(uri), textOf(environment), tenantOf(tenant), textOf(runbook)),
    ),
    vscode.commands.registerCommand('stepwise.compareEnvironments', (uri?: unknown, left?: unknown, right?: unknown) =>
      compareEnvironmentsCommand(languageClient, uriOf(uri), textOf(left), textOf(right)),
    ),
    vscode.commands.registerCommand('stepwise.newProcessFile', (uri?: unknown) => newProcessFileCommand(uriOf(uri))),
    vscode.commands.registerCommand('stepwise.convertToOcl', (uri?: unknown) =>
      convertProjectCommand(languageClient, 'ocl', uriOf(uri)),
    ),
    vscode.commands.registerCommand('stepwise.convertToYaml', (uri?: unknown) =>
      convertProjectCommand(languageClient, 'yaml', uriOf(uri)),
    ),
    // Drives the Stepwise view's "no process file" welcome; looks in the background.
    trackProcessFilePresence(outputChannel),
  );
  const api = registerOctopusFeatures(context, languageClient, outputChannel);
  registerViews(context, languageClient, api.services);
  openWalkthroughOnStart(context);
  // Not awaited: activation returns at once, and the server starts alongside (requests made
  // before it is up wait for it). The client reports a failed start in its own output.
  languageClient
    .start()
    .then(() => syncServerStepTemplates(api.services.connections, languageClient, outputChannel))
    .catch((error: unknown) =>
      outputChannel.error(`The Stepwise language server did not start: ${(error as Error)?.message ?? error}`),
    );
  return api;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function uriOf(arg: unknown): vscode.Uri | undefined {
  return arg instanceof vscode.Uri ? arg : undefined;
}

/** A CodeLens's tenant: its name, or `ASK_FOR_TENANT` when the lens stands for several tenants. */
function tenantOf(arg: unknown): string | { askForTenant: true } | undefined {
  if (typeof arg === 'object' && arg !== null && (arg as { askForTenant?: unknown }).askForTenant === true)
    return { askForTenant: true };
  return textOf(arg);
}

function textOf(arg: unknown): string | undefined {
  return typeof arg === 'string' && arg ? arg : undefined;
}
