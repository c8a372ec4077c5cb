import * as vscode from 'vscode';
import type { Connection, Connections } from './connections';

/** Stepwise: Select Server… — which server the commands use when none is given. */
export async function selectServerCommand(
  connections: Connections,
  connection?: Connection,
): Promise<Connection | undefined> {
  if (connection) {
    await connections.remember(connection);
    return connection;
  }
  if (!(await connections.list()).length) {
    void vscode.window
      .showInformationMessage('No server yet: add one, or start the local deployment server.', 'Add Server…')
      .then((c) => c && vscode.commands.executeCommand('stepwise.addServer'));
    return undefined;
  }
  return connections.pick('Which server should Stepwise commands use?');
}
