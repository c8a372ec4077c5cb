import * as vscode from 'vscode';
import type { Services } from '../services';
import type { StepwiseNode } from '../tree/treeNodes';

/** Open Process File — the workspace's process file of a project in the Stepwise view. */
export async function openProcessFileCommand(
  services: Services,
  node?: StepwiseNode,
): Promise<vscode.TextEditor | undefined> {
  if (!node || !('project' in node)) {
    void vscode.window.showInformationMessage('Pick a project in the Stepwise view to open its process file.');
    return undefined;
  }
  const file =
    (node.kind === 'project' ? node.file : undefined) ?? (await services.processFiles.fileOf(node.project.Name));
  if (!file) {
    void vscode.window.showInformationMessage(
      `No process file in this workspace has \`project: ${node.project.Name}\`.`,
    );
    return undefined;
  }
  return vscode.window.showTextDocument(file);
}
