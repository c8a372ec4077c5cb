import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createArchive, streamUpload } from '../testing/archives';
import { writeOctopusWorkspace } from '../testing/octopusWorkspace';
import { startServerProcess, waitForTask, type ServerProcess } from '../testing/serverProcess';
import { multipartBody } from '../testing/zipWriter';

// Octopus's routes as users' scripts call them (issue 11), against the real server process.
describe('Octopus routes and the classic resource API', () => {
  let dir: string;
  let server: ServerProcess;
  const upload = (fileName: string, data: Buffer, query = '') => {
    const { body, contentType } = multipartBody('fileToUpload', fileName, data);
    return server.request('POST', `/api/Spaces-1/packages/raw${query}`, undefined, {
      raw: body,
      headers: { 'Content-Type': contentType },
    });
  };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-routes-'));
    const workspace = writeOctopusWorkspace(path.join(dir, 'workspace'), path.join(dir, 'install'));
    server = await startServerProcess({ dataDir: path.join(dir, 'data'), workspace });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the six calls of the issue as Octopus does', async () => {
    const spaces = await server.request('GET', '/api/spaces/all');
    assert.equal(spaces.status, 200);
    assert.deepEqual(
      spaces.body.map((s: { Id: string }) => s.Id),
      ['Spaces-1'],
    );
    for (const collection of [
      'environments',
      'projects',
      'lifecycles',
      'feeds',
      'machines',
      'channels',
      'libraryvariablesets',
    ]) {
      const all = await server.request('GET', `/api/Spaces-1/${collection}/all`);
      assert.equal(all.status, 200, collection);
      assert.ok(Array.isArray(all.body) && all.body.length > 0, `${collection}/all is a non-empty array`);
    }
    const environments = await server.get('/api/Spaces-1/environments/all');
    const env = (name: string) => environments.find((e: { Name: string }) => e.Name === name).Id as string;
    const process = await server.request('GET', '/api/Spaces-1/DeploymentProcesses/deploymentprocess-Projects-1');
    assert.equal(process.status, 200, process.text);
    assert.equal(process.body.Id, 'deploymentprocess-Projects-1');

    const tarball = createArchive('.tar.gz', { 'index.html': '<h1>webapp 1.0.2</h1>' });
    const uploaded = await upload('webapp.1.0.2.tar.gz', tarball);
    assert.equal(uploaded.status, 201, uploaded.text);
    assert.deepEqual(
      [uploaded.body.PackageId, uploaded.body.Version, uploaded.body.FileExtension],
      ['webapp', '1.0.2', '.tar.gz'],
    );

    const release = await server.post('/api/Spaces-1/releases', {
      ProjectId: 'Projects-1',
      Version: '1.0.2',
      SelectedPackages: [{ ActionName: 'Deploy webapp', Version: '1.0.2' }],
    });
    assert.equal(release.status, 201, release.text);
    assert.equal(release.body.Version, '1.0.2');
    assert.deepEqual(
      release.body.SelectedPackages.map((p: { Version: string }) => p.Version),
      ['1.0.2'],
    );

    const deployment = await server.post('/api/Spaces-1/deployments', {
      ReleaseId: release.body.Id,
      EnvironmentId: env('Development'),
    });
    assert.equal(deployment.status, 201, deployment.text);
    assert.equal(deployment.body.EnvironmentId, env('Development'));
    const task = await waitForTask(server, deployment.body.TaskId);
    assert.equal(task.State, 'Success', (await server.request('GET', `/api/tasks/${task.Id}/raw`)).text);
    assert.equal(readFileSync(path.join(dir, 'install', 'Development', 'index.html'), 'utf8'), '<h1>webapp 1.0.2</h1>');
  });

  it('routes are case-insensitive, ids are found in any case, and each space route answers without the space', async () => {
    for (const route of [
      '/api/spaces-1/deploymentprocesses/deploymentprocess-projects-1',
      '/API/SPACES-1/PROJECTS/PROJECTS-1',
      '/api/projects/Projects-1',
      '/api/deploymentprocesses/deploymentprocess-Projects-1',
      '/api/variables/variableset-Projects-1',
      '/api/spaces/Spaces-1/projects/all',
    ]) {
      const response = await server.request('GET', route);
      assert.equal(response.status, 200, `${route}: ${response.text}`);
    }
    const paged = await server.get('/api/projects?take=1');
    assert.equal(paged.ItemType, 'Project');
    const all = await server.get('/api/projects/all');
    assert.deepEqual(
      all.map((p: { Id: string }) => p.Id),
      paged.Items.map((p: { Id: string }) => p.Id),
    );
  });

  it('creates releases by StepName too, changes and deletes them, and shows template and progression', async () => {
    const created = await server.post('/api/releases', {
      ProjectId: 'Projects-1',
      Version: '1.1.0',
      ReleaseNotes: 'first',
      SelectedPackages: [{ StepName: 'Deploy webapp', Version: '1.0.2' }],
    });
    assert.equal(created.status, 201, created.text);
    const id = created.body.Id as string;
    const changed = await server.request('PUT', `/api/Spaces-1/releases/${id}`, {
      ...created.body,
      Version: '1.1.1',
      ReleaseNotes: 'second',
    });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual([changed.body.Version, changed.body.ReleaseNotes], ['1.1.1', 'second']);
    assert.equal((await server.get(`/api/Spaces-1/releases/${id}`)).Version, '1.1.1');

    const template = await server.get(`/api/Spaces-1/releases/${id}/deployments/template`);
    assert.deepEqual(
      template.PromoteTo.map((e: { Name: string }) => e.Name),
      ['Development'],
    );
    assert.equal(template.IsDeploymentProcessModified, false);
    const progression = await server.get(`/api/Spaces-1/releases/${id}/progression`);
    assert.deepEqual(
      progression.Phases.map((p: { Name: string; Progress: string; Blocked: boolean }) => [
        p.Name,
        p.Progress,
        p.Blocked,
      ]),
      [
        ['Development', 'Current', false],
        ['Test', 'Pending', true],
        ['Production', 'Pending', true],
      ],
    );

    const deleted = await server.request('DELETE', `/api/Spaces-1/releases/${id}`);
    assert.equal(deleted.status, 200);
    assert.equal((await server.request('GET', `/api/Spaces-1/releases/${id}`)).status, 404);
  });

  it('deploys with the DeploymentResource options and promotes a release along its lifecycle', async () => {
    const release = (await server.get('/api/Spaces-1/projects/Projects-1/releases/1.0.2')) as { Id: string };
    const environments = await server.get('/api/environments/all');
    const env = (name: string) => environments.find((e: { Name: string }) => e.Name === name).Id as string;
    const process = await server.get('/api/Spaces-1/deploymentprocesses/deploymentprocess-Projects-1');
    const sayDone = process.Steps[1].Actions[0].Id as string;
    const refused = await server.post('/api/Spaces-1/deployments', {
      ReleaseId: release.Id,
      EnvironmentId: env('Production'),
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.Errors[0], /requires a successful deployment to Test/);
    const promoted = await server.post('/api/Spaces-1/deployments', {
      ReleaseId: release.Id,
      EnvironmentId: env('Test'),
      SkipActions: [sayDone],
      SpecificMachineIds: ['Machines-1'],
      Comments: 'promoted by script',
      UseGuidedFailure: false,
    });
    assert.equal(promoted.status, 201, promoted.text);
    assert.deepEqual(promoted.body.SkipActions, [sayDone]);
    assert.equal(promoted.body.Comments, 'promoted by script');
    const task = await waitForTask(server, promoted.body.TaskId);
    assert.equal(task.State, 'Success');
    const log = (await server.request('GET', `/api/tasks/${task.Id}/raw`)).text;
    assert.doesNotMatch(log, /is in Test/);
    const progression = await server.get(`/api/Spaces-1/releases/${release.Id}/progression`);
    assert.deepEqual(progression.NextDeployments, [env('Production')]);
  });

  it('creates, changes and deletes projects, environments and targets; the dashboard shows the newest deployments', async () => {
    const env = await server.post('/api/environments', { Name: 'QA' });
    assert.equal(env.status, 201, env.text);
    assert.equal((await server.post('/api/environments', { Name: 'qa' })).status, 400, 'names are unique, in any case');
    const target = await server.post('/api/Spaces-1/machines', {
      Name: 'qa01',
      Roles: ['web'],
      EnvironmentIds: ['QA'],
    });
    assert.equal(target.status, 201, target.text);
    assert.deepEqual(
      [target.body.EnvironmentIds, target.body.Status, target.body.HealthStatus],
      [[env.body.Id], 'Online', 'Healthy'],
    );
    const retagged = await server.request('PUT', `/api/Spaces-1/machines/${target.body.Id}`, {
      ...target.body,
      Roles: ['web', 'api'],
    });
    assert.deepEqual(retagged.body.Roles, ['web', 'api']);
    assert.equal(
      (await server.request('DELETE', `/api/Spaces-1/environments/${env.body.Id}`)).status,
      400,
      'a target still uses it',
    );
    assert.equal((await server.request('DELETE', `/api/Spaces-1/machines/${target.body.Id}`)).status, 200);
    assert.equal((await server.request('DELETE', `/api/Spaces-1/environments/${env.body.Id}`)).status, 200);
    assert.equal((await server.request('GET', `/api/Spaces-1/environments/${env.body.Id}`)).status, 404);

    const project = await server.post('/api/Spaces-1/projects', {
      Name: 'Scripted',
      LifecycleId: 'Standard',
      Description: 'made by a script',
    });
    assert.equal(project.status, 201, project.text);
    assert.equal((await server.get(`/api/Spaces-1/projects/${project.body.Id}/channels/all`)).length, 1);
    assert.deepEqual((await server.get(`/api/Spaces-1/projects/${project.body.Id}/deploymentprocesses`)).Steps, []);
    const renamed = await server.request('PUT', `/api/Spaces-1/projects/${project.body.Id}`, {
      ...project.body,
      Name: 'Scripted app',
    });
    assert.equal(renamed.body.Name, 'Scripted app');
    const settings = await server.request('PUT', `/api/Spaces-1/projects/${project.body.Id}/deploymentsettings`, {
      DefaultGuidedFailureMode: 'Off',
      VersioningStrategy: { Template: '1.0.#{Octopus.Version.NextPatch}' },
    });
    assert.equal(settings.status, 200, settings.text);
    assert.equal(settings.body.VersioningStrategy.Template, '1.0.#{Octopus.Version.NextPatch}');
    const lookalike = await server.post('/api/Spaces-1/projects', { Name: 'Projects 2024' });
    assert.equal(
      (await server.request('GET', '/api/Spaces-1/projects/projects-2024')).body.Id,
      lookalike.body.Id,
      'a slug that looks like an id is still found',
    );
    assert.equal(
      (await server.request('GET', '/api/Spaces-1/projects/WEBAPP')).body.Id,
      'Projects-1',
      'slugs in any case',
    );
    assert.equal((await server.request('DELETE', `/api/Spaces-1/projects/${project.body.Id}`)).status, 200);
    assert.equal((await server.request('GET', `/api/Spaces-1/projects/${project.body.Id}`)).status, 404);

    const dashboard = await server.get('/api/Spaces-1/dashboard');
    const item = dashboard.Items.find(
      (i: { ProjectId: string; EnvironmentId: string }) =>
        i.ProjectId === 'Projects-1' && i.EnvironmentId === 'Environments-1',
    );
    assert.deepEqual([item.ReleaseVersion, item.State, item.IsCurrent], ['1.0.2', 'Success', true]);
    assert.deepEqual((await server.get('/api/users/me')).Id, 'Users-1');
    assert.deepEqual((await server.get('/api/teams/all'))[0].MemberUserIds, ['Users-1']);
  });

  it('takes every package format, reads versions from file names, and honours replace and overwriteMode', async () => {
    for (const [name, id, version] of [
      ['Acme.Api.3.1.0.tar.bz2', 'Acme.Api', '3.1.0'],
      ['Acme.Api.3.1.1.tgz', 'Acme.Api', '3.1.1'],
      ['Acme.Api.3.2.0-rc.1.tar', 'Acme.Api', '3.2.0-rc.1'],
      ['shop.1.2.3.4.war', 'shop', '1.2.3.4'],
      ['my-service.2.0.0.jar', 'my-service', '2.0.0'],
      ['suite.10.0.0.ear', 'suite', '10.0.0'],
    ]) {
      const ext = name.slice(name.indexOf(version) + version.length);
      const response = await upload(name, createArchive(ext, { 'a.txt': name }));
      assert.equal(response.status, 201, `${name}: ${response.text}`);
      assert.deepEqual([response.body.PackageId, response.body.Version], [id, version], name);
    }
    const again = createArchive('.tgz', { 'a.txt': 'again' });
    assert.equal((await upload('Acme.Api.3.1.1.tgz', again)).status, 400);
    assert.equal((await upload('Acme.Api.3.1.1.tgz', again, '?overwriteMode=IgnoreIfExists')).status, 200);
    const replaced = await upload('Acme.Api.3.1.1.tgz', again, '?replace=true');
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.PackageSizeBytes, again.length);
    assert.equal((await upload('Acme.Api.3.1.1.tgz', again, '?overwriteMode=Sometimes')).status, 400);
    const notArchive = await upload('Acme.Api.9.0.0.tar.gz', Buffer.from('plain text'));
    assert.equal(notArchive.status, 400);
    assert.match(notArchive.body.Errors[0], /not a valid \.tar\.gz archive/);
  });

  it('bounds versions (issue 9): a huge release version is a 400 and later releases still get a version', async () => {
    const huge = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'webapp',
      ReleaseVersion: `1.0.${'9'.repeat(10_000)}`,
    });
    assert.equal(huge.status, 400);
    assert.match(huge.body.Errors[0], /at most 349/);
    assert.ok(huge.text.length < 1000, 'the answer does not echo the whole version');
    const big = await server.post('/api/Spaces-1/releases', {
      ProjectId: 'Projects-1',
      Version: '1.0.2147483648',
      SelectedPackages: [{ ActionName: 'Deploy webapp', Version: '1.0.2' }],
    });
    assert.equal(big.status, 400);
    const next = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'webapp',
      Packages: ['Deploy webapp:1.0.2'],
    });
    assert.equal(next.status, 201, next.text);
    assert.match(next.body.ReleaseVersion, /^\d+\.\d+\.\d+$/);
  });

  it('refuses an overlong package file name with a 400 that names no server path (issue 9)', async () => {
    const response = await upload(`A.1.0.${'1'.repeat(300)}.zip`, createArchive('.zip', { a: 'b' }));
    assert.equal(response.status, 400, response.text);
    assert.ok(!response.text.includes(server.dataDir), response.text);
    assert.ok(!/ENAMETOOLONG/.test(response.text));
  });

  it('answers errors in Octopus shape: unknown routes 404, long URLs 414, big headers 431, and logs 500s without paths', async () => {
    const unknown = await server.request('GET', '/api/Spaces-1/nothing/here');
    assert.equal(unknown.status, 404);
    assert.deepEqual(Object.keys(unknown.body), ['ErrorMessage', 'Errors']);
    const long = await server.request('GET', `/api/Spaces-1/projects?partialName=${'x'.repeat(9000)}`);
    assert.equal(long.status, 414);
    assert.match(long.body.Errors[0], /longer than the 8192/);
    const headers = await server.request('GET', '/api/Spaces-1/projects', undefined, {
      headers: { 'X-Big': 'y'.repeat(20_000) },
    });
    assert.equal(headers.status, 431);
    assert.match(headers.body.Errors[0], /16 KB/);

    // A file where the feed's folder should be: the upload fails inside the server (a 500).
    const blocker = path.join(server.dataDir, 'packages', 'Spaces-1');
    rmSync(blocker, { recursive: true, force: true });
    mkdirSync(path.dirname(blocker), { recursive: true });
    writeFileSync(blocker, 'not a folder');
    try {
      const failed = await upload('webapp.9.9.9.zip', createArchive('.zip', { a: 'b' }));
      assert.equal(failed.status, 500);
      assert.deepEqual(Object.keys(failed.body), ['ErrorMessage', 'Errors']);
      assert.ok(!failed.text.includes(server.dataDir), failed.text);
      const id = /error ([0-9a-f]{8})/.exec(failed.body.Errors[0])?.[1];
      assert.ok(id, failed.text);
      const logged = server
        .output()
        .split('\n')
        .filter((line) => line.includes(`error ${id}`));
      assert.equal(logged.length, 1, server.output());
      assert.match(logged[0], /500 POST \/api\/Spaces-1\/packages\/raw/);
    } finally {
      rmSync(blocker, { force: true });
    }
  });

  it('streams uploads: during an 80 MB upload the server grows by less than half the file (issue 9)', async () => {
    const { randomBytes } = await import('node:crypto');
    const { execFileSync } = await import('node:child_process');
    // Random bytes, so nothing on the way can shrink them; tar, so the server reads the whole file.
    const tarOf = (name: string, megabytes: number) => {
      const content = path.join(dir, `${name}-content`);
      mkdirSync(content);
      for (let i = 0; i < megabytes / 8; i++)
        writeFileSync(path.join(content, `part${i}.bin`), randomBytes(8 * 1024 * 1024));
      const file = path.join(dir, `${name}.tar`);
      execFileSync('tar', ['-cf', file, '-C', content, '.']);
      rmSync(content, { recursive: true });
      return file;
    };
    const status = () => readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    const peak = () => Number(/VmHWM:\s+(\d+) kB/.exec(status())?.[1]) * 1024;
    // A first, small upload settles what any upload costs once (buffers, code paths).
    const small = tarOf('small', 8);
    assert.equal(
      (await streamUpload(`${server.url}/api/Spaces-1/packages/raw`, server.apiKey, small, 'Small.Upload.1.0.0.tar'))
        .status,
      201,
    );
    const file = tarOf('big', 80);
    const size = readFileSync(file).length;
    const before = peak();
    const response = await streamUpload(
      `${server.url}/api/Spaces-1/packages/raw`,
      server.apiKey,
      file,
      'Big.Upload.1.0.0.tar',
    );
    assert.equal(response.status, 201, response.text);
    const growth = peak() - before;
    // Held in memory, the body alone would add the file's size (and its copies twice that).
    assert.ok(
      growth < size / 2,
      `the server's peak RSS grew by ${Math.round(growth / 1024 / 1024)} MB for a ${Math.round(size / 1024 / 1024)} MB upload`,
    );
    assert.equal(JSON.parse(response.text).PackageSizeBytes, size);
  });
});
