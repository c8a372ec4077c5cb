import type { Store } from '../db/store';
import type { ActivityStatus, LogCategory } from './taskLog';

/** Octopus's `ActivityElement` (ServerTaskDetails.ActivityLogs). */
export interface ActivityElement {
  Id: string;
  Name: string;
  Started: string | null;
  Ended: string | null;
  Status: ActivityStatus;
  Children: ActivityElement[];
  ShowAtSummaryLevel: boolean;
  ProgressPercentage: number;
  ProgressMessage: string;
  LogElements: LogElement[];
}

export interface LogElement {
  Category: LogCategory;
  OccurredAt: string;
  MessageText: string;
  Detail?: string | null;
}

interface ActivityRow {
  id: string;
  parent_id: string | null;
  name: string;
  status: ActivityStatus;
  started: string | null;
  ended: string | null;
  show_at_summary: number;
}

interface LineRow {
  activity_id: string;
  category: LogCategory;
  occurred_at: string;
  message: string;
  detail: string | null;
}

export interface ReadOptions {
  /** Include Verbose lines (Octopus hides them unless `verbose=true`). */
  verbose: boolean;
  /** Keep only the last N lines of each activity. */
  tail?: number;
}

/** A task's activity tree with its log lines, as `/tasks/{id}/details` returns it. */
export function readActivityTree(store: Store, taskId: string, options: ReadOptions): ActivityElement[] {
  const activities = store.rows<ActivityRow>(
    'SELECT id, parent_id, name, status, started, ended, show_at_summary FROM activities WHERE task_id = ? ORDER BY seq',
    taskId,
  );
  const lines = store.rows<LineRow>(
    `SELECT activity_id, category, occurred_at, message, detail FROM log_lines WHERE task_id = ?${options.verbose ? '' : " AND category <> 'Verbose'"} ORDER BY id`,
    taskId,
  );
  const elements = new Map<string, ActivityElement>();
  const roots: ActivityElement[] = [];
  for (const a of activities) {
    const element: ActivityElement = {
      Id: a.id,
      Name: a.name,
      Started: a.started,
      Ended: a.ended,
      Status: a.status,
      Children: [],
      ShowAtSummaryLevel: a.show_at_summary === 1,
      ProgressPercentage: a.status === 'Running' || a.status === 'Pending' ? 0 : 100,
      ProgressMessage: '',
      LogElements: [],
    };
    elements.set(a.id, element);
    const parent = a.parent_id ? elements.get(a.parent_id) : undefined;
    (parent ? parent.Children : roots).push(element);
  }
  for (const line of lines) {
    elements.get(line.activity_id)?.LogElements.push({
      Category: line.category,
      OccurredAt: line.occurred_at,
      MessageText: line.message,
      ...(line.detail === null ? {} : { Detail: line.detail }),
    });
  }
  if (options.tail !== undefined)
    for (const e of elements.values()) e.LogElements = e.LogElements.slice(-options.tail || e.LogElements.length);
  return roots;
}

export interface RawLogHeader {
  taskId: string;
  relatedIds: string[];
  state: string;
  queued: string;
  started: string | null;
  duration: string;
  serverVersion: string;
}

/** The plain-text log (`/tasks/{id}/raw`), laid out as Octopus's raw log: a header, then the tree. */
export function renderRawLog(header: RawLogHeader, tree: ActivityElement[]): string {
  const out: string[] = [
    `Task ID:        ${header.taskId}`,
    `Related IDs:    ${header.relatedIds.join(', ')}`,
    `Task status:    ${header.state}`,
    `Task queued:    ${header.queued}`,
    `Task started:   ${header.started ?? '(not started)'}`,
    `Task duration:  ${header.duration}`,
    `Server version: ${header.serverVersion}`,
    `Server node:    stepwise`,
    '',
  ];
  const gutter = (time: string, category: string) => `${time.padEnd(10)} ${category.padEnd(8)} |`;
  const walk = (element: ActivityElement, depth: number) => {
    const indent = '  '.repeat(depth);
    out.push(`${gutter('', '')} ${indent}== ${element.Status}: ${element.Name} ==`);
    // Lines and child activities in the order they happened, as Octopus's raw log shows them.
    const events: { at: string; line?: LogElement; child?: ActivityElement }[] = [
      ...element.LogElements.map((line) => ({ at: line.OccurredAt, line })),
      ...element.Children.map((child) => ({ at: child.Started ?? firstTime(child) ?? child.Ended ?? '~', child })),
    ];
    events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    for (const event of events) {
      if (event.child) {
        walk(event.child, depth + 1);
        continue;
      }
      const line = event.line!;
      const time = line.OccurredAt.slice(11, 19);
      for (const text of line.MessageText.split(/\r?\n/)) out.push(`${gutter(time, line.Category)} ${indent}  ${text}`);
      if (line.Detail)
        for (const text of line.Detail.split(/\r?\n/)) out.push(`${gutter(time, line.Category)} ${indent}  ${text}`);
    }
    if (element.Ended)
      out.push(`${gutter(element.Ended.slice(11, 19), 'Verbose')} ${indent}  ${element.Name}: ${element.Status}`);
  };
  for (const root of tree) walk(root, 0);
  return `${out.join('\n')}\n`;
}

function firstTime(element: ActivityElement): string | undefined {
  return element.LogElements[0]?.OccurredAt ?? element.Children.map(firstTime).find((t) => t !== undefined);
}
