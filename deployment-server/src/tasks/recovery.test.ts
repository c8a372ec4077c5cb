import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { writeTestWorkspace } from '../testing/fixtures';
import {
  deploy,
  isAlive,
  startServerProcess,
  waitFor,
  waitForTask,
  type ServerProcess,
} from '../testing/serverProcess';

describe('a server killed mid-deployment (kill -9) and started again', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-crash-'));
  const scratch = path.join(dir, 'scratch');
  const workspace = writeTestWorkspace(path.join(dir, 'workspace'), { scratch });
  const dataDir = path.join(dir, 'data');
  let server: ServerProcess | undefined;
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails the running tasks with the reason, keeps everything committed, stops their scripts, and runs what was queued', async () => {
    server = await startServerProcess({ dataDir, workspace });
    const done = await deploy(server, 'Quick', '1.0.0', ['Test']);
    assert.equal((await waitForTask(server, done.taskId)).State, 'Success');
    const doneLog = (await server.request('GET', `/api/Spaces-1/tasks/${done.taskId}/raw`)).text;

    const slow = await deploy(server, 'Slow', '1.0.0', ['Test']);
    const waiting = await deploy(server, 'Approval', '1.0.0', ['Production']);
    const queued = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
      ProjectName: 'Approval',
      ReleaseVersion: '1.0.0',
      EnvironmentNames: ['Production'],
    });
    const queuedTask = queued.body.DeploymentServerTasks[0].ServerTaskId as string;
    await waitFor(
      async () =>
        (await server!.request('GET', `/api/Spaces-1/tasks/${slow.taskId}/raw`)).text.includes('started sleeping')
          ? true
          : undefined,
      'the slow script',
    );
    await waitFor(
      async () =>
        (await server!.get(`/api/Spaces-1/tasks/${waiting.taskId}`)).HasPendingInterruptions ? true : undefined,
      'the manual intervention',
    );
    assert.equal((await server.get(`/api/Spaces-1/tasks/${queuedTask}`)).State, 'Queued');
    // The script has left its working folder (cd /tmp) and started a child.
    const scriptPid = Number(readFileSync(path.join(scratch, 'slow.pid'), 'utf8'));
    const childPid = Number(readFileSync(path.join(scratch, 'slow-child.pid'), 'utf8'));
    assert.ok(isAlive(scriptPid) && isAlive(childPid));
    const apiKey = server.apiKey;

    await server.kill9();
    assert.ok(isAlive(scriptPid) && isAlive(childPid), 'the orphaned script outlives the killed server');

    server = await startServerProcess({ dataDir, workspace });
    assert.equal(server.apiKey, apiKey);
    assert.match(
      server.output(),
      new RegExp(`Marked 2 task\\(s\\) the previous server left running as Failed: ${slow.taskId}, ${waiting.taskId}`),
    );
    for (const id of [slow.taskId, waiting.taskId]) {
      const task: { State: string; ErrorMessage: string; HasPendingInterruptions: boolean } = await server.get(
        `/api/Spaces-1/tasks/${id}`,
      );
      assert.equal(task.State, 'Failed');
      assert.match(task.ErrorMessage, /The Stepwise server stopped while this task was running/);
      assert.equal(task.HasPendingInterruptions, false);
      const details: { ActivityLogs: unknown[] } = await server.get(`/api/Spaces-1/tasks/${id}/details`);
      const statuses = JSON.stringify(details.ActivityLogs).match(/"Status":"\w+"/g) ?? [];
      assert.ok(!statuses.some((s) => s.includes('Running') || s.includes('Pending')), statuses.join());
    }
    const slowLog = (await server.request('GET', `/api/Spaces-1/tasks/${slow.taskId}/raw`)).text;
    assert.match(slowLog, /started sleeping/, 'lines committed before the crash are kept');
    assert.match(slowLog, /Fatal +\|.*stopped while this task was running/);
    await waitFor(
      async () => (isAlive(scriptPid) || isAlive(childPid) ? undefined : true),
      'the leftover script and its child to be stopped',
      5000,
    );
    assert.ok(!existsSync(path.join(scratch, 'slow.done')), 'the script never finished');

    // Everything committed before the crash is still there.
    assert.equal((await server.get(`/api/Spaces-1/tasks/${done.taskId}`)).State, 'Success');
    assert.equal((await server.request('GET', `/api/Spaces-1/tasks/${done.taskId}/raw`)).text, doneLog);
    const releases = await server.get('/api/Spaces-1/releases?take=100');
    assert.deepEqual(releases.Items.map((r: { Version: string }) => r.Version).sort(), ['1.0.0', '1.0.0', '1.0.0']);

    // The deployment that was queued runs now: it waits at its own manual intervention.
    const interruption = await waitFor(
      async () => (await server!.get(`/api/Spaces-1/interruptions?regarding=${queuedTask}&pendingOnly=true`)).Items[0],
      'the queued deployment to start',
    );
    await server.request('PUT', `/api/Spaces-1/interruptions/${interruption.Id}/responsible`, {});
    assert.equal(
      (await server.post(`/api/Spaces-1/interruptions/${interruption.Id}/submit`, { Result: 'Proceed' })).status,
      200,
    );
    assert.equal((await waitForTask(server, queuedTask)).State, 'Success');

    // New work gets new ids; none is reused.
    const again = await deploy(server, 'Quick', '1.0.1', ['Test']);
    assert.equal((await waitForTask(server, again.taskId)).State, 'Success');
    assert.ok(Number(again.taskId.split('-')[1]) > Number(queuedTask.split('-')[1]));
  });
});
