import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isAlive, waitFor } from '../../testing/serverProcess';
import {
  processStartTime,
  readProcessGroupRecord,
  stopRecordedProcessGroup,
  writeProcessGroupRecord,
} from './processGroup';

// Linux: start times come from /proc.
describe('process group records (crash recovery)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-pgid-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('kills the recorded group, children included, and leaves a group whose leader has another start time (a reused pid)', async () => {
    // A real detached shell with a child in its group, as runScript starts scripts.
    const leader = spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const childPid = Number(
      await new Promise<string>((resolve) => leader.stdout!.once('data', (d) => resolve(String(d)))),
    );
    const file = path.join(dir, 'pid');
    writeProcessGroupRecord(file, leader.pid!);
    const record = readProcessGroupRecord(file)!;
    assert.equal(record.pgid, leader.pid);
    assert.equal(record.startTime, processStartTime(leader.pid!));

    writeFileSync(file, `${leader.pid}\n${Number(record.startTime) + 1}\n`);
    assert.equal(stopRecordedProcessGroup(readProcessGroupRecord(file)!), false);
    assert.equal(stopRecordedProcessGroup({ pgid: leader.pid!, startTime: undefined }), false);
    assert.ok(isAlive(leader.pid!) && isAlive(childPid), 'a mismatched record kills nothing');

    assert.equal(stopRecordedProcessGroup(record), true);
    await waitFor(async () => (isAlive(leader.pid!) || isAlive(childPid) ? undefined : true), 'the group to die', 5000);
  });
});
