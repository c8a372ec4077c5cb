import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { compareEnvironmentsCommand } from './commands/compareEnvironments';
import { previewProcessCommand } from './commands/previewProcess';
import { createLanguageClient } from './languageClient';
import { registerOctopusFeatures, type StepwiseApi } from './octopusFeatures';
import { PREVIEW_SCHEME, PreviewDocumentProvider } from './preview/previewDocuments';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<StepwiseApi> {
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
    vscode.commands.registerCommand('stepwise.previewProcess', (uri?: vscode.Uri, environment?: string) => previewProcessCommand(languageClient, uri, environment)),
    vscode.commands.registerCommand('stepwise.compareEnvironments', (uri?: vscode.Uri, left?: string, right?: string) =>
      compareEnvironmentsCommand(languageClient, uri, left, right),
    ),
  );
  const api = registerOctopusFeatures(context, languageClient, outputChannel);
  await languageClient.start();
  return api;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
