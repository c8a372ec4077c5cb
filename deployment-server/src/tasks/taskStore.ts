import type { Store } from '../db/store';
import type { TaskState } from '../resources/types';

/** A server task as stored: the columns the queue and the API filter on. */
export interface TaskRow {
  id: string;
  seq: number;
  space_id: string;
  name: string;
  description: string;
  state: TaskState;
  concurrency_tag: string;
  queue_time: string;
  start_time: string | null;
  completed_time: string | null;
  last_updated: string;
  error_message: string | null;
  has_warnings_or_errors: number;
  project_id: string | null;
  environment_id: string | null;
  deployment_id: string | null;
  arguments: string;
  work_folder: string | null;
  progress: number;
  /** Pending interruptions (a subquery, not a column). */
  pending: number;
}

export const TASK_COLUMNS = `t.*, (SELECT COUNT(*) FROM interruptions i WHERE i.task_id = t.id AND i.is_pending = 1) AS pending`;

export interface NewTask {
  spaceId: string;
  name: string;
  description: string;
  concurrencyTag: string;
  projectId: string | null;
  environmentId: string | null;
  deploymentId: string | null;
  arguments: Record<string, unknown>;
  /** When it may start (Octopus's QueueTime, from `RunAt`); default now. */
  queueTime?: string;
}

export function insertTask(store: Store, task: NewTask & { id: string; seq: number }): void {
  const now = new Date().toISOString();
  store.run(
    `INSERT INTO tasks (id, seq, space_id, name, description, state, concurrency_tag, queue_time, last_updated, project_id, environment_id, deployment_id, arguments)
     VALUES (?, ?, ?, ?, ?, 'Queued', ?, ?, ?, ?, ?, ?, ?)`,
    task.id,
    task.seq,
    task.spaceId,
    task.name,
    task.description,
    task.concurrencyTag,
    task.queueTime ?? now,
    now,
    task.projectId,
    task.environmentId,
    task.deploymentId,
    JSON.stringify(task.arguments),
  );
}

export function getTask(store: Store, id: string): TaskRow | undefined {
  return store.row<TaskRow>(`SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.id = ?`, id);
}

export function setTaskState(
  store: Store,
  id: string,
  state: TaskState,
  fields: { errorMessage?: string | null; hasWarnings?: boolean; start?: boolean; workFolder?: string } = {},
): void {
  const now = new Date().toISOString();
  const completed = state === 'Success' || state === 'Failed' || state === 'Canceled' || state === 'TimedOut';
  store.run(
    `UPDATE tasks SET state = ?, last_updated = ?,
       start_time = CASE WHEN ? THEN COALESCE(start_time, ?) ELSE start_time END,
       completed_time = CASE WHEN ? THEN ? ELSE completed_time END,
       error_message = COALESCE(?, error_message),
       has_warnings_or_errors = MAX(has_warnings_or_errors, ?),
       work_folder = COALESCE(?, work_folder),
       progress = CASE WHEN ? THEN 100 ELSE progress END
     WHERE id = ?`,
    state,
    now,
    fields.start ? 1 : 0,
    now,
    completed ? 1 : 0,
    now,
    fields.errorMessage ?? null,
    fields.hasWarnings ? 1 : 0,
    fields.workFolder ?? null,
    completed ? 1 : 0,
    id,
  );
}
