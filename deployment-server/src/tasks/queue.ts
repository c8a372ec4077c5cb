import type { Store } from '../db/store';
import type { TaskState } from '../resources/types';
import { getTask, setTaskState, type TaskRow } from './taskStore';

export interface TaskOutcome {
  state: Extract<TaskState, 'Success' | 'Failed' | 'Canceled'>;
  errorMessage?: string;
  hasWarnings?: boolean;
}

/** Runs one task to its end; the signal aborts it (cancel or shutdown, see `signal.reason`). */
export type TaskRunner = (task: TaskRow, signal: AbortSignal, queue: TaskQueue) => Promise<TaskOutcome>;

interface Running {
  controller: AbortController;
  tag: string;
  done: Promise<void>;
  /** Waiting on a person (manual intervention): does not count against the task cap. */
  waiting: boolean;
}

/** What the queue decides by, of a queued task. */
interface QueuedTask {
  id: string;
  concurrency_tag: string;
  queue_time: string;
  no_run_after: string | null;
}

export const CANCEL = 'cancel';
export const SHUTDOWN = 'shutdown';

/**
 * The persisted task queue. Tasks run in the order they were queued, at most `cap` at once, and
 * — as in Octopus — one at a time per concurrency tag (a project and environment), so later
 * deployments to the same place wait for earlier ones. State lives in the database; this object
 * only holds what is running in this process.
 */
export class TaskQueue {
  private readonly running = new Map<string, Running>();
  private scheduled = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly runner: TaskRunner,
    private readonly cap: number,
    private readonly onFinished: (task: TaskRow, outcome: TaskOutcome) => void = () => {},
  ) {}

  /** Looks for tasks to start, soon (many calls in one tick cost one look). */
  pump(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startEligible();
    });
  }

  get activeCount(): number {
    return [...this.running.values()].filter((r) => !r.waiting).length;
  }

  setWaiting(taskId: string, waiting: boolean): void {
    const running = this.running.get(taskId);
    if (running) running.waiting = waiting;
    if (waiting) this.pump();
  }

  private startEligible(): void {
    if (this.closed) return;
    const now = Date.now();
    const busy = new Set([...this.running.values()].map((r) => r.tag));
    let nextWake = Infinity;
    // Runs after every change to the queue, over every queued task: only the columns it decides
    // by (the task that starts is read in full).
    const queued = this.store.rows<QueuedTask>(
      `SELECT id, concurrency_tag, queue_time, json_extract(arguments, '$._noRunAfter') AS no_run_after
       FROM tasks WHERE state = 'Queued' ORDER BY seq`,
    );
    for (const task of queued) {
      const notBefore = Date.parse(task.queue_time);
      if (task.no_run_after && Date.parse(task.no_run_after) < now) {
        setTaskState(this.store, task.id, 'TimedOut', {
          errorMessage: `The task was not started before ${task.no_run_after} (NoRunAfter), so it will not run.`,
        });
        continue;
      }
      if (notBefore > now) {
        nextWake = Math.min(nextWake, notBefore);
        continue;
      }
      if (busy.has(task.concurrency_tag)) continue;
      if (this.activeCount >= this.cap) break;
      busy.add(task.concurrency_tag);
      this.start(task);
    }
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer =
      nextWake < Infinity ? setTimeout(() => this.pump(), Math.min(nextWake - now + 5, 2 ** 31 - 1)) : null;
  }

  private start(queued: QueuedTask): void {
    setTaskState(this.store, queued.id, 'Executing', { start: true });
    const task = getTask(this.store, queued.id);
    if (!task) return; // deleted meanwhile: nothing to run
    const controller = new AbortController();
    const entry: Running = { controller, tag: task.concurrency_tag, waiting: false, done: Promise.resolve() };
    this.running.set(task.id, entry);
    entry.done = this.runner(task, controller.signal, this)
      .catch((error: unknown): TaskOutcome => ({
        state: 'Failed',
        errorMessage: `The Stepwise server failed while running this task: ${(error as Error).message}`,
      }))
      .then((outcome) => {
        this.running.delete(task.id);
        if (controller.signal.aborted && controller.signal.reason === SHUTDOWN) return;
        setTaskState(this.store, task.id, outcome.state, {
          errorMessage: outcome.errorMessage ?? null,
          hasWarnings: outcome.hasWarnings,
        });
        try {
          this.onFinished(getTask(this.store, task.id) ?? task, outcome);
        } finally {
          this.pump();
        }
      });
  }

  /**
   * Cancels a task: a queued one at once, a running one by aborting it (it is `Cancelling` until
   * its scripts have stopped). Returns false when the task has already finished.
   */
  cancel(taskId: string): boolean {
    const task = getTask(this.store, taskId);
    if (!task) return false;
    if (task.state === 'Queued') {
      setTaskState(this.store, taskId, 'Canceled', { errorMessage: 'The task was canceled before it started.' });
      this.pump();
      return true;
    }
    const running = this.running.get(taskId);
    if (task.state === 'Executing' && running) {
      setTaskState(this.store, taskId, 'Cancelling');
      running.controller.abort(CANCEL);
      return true;
    }
    return task.state === 'Cancelling';
  }

  isRunning(taskId: string): boolean {
    return this.running.has(taskId);
  }

  /** Stops starting tasks and aborts the running ones; resolves when they have stopped. */
  async close(): Promise<string[]> {
    this.closed = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    const ids = [...this.running.keys()];
    const done = [...this.running.values()].map((r) => r.done);
    for (const r of this.running.values()) r.controller.abort(SHUTDOWN);
    await Promise.all(done);
    return ids;
  }
}
