import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../db/store';
import { readProcessGroupRecord, stopRecordedProcessGroup } from '../executor/scripts/processGroup';
import { PID_FILE } from '../executor/scripts/runScript';
import type { InterruptionResource } from '../resources/types';
import { setTaskState } from './taskStore';

/**
 * Fails the tasks a previous server process left running (it was killed, or the machine went
 * down): each is marked Failed with the reason, its open activities are closed, its pending
 * interruptions closed, and the process groups of scripts it left running are killed — on Linux,
 * where the group leader's start time shows it is still the script that was started (a reused
 * pid is never hit), wherever the script has moved to.
 */
export function failInterruptedTasks(store: Store, workRoots: readonly string[], reason: string): string[] {
  const rows = store.rows<{ id: string }>(
    "SELECT id FROM tasks WHERE state IN ('Executing', 'Cancelling') ORDER BY seq",
  );
  const now = new Date().toISOString();
  store.transaction(() => {
    for (const { id } of rows) {
      setTaskState(store, id, 'Failed', { errorMessage: reason, hasWarnings: true });
      store.run("UPDATE activities SET status = 'Failed', ended = ? WHERE task_id = ? AND status = 'Running'", now, id);
      store.run(
        "UPDATE activities SET status = 'Canceled', ended = ? WHERE task_id = ? AND status = 'Pending'",
        now,
        id,
      );
      const rootId = store.value<string>(
        'SELECT id FROM activities WHERE task_id = ? AND parent_id IS NULL ORDER BY seq LIMIT 1',
        id,
      );
      if (rootId) {
        store.run(
          "INSERT INTO log_lines (task_id, activity_id, category, occurred_at, message) VALUES (?, ?, 'Fatal', ?, ?)",
          id,
          rootId,
          now,
          reason,
        );
      }
      for (const interruption of store.docs<InterruptionResource>(
        'SELECT json FROM interruptions WHERE task_id = ? AND is_pending = 1',
        id,
      )) {
        store.run(
          'UPDATE interruptions SET is_pending = 0, json = ? WHERE id = ?',
          JSON.stringify({ ...interruption, IsPending: false }),
          interruption.Id,
        );
      }
    }
  });
  for (const { id } of rows) {
    for (const root of workRoots) {
      const workRoot = path.join(root, id);
      stopLeftoverScripts(workRoot);
      rmSync(workRoot, { recursive: true, force: true });
    }
  }
  return rows.map((r) => r.id);
}

function stopLeftoverScripts(workRoot: string): void {
  if (!existsSync(workRoot)) return;
  for (const pidFile of findPidFiles(workRoot)) {
    const record = readProcessGroupRecord(pidFile);
    if (record) stopRecordedProcessGroup(record);
  }
}

function findPidFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findPidFiles(full));
    else if (entry.name === PID_FILE) out.push(full);
  }
  return out;
}
