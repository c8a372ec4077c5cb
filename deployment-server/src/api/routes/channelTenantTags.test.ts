import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestDeploymentServer, type TestDeploymentServer } from '../../../../test/support/deploymentServer';
import { fixturesDir } from '../../../../test/support/paths';

// The tenants fixture with a channel for dedicated hosting only (`tenant-tags` in the process
// file), imported into a real server: the channel keeps its TenantTags and tenanted deployments
// of its releases are refused for other tenants, over real HTTP.
describe('channel tenant tags on the local server', () => {
  let dir: string;
  let server: TestDeploymentServer;
  let releaseId: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-channel-tags-'));
    cpSync(path.join(fixturesDir, 'tenants'), dir, { recursive: true });
    const file = path.join(dir, 'web.process.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'steps:',
        'channels:\n  - name: Dedicated\n    tenant-tags: [Hosting/Dedicated]\nsteps:',
      ),
    );
    server = await startTestDeploymentServer(dir);
    const release = await call('POST', '/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Web',
      ReleaseVersion: '2.0.0',
      ChannelName: 'Dedicated',
    });
    assert.ok(release.status < 300, release.text);
    releaseId = release.body.ReleaseId;
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
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  };
  const waitForTask = async (taskId: string) => {
    for (;;) {
      const task = (await call('GET', `/api/Spaces-1/tasks/${taskId}`)).body;
      if (task.IsCompleted) return task as { State: string };
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const named = async (what: string, name: string) =>
    ((await call('GET', `/api/Spaces-1/${what}/all`)).body as { Id: string; Name: string }[]).find(
      (x) => x.Name === name,
    )!.Id;

  it("imports the process file's channel tenant-tags as the channel's TenantTags", async () => {
    const channels = (await call('GET', '/api/Spaces-1/channels/all')).body as { Name: string; TenantTags: string[] }[];
    assert.deepEqual(
      channels.map((c) => [c.Name, c.TenantTags]),
      [
        ['Default', []],
        ['Dedicated', ['Hosting/Dedicated']],
      ],
    );
  });

  it("deploys a tenant with the channel's tags; refuses one without them, naming the channel", async () => {
    const production = await named('environments', 'Production');
    const test = await named('environments', 'Test');
    const globex = await named('tenants', 'Globex');
    const acme = await named('tenants', 'Acme');
    const byTag = await call('POST', '/api/Spaces-1/deployments/create/tenanted/v1', {
      spaceIdOrName: 'Spaces-1',
      ProjectName: 'Web',
      ReleaseVersion: '2.0.0',
      EnvironmentName: 'Test',
      TenantTags: ['Hosting/Shared', 'Hosting/Dedicated'],
    });
    // Acme is the only tenant in Test, and it has the channel's tag.
    assert.equal(byTag.status, 200, byTag.text);
    assert.equal(byTag.body.DeploymentServerTasks.length, 1);
    const { DeploymentId, ServerTaskId } = byTag.body.DeploymentServerTasks[0];
    const deployment = await call('GET', `/api/Spaces-1/deployments/${DeploymentId}`);
    assert.equal(deployment.body.TenantId, acme);
    assert.equal(deployment.body.EnvironmentId, test);
    assert.equal((await waitForTask(ServerTaskId)).State, 'Success');
    // Test is done, so the lifecycle allows Production: the channel is what refuses Globex.
    const refused = await call('POST', '/api/Spaces-1/deployments', {
      ReleaseId: releaseId,
      EnvironmentId: production,
      TenantId: globex,
    });
    assert.equal(refused.status, 400);
    assert.deepEqual(Object.keys(refused.body).sort(), ['ErrorMessage', 'Errors']);
    assert.deepEqual(refused.body.Errors, [
      "Tenant 'Globex' cannot deploy release 2.0.0: its channel 'Dedicated' is for tenants tagged Hosting/Dedicated, and 'Globex' has Hosting/Shared.",
    ]);
    const allowed = await call('POST', '/api/Spaces-1/deployments', {
      ReleaseId: releaseId,
      EnvironmentId: production,
      TenantId: acme,
    });
    assert.equal(allowed.status, 201, allowed.text);
    assert.equal((await waitForTask(allowed.body.TaskId)).State, 'Success');
  });

  it('a tag filter that only finds tenants the channel leaves out is refused, naming the channel', async () => {
    const none = await call('POST', '/api/Spaces-1/deployments/create/tenanted/v1', {
      spaceIdOrName: 'Spaces-1',
      ProjectName: 'Web',
      ReleaseVersion: '2.0.0',
      EnvironmentName: 'Test',
      TenantTags: ['Hosting/Shared'],
    });
    assert.equal(none.status, 400);
    assert.deepEqual(none.body.Errors, [
      "No tenant with the tags Hosting/Shared is connected to project 'Web' in environment 'Test' and allowed by channel 'Dedicated' (tenants tagged Hosting/Dedicated).",
    ]);
  });

  it('TenantTags can be set on a channel through the API, and are checked', async () => {
    const channelId = await named('channels', 'Default');
    const channel = (await call('GET', `/api/Spaces-1/channels/${channelId}`)).body;
    const put = await call('PUT', `/api/Spaces-1/channels/${channelId}`, {
      ...channel,
      TenantTags: ['Hosting/Shared'],
    });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body.TenantTags, ['Hosting/Shared']);
    const bad = await call('PUT', `/api/Spaces-1/channels/${channelId}`, { ...channel, TenantTags: ['Shared'] });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.Errors, ["TenantTags: 'Shared' is not a canonical tag name ('Tag set/Tag')."]);
  });
});
