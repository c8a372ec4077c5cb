import * as vscode from 'vscode';
import type { Connection, Connections } from './connections';
import { pickConfigured } from './signIn';

/** Stepwise: Sign Out — forgets a server's API key (the server stays in the list, signed out). */
export async function signOutCommand(
  connections: Connections,
  log: vscode.LogOutputChannel,
  connection?: Connection,
): Promise<boolean> {
  connection ??= await pickConfigured(connections, 'Sign out of which server?');
  if (!connection) return false;
  if (connection.kind === 'local') {
    void vscode.window.showInformationMessage(
      "The local server's key comes from its data folder; there is nothing to forget.",
    );
    return false;
  }
  await connections.forgetKey(connection);
  log.info(`Signed out of ${connection.name}: its API key is forgotten.`);
  void vscode.window
    .showInformationMessage(
      `Signed out of ${connection.name}: its API key is removed from VS Code's secret storage.`,
      'Sign In…',
    )
    .then((c) => c && vscode.commands.executeCommand('stepwise.signIn', connection));
  return true;
}
