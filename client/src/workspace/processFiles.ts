import * as vscode from 'vscode';

/** `project: Hello World` at the top level of a process file (quotes allowed). */
const PROJECT_LINE = /^project:[ \t]*(?:"([^"]*)"|'([^']*)'|([^#\r\n]*?))[ \t]*(?:#.*)?$/m;

export function projectNameOf(text: string): string | undefined {
  const match = PROJECT_LINE.exec(text);
  const name = (match?.[1] ?? match?.[2] ?? match?.[3])?.trim();
  return name || undefined;
}

/**
 * The workspace's process files by the project they name, so the tree can open "the file of
 * this project" and commands can tell which project a file deploys.
 */
export class ProcessFileIndex implements vscode.Disposable {
  private files: Promise<Map<string, vscode.Uri>> | undefined;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*.process.{yaml,yml}');

  constructor() {
    const reset = () => (this.files = undefined);
    this.watcher.onDidCreate(reset);
    this.watcher.onDidDelete(reset);
    this.watcher.onDidChange(reset);
  }

  dispose(): void {
    this.watcher.dispose();
  }

  /** The process file whose `project:` is this name (case-insensitive), if the workspace has one. */
  async fileOf(projectName: string): Promise<vscode.Uri | undefined> {
    return (await this.all()).get(projectName.toLowerCase());
  }

  async all(): Promise<Map<string, vscode.Uri>> {
    this.files ??= (async () => {
      const map = new Map<string, vscode.Uri>();
      const uris = await vscode.workspace.findFiles('**/*.process.{yaml,yml}', '**/node_modules/**', 500);
      for (const uri of uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
        try {
          const name = projectNameOf(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
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
