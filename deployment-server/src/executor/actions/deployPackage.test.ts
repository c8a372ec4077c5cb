import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServerProcess, waitForTask, type ServerProcess } from '../../testing/serverProcess';
import { createZip, multipartBody } from '../../testing/zipWriter';

// "Purge before deployment" empties the installation directory: a real server, a real package,
// real folders, so a refusal that does not hold deletes real files here.
describe('deploy a package with "purge before deployment"', () => {
  let dir: string;
  let dataDir: string;
  let workspace: string;
  let server: ServerProcess;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-purge-'));
    dataDir = path.join(dir, 'data');
    workspace = path.join(dir, 'workspace');
    mkdirSync(path.join(workspace, '.octopus'), { recursive: true });
    writeFileSync(
      path.join(workspace, '.octopus', 'space.yaml'),
      'environments: [Test]\nlifecycles:\n  - name: Anywhere\n    phases:\n      - name: All\n        environments: [Test]\n',
    );
    writeFileSync(
      path.join(workspace, 'purge.process.yaml'),
      `project: Purge
lifecycle: Anywhere
variables:
  Target:
    prompt: { label: Target, required: true }
    value: ""
steps:
  - name: Install
    type: deploy-package
    package: { id: Acme.Purge }
    features:
      custom-install-directory: "#{Target}"
    properties:
      Octopus.Action.Package.CustomInstallationDirectoryShouldBePurgedBeforeDeployment: "True"
`,
    );
    server = await startServerProcess({ dataDir, workspace });
    const upload = multipartBody('fileToUpload', 'Acme.Purge.1.0.0.zip', createZip({ 'app.txt': 'new\n' }));
    const uploaded = await server.request('POST', '/api/Spaces-1/packages/raw', undefined, {
      raw: upload.body,
      headers: { 'Content-Type': upload.contentType },
    });
    assert.equal(uploaded.status, 201, uploaded.text);
    const release = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Purge',
      ReleaseVersion: '1.0.0',
    });
    assert.equal(release.status, 201, release.text);
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const deployTo = async (target: string) => {
    const created = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
      ProjectName: 'Purge',
      ReleaseVersion: '1.0.0',
      EnvironmentNames: ['Test'],
      Variables: { Target: target },
    });
    assert.equal(created.status, 200, created.text);
    const taskId = created.body.DeploymentServerTasks[0].ServerTaskId as string;
    const task = await waitForTask(server, taskId);
    return { task, log: (await server.request('GET', `/api/Spaces-1/tasks/${taskId}/raw`)).text };
  };
  const feedFiles = () =>
    readdirSync(path.join(dataDir, 'packages'), { recursive: true }).filter((f) => String(f).endsWith('.zip'));

  it('refuses a folder inside the data folder (the built-in feed), and the feed keeps its files', async () => {
    assert.equal(feedFiles().length, 1);
    const { task, log } = await deployTo(path.join(dataDir, 'packages'));
    assert.equal(task.State, 'Failed', log);
    assert.match(
      log,
      /Refusing to purge '.*[/\\]packages' before deployment: it is inside the Stepwise server's data folder/,
    );
    assert.doesNotMatch(log, /Purging /);
    assert.equal(feedFiles().length, 1, 'the feed still has its package');
    assert.equal((await server.request('GET', '/api/Spaces-1/packages/packages-Acme.Purge.1.0.0/raw')).status, 200);
    assert.ok(existsSync(path.join(dataDir, 'stepwise.db')));
  });

  it('refuses the data folder itself, a folder containing it, a link into it, and the workspace', async () => {
    const link = path.join(dir, 'link-to-feed');
    symlinkSync(path.join(dataDir, 'packages'), link);
    for (const [target, reason] of [
      [dataDir, /inside the Stepwise server's data folder/],
      [dir, /contains the Stepwise server's data folder/],
      [link, /link-to-feed' \(which is .*packages\) before deployment: it is inside the Stepwise server's data folder/],
      [workspace, /it is the workspace the server imports/],
      ['/', /the root or a folder directly under it/],
    ] as const) {
      const { task, log } = await deployTo(target);
      assert.equal(task.State, 'Failed', `${target}: ${log}`);
      assert.match(log, reason);
      assert.doesNotMatch(log, /Purging /);
    }
    assert.equal(feedFiles().length, 1);
    assert.ok(existsSync(path.join(workspace, 'purge.process.yaml')));
  });

  it('purges an ordinary folder and installs into it', async () => {
    const app = path.join(dir, 'apps', 'purge');
    mkdirSync(app, { recursive: true });
    writeFileSync(path.join(app, 'stale.txt'), 'old\n');
    const { task, log } = await deployTo(app);
    assert.equal(task.State, 'Success', log);
    assert.match(log, /Purging .*purge/);
    assert.deepEqual(readdirSync(app), ['app.txt']);
  });
});
