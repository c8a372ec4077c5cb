import * as vscode from 'vscode';
import { oclProjectFolderOf, oclProjectName } from '@stepwise/core/ocl/projectFolder';

/** `project: Hello World` at the top level of a process file (quotes allowed). */
const PROJECT_LINE = /^project:[ \t]*(?:"([^"]*)"|'([^']*)'|([^#\r\n]*?))[ \t]*(?:#.*)?$/m;

export function projectNameOf(text: string): string | undefined {
  const match = PROJECT_LINE.exec(text);
  const name = (match?.[1] ?? match?.[2] ?? match?.[3])?.trim();
  return name || undefined;
}

/** The project a file deploys: a process file's `project:`, an `.ocl` file's folder (`.octopus/<project>`, or the repository). */
export function projectNameOfFile(uri: vscode.Uri, text: string): string | undefined {
  return uri.path.endsWith('.ocl') ? oclProjectName(oclProjectFolderOf(uri.fsPath)) : projectNameOf(text);
}

/** Whether an editor document is one Stepwise can push and deploy: a process file or an OCL file. */
export function isDeployableDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'stepwise-process' || document.languageId === 'stepwise-ocl';
}

/**
 * The process file a command without an argument acts on: the active editor's; or, when the
 * active editor is not a text editor (a walkthrough, a webview), the one process file shown
 * beside it, so the walkthrough's buttons act on the file it opened.
 */
export function currentProcessDocument(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active) return isDeployableDocument(active) ? active : undefined;
  const shown = [...new Set(vscode.window.visibleTextEditors.map((e) => e.document).filter(isDeployableDocument))];
  return shown.length === 1 ? shown[0] : undefined;
}

/**
 * The workspace's process files by the project they name, so the tree can open "the file of
 * this project" and commands can tell which project a file deploys.
 */
export class ProcessFileIndex implements vscode.Disposable {
  private files: Promise<Map<string, vscode.Uri>> | undefined;
  private readonly watchers = [
    vscode.workspace.createFileSystemWatcher('**/*.process.{yaml,yml}'),
    vscode.workspace.createFileSystemWatcher('**/.octopus/**/deployment_process.ocl'),
  ];

  constructor() {
    const reset = () => (this.files = undefined);
    for (const watcher of this.watchers) {
      watcher.onDidCreate(reset);
      watcher.onDidDelete(reset);
      watcher.onDidChange(reset);
    }
  }

  dispose(): void {
    for (const watcher of this.watchers) watcher.dispose();
  }

  /** The process file whose `project:` is this name (case-insensitive), if the workspace has one. */
  async fileOf(projectName: string): Promise<vscode.Uri | undefined> {
    return (await this.all()).get(projectName.toLowerCase());
  }

  async all(): Promise<Map<string, vscode.Uri>> {
    this.files ??= (async () => {
      const map = new Map<string, vscode.Uri>();
      const uris = await vscode.workspace.findFiles('**/*.process.{yaml,yml}', '**/node_modules/**', 500);
      // An OCL project is its folder; its deployment process file stands for it.
      const ocl = await vscode.workspace.findFiles('**/.octopus/**/deployment_process.ocl', '**/node_modules/**', 500);
      for (const uri of [...uris, ...ocl].sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
        try {
          const name = uri.path.endsWith('.ocl')
            ? projectNameOfFile(uri, '')
            : projectNameOf(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
          if (name && !map.has(name.toLowerCase())) map.set(name.toLowerCase(), uri);
        } catch {
          // unreadable: not a project we can open
        }
      }
      return map;
    })();
    return this.files;
  }
}
