import * as vscode from 'vscode';
import { OctopusError } from '@stepwise/core/octopus/errors';
import type { Connection } from './connections';

export interface ErrorContext {
  /** What was being done, as the start of a sentence: "Could not deploy Hello World 0.0.2 to Test". */
  doing: string;
  connection?: Connection;
  /** Offered as "Retry". */
  retry?: () => unknown;
  /** Further fixes, first shown first: e.g. "Deploy to Environment…" after a lifecycle refusal. */
  actions?: { title: string; run: () => unknown }[];
}

/**
 * Shows a failure as one sentence with the actions that fix it — a wrong URL, a wrong key, a
 * server that is down, a refusal, a timeout — and writes the details to the Stepwise log.
 * Cancellations are not failures and show nothing. Resolves once the message is shown, not
 * when it is answered, so no command waits on a notification.
 */
export function reportError(log: vscode.LogOutputChannel, error: unknown, ctx: ErrorContext): void {
  if (error instanceof OctopusError && error.kind === 'cancelled') return;
  const octopus = error instanceof OctopusError ? error : undefined;
  const reason = octopus?.message ?? (error instanceof Error ? error.message : String(error));
  log.error(
    `${ctx.doing}: ${reason}${octopus?.details.status ? ` (HTTP ${octopus.details.status} from ${octopus.details.method} ${octopus.details.url})` : ''}`,
  );
  if (octopus?.details.fullException) log.error(octopus.details.fullException);
  if (!octopus && error instanceof Error && error.stack) log.debug(error.stack);

  const actions: { title: string; run: () => unknown }[] = [...(ctx.actions ?? [])];
  const c = ctx.connection;
  const local = c?.kind === 'local';
  const retry = ctx.retry && { title: 'Retry', run: ctx.retry };
  switch (octopus?.kind) {
    case 'unreachable':
    case 'timeout':
      if (retry) actions.push(retry);
      if (c && !local)
        actions.push({
          title: 'Edit Server…',
          run: () => vscode.commands.executeCommand('stepwise.addServer', { replace: c }),
        });
      if (local) actions.push({ title: 'How to Start It', run: () => showLocalServerHelp() });
      break;
    case 'unauthorized':
    case 'forbidden':
      if (c && !local)
        actions.push({ title: 'Sign In…', run: () => vscode.commands.executeCommand('stepwise.signIn', c) });
      break;
    case 'not-octopus':
      if (c && !local)
        actions.push({
          title: 'Edit Server…',
          run: () => vscode.commands.executeCommand('stepwise.addServer', { replace: c }),
        });
      break;
    case 'not-found':
      actions.push({ title: 'Refresh', run: () => vscode.commands.executeCommand('stepwise.refresh') });
      break;
    case 'server-error':
      if (retry) actions.push(retry);
      break;
    default:
      break;
  }
  actions.push({ title: 'Show Log', run: () => log.show(true) });
  const where =
    c &&
    octopus &&
    ['unreachable', 'timeout', 'unauthorized', 'forbidden'].includes(octopus.kind) &&
    !reason.includes(c.url)
      ? ` (${c.name}, ${c.url})`
      : '';
  // A key the server refused (401): our one sentence, not Octopus's text (that is in the log above).
  const refusedKey = octopus?.kind === 'unauthorized' && octopus.status === 401;
  const message = refusedKey
    ? `${ctx.doing}: ${c ? `${c.name} (${c.url})` : 'the server'} did not accept ${local ? 'the key in its data folder' : 'the API key'}.`
    : `${ctx.doing}: ${reason}${where}`;
  void vscode.window
    .showErrorMessage(message, ...actions.slice(0, 3).map((a) => a.title))
    .then((chosen) => actions.find((a) => a.title === chosen)?.run());
}

/** How to start the local deployment server, with the command to copy. */
export function showLocalServerHelp(): void {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '.';
  const command = `npx stepwise server --workspace "${folder}"`;
  void vscode.window
    .showInformationMessage(
      `The local Stepwise server is not running. Start it in a terminal with: ${command} — it imports the process and space files of the folder and listens on 127.0.0.1:8065.`,
      'Copy Command',
      'Run in Terminal',
    )
    .then((chosen) => {
      if (chosen === 'Copy Command') void vscode.env.clipboard.writeText(command);
      if (chosen === 'Run in Terminal') {
        const terminal = vscode.window.createTerminal({ name: 'Stepwise server', cwd: folder });
        terminal.show();
        terminal.sendText(command);
      }
    });
}
