import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { nextEnvironment } from '@stepwise/core/octopus/lifecycle';
import { startTestDeploymentServer, type TestDeploymentServer } from '../../../test/support/deploymentServer';
import { renderTaskLog } from '../taskLog/renderTaskLog';
import type { CancellationLike } from './cancellation';
import { checkConnection } from './checkConnection';
import { OctopusError } from '@stepwise/core/octopus/errors';
import { normalizeServerUrl, OctopusClient } from './octopusClient';
import type { ServerTask } from './types';

/** Polls until `until(task)` holds; fails after `ms` instead of hanging. */
async function waitForTask(
  client: OctopusClient,
  taskId: string,
  until: (t: ServerTask) => boolean,
  ms = 60_000,
): Promise<ServerTask> {
  const deadline = Date.now() + ms;
  for (;;) {
    const [task] = await client.tasks([taskId]);
    if (until(task)) return task;
    if (Date.now() > deadline) throw new Error(`${taskId} is still ${task.State} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An HTTP server on loopback that answers every request with `handler` (or never, with `null`). */
async function fakeServer(
  handler: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null,
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => handler?.(req, res));
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<OctopusError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OctopusError, `expected an OctopusError, got ${error}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('OctopusClient against the real local deployment server', () => {
  let server: TestDeploymentServer;
  let client: OctopusClient;
  before(async () => {
    server = await startTestDeploymentServer();
    ({ client } = await checkConnection({ url: server.url, apiKey: server.apiKey }));
  });
  after(async () => {
    await server?.close();
  });

  it('connects: the root document, the default space, a client scoped to it', async () => {
    const check = await checkConnection({ url: `${server.url}/api/`, apiKey: server.apiKey });
    assert.match(check.root.Version, /^\d+\.\d+/);
    assert.equal(check.space.Name, 'Default');
    assert.equal(check.client.spaceId, check.space.Id);
    assert.equal(check.client.baseUrl, server.url);
  });

  it('lists the projects and environments the workspace import created, in order', async () => {
    const projects = await client.projects();
    // ocl-e2e is the .octopus/ocl-e2e folder: the import takes OCL projects too.
    assert.deepEqual(projects.map((p) => p.Name).sort(), ['Approval E2E', 'Hello E2E', 'Rules E2E', 'ocl-e2e']);
    assert.deepEqual(
      (await client.environments()).map((e) => e.Name),
      ['Development', 'Test', 'Production'],
    );
    assert.equal((await client.findProject('hello e2e'))?.Name, 'Hello E2E');
    assert.equal(await client.findProject('Hello'), undefined);
  });

  it('creates a release; the lifecycle deploys Development by itself and Test comes next', async () => {
    const project = (await client.findProject('Hello E2E'))!;
    const created = await client.createRelease({
      ProjectName: project.Name,
      ReleaseVersion: '1.0.0',
      ReleaseNotes: 'First',
    });
    assert.equal(created.ReleaseVersion, '1.0.0');
    const release = await client.release(created.ReleaseId);
    assert.equal(release.ReleaseNotes, 'First');
    assert.equal((await client.releases(project.Id, { take: 1 })).Items[0].Id, release.Id);

    const [automatic] = await client.releaseDeployments(release.Id);
    assert.ok(automatic, 'the automatic deployment to Development');
    const done = await waitForTask(client, automatic.TaskId, (t) => t.IsCompleted);
    assert.equal(done.State, 'Success');

    const environments = await client.environments();
    const lifecycle = await client.lifecycle(project.LifecycleId);
    const next = nextEnvironment(lifecycle, environments, [
      { environmentId: automatic.EnvironmentId, state: done.State },
    ]);
    assert.deepEqual(next, { kind: 'deploy', environmentId: environments[1].Id, phase: 'Test', lastPhase: false });

    const [started] = await client.createDeployment({
      ProjectName: project.Name,
      ReleaseVersion: '1.0.0',
      EnvironmentNames: ['Test'],
    });
    const task = await waitForTask(client, started.ServerTaskId, (t) => t.IsCompleted);
    assert.equal(task.State, 'Success');

    const log = renderTaskLog(await client.taskDetails(started.ServerTaskId, { verbose: true }));
    assert.match(log.text, /^Deploy Hello E2E release 1\.0\.0 to Test\n/);
    assert.match(log.text, /✔ Step 1: Say hello/);
    assert.match(log.text, /Hello, Test! from E2EWeb01/);
    assert.ok(log.folds.length >= 2, 'folds by step and target');
    assert.match(await client.taskRaw(started.ServerTaskId), /Hello, Test! from E2EWeb01/);
  });

  it("says why the lifecycle refuses a deployment, in the server's words", async () => {
    const unknown = await rejection(
      client.createDeployment({ ProjectName: 'Hello E2E', ReleaseVersion: '9.9.9', EnvironmentNames: ['Test'] }),
    );
    assert.equal(unknown.kind, 'refused');
    assert.equal(unknown.status, 400);
    assert.match(unknown.message, /9\.9\.9/);

    await client.createRelease({ ProjectName: 'Hello E2E', ReleaseVersion: '2.0.0' });
    const refused = await rejection(
      client.createDeployment({ ProjectName: 'Hello E2E', ReleaseVersion: '2.0.0', EnvironmentNames: ['Production'] }),
    );
    assert.equal(refused.kind, 'refused');
    assert.match(refused.message, /cannot be deployed to Production yet.*Test/);
  });

  it('refuses a duplicate version with a readable message', async () => {
    const error = await rejection(client.createRelease({ ProjectName: 'Hello E2E', ReleaseVersion: '1.0.0' }));
    assert.equal(error.kind, 'refused');
    assert.match(error.message, /already exists/);
    assert.doesNotMatch(error.message, /There was a problem with your request/);
  });

  it('deploys with a prompted variable, waits at the manual intervention, proceeds', async () => {
    const project = (await client.findProject('Approval E2E'))!;
    const { ReleaseId } = await client.createRelease({ ProjectName: project.Name, ReleaseVersion: '0.1.0' });
    const [automatic] = await client.releaseDeployments(ReleaseId);
    await waitForTask(client, automatic.TaskId, (t) => t.IsCompleted);

    const [started] = await client.createDeployment({
      ProjectName: project.Name,
      ReleaseVersion: '0.1.0',
      EnvironmentNames: ['Test'],
      Variables: { ReleaseNote: 'from the client test' },
    });
    const waiting = await waitForTask(client, started.ServerTaskId, (t) => t.HasPendingInterruptions || t.IsCompleted);
    assert.equal(waiting.State, 'Executing');
    const [interruption] = await client.interruptions({ regarding: started.ServerTaskId, pendingOnly: true });
    assert.equal(interruption.Type, 'ManualIntervention');
    await client.takeResponsibility(interruption.Id);
    await client.submitInterruption(interruption.Id, { Result: 'Proceed', Notes: 'ok' });
    const task = await waitForTask(client, started.ServerTaskId, (t) => t.IsCompleted);
    assert.equal(task.State, 'Success');
    assert.match(await client.taskRaw(started.ServerTaskId), /Note: from the client test/);
  });

  it('cancels a task that waits', async () => {
    const project = (await client.findProject('Approval E2E'))!;
    await client.createRelease({ ProjectName: project.Name, ReleaseVersion: '0.2.0' });
    const release = (await client.releases(project.Id, { searchByVersion: '0.2.0' })).Items[0];
    const [automatic] = await client.releaseDeployments(release.Id);
    await waitForTask(client, automatic.TaskId, (t) => t.IsCompleted);
    const [started] = await client.createDeployment({
      ProjectName: project.Name,
      ReleaseVersion: '0.2.0',
      EnvironmentNames: ['Test'],
    });
    await waitForTask(client, started.ServerTaskId, (t) => t.HasPendingInterruptions);
    await client.cancelTask(started.ServerTaskId);
    const task = await waitForTask(client, started.ServerTaskId, (t) => t.IsCompleted);
    assert.equal(task.State, 'Canceled');
  });

  it('reads and writes back the deployment process and variables', async () => {
    const project = (await client.findProject('Hello E2E'))!;
    const process = await client.deploymentProcess(project.Id);
    assert.equal(process.Steps[0].Name, 'Say hello');
    const variables = await client.variableSet(project.VariableSetId);
    assert.ok(variables.Variables.some((v) => v.Name === 'Greeting'));
    const updated = await client.updateDeploymentProcess(project.Id, process);
    assert.equal(updated.Steps[0].Name, 'Say hello');
    const saved = await client.updateVariableSet(variables);
    assert.equal(saved.Id, variables.Id);
  });

  it('turns a wrong key into "did not accept the API key"', async () => {
    const error = await rejection(checkConnection({ url: server.url, apiKey: 'API-WRONGWRONGWRONGWRONGWRONGW' }));
    assert.equal(error.kind, 'unauthorized');
    assert.match(error.message, /is an Octopus server, but it did not accept the API key\.$/);
    // Octopus's own words are kept for the log, not repeated in the message.
    assert.doesNotMatch(error.message, /API key is invalid/);
    assert.match(error.details.serverMessage ?? '', /API key is invalid/);
  });

  it('names the spaces there are when the space asked for is not one', async () => {
    const error = await rejection(checkConnection({ url: server.url, apiKey: server.apiKey, space: 'Operations' }));
    assert.equal(error.kind, 'not-found');
    assert.match(error.message, /no space named 'Operations'; the key can see 'Default'/);
  });

  it('turns a 404 into "not found" with the server\'s reason', async () => {
    const error = await rejection(client.release('Releases-999'));
    assert.equal(error.kind, 'not-found');
    assert.match(error.message, /Releases-999/);
  });
});

describe('OctopusClient when the server is not (an) Octopus', () => {
  it('says the connection was refused when nothing listens', async () => {
    const fake = await fakeServer(null);
    const url = fake.url;
    await fake.close();
    const error = await rejection(new OctopusClient({ url }).root());
    assert.equal(error.kind, 'unreachable');
    assert.match(
      error.message,
      /^Cannot reach http:\/\/127\.0\.0\.1:\d+: the connection was refused — is the server running\?$/,
    );
  });

  // The server never answers: a rejection at all shows the client gave up (the test's own timeout
  // only guards against a hang).
  it('gives up after the timeout instead of hanging', { timeout: 60_000 }, async () => {
    const silent = await fakeServer(null);
    try {
      const error = await rejection(new OctopusClient({ url: silent.url, timeoutMs: 300 }).root());
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /did not answer GET \/api within 0 s|did not answer GET \/api within 1 s/);
    } finally {
      await silent.close();
    }
  });

  it('stops when a cancellation token fires', async () => {
    const silent = await fakeServer(null);
    try {
      const listeners: ((e: unknown) => unknown)[] = [];
      const token: CancellationLike = {
        isCancellationRequested: false,
        onCancellationRequested: (l) => (listeners.push(l), { dispose() {} }),
      };
      const pending = new OctopusClient({ url: silent.url }).root({ token });
      setTimeout(() => listeners.forEach((l) => l(undefined)), 50);
      assert.equal((await rejection(pending)).kind, 'cancelled');
    } finally {
      await silent.close();
    }
  });

  it('tells a web page from the Octopus API', async () => {
    const web = await fakeServer((_, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in</body></html>'),
    );
    try {
      const error = await rejection(checkConnection({ url: web.url, apiKey: 'API-X' }));
      assert.equal(error.kind, 'not-octopus');
      assert.match(error.message, /answered GET \/api with a web page, not the Octopus API\. Check the server URL/);
    } finally {
      await web.close();
    }
  });

  it("says a 404 on /api means the address is not Octopus's", async () => {
    const other = await fakeServer((_, res) =>
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"nope"}'),
    );
    try {
      const error = await rejection(checkConnection({ url: other.url, apiKey: 'API-X' }));
      assert.equal(error.kind, 'not-octopus');
      assert.match(error.message, /has no Octopus API \(GET \/api answered 404\)/);
    } finally {
      await other.close();
    }
  });

  it("keeps a 500's stack trace out of the message", async () => {
    const broken = await fakeServer((_, res) =>
      res.writeHead(500, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          ErrorMessage: 'There was a problem with your request.',
          FullException: 'System.Exception: boom\n   at X',
        }),
      ),
    );
    try {
      const error = await rejection(new OctopusClient({ url: broken.url }).root());
      assert.equal(error.kind, 'server-error');
      assert.equal(error.message, 'There was a problem with your request.');
      assert.match(error.details.fullException!, /System.Exception: boom/);
    } finally {
      await broken.close();
    }
  });

  it('sends the key in X-Octopus-ApiKey, never in the URL, and joins ids with commas', async () => {
    const seen: { url?: string; key?: string | string[] }[] = [];
    const echo = await fakeServer((req, res) => {
      seen.push({ url: req.url, key: req.headers['x-octopus-apikey'] });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"Items":[],"TotalResults":0}');
    });
    try {
      await new OctopusClient({ url: echo.url, apiKey: 'API-SECRET', spaceId: 'Spaces-1' }).tasks([
        'ServerTasks-1',
        'ServerTasks-2',
      ]);
      assert.deepEqual(seen, [
        { url: '/api/Spaces-1/tasks?ids=ServerTasks-1,ServerTasks-2&skip=0&take=2', key: 'API-SECRET' },
      ]);
    } finally {
      await echo.close();
    }
  });
});

describe('normalizeServerUrl', () => {
  it('drops a trailing /api and slashes, keeps a virtual directory', () => {
    assert.equal(normalizeServerUrl('https://octopus.example.com/'), 'https://octopus.example.com');
    assert.equal(normalizeServerUrl(' https://octopus.example.com/api/ '), 'https://octopus.example.com');
    assert.equal(normalizeServerUrl('https://example.com/octopus/api'), 'https://example.com/octopus');
    assert.throws(() => normalizeServerUrl('ftp://example.com'), /not an http\(s\) address/);
  });

  it('drops a user name and password, which would otherwise be shown and logged', () => {
    assert.equal(normalizeServerUrl('https://me:s3cret@octopus.example.com/api'), 'https://octopus.example.com');
    assert.equal(normalizeServerUrl('http://API-KEY@127.0.0.1:8065/'), 'http://127.0.0.1:8065');
  });
});
