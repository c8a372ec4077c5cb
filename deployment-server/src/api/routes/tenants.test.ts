import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestDeploymentServer, type TestDeploymentServer } from '../../../../test/support/deploymentServer';
import { fixturesDir } from '../../../../test/support/paths';

// The tenants fixture (two tenants of project Web) imported into a real server; real HTTP, real scripts.
describe('tenants and tenanted deployments', () => {
  let server: TestDeploymentServer;
  before(async () => {
    server = await startTestDeploymentServer(path.join(fixturesDir, 'tenants'));
  });
  after(async () => {
    await server?.close();
  });

  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { 'X-Octopus-ApiKey': server.apiKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json');
    return { status: response.status, body: json && text ? JSON.parse(text) : undefined, text };
  };
  const waitForTask = async (taskId: string) => {
    for (;;) {
      const task = (await call('GET', `/api/Spaces-1/tasks/${taskId}`)).body;
      if (task.IsCompleted) return task;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const log = async (taskId: string) => (await call('GET', `/api/Spaces-1/tasks/${taskId}/raw`)).text;
  const ids = async () => {
    const projects = (await call('GET', '/api/Spaces-1/projects/all')).body as { Id: string; Name: string }[];
    const environments = (await call('GET', '/api/Spaces-1/environments/all')).body as { Id: string; Name: string }[];
    const tenants = (await call('GET', '/api/Spaces-1/tenants/all')).body as { Id: string; Name: string }[];
    const id = (list: { Id: string; Name: string }[], name: string) => list.find((x) => x.Name === name)!.Id;
    return {
      web: id(projects, 'Web'),
      test: id(environments, 'Test'),
      production: id(environments, 'Production'),
      acme: id(tenants, 'Acme'),
      globex: id(tenants, 'Globex'),
    };
  };

  it("imports the space file's tenants as Octopus TenantResources: list, all, by id", async () => {
    const { web, test, production, acme } = await ids();
    const list = await call('GET', '/api/Spaces-1/tenants');
    assert.equal(list.status, 200);
    assert.equal(list.body.ItemType, 'Tenant');
    assert.deepEqual(
      list.body.Items.map((t: { Name: string }) => t.Name),
      ['Acme', 'Globex'],
    );
    const one = await call('GET', `/api/Spaces-1/tenants/${acme}`);
    assert.equal(one.status, 200);
    assert.deepEqual(
      [one.body.Name, one.body.Description, one.body.TenantTags, one.body.ProjectEnvironments],
      ['Acme', 'The first customer', ['Hosting/Dedicated'], { [web]: [test, production] }],
    );
    assert.equal(one.body.Links.Self, `/api/Spaces-1/tenants/${acme}`);
    const project = await call('GET', `/api/Spaces-1/projects/${web}`);
    assert.equal(project.body.TenantedDeploymentMode, 'TenantedOrUntenanted');
    assert.deepEqual(
      project.body.Templates.map((t: { Name: string; DefaultValue: unknown }) => [t.Name, t.DefaultValue]),
      [
        ['Tenant.Domain', 'example.com'],
        ['Tenant.Db', null],
        // A sensitive default is never sent.
        ['Tenant.ApiKey', { HasValue: true, NewValue: null }],
      ],
    );
    const byTag = await call('GET', '/api/Spaces-1/tenants/all?tags=Hosting/Shared');
    assert.deepEqual(
      byTag.body.map((t: { Name: string }) => t.Name),
      ['Globex'],
    );
    assert.equal((await call('GET', '/api/Spaces-1/tenants/Tenants-99')).status, 404);
  });

  it("creates and changes a tenant; refuses a bad one with Octopus's error body", async () => {
    const { web, test } = await ids();
    const created = await call('POST', '/api/Spaces-1/tenants', {
      Name: 'Initech',
      TenantTags: ['Hosting/Shared'],
      ProjectEnvironments: { [web]: [test] },
    });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.body.ProjectEnvironments, { [web]: [test] });
    const changed = await call('PUT', `/api/Spaces-1/tenants/${created.body.Id}`, {
      ...created.body,
      Description: 'Third',
    });
    assert.equal(changed.status, 200, changed.text);
    assert.equal((await call('GET', `/api/Spaces-1/tenants/${created.body.Id}`)).body.Description, 'Third');
    const bad = await call('POST', '/api/Spaces-1/tenants', {
      Name: 'Acme',
      TenantTags: ['Dedicated'],
      ProjectEnvironments: { 'Projects-404': [] },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.body).sort(), ['ErrorMessage', 'Errors']);
    assert.deepEqual(bad.body.Errors, [
      "A tenant named 'Acme' already exists in this space.",
      "TenantTags: 'Dedicated' is not a canonical tag name ('Tag set/Tag').",
      'ProjectEnvironments: there is no project Projects-404 in space Spaces-1.',
    ]);
  });

  it("runs a tenanted deployment (classic API with TenantId) with the tenant's variables, masked where sensitive", async () => {
    const { acme, test } = await ids();
    const release = await call('POST', '/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Web',
      ReleaseVersion: '1.0.0',
      IgnoreIfAlreadyExists: true,
    });
    assert.ok(release.status < 300, release.text);
    const created = await call('POST', '/api/Spaces-1/deployments', {
      ReleaseId: release.body.ReleaseId,
      EnvironmentId: test,
      TenantId: acme,
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.TenantId, acme);
    const task = await waitForTask(created.body.TaskId);
    const text = await log(created.body.TaskId);
    assert.equal(task.State, 'Success', text);
    assert.match(text, /Alias=acme Domain=acme\.example\.com Db=db-test\.acme Key=\*{8} Tenant=Acme/);
    // Acme has the Dedicated tag: the tenant-tag step ran.
    assert.match(text, /dedicated hosting/);
    const mine = await call('GET', `/api/Spaces-1/deployments?tenants=${acme}`);
    assert.deepEqual(
      mine.body.Items.map((d: { Id: string }) => d.Id),
      [created.body.Id],
    );
  });

  it("refuses a tenant not connected to the project in the environment, with a 400 in Octopus's shape", async () => {
    const { globex, test } = await ids();
    const releases = (await call('GET', '/api/Spaces-1/releases/all')).body as { Id: string }[];
    const classic = await call('POST', '/api/Spaces-1/deployments', {
      ReleaseId: releases[0].Id,
      EnvironmentId: test,
      TenantId: globex,
    });
    assert.equal(classic.status, 400);
    assert.deepEqual(classic.body.Errors, [
      "Tenant 'Globex' is not connected to project 'Web' in environment 'Test'; connect it (ProjectEnvironments) before deploying it there.",
    ]);
    assert.equal(typeof classic.body.ErrorMessage, 'string');
    const unknown = await call('POST', '/api/Spaces-1/deployments/create/tenanted/v1', {
      spaceIdOrName: 'Spaces-1',
      ProjectName: 'Web',
      ReleaseVersion: '1.0.0',
      EnvironmentName: 'Test',
      Tenants: ['Nobody'],
    });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.Errors[0], /^Unknown tenant 'Nobody'\. Known tenants: Acme, Globex/);
  });

  it('deployments/create/tenanted/v1 runs one deployment per tenant, each with its own values', async () => {
    const created = await call('POST', '/api/Spaces-1/deployments/create/tenanted/v1', {
      spaceIdOrName: 'Spaces-1',
      ProjectName: 'Web',
      ReleaseVersion: '1.0.0',
      EnvironmentName: 'Production',
      Tenants: ['Acme', 'Globex'],
      TenantTags: [],
    });
    assert.equal(created.status, 200, created.text);
    const tasks = created.body.DeploymentServerTasks as { DeploymentId: string; ServerTaskId: string }[];
    assert.equal(tasks.length, 2);
    const logs = [];
    for (const t of tasks) {
      const task = await waitForTask(t.ServerTaskId);
      const text = await log(t.ServerTaskId);
      assert.equal(task.State, 'Success', text);
      logs.push(text);
    }
    assert.match(logs[0], /Alias=acme Domain=acme\.example\.com Db=db\.acme Key=\*{8} Tenant=Acme/);
    assert.match(logs[1], /Alias=globex Domain=example\.com Db=db\.globex Key=\*{8} Tenant=Globex/);
    // Globex is tagged Hosting/Shared: the Dedicated-only step is skipped for it.
    assert.doesNotMatch(logs[1], /dedicated hosting/);
    // By tag: only Globex has Hosting/Shared.
    const byTag = await call('POST', '/api/Spaces-1/deployments/create/tenanted/v1', {
      spaceIdOrName: 'Spaces-1',
      ProjectName: 'Web',
      ReleaseVersion: '1.0.0',
      EnvironmentName: 'Production',
      TenantTags: ['Hosting/Shared'],
    });
    assert.equal(byTag.status, 200, byTag.text);
    assert.equal(byTag.body.DeploymentServerTasks.length, 1);
    const deployment = await call(
      'GET',
      `/api/Spaces-1/deployments/${byTag.body.DeploymentServerTasks[0].DeploymentId}`,
    );
    assert.equal(deployment.body.TenantId, (await ids()).globex);
    await waitForTask(byTag.body.DeploymentServerTasks[0].ServerTaskId);
  });
});
