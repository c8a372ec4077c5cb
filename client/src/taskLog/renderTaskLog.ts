/**
 * A server task's activity tree (ServerTaskDetails, docs/reference/octopus-api-contract.md §2.9) as plain text, one block per
 * step and target, and the line ranges a FoldingRangeProvider folds. No VS Code here: the
 * document provider feeds it what the API returns.
 */
import type { ActivityElement, ActivityStatus, ServerTaskDetails } from '../octopus/types';

export interface RenderedTaskLog {
  text: string;
  /** 0-based, inclusive line ranges, one per activity that has content below its header. */
  folds: { start: number; end: number }[];
}

const STATUS_MARK: Record<ActivityStatus, string> = {
  Pending: '·',
  Running: '▶',
  Success: '✔',
  SuccessWithWarning: '⚠',
  Failed: '✖',
  Skipped: '↷',
  Canceled: '⊘',
};

/** Categories worth a label in front of the message; the rest are plain output. */
const LABELLED = new Set(['Warning', 'Error', 'Fatal', 'Highlight', 'Wait', 'Alert']);

export function renderTaskLog(details: ServerTaskDetails): RenderedTaskLog {
  const lines: string[] = [];
  const folds: { start: number; end: number }[] = [];
  const task = details.Task;
  const title = task.Description || task.Name;
  lines.push(title);
  const facts = [
    task.Id,
    stateText(details),
    task.StartTime
      ? `started ${clock(task.StartTime)}`
      : task.QueueTime
        ? `queued ${clock(task.QueueTime)}`
        : undefined,
    task.Duration,
  ]
    .filter(Boolean)
    .join(' · ');
  lines.push(facts);
  if (task.ErrorMessage) lines.push(`Error: ${task.ErrorMessage}`);
  lines.push('─'.repeat(Math.max(40, Math.min(100, title.length))));

  // The tree's root is the task itself: its children are the steps.
  const roots = details.ActivityLogs ?? [];
  const top = roots.length === 1 && roots[0].Children?.length ? [roots[0]] : roots;
  for (const root of top) {
    if (top.length === 1 && root.Children?.length) {
      writeLogElements(root, 0);
      for (const child of root.Children) writeActivity(child, 0);
    } else {
      writeActivity(root, 0);
    }
  }
  if (!roots.length) lines.push('', task.IsCompleted ? '(the task wrote no log)' : '(waiting for the task to start…)');
  const percent = details.Progress?.ProgressPercentage;
  if (!task.IsCompleted && percent !== undefined && percent > 0)
    lines.push(
      '',
      `${percent}% done${details.Progress?.EstimatedTimeRemaining ? `, ${details.Progress.EstimatedTimeRemaining} left` : ''}`,
    );
  return { text: lines.join('\n') + '\n', folds };

  function writeActivity(activity: ActivityElement, depth: number): void {
    const indent = '  '.repeat(depth);
    if (depth === 0) lines.push('');
    const start = lines.length;
    const status = activity.Status ?? 'Pending';
    const took = activity.Started && activity.Ended ? ` in ${duration(activity.Started, activity.Ended)}` : '';
    lines.push(
      `${indent}${STATUS_MARK[status] ?? '·'} ${activity.Name}${status === 'Success' || status === 'Pending' ? took : ` — ${statusWord(status)}${took}`}`,
    );
    writeLogElements(activity, depth + 1);
    for (const child of activity.Children ?? []) writeActivity(child, depth + 1);
    if (lines.length - 1 > start) folds.push({ start, end: lines.length - 1 });
  }

  function writeLogElements(activity: ActivityElement, depth: number): void {
    const indent = '  '.repeat(depth);
    for (const element of activity.LogElements ?? []) {
      const label = LABELLED.has(element.Category) ? `${element.Category.toUpperCase()}  ` : '';
      const [first, ...rest] = (element.MessageText ?? '').replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
      const stamp = element.OccurredAt ? clock(element.OccurredAt) : '        ';
      lines.push(`${indent}${stamp}  ${label}${first}`);
      for (const more of rest) lines.push(`${indent}${' '.repeat(stamp.length)}  ${more}`);
      if (element.Detail)
        for (const d of element.Detail.split('\n')) lines.push(`${indent}${' '.repeat(stamp.length)}    ${d}`);
    }
  }

  function stateText(d: ServerTaskDetails): string {
    const t = d.Task;
    if (t.State === 'Executing' && t.HasPendingInterruptions) return 'waiting for manual intervention';
    return (
      {
        Queued: 'queued',
        Executing: 'running',
        Success: 'succeeded',
        Failed: 'failed',
        Canceled: 'canceled',
        TimedOut: 'timed out',
        Cancelling: 'cancelling',
      }[t.State] ?? t.State
    );
  }

  function clock(iso: string): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return date.toTimeString().slice(0, 8);
  }
}

function statusWord(status: ActivityStatus): string {
  return (
    {
      Pending: 'pending',
      Running: 'running',
      Success: 'succeeded',
      SuccessWithWarning: 'succeeded with warnings',
      Failed: 'failed',
      Skipped: 'skipped',
      Canceled: 'canceled',
    }[status] ?? status
  );
}

function duration(from: string, to: string): string {
  const ms = new Date(to).getTime() - new Date(from).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The step a running task is on, for a progress message ("step 2: Approve production"). */
export function currentStep(
  details: ServerTaskDetails,
): { index: number; total: number; name: string; status: ActivityStatus } | undefined {
  const roots = details.ActivityLogs ?? [];
  const steps = roots.length === 1 ? (roots[0].Children ?? []) : roots;
  if (!steps.length) return undefined;
  const running = steps.findIndex((s) => s.Status === 'Running');
  const index = running >= 0 ? running : Math.max(0, steps.map((s) => s.Status !== 'Pending').lastIndexOf(true));
  const step = steps[index];
  // Octopus names steps "Step 2: Approve"; the caller says "step 2" itself.
  return {
    index: index + 1,
    total: steps.length,
    name: step.Name.replace(/^Step \d+:\s*/, ''),
    status: step.Status ?? 'Pending',
  };
}
