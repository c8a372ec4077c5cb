import * as vscode from 'vscode';
import type { Services } from '../services';
import type { StepwiseNode } from '../tree/treeNodes';

/**
 * Open Process File — from the Stepwise view, the workspace's process file of that project; from
 * the palette or the walkthrough, the workspace's process file (one picked when there are several).
 */
export async function openProcessFileCommand(
  services: Services,
  node?: StepwiseNode,
): Promise<vscode.TextEditor | undefined> {
  if (!node || !('project' in node)) return openWorkspaceProcessFile(services);
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

async function openWorkspaceProcessFile(services: Services): Promise<vscode.TextEditor | undefined> {
  const byProject = await services.processFiles.all();
  const files = [...byProject.entries()].sort(([a], [b]) => a.localeCompare(b));
  if (!files.length) {
    void vscode.window.showInformationMessage(
      'This workspace has no process file yet: "Stepwise: New Process File…" creates one.',
    );
    return undefined;
  }
  let file = files[0][1];
  if (files.length > 1) {
    const picked = await vscode.window.showQuickPick(
      files.map(([project, uri]) => ({ label: project, description: vscode.workspace.asRelativePath(uri), uri })),
      { placeHolder: 'Open the process file of which project?' },
    );
    if (!picked) return undefined;
    file = picked.uri;
  }
  // From a walkthrough or another view that is not a text editor: open beside it, so it stays in view.
  const besideAView = !!vscode.window.tabGroups.activeTabGroup.activeTab && !vscode.window.activeTextEditor;
  return vscode.window.showTextDocument(file, besideAView ? { viewColumn: vscode.ViewColumn.Beside } : {});
}
