import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { previewUri } from '../preview/previewDocuments';
import { projectNameOfFile } from '../workspace/processFiles';
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

/** The project a process file names, or an OCL file's project (its `.octopus` folder's). */
export function projectName(document: vscode.TextDocument): string {
  return projectNameOfFile(document.uri, document.getText()) ?? '';
}
