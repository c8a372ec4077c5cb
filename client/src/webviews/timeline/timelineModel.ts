/**
 * The deployment timeline's model, from a task's activity tree (`/tasks/{id}/details`):
 * task → steps → actions → targets become bars on one time axis. Plain functions, no vscode.
 */
import type { ActivityElement, ActivityStatus, ServerTaskDetails } from '../../octopus/types';

export type BarState = 'success' | 'warning' | 'failed' | 'running' | 'pending' | 'skipped' | 'canceled';

export interface TimelineBar {
  id: string;
  name: string;
  /** 0 step, 1 action, 2 target (and deeper). */
  depth: number;
  state: BarState;
  /** Milliseconds from the task's start; undefined when it has not started. */
  start?: number;
  /** Milliseconds from the task's start; for a running bar, "now". */
  end?: number;
  /** The last error and warning lines of a failed bar and what it ran. */
  log?: string[];
}

export interface TimelineModel {
  taskId: string;
  title: string;
  state: BarState;
  /** ISO time the axis starts at. */
  startedAt?: string;
  /** Length of the axis, ms. */
  span: number;
  running: boolean;
  bars: TimelineBar[];
  /** Id of the step running now, to scroll to. */
  current?: string;
}

const STATES: Record<ActivityStatus, BarState> = {
  Success: 'success',
  SuccessWithWarning: 'warning',
  Failed: 'failed',
  Running: 'running',
  Pending: 'pending',
  Skipped: 'skipped',
  Canceled: 'canceled',
};

const LOG_LINES = 40;

export function timelineFromDetails(details: ServerTaskDetails, title: string, now: Date = new Date()): TimelineModel {
  const task = details.Task;
  // The activity tree has one root (the task); its children are the steps.
  const roots = details.ActivityLogs;
  const steps = roots.length === 1 ? roots[0].Children : roots;
  const times = (iso?: string | null) => (iso ? Date.parse(iso) : NaN);
  const allStarts = [...walk(roots)].map((a) => times(a.Started)).filter(Number.isFinite);
  const t0 = Number.isFinite(times(task.StartTime))
    ? times(task.StartTime)
    : allStarts.length
      ? Math.min(...allStarts)
      : NaN;
  const running = !task.IsCompleted;
  const nowMs = now.getTime();
  const bars: TimelineBar[] = [];
  let current: string | undefined;
  const add = (a: ActivityElement, depth: number) => {
    const state = STATES[a.Status ?? 'Pending'] ?? 'pending';
    const bar: TimelineBar = { id: a.Id, name: a.Name, depth, state };
    const s = times(a.Started);
    if (Number.isFinite(s) && Number.isFinite(t0)) {
      bar.start = Math.max(0, s - t0);
      const e = times(a.Ended);
      bar.end = Number.isFinite(e)
        ? Math.max(bar.start, e - t0)
        : state === 'running' || running
          ? Math.max(bar.start, nowMs - t0)
          : bar.start;
    }
    if (state === 'failed') bar.log = logOf(a);
    if (depth === 0 && state === 'running') current ??= a.Id;
    bars.push(bar);
    for (const child of a.Children) add(child, depth + 1);
  };
  for (const step of steps) add(step, 0);
  const ends = bars.map((b) => b.end ?? 0);
  const taskEnd = times(task.CompletedTime);
  const span = Math.max(
    1,
    ...ends,
    Number.isFinite(taskEnd) && Number.isFinite(t0) ? taskEnd - t0 : 0,
    running && Number.isFinite(t0) ? nowMs - t0 : 0,
  );
  const model: TimelineModel = { taskId: task.Id, title, state: taskState(task.State), span, running, bars };
  if (Number.isFinite(t0)) model.startedAt = new Date(t0).toISOString();
  if (current) model.current = current;
  return model;
}

export interface StepComparison {
  name: string;
  /** Duration in the first (older) and second (newer) deployment, ms; undefined when the step did not run there. */
  before?: number;
  after?: number;
  /** after − before, when both ran. */
  change?: number;
}

/** Steps of two deployments side by side, the one that got slower most first. */
export function compareTimelines(before: TimelineModel, after: TimelineModel): StepComparison[] {
  const durations = (m: TimelineModel) => {
    const out = new Map<string, number>();
    for (const b of m.bars)
      if (b.depth === 0 && b.start !== undefined && b.end !== undefined && !out.has(b.name))
        out.set(b.name, b.end - b.start);
    return out;
  };
  const a = durations(before);
  const b = durations(after);
  const names = [...new Set([...after.bars, ...before.bars].filter((x) => x.depth === 0).map((x) => x.name))];
  return names
    .map((name): StepComparison => {
      const row: StepComparison = { name };
      if (a.has(name)) row.before = a.get(name);
      if (b.has(name)) row.after = b.get(name);
      if (row.before !== undefined && row.after !== undefined) row.change = row.after - row.before;
      return row;
    })
    .sort((x, y) => (y.change ?? -Infinity) - (x.change ?? -Infinity));
}

function taskState(state: string): BarState {
  switch (state) {
    case 'Success':
      return 'success';
    case 'Failed':
    case 'TimedOut':
      return 'failed';
    case 'Canceled':
    case 'Cancelling':
      return 'canceled';
    case 'Executing':
      return 'running';
    default:
      return 'pending';
  }
}

function* walk(list: ActivityElement[]): Generator<ActivityElement> {
  for (const a of list) {
    yield a;
    yield* walk(a.Children);
  }
}

/** The lines a person needs to see why it failed: errors and warnings first, else the last lines. */
function logOf(a: ActivityElement): string[] {
  const lines = [...walk([a])].flatMap((x) => x.LogElements.map((l) => ({ ...l, activity: x.Name })));
  const important = lines.filter((l) => /error|fatal|warning/i.test(l.Category));
  const chosen = (important.length ? important : lines).slice(-LOG_LINES);
  return chosen.map((l) => `${l.OccurredAt.slice(11, 19)} ${l.Category.padEnd(7)} ${l.MessageText}`);
}
