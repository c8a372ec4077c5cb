import * as vscode from 'vscode';
import { checkConnection } from '../octopus/checkConnection';
import { OctopusError } from '@stepwise/core/octopus/errors';
import type { Connection, Connections } from './connections';

/**
 * Stepwise: Sign In… — a new API key for a configured server (after a 401, or after Sign Out),
 * checked before it is kept.
 */
export async function signInCommand(
  connections: Connections,
  log: vscode.LogOutputChannel,
  connection?: Connection,
  apiKey?: string,
): Promise<boolean> {
  connection ??= await pickConfigured(connections, 'Sign in to which server?');
  if (!connection) return false;
  if (connection.kind === 'local') {
    void vscode.window.showInformationMessage(
      "The local server needs no sign-in: Stepwise reads its key from the server's data folder (api-key).",
    );
    return false;
  }
  for (;;) {
    const key =
      apiKey ??
      (await vscode.window.showInputBox({
        title: `Sign in to ${connection.name}`,
        prompt: `A new API key for ${connection.url}. In Octopus: your profile → My API Keys → New API key.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'The key is needed to talk to the server.'),
      }));
    if (!key) return false;
    try {
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Checking the key with ${connection.name}…`,
          cancellable: true,
        },
        (_, token) =>
          checkConnection(
            { url: connection!.url, apiKey: key.trim(), space: connection!.space, timeoutMs: 15_000 },
            { token },
          ),
      );
    } catch (error) {
      if (error instanceof OctopusError && error.kind === 'cancelled') return false;
      const message = (error as Error).message;
      const said = error instanceof OctopusError ? error.details.serverMessage : undefined;
      log.warn(
        `Sign in to ${connection.name}: ${message}${said && !message.includes(said) ? ` The server said: ${said}` : ''}`,
      );
      if (apiKey) throw error;
      const again = await vscode.window.showErrorMessage(message, 'Enter Key Again');
      if (again) continue;
      return false;
    }
    await connections.storeKey(connection, key.trim());
    log.info(`Signed in to ${connection.name} (${connection.url}).`);
    void vscode.window.showInformationMessage(`Signed in to ${connection.name}.`);
    return true;
  }
}

export async function pickConfigured(connections: Connections, placeHolder: string): Promise<Connection | undefined> {
  const configured = (await connections.list()).filter((c) => c.kind === 'configured');
  if (!configured.length) {
    void vscode.window
      .showInformationMessage('No server is configured: add one with "Stepwise: Add Server…".', 'Add Server…')
      .then((c) => c && vscode.commands.executeCommand('stepwise.addServer'));
    return undefined;
  }
  if (configured.length === 1) return configured[0];
  return (
    await vscode.window.showQuickPick(
      configured.map((c) => ({ label: c.name, description: c.url, connection: c })),
      { placeHolder },
    )
  )?.connection;
}
