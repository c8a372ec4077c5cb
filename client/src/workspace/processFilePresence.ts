import * as vscode from 'vscode';

/** The context key behind the Stepwise view's "no process file in this folder" welcome. */
export const NO_PROCESS_FILE_KEY = 'stepwise.noProcessFile';
const GLOB = '**/*.process.{yaml,yml}';

/**
 * Keeps `stepwise.noProcessFile` true while the workspace has no process file. Looks once after
 * activation (one file at most, not awaited) and again when a watched file is created or deleted.
 */
export function trackProcessFilePresence(log: vscode.LogOutputChannel): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(GLOB, false, true, false);
  let generation = 0;
  const set = (none: boolean) => void vscode.commands.executeCommand('setContext', NO_PROCESS_FILE_KEY, none);
  const look = () => {
    const mine = ++generation;
    vscode.workspace.findFiles(GLOB, '**/node_modules/**', 1).then(
      (found) => mine === generation && set(found.length === 0),
      (error: unknown) => log.warn(`Could not look for process files: ${(error as Error)?.message ?? error}`),
    );
  };
  const subscriptions = [
    watcher,
    watcher.onDidCreate((uri) => {
      if (uri.path.includes('/node_modules/')) return;
      generation++; // a look still running must not undo this
      set(false);
    }),
    watcher.onDidDelete(look),
    vscode.workspace.onDidChangeWorkspaceFolders(look),
  ];
  look();
  return vscode.Disposable.from(...subscriptions);
}
