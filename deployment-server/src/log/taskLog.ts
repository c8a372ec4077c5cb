import type { Store } from '../db/store';
import type { Masker } from './masker';

/** Octopus's activity statuses and log categories (ServerTaskDetails, docs/reference/octopus-api-contract.md §2.9). */
import type { ActivityStatus } from '@stepwise/core/octopus/apiResources';

export type { ActivityStatus };
export type LogCategory =
  | 'Trace'
  | 'Verbose'
  | 'Info'
  | 'Highlight'
  | 'Wait'
  | 'Gap'
  | 'Alert'
  | 'Warning'
  | 'Error'
  | 'Fatal'
  | 'Planned'
  | 'Updated'
  | 'Finished'
  | 'Abandoned';

type PendingWrite =
  | {
      kind: 'activity';
      taskId: string;
      id: string;
      parentId: string | null;
      seq: number;
      name: string;
      status: ActivityStatus;
      started: string | null;
    }
  | { kind: 'status'; taskId: string; id: string; status: ActivityStatus; started?: string; ended?: string }
  | { kind: 'progress'; taskId: string; percentage: number; at: string }
  | {
      kind: 'line';
      taskId: string;
      activityId: string;
      category: LogCategory;
      at: string;
      message: string;
      detail: string | null;
    };

/**
 * Buffers task log writes (and a task's progress) and commits them in one transaction every few
 * milliseconds, so a chatty script costs one commit per batch rather than per line, and a step
 * finishing no commit of its own. Readers of the log and the progress flush first, so the API
 * never shows less than what was written.
 */
export class TaskLogs {
  private pending: PendingWrite[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly flushMs = 50,
  ) {}

  open(taskId: string, masker: Masker): TaskLog {
    const nextSeq =
      (this.store.value<number>('SELECT COALESCE(MAX(seq), 0) FROM activities WHERE task_id = ?', taskId) ?? 0) + 1;
    return new TaskLog(this, taskId, masker, nextSeq);
  }

  /** The task's progress (percent of its steps done), written with the next batch. */
  progress(taskId: string, percentage: number): void {
    this.write({ kind: 'progress', taskId, percentage: Math.round(percentage), at: new Date().toISOString() });
  }

  write(entry: PendingWrite): void {
    this.pending.push(entry);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    const { store } = this;
    store.transaction(() => {
      for (const w of batch) {
        if (w.kind === 'line') {
          store.run(
            'INSERT INTO log_lines (task_id, activity_id, category, occurred_at, message, detail) VALUES (?, ?, ?, ?, ?, ?)',
            w.taskId,
            w.activityId,
            w.category,
            w.at,
            w.message,
            w.detail,
          );
        } else if (w.kind === 'activity') {
          store.run(
            'INSERT INTO activities (task_id, id, parent_id, seq, name, status, started) VALUES (?, ?, ?, ?, ?, ?, ?)',
            w.taskId,
            w.id,
            w.parentId,
            w.seq,
            w.name,
            w.status,
            w.started,
          );
        } else if (w.kind === 'progress') {
          store.run('UPDATE tasks SET progress = ?, last_updated = ? WHERE id = ?', w.percentage, w.at, w.taskId);
        } else {
          store.run(
            'UPDATE activities SET status = ?, started = COALESCE(started, ?), ended = COALESCE(?, ended) WHERE task_id = ? AND id = ?',
            w.status,
            w.started ?? null,
            w.ended ?? null,
            w.taskId,
            w.id,
          );
        }
      }
    });
  }
}

/** One task's log: an activity tree (task → step → action → target) with masked output lines. */
export class TaskLog {
  private seq: number;
  hasWarningsOrErrors = false;

  constructor(
    readonly logs: TaskLogs,
    readonly taskId: string,
    readonly masker: Masker,
    firstSeq: number,
  ) {
    this.seq = firstSeq;
  }

  /** The root activity (the task itself), or a new top-level one after a restart. */
  root(name: string): Activity {
    return this.create(null, name, 'Running');
  }

  create(parent: Activity | null, name: string, status: ActivityStatus = 'Pending'): Activity {
    const seq = this.seq++;
    const id = `${this.taskId}_${String(seq).padStart(5, '0')}`;
    const started = status === 'Running' ? new Date().toISOString() : null;
    this.logs.write({
      kind: 'activity',
      taskId: this.taskId,
      id,
      parentId: parent?.id ?? null,
      seq,
      name: this.masker.mask(name),
      status,
      started,
    });
    return new Activity(this, id, name, status);
  }
}

export class Activity {
  constructor(
    readonly log: TaskLog,
    readonly id: string,
    readonly name: string,
    public status: ActivityStatus,
  ) {}

  child(name: string, status: ActivityStatus = 'Pending'): Activity {
    return this.log.create(this, name, status);
  }

  start(): this {
    this.setStatus('Running', { started: new Date().toISOString() });
    return this;
  }

  /** Ends the activity; a successful one that logged warnings or errors ends as SuccessWithWarning. */
  finish(status: Exclude<ActivityStatus, 'Pending' | 'Running'>): void {
    const now = new Date().toISOString();
    const final = status === 'Success' && this.warned ? 'SuccessWithWarning' : status;
    this.setStatus(final, { started: now, ended: now });
  }

  private warned = false;

  private setStatus(status: ActivityStatus, times: { started?: string; ended?: string }): void {
    this.status = status;
    this.log.logs.write({ kind: 'status', taskId: this.log.taskId, id: this.id, status, ...times });
  }

  write(category: LogCategory, message: string, detail?: string): void {
    if (category === 'Warning' || category === 'Error' || category === 'Fatal') {
      this.warned = true;
      this.log.hasWarningsOrErrors = true;
    }
    const { masker } = this.log;
    this.log.logs.write({
      kind: 'line',
      taskId: this.log.taskId,
      activityId: this.id,
      category,
      at: new Date().toISOString(),
      message: masker.mask(message),
      detail: detail === undefined ? null : masker.mask(detail),
    });
  }

  info(message: string): void {
    this.write('Info', message);
  }
  verbose(message: string): void {
    this.write('Verbose', message);
  }
  highlight(message: string): void {
    this.write('Highlight', message);
  }
  warn(message: string): void {
    this.write('Warning', message);
  }
  error(message: string, detail?: string): void {
    this.write('Error', message, detail);
  }
}
