import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ActivityElement, ServerTaskDetails } from '../octopus/types';
import { currentStep, renderTaskLog } from './renderTaskLog';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
const activity = (
  id: string,
  name: string,
  status: ActivityElement['Status'],
  children: ActivityElement[] = [],
  lines: string[] = [],
): ActivityElement => ({
  Id: id,
  Name: name,
  Status: status,
  Started: at(0),
  Ended: status === 'Running' || status === 'Pending' ? null : at(2),
  Children: children,
  LogElements: lines.map((MessageText, i) => ({
    Category: MessageText.startsWith('!') ? 'Error' : 'Info',
    OccurredAt: at(i),
    MessageText: MessageText.replace(/^!/, ''),
  })),
});

/** A deployment waiting at its manual step: step 1 done on one target, step 2 running. */
const waiting: ServerTaskDetails = {
  Task: {
    Id: 'ServerTasks-7',
    Name: 'Deploy',
    Description: 'Deploy Approval E2E release 0.1.0 to Test',
    State: 'Executing',
    IsCompleted: false,
    HasPendingInterruptions: true,
    StartTime: at(0),
    Duration: '3 seconds',
  },
  Progress: { ProgressPercentage: 40 },
  ActivityLogs: [
    activity('root', 'Deploy Approval E2E release 0.1.0 to Test', 'Running', [
      activity('s1', 'Step 1: Build info', 'Success', [
        activity('t1', 'E2EWeb01', 'Success', [], ['Note: hi', 'second line\nwrapped']),
      ]),
      activity('s2', 'Step 2: Approve', 'Running', [], ['Waiting for manual intervention']),
      activity('s3', 'Step 3: Finish', 'Pending'),
    ]),
  ],
};

it('renders a task as a title, its state and a block per step and target', () => {
  const { text } = renderTaskLog(waiting);
  const lines = text.split('\n');
  assert.equal(lines[0], 'Deploy Approval E2E release 0.1.0 to Test');
  assert.match(lines[1], /^ServerTasks-7 · waiting for manual intervention · started \d\d:\d\d:\d\d · 3 seconds$/);
  assert.ok(lines.includes('✔ Step 1: Build info in 2 s'));
  assert.ok(lines.includes('  ✔ E2EWeb01 in 2 s'));
  assert.ok(lines.some((l) => /^    \d\d:\d\d:\d\d {2}Note: hi$/.test(l)));
  assert.ok(
    lines.some((l) => /^ {14}wrapped$/.test(l)),
    'continuation lines line up under the message',
  );
  assert.ok(lines.includes('▶ Step 2: Approve — running'));
  assert.ok(lines.includes('· Step 3: Finish'));
  assert.match(text, /40% done/);
});

it('folds each step and each target with content under it', () => {
  const { text, folds } = renderTaskLog(waiting);
  const lines = text.split('\n');
  const folded = folds.map((f) => lines[f.start]);
  assert.deepEqual(folded, ['  ✔ E2EWeb01 in 2 s', '✔ Step 1: Build info in 2 s', '▶ Step 2: Approve — running']);
  for (const f of folds) assert.ok(f.end > f.start && f.end < lines.length);
});

it("labels errors, and says a failed task's error up front", () => {
  const failed: ServerTaskDetails = {
    Task: {
      ...waiting.Task,
      State: 'Failed',
      IsCompleted: true,
      HasPendingInterruptions: false,
      ErrorMessage: 'Step 1 failed',
    },
    ActivityLogs: [
      activity('root', 'Deploy', 'Failed', [activity('s1', 'Step 1: Build info', 'Failed', [], ['!exit code 1'])]),
    ],
  };
  const { text } = renderTaskLog(failed);
  assert.match(text, /^Error: Step 1 failed$/m);
  assert.match(text, /✖ Step 1: Build info — failed in 2 s/);
  assert.match(text, /ERROR {2}exit code 1/);
});

it('currentStep names the step a running task is on', () => {
  assert.deepEqual(currentStep(waiting), { index: 2, total: 3, name: 'Approve', status: 'Running' });
});

it('says when a queued task has written nothing yet', () => {
  const queued: ServerTaskDetails = {
    Task: { ...waiting.Task, State: 'Queued', HasPendingInterruptions: false, StartTime: null },
    ActivityLogs: [],
  };
  assert.match(renderTaskLog(queued).text, /waiting for the task to start/);
});
