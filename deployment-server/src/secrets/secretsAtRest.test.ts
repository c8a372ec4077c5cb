import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServerProcess, waitForTask, type ServerProcess } from '../testing/serverProcess';

const DB_FILES = ['stepwise.db', 'stepwise.db-wal', 'stepwise.db-shm'];
const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

// Sensitive values at rest: a real server process, a real import and deployment, and the bytes
// of the real SQLite files.
describe('sensitive values at rest', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-secrets-'));
  const dataDir = path.join(dir, 'data');
  const scratch = path.join(dir, 'scratch');
  const workspace = path.join(dir, 'workspace');
  const SECRETS = {
    project: 'pr0ject-secret-value',
    library: 'l1brary-secret-value',
    prompted: 'pr0mpted-secret-value',
    property: 'pr0perty-secret-value',
  };
  let server: ServerProcess;

  before(async () => {
    mkdirSync(path.join(workspace, '.octopus'), { recursive: true });
    mkdirSync(scratch, { recursive: true });
    writeFileSync(
      path.join(workspace, '.octopus', 'space.yaml'),
      `environments: [Test]
lifecycles:
  - name: Anywhere
    phases:
      - name: All
        environments: [Test]
variable-sets:
  - name: Shared
    variables:
      LibraryToken:
        sensitive: true
        value: "${SECRETS.library}"
`,
    );
    writeFileSync(
      path.join(workspace, 'vault.process.yaml'),
      `project: Vault
lifecycle: Anywhere
variable-sets: [Shared]
variables:
  DbPassword:
    sensitive: true
    value: "${SECRETS.project}"
  Pin:
    sensitive: true
    prompt: { label: PIN }
    value: ""
steps:
  - name: Use secrets
    type: script
    script: |
      printf '%s|%s|%s' "#{DbPassword}" "$(get_octopusvariable LibraryToken)" "#{Pin}" > "${path.join(scratch, 'seen')}"
      env > "${path.join(scratch, 'env')}"
  - name: Secret body
    type: script
    script: echo placeholder
`,
    );
    server = await startServerProcess({
      dataDir,
      workspace,
      env: {
        STEPWISE_DATA_HINT: dataDir,
        npm_package_json: path.join(dataDir, 'package.json'),
        SOME_TOOL_HOME: path.join(dataDir, 'tool'),
      },
    });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps no sensitive value in plain text in the database files after an import, a process edit and a deployment, and the deployment still gets every value', async () => {
    // A sensitive action property (the second step's script body), as the API sets one.
    const project = await server.get('/api/Spaces-1/projects/vault');
    const process = await server.get(`/api/Spaces-1/projects/${project.Id}/deploymentprocesses`);
    process.Steps[1].Actions[0].Properties['Octopus.Action.Script.ScriptBody'] = {
      HasValue: true,
      NewValue: `printf '%s' ${SECRETS.property} > "${path.join(scratch, 'property')}"`,
    };
    const put = await server.request('PUT', `/api/Spaces-1/projects/${project.Id}/deploymentprocesses`, process);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body.Steps[1].Actions[0].Properties['Octopus.Action.Script.ScriptBody'], {
      HasValue: true,
      Hint: null,
    });

    const release = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Vault',
      ReleaseVersion: '1.0.0',
    });
    assert.equal(release.status, 201, release.text);
    const created = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
      ProjectName: 'Vault',
      ReleaseVersion: '1.0.0',
      EnvironmentNames: ['Test'],
      Variables: { Pin: SECRETS.prompted },
    });
    assert.equal(created.status, 200, created.text);
    const task = await waitForTask(server, created.body.DeploymentServerTasks[0].ServerTaskId);
    assert.equal(task.State, 'Success', (await server.request('GET', `/api/Spaces-1/tasks/${task.Id}/raw`)).text);

    // The scripts got the real values, decrypted from the release's snapshots.
    assert.equal(
      readFileSync(path.join(scratch, 'seen'), 'utf8'),
      `${SECRETS.project}|${SECRETS.library}|${SECRETS.prompted}`,
    );
    assert.equal(readFileSync(path.join(scratch, 'property'), 'utf8'), SECRETS.property);
    const deployment = await server.get(
      `/api/Spaces-1/deployments/${created.body.DeploymentServerTasks[0].DeploymentId}`,
    );
    assert.deepEqual(deployment.FormValues, { Pin: '********' });

    for (const name of DB_FILES) {
      const file = path.join(dataDir, name);
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file).toString('latin1');
      for (const [kind, secret] of Object.entries(SECRETS))
        assert.ok(!bytes.includes(secret), `${name} holds the ${kind} secret in plain text`);
      assert.equal(modeOf(file), '600', name);
    }
    const allFiles = DB_FILES.filter((f) => existsSync(path.join(dataDir, f)))
      .map((f) => readFileSync(path.join(dataDir, f)).toString('latin1'))
      .join('');
    assert.ok(allFiles.includes('stepwise-sealed:v1:'), 'the values are there, encrypted');
    assert.equal(modeOf(path.join(dataDir, 'master-key')), '600');
    assert.equal(modeOf(path.join(dataDir, 'api-key')), '600');
  });

  it('gives scripts no environment variable that reveals the API key, the master key or the data folder', () => {
    const env = readFileSync(path.join(scratch, 'env'), 'utf8');
    const masterKey = readFileSync(path.join(dataDir, 'master-key'), 'utf8').trim();
    assert.ok(!env.includes(server.apiKey), 'the API key');
    assert.ok(!env.includes(masterKey), 'the master key');
    assert.ok(
      !env.includes(dataDir),
      `the data folder:\n${env
        .split('\n')
        .filter((l) => l.includes(dataDir))
        .join('\n')}`,
    );
    assert.doesNotMatch(env, /^(STEPWISE_|npm_)/m);
    assert.match(env, /^PATH=/m, 'the rest of the environment is passed on');
  });
});
