import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  Client,
  DeploymentProcessRepository,
  DeploymentRepository,
  EnvironmentRepository,
  LifecycleRepository,
  PackageRepository,
  ProjectRepository,
  ReleaseRepository,
  ServerTaskRepository,
  ServerTaskWaiter,
  SpaceServerTaskRepository,
  type ClientConfiguration,
} from '@octopusdeploy/api-client';
import { writeTestWorkspace } from './testing/fixtures';
import { startServerProcess, waitFor, type ServerProcess } from './testing/serverProcess';
import { createZip } from './testing/zipWriter';

// The official client drives the server unchanged: the same calls the extension will make.
describe('contract: @octopusdeploy/api-client 3.11 against the server', () => {
  let dir: string;
  let server: ServerProcess;
  let client: Client;
  const space = 'Default';

  before(async () => {
    // axios sends loopback requests to HTTP_PROXY when one is set (docs/reference/octopus-api-contract.md §1.6).
    process.env.NO_PROXY = '127.0.0.1,localhost';
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-contract-'));
    const workspace = writeTestWorkspace(path.join(dir, 'workspace'), { scratch: path.join(dir, 'scratch') });
    server = await startServerProcess({ dataDir: path.join(dir, 'data'), workspace });
    const config: ClientConfiguration = {
      instanceURL: `${server.url}/api/`,
      apiKey: server.apiKey,
      userAgentApp: 'stepwise-contract-test/1.0',
    };
    client = await Client.create(config);
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('create release → deploy → wait for the task → read the details and the raw log', async () => {
    const projects = await new ProjectRepository(client, space).list({ partialName: 'Hello World', take: 1 });
    assert.equal(projects.Items[0].Name, 'Hello World');
    const project = projects.Items[0];

    const release = await new ReleaseRepository(client, space).create({
      spaceName: space,
      ProjectName: 'Hello World',
      ReleaseVersion: '1.0.0',
      ChannelName: 'Default',
      ReleaseNotes: 'notes',
      IgnoreIfAlreadyExists: true,
    });
    assert.equal(release.ReleaseVersion, '1.0.0');
    const listed = await new ReleaseRepository(client, space).listForProject(project.Id, {
      skip: 0,
      take: 5,
      searchByVersion: '1.0.0',
    });
    assert.equal(listed.Items[0].Id, release.ReleaseId);

    const deployment = await new DeploymentRepository(client, space).create({
      spaceName: space,
      ProjectName: 'Hello World',
      ReleaseVersion: '1.0.0',
      EnvironmentNames: ['Development'],
      UseGuidedFailure: false,
    });
    const [{ ServerTaskId, DeploymentId }] = deployment.DeploymentServerTasks;
    const environment = await new EnvironmentRepository(client, space).getEnvironmentByName('Development');
    assert.equal(environment?.Name, 'Development');
    const deployments = await new DeploymentRepository(client, space).list({
      take: 10,
      projects: [project.Id],
      environments: [environment!.Id],
    });
    assert.deepEqual(
      deployments.Items.map((d) => d.Id),
      [DeploymentId],
    );

    const polled: string[] = [];
    const task = await new ServerTaskWaiter(client, space).waitForServerTaskToComplete(ServerTaskId, 100, 30_000, (t) =>
      polled.push(t.State),
    );
    assert.equal(task?.State, 'Success');
    assert.equal(task?.FinishedSuccessfully, true);
    assert.ok(polled.length >= 1);

    const tasks = new SpaceServerTaskRepository(client, space);
    const details = await tasks.getDetails(ServerTaskId);
    assert.equal(details.Task.Id, ServerTaskId);
    assert.equal(details.ActivityLogs[0].Status, 'Success');
    const raw = await tasks.getRaw(ServerTaskId);
    assert.equal(typeof raw, 'string');
    assert.match(raw, /Hello, Development! from DevWeb01/);
    assert.match(raw, /password \*{8}/);
  });

  it('reads lifecycles and the deployment process, and pushes a package to the built-in feed', async () => {
    const lifecycles = await new LifecycleRepository(client, space).list({ take: 100 });
    const standard = lifecycles.Items.find((l) => l.Name === 'Standard')!;
    assert.deepEqual(
      standard.Phases.map((p) => p.Name),
      ['Development', 'Testing', 'Production'],
    );
    assert.equal((await new LifecycleRepository(client, space).get(standard.Id)).Name, 'Standard');

    const project = (await new ProjectRepository(client, space).list({ partialName: 'Web App', take: 1 })).Items[0];
    const process = await new DeploymentProcessRepository(client, space).get(project);
    assert.equal(process.Steps[0].Actions[0].ActionType, 'Octopus.TentaclePackage');

    const file = path.join(dir, 'Acme.Web.3.1.4.zip');
    writeFileSync(
      file,
      createZip({ 'config/app.conf': 'name=#{AppName}\n', 'appsettings.json': '{}', 'config/settings.yaml': 'a: 1\n' }),
    );
    await new PackageRepository(client, space).push([file]);
    const packages = await new PackageRepository(client, space).list({ nuGetPackageId: 'Acme.Web' });
    assert.deepEqual(
      packages.Items.map((p) => p.Version),
      ['3.1.4'],
    );
  });

  it('surfaces server refusals as OctopusError with the reasons, as for a real server', async () => {
    const releases = new ReleaseRepository(client, space);
    await releases.create({ spaceName: space, ProjectName: 'Quick', ReleaseVersion: '2.0.0' });
    await assert.rejects(
      releases.create({ spaceName: space, ProjectName: 'Quick', ReleaseVersion: '2.0.0' }),
      (error: { StatusCode: number; message: string }) => {
        assert.equal(error.StatusCode, 400);
        assert.equal(
          error.message,
          "There was a problem with your request.\nA release with version 2.0.0 already exists for project 'Quick'. Use another version, or IgnoreIfAlreadyExists to reuse it.",
        );
        return true;
      },
    );
    await assert.rejects(
      new DeploymentRepository(client, space).create({
        spaceName: space,
        ProjectName: 'Hello World',
        ReleaseVersion: '1.0.0',
        EnvironmentNames: ['Production'],
      }),
      /requires a successful deployment to 1 more of Test, Staging/,
    );
  });

  it('cancels a task through the unscoped route', async () => {
    const release = await new ReleaseRepository(client, space).create({
      spaceName: space,
      ProjectName: 'Slow',
      ReleaseVersion: '1.0.0',
    });
    const created = await new DeploymentRepository(client, space).create({
      spaceName: space,
      ProjectName: 'Slow',
      ReleaseVersion: release.ReleaseVersion,
      EnvironmentNames: ['Test'],
    });
    const id = created.DeploymentServerTasks[0].ServerTaskId;
    const tasks = new SpaceServerTaskRepository(client, space);
    await waitFor(
      async () => ((await tasks.getById(id)).State === 'Executing' ? true : undefined),
      'the task to start',
    );
    await new ServerTaskRepository(client).cancel(id);
    const [done] = await tasks.getByIds([id]);
    const final = done.IsCompleted
      ? done
      : await new ServerTaskWaiter(client, space).waitForServerTaskToComplete(id, 100, 10_000);
    assert.equal(final?.State, 'Canceled');
  });
});
