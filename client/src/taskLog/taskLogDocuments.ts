import * as vscode from 'vscode';
import type { Connection, Connections } from '../connections/connections';
import { OctopusError } from '@stepwise/core/octopus/errors';
import { renderTaskLog, type RenderedTaskLog } from './renderTaskLog';

export const TASK_LOG_SCHEME = 'stepwise-task';
/** How often an open log of a task that is still going is read again. */
const LIVE_REFRESH_MS = 1500;

interface TaskLogTarget {
  connectionId: string;
  taskId: string;
}

/** `stepwise-task:/Deploy Hello World 0.0.2 to Test (ServerTasks-3).log?connection=…&task=…` */
export function taskLogUri(connection: Connection, taskId: string, title: string): vscode.Uri {
  const query = new URLSearchParams({ connection: connection.id, task: taskId });
  const label = `${title} (${taskId}).log`.replace(/[\\/]/g, '-');
  return vscode.Uri.from({ scheme: TASK_LOG_SCHEME, path: `/${label}`, query: query.toString() });
}

function parse(uri: vscode.Uri): TaskLogTarget {
  const query = new URLSearchParams(uri.query);
  return { connectionId: query.get('connection') ?? '', taskId: query.get('task') ?? '' };
}

/**
 * Task logs as read-only documents that grow while the task runs: the provider re-reads an
 * open log every 1.5 s until its task completes, keeps editors that were at the end scrolled to
 * the end, and folds the log by step and target.
 */
export class TaskLogDocumentProvider
  implements vscode.TextDocumentContentProvider, vscode.FoldingRangeProvider, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly rendered = new Map<string, { log: RenderedTaskLog; complete: boolean }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly connections: Connections,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== TASK_LOG_SCHEME) return;
        const key = d.uri.toString();
        clearTimeout(this.timers.get(key));
        this.timers.delete(key);
        this.rendered.delete(key);
      }),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  /** Opens (or shows again) the log of a task. */
  async show(connection: Connection, taskId: string, title: string): Promise<vscode.TextEditor> {
    const uri = taskLogUri(connection, taskId, title);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    this.scrollToEnd(editor);
    return editor;
  }

  /** The rendered text of an open log, as the document shows it (for tests and commands). */
  textOf(uri: vscode.Uri): string | undefined {
    return this.rendered.get(uri.toString())?.log.text;
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const key = uri.toString();
    const { connectionId, taskId } = parse(uri);
    try {
      const connection = await this.connections.get(connectionId);
      if (!connection) return this.fail(key, `The server of this log (${connectionId}) is no longer configured.`, true);
      const client = await this.connections.client(connection, token);
      const details = await client.taskDetails(taskId, { verbose: true }, { token });
      const log = renderTaskLog(details);
      const complete = details.Task.IsCompleted;
      this.rendered.set(key, { log, complete });
      if (!complete) this.schedule(uri);
      return log.text;
    } catch (error) {
      if (error instanceof OctopusError && error.kind === 'cancelled') return this.rendered.get(key)?.log.text ?? '';
      const reason = (error as Error).message ?? String(error);
      this.log.warn(`Task log ${taskId}: ${reason}`);
      const kept = this.rendered.get(key);
      // A log that was showing keeps its text, with the problem at the end, and tries again.
      const permanent =
        error instanceof OctopusError &&
        (error.kind === 'not-found' || error.kind === 'unauthorized' || error.kind === 'forbidden');
      if (kept) {
        if (!permanent) this.schedule(uri, LIVE_REFRESH_MS * 4);
        return `${kept.log.text}\n(could not read the log just now: ${reason}${permanent ? '' : ' — retrying'})\n`;
      }
      return this.fail(key, `Could not read the log of ${taskId}: ${reason}`, permanent, uri);
    }
  }

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const log = this.rendered.get(document.uri.toString())?.log;
    return (log?.folds ?? [])
      .filter((f) => f.end < document.lineCount)
      .map((f) => new vscode.FoldingRange(f.start, f.end, vscode.FoldingRangeKind.Region));
  }

  private fail(key: string, text: string, permanent: boolean, uri?: vscode.Uri): string {
    if (!permanent && uri) this.schedule(uri, LIVE_REFRESH_MS * 4);
    this.rendered.delete(key);
    return `${text}\n`;
  }

  private schedule(uri: vscode.Uri, ms = LIVE_REFRESH_MS): void {
    const key = uri.toString();
    if (this.timers.has(key)) return;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return;
        const followers = vscode.window.visibleTextEditors.filter(
          (e) => e.document.uri.toString() === key && this.atEnd(e),
        );
        const done = vscode.workspace.onDidChangeTextDocument((e) => {
          if (e.document.uri.toString() !== key) return;
          done.dispose();
          for (const editor of followers) this.scrollToEnd(editor);
        });
        setTimeout(() => done.dispose(), 5000);
        this.changed.fire(uri);
      }, ms),
    );
  }

  private atEnd(editor: vscode.TextEditor): boolean {
    const last = editor.visibleRanges.at(-1);
    return !!last && last.end.line >= editor.document.lineCount - 3;
  }

  private scrollToEnd(editor: vscode.TextEditor): void {
    const end = new vscode.Position(Math.max(0, editor.document.lineCount - 1), 0);
    editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.Default);
  }
}
