import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { previewUri } from '../preview/previewDocuments';
import { activeProcessFile, deploymentOptions, pickEnvironment } from './pickDeployment';

/** "Stepwise: Preview Process for Environment…" — opens the preview beside the editor. */
export async function previewProcessCommand(
  client: LanguageClient,
  uri?: vscode.Uri,
  environment?: string,
): Promise<vscode.TextEditor | undefined> {
  const document = await activeProcessFile(uri);
  if (!document) return undefined;
  if (!environment) {
    const options = await deploymentOptions(client, document);
    if (!options) return undefined;
    environment = await pickEnvironment(options, 'Preview the deployment to which environment?');
    if (!environment) return undefined;
  }
  const preview = await vscode.workspace.openTextDocument(
    previewUri({ source: document.uri, environment }, projectName(document)),
  );
  return vscode.window.showTextDocument(preview, {
    viewColumn: vscode.ViewColumn.Beside,
    preserveFocus: true,
    preview: false,
  });
}

export function projectName(document: vscode.TextDocument): string {
  return /^project:\s*(.+?)\s*$/m.exec(document.getText())?.[1]?.replace(/^["']|["']$/g, '') ?? '';
}
