import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDeploymentServer, type DeploymentServer } from '../startDeploymentServer';

// The task queue as a client sees it: one deployment at a time per project and environment, and a
// queued deployment whose NoRunAfter passes while it waits is timed out, not run.
describe('the task queue', () => {
  let dir: string;
  let server: DeploymentServer;
  let gate: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-queue-'));
    const workspace = path.join(dir, 'workspace');
    mkdirSync(path.join(workspace, '.octopus'), { recursive: true });
    writeFileSync(
      path.join(workspace, '.octopus', 'space.yaml'),
      'environments: [Development]\nlifecycles:\n  - name: Anywhere\n    phases:\n      - name: All\n        environments: [Development]\n',
    );
    // The script holds its deployment until the test creates the gate file, so the second
    // deployment's wait is decided by the test, not by how fast the machine is.
    gate = path.join(dir, 'gate');
    writeFileSync(
      path.join(workspace, 'slow.process.yaml'),
      `project: Slow\nlifecycle: Anywhere\nsteps:\n  - name: Wait\n    type: script\n    script: 'while [ ! -f "${gate}" ]; do sleep 0.1; done'\n`,
    );
    server = await startDeploymentServer({ dataDir: path.join(dir, 'data'), port: 0, workspace });
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { 'X-Octopus-ApiKey': server.apiKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, any>;
    assert.ok(response.ok, `${method} ${route} → ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const finished = async (taskId: string) => {
    for (;;) {
      const task = await call('GET', `/api/Spaces-1/tasks/${taskId}`);
      if (task.IsCompleted) return task;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('times out a deployment still waiting for its place when its NoRunAfter passes', async () => {
    for (const version of ['1.0.0', '1.0.1'])
      await call('POST', '/api/Spaces-1/releases/create/v1', { ProjectName: 'Slow', ReleaseVersion: version });
    const deploy = async (version: string, extra: Record<string, unknown> = {}) =>
      (
        await call('POST', '/api/Spaces-1/deployments/create/untenanted/v1', {
          ProjectName: 'Slow',
          ReleaseVersion: version,
          EnvironmentNames: ['Development'],
          ...extra,
        })
      ).DeploymentServerTasks[0].ServerTaskId as string;
    const first = await deploy('1.0.0');
    // The first deployment waits at its gate; the second may start only up to 3 s from now (a wide
    // margin for a loaded machine to create and read it while it is still queued).
    const noRunAfter = new Date(Date.now() + 3000).toISOString();
    const second = await deploy('1.0.1', { NoRunAfter: noRunAfter });
    const waiting = await call('GET', `/api/Spaces-1/tasks/${second}`);
    assert.equal(waiting.State, 'Queued');
    assert.equal(waiting.QueueTimeExpiry, noRunAfter);
    // Let NoRunAfter pass while the first still holds the place, then open the gate.
    while (Date.now() <= Date.parse(noRunAfter)) await new Promise((r) => setTimeout(r, 100));
    writeFileSync(gate, '');

    assert.equal((await finished(first)).State, 'Success');
    const timedOut = await finished(second);
    assert.equal(timedOut.State, 'TimedOut');
    assert.equal(timedOut.StartTime, null);
    assert.equal(
      timedOut.ErrorMessage,
      `The task was not started before ${noRunAfter} (NoRunAfter), so it will not run.`,
    );
  });
});
