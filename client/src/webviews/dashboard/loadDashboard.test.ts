import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestDeploymentServer, type TestDeploymentServer } from '../../../../test/support/deploymentServer';
import { checkConnection } from '../../octopus/checkConnection';
import { OctopusClient } from '../../octopus/octopusClient';
import { dashboardFromResource, type DashboardResource } from './dashboardModel';
import { loadDashboard } from './loadDashboard';
import { renderDashboard } from './renderDashboard';

describe('the environments dashboard from a real server', () => {
  let server: TestDeploymentServer;
  let client: OctopusClient;
  const requests: string[] = [];
  before(async () => {
    server = await startTestDeploymentServer();
    const check = await checkConnection({ url: server.url, apiKey: server.apiKey });
    client = new OctopusClient({
      url: server.url,
      apiKey: server.apiKey,
      spaceId: check.client.spaceId,
      onResponse: (r) => requests.push(`${r.method} ${new URL(r.url).pathname} ${r.status}`),
    });
  });
  after(async () => {
    await server?.close();
  });

  async function waitIdle() {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const model = await loadDashboard(client, 'Local');
      if (!model.active) return model;
      if (Date.now() > deadline) throw new Error('tasks still running after 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('shows each project × environment: the release there, its state, and what waits for promotion', async () => {
    await client.createRelease({ ProjectName: 'Hello E2E', ReleaseVersion: '1.0.0' });
    await waitIdle();
    await client.createDeployment({ ProjectName: 'Hello E2E', ReleaseVersion: '1.0.0', EnvironmentNames: ['Test'] });
    await client.createRelease({ ProjectName: 'Hello E2E', ReleaseVersion: '1.1.0' });
    const model = await waitIdle();
    assert.deepEqual(model.environments, ['Development', 'Test', 'Production']);
    assert.deepEqual(
      model.projects.map((p) => [
        p.name,
        p.cells.map((c) => (c ? `${c.releaseVersion} ${c.state}${c.promoteTo ? ` → ${c.promoteTo}` : ''}` : '-')),
      ]),
      [
        ['Approval E2E', ['-', '-', '-']],
        ['Hello E2E', ['1.1.0 success → Test', '1.0.0 success → Production', '-']],
        ['ocl-e2e', ['-', '-', '-']],
        ['Rules E2E', ['-', '-', '-']],
      ],
    );
    const html = renderDashboard(model);
    assert.match(html, /<th scope="row">Hello E2E<\/th>/);
    assert.match(html, /ready for Test/);
    assert.match(html, /Deploy to Production/);
  });

  it('takes a handful of requests however many cells: no request per cell', async () => {
    requests.length = 0;
    await loadDashboard(client, 'Local');
    // The local server has no /dashboard yet (404), then projects, environments, deployments, tasks, releases.
    const dashboard = requests.filter((r) => r.includes('/dashboard'));
    assert.ok(requests.length <= 6, requests.join('\n'));
    assert.ok(dashboard.length === 1 && (dashboard[0].endsWith(' 200') || requests.length === 6), requests.join('\n'));
  });
});

describe("dashboardFromResource (the shape of Octopus's GET /api/{space}/dashboard)", () => {
  it('keeps the current items, sorts environments by SortOrder and marks what waits for promotion', () => {
    const resource: DashboardResource = {
      Projects: [{ Id: 'Projects-1', Name: 'Shop' }],
      Environments: [
        { Id: 'Environments-3', Name: 'Production', SortOrder: 3 },
        { Id: 'Environments-1', Name: 'Test', SortOrder: 1 },
      ],
      Items: [
        {
          ProjectId: 'Projects-1',
          EnvironmentId: 'Environments-1',
          ReleaseId: 'Releases-2',
          ReleaseVersion: '2.0.0',
          DeploymentId: 'Deployments-5',
          TaskId: 'ServerTasks-5',
          State: 'Success',
          Created: '2026-01-02T00:00:00Z',
          IsCurrent: true,
        },
        {
          ProjectId: 'Projects-1',
          EnvironmentId: 'Environments-1',
          ReleaseId: 'Releases-1',
          ReleaseVersion: '1.0.0',
          DeploymentId: 'Deployments-1',
          TaskId: 'ServerTasks-1',
          State: 'Success',
          Created: '2026-01-01T00:00:00Z',
          IsCurrent: false,
        },
        {
          ProjectId: 'Projects-1',
          EnvironmentId: 'Environments-3',
          ReleaseId: 'Releases-1',
          ReleaseVersion: '1.0.0',
          DeploymentId: 'Deployments-2',
          TaskId: 'ServerTasks-2',
          State: 'Executing',
          HasPendingInterruptions: true,
          Created: '2026-01-01T01:00:00Z',
          IsCurrent: true,
        },
      ],
    };
    const model = dashboardFromResource('Octopus', resource, new Date('2026-01-03T00:00:00Z'));
    assert.deepEqual(model.environments, ['Test', 'Production']);
    assert.deepEqual(
      model.projects[0].cells.map((c) => [c?.releaseVersion, c?.state, c?.promoteTo]),
      [
        ['2.0.0', 'success', 'Production'],
        ['1.0.0', 'waiting', undefined],
      ],
    );
    assert.equal(model.active, true);
  });
});

describe('the list-built dashboard at size', () => {
  it('50 projects × 6 environments: every cell filled and drawn', async () => {
    const { dashboardFromLists } = await import('./dashboardModel');
    const environments = Array.from({ length: 6 }, (_, i) => ({
      Id: `Environments-${i}`,
      Name: `Env ${i}`,
      SortOrder: i,
    }));
    const projects = Array.from({ length: 50 }, (_, i) => ({
      Id: `Projects-${i}`,
      Name: `Project ${String(i).padStart(2, '0')}`,
      SpaceId: 'Spaces-1',
      LifecycleId: '',
      VariableSetId: '',
      DeploymentProcessId: '',
    }));
    const deployments = projects.flatMap((p, i) =>
      environments.map((e, j) => ({
        Id: `D-${i}-${j}`,
        ProjectId: p.Id,
        EnvironmentId: e.Id,
        ReleaseId: `R-${i}-${j}`,
        TaskId: `T-${i}-${j}`,
        Created: new Date(Date.UTC(2026, 0, 1, 0, 60 - j * 10)).toISOString(),
      })),
    );
    const model = dashboardFromLists('Big', {
      projects,
      environments,
      deployments,
      tasks: deployments.map((d) => ({
        Id: d.TaskId,
        Name: 'Deploy',
        Description: '',
        State: 'Success',
        IsCompleted: true,
        HasPendingInterruptions: false,
      })),
      releases: deployments.map((d) => ({
        Id: d.ReleaseId,
        ProjectId: d.ProjectId,
        ChannelId: 'c',
        Version: d.ReleaseId.replace('R-', '1.'),
        Assembled: d.Created,
      })),
    });
    assert.equal(model.projects.length, 50);
    assert.ok(model.projects.every((p) => p.cells.length === 6 && p.cells.every(Boolean)));
    const html = renderDashboard(model);
    assert.equal(html.match(/class="dcell /g)?.length, 300);
  });
});
