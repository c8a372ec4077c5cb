import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ServerStepTemplatesNotification } from '@stepwise/server/requestTypes';
import type { Connections } from './connections';

/**
 * Hands the language server the step templates of the server the extension works with, so
 * processes that use them are checked, completed and previewed as on that server. With no server
 * (or one that cannot be reached) it hands over none, and the space file's templates stay.
 */
export async function syncServerStepTemplates(
  connections: Connections,
  languageClient: LanguageClient,
  log: vscode.LogOutputChannel,
): Promise<void> {
  // Before the language server is up, the start hands them over.
  if (!languageClient.isRunning()) return;
  let templates: unknown[] = [];
  let origin: string | undefined;
  try {
    const connection = await connections.current({ pick: false });
    if (connection) {
      templates = await (await connections.client(connection)).actionTemplates();
      origin = connection.url;
    }
  } catch (error) {
    log.info(`Step templates of the server are not available: ${(error as Error).message}`);
  }
  await languageClient.sendNotification(ServerStepTemplatesNotification, { origin, templates });
}
