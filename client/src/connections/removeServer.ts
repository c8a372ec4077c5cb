import * as vscode from 'vscode';
import type { Connection, Connections } from './connections';
import { pickConfigured } from './signIn';

/** Stepwise: Remove Server — takes a server out of `stepwise.servers` and forgets its key. */
export async function removeServerCommand(
  connections: Connections,
  log: vscode.LogOutputChannel,
  connection?: Connection,
  options: { confirm?: boolean } = {},
): Promise<boolean> {
  connection ??= await pickConfigured(connections, 'Remove which server?');
  if (!connection || connection.kind === 'local') return false;
  if (options.confirm !== false) {
    const answer = await vscode.window.showWarningMessage(
      `Remove ${connection.name} (${connection.url}) from Stepwise?`,
      { modal: true, detail: 'Its API key is forgotten too. Nothing changes on the server.' },
      'Remove',
    );
    if (!answer) return false;
  }
  await connections.remove(connection);
  log.info(`Removed ${connection.name} (${connection.url}).`);
  return true;
}
