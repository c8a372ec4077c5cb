// Release and deploy through the extension's commands and view, against a local deployment
// server the harness started (test/e2e/lib/deploymentServer.mjs; its URL and key come in
// STEPWISE_E2E_SERVER_URL / STEPWISE_E2E_SERVER_KEY). The commands take their answers as
// arguments, so nothing waits on a prompt.
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { test } = require('./harness');
const { repoRoot, openFile } = require('./support');

const serverUrl = process.env.STEPWISE_E2E_SERVER_URL;
const apiKey = process.env.STEPWISE_E2E_SERVER_KEY;
const SERVER_NAME = 'E2E Server';
const deployDir = path.join(repoRoot, 'test-fixtures', 'e2e', 'deploy');

/** A copy of the approval fixture outside the repo, so pushing (which saves) never edits a fixture. */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-e2e-process-'));
const processFile = path.join(scratch, 'approval-e2e.process.yaml');
fs.mkdirSync(path.join(scratch, '.octopus'));
fs.copyFileSync(path.join(deployDir, '.octopus', 'space.yaml'), path.join(scratch, '.octopus', 'space.yaml'));
fs.writeFileSync(
  processFile,
  fs
    .readFileSync(path.join(deployDir, 'approval-e2e.process.yaml'), 'utf8')
    .replace('Approved and done in', 'Approved from VS Code, done in'),
);

/** State shared by the tests below, in order. */
const run = { connection: undefined, release: undefined, taskId: undefined };

function requireServer() {
  if (process.env.STEPWISE_E2E_SERVER_ERROR)
    throw new Error(`the local deployment server did not start: ${process.env.STEPWISE_E2E_SERVER_ERROR}`);
  if (!serverUrl || !apiKey)
    throw new Error(
      'no local deployment server: run these tests through test/e2e/run.mjs or desktop.mjs, which start one (STEPWISE_E2E_SERVER_URL, STEPWISE_E2E_SERVER_KEY)',
    );
}

async function api() {
  const extension = vscode.extensions.all.find(
    (e) => e.packageJSON.name === 'stepwise' && e.packageJSON.publisher === 'stepwise',
  );
  return (await extension.activate()).services;
}

/** The server's API, straight, to check what the extension did. */
async function octopus(route) {
  const response = await fetch(`${serverUrl}${route}`, { headers: { 'X-Octopus-ApiKey': apiKey } });
  if (!response.ok) throw new Error(`GET ${route} → ${response.status}: ${await response.text()}`);
  return response.json();
}

async function waitFor(what, probe, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const task = (id) => octopus(`/api/Spaces-1/tasks/${id}`);

test('Add Server refuses a wrong key, saying so, and keeps nothing', async () => {
  requireServer();
  await assert.rejects(
    vscode.commands.executeCommand('stepwise.addServer', {
      url: serverUrl,
      apiKey: 'API-WRONGWRONGWRONGWRONGWRONGW',
      name: SERVER_NAME,
    }),
    /is an Octopus server, but it did not accept the API key\.$/,
  );
  const servers = vscode.workspace.getConfiguration('stepwise').get('servers');
  assert.ok(!servers.some((s) => s.name === SERVER_NAME), 'a server that failed its check is not kept');
});

test('Add Server checks the URL and key, keeps the server in settings and the key out of them', async () => {
  requireServer();
  run.connection = await vscode.commands.executeCommand('stepwise.addServer', {
    url: `${serverUrl}/api/`,
    apiKey,
    name: SERVER_NAME,
  });
  assert.ok(run.connection, 'the command returns the new connection');
  assert.strictEqual(run.connection.url, serverUrl);
  const servers = vscode.workspace.getConfiguration('stepwise').get('servers');
  assert.deepStrictEqual(
    servers.find((s) => s.name === SERVER_NAME),
    { name: SERVER_NAME, url: serverUrl },
  );
  assert.ok(
    !JSON.stringify(vscode.workspace.getConfiguration('stepwise')).includes(apiKey),
    'the API key is not in any setting',
  );
});

test('Create Release pushes the changed process file first, then creates the release', async () => {
  requireServer();
  await openFile(processFile);
  const created = await vscode.commands.executeCommand('stepwise.createRelease', {
    file: processFile,
    connection: SERVER_NAME,
    version: '1.0.0',
    releaseNotes: 'From the extension-host tests',
    push: true,
  });
  assert.ok(created && created.release, 'the command returns the release');
  run.release = created.release;
  assert.strictEqual(run.release.Version, '1.0.0');
  const project = (await octopus('/api/Spaces-1/projects?partialName=Approval')).Items[0];
  const process = await octopus(`/api/Spaces-1/projects/${project.Id}/deploymentprocesses`);
  const finish = process.Steps.find((s) => s.Name === 'Finish').Actions[0];
  assert.match(
    finish.Properties['Octopus.Action.Script.ScriptBody'],
    /Approved from VS Code, done in/,
    'the edited file was pushed',
  );
  const release = await octopus(`/api/Spaces-1/releases/${run.release.Id}`);
  assert.strictEqual(release.ReleaseNotes, 'From the extension-host tests');
});

test('Deploy to Test waits for the automatic Development deployment, then deploys to Test with the prompted variable', async () => {
  requireServer();
  assert.ok(run.release, 'needs the release of the previous test');
  const started = await vscode.commands.executeCommand('stepwise.deployToTest', {
    file: processFile,
    connection: SERVER_NAME,
    createRelease: false,
    variables: { ReleaseNote: 'typed in VS Code' },
  });
  assert.ok(started && started.taskId, 'the command returns the deployment it started');
  run.taskId = started.taskId;
  const deployment = await octopus(`/api/Spaces-1/deployments/${started.deploymentId}`);
  const environment = await octopus(`/api/Spaces-1/environments/${deployment.EnvironmentId}`);
  assert.strictEqual(environment.Name, 'Test');
  assert.strictEqual(deployment.FormValues.ReleaseNote, 'typed in VS Code');
});

test('the deployment waits at the manual intervention; Proceed lets it finish', { timeout: 45_000 }, async () => {
  requireServer();
  assert.ok(run.taskId, 'needs the deployment of the previous test');
  await waitFor('the manual intervention', async () => (await task(run.taskId)).HasPendingInterruptions);
  const services = await api();
  await waitFor(
    'the status bar to show the wait',
    () => services.statusBar.last && services.statusBar.last.state === 'waiting',
  );
  const answered = await vscode.commands.executeCommand('stepwise.respondToIntervention', {
    taskId: run.taskId,
    connection: SERVER_NAME,
    result: 'Proceed',
  });
  assert.strictEqual(answered, 'Proceed');
  const done = await waitFor('the deployment to finish', async () => {
    const t2 = await task(run.taskId);
    return t2.IsCompleted && t2;
  });
  assert.strictEqual(done.State, 'Success', done.ErrorMessage);
  await waitFor('the status bar to show success', () => services.statusBar.last.state === 'success');
});

test('the Stepwise view shows server → project → release → deployments with their states', async () => {
  requireServer();
  const { tree } = await api();
  tree.refresh();
  const servers = await tree.getChildren();
  const server = servers.find((n) => n.kind === 'server' && n.connection.name === SERVER_NAME);
  assert.ok(
    server,
    `the view lists ${SERVER_NAME}; it lists ${servers.map((n) => n.connection && n.connection.name).join(', ')}`,
  );
  const serverItem = tree.getTreeItem(server);
  assert.strictEqual(serverItem.label, SERVER_NAME);

  const children = await tree.getChildren(server);
  assert.strictEqual(tree.getTreeItem(children[0]).label, 'Environments');
  const projects = children.filter((n) => n.kind === 'project').map((n) => tree.getTreeItem(n).label);
  assert.deepStrictEqual(projects, ['Approval E2E', 'Hello E2E', 'ocl-e2e', 'Rules E2E']);

  const project = children.find((n) => n.kind === 'project' && n.project.Name === 'Approval E2E');
  const [release] = await tree.getChildren(project);
  const releaseItem = tree.getTreeItem(release);
  assert.strictEqual(releaseItem.label, '1.0.0');
  assert.strictEqual(releaseItem.contextValue, 'release');

  const deployments = (await tree.getChildren(release)).map((n) => {
    const item = tree.getTreeItem(n);
    return { label: item.label, description: item.description, icon: item.iconPath.id, context: item.contextValue };
  });
  const test = deployments.find((d) => d.label === 'Test');
  const development = deployments.find((d) => d.label === 'Development');
  assert.ok(test && development, `deployments to Test and Development; the view shows ${JSON.stringify(deployments)}`);
  assert.match(test.description, /^succeeded · /);
  assert.strictEqual(test.icon, 'pass-filled');
  assert.strictEqual(test.context, 'deployment');
  assert.match(development.description, /^succeeded · /);

  const environments = (await tree.getChildren(children[0])).map((n) => {
    const item = tree.getTreeItem(n);
    return `${item.label}: ${item.description}`;
  });
  assert.match(
    environments.find((e) => e.startsWith('Test:')),
    /^Test: Approval E2E 1\.0\.0 · /,
  );
  assert.match(
    environments.find((e) => e.startsWith('Production:')),
    /^Production: nothing deployed$/,
  );
});

test('Show Task Log opens the log, folded by step', async () => {
  requireServer();
  const editor = await vscode.commands.executeCommand('stepwise.showTaskLog', {
    taskId: run.taskId,
    connection: SERVER_NAME,
    title: 'Deploy Approval E2E 1.0.0 to Test',
  });
  assert.ok(editor, 'the command returns the editor');
  const text = editor.document.getText();
  assert.strictEqual(editor.document.uri.scheme, 'stepwise-task');
  assert.match(text, /^Deploy Approval E2E release 1\.0\.0 to Test\n/);
  assert.match(text, /✔ Step 2: Approve/);
  assert.match(text, /Note: typed in VS Code/);
  assert.match(text, /Approved from VS Code, done in Test/);
  const { taskLogs } = await api();
  const folds = taskLogs.provideFoldingRanges(editor.document);
  const lines = text.split('\n');
  const folded = folds.map((f) => lines[f.start].trim());
  for (const step of ['Step 1: Build info', 'Step 2: Approve', 'Step 3: Finish']) {
    assert.ok(
      folded.some((l) => l.includes(step)),
      `a fold for ${step}; folds: ${folded.join(' | ')}`,
    );
  }
});

test('Sign Out forgets the key; the view says so; Remove Server takes it away', async () => {
  requireServer();
  const services = await api();
  assert.strictEqual(await vscode.commands.executeCommand('stepwise.signOut', run.connection), true);
  assert.strictEqual(await services.connections.apiKey(run.connection), undefined);
  const server = (await services.tree.getChildren()).find(
    (n) => n.kind === 'server' && n.connection.name === SERVER_NAME,
  );
  assert.strictEqual(services.tree.getTreeItem(server).description, 'signed out');
  const [signIn] = await services.tree.getChildren(server);
  assert.strictEqual(signIn.command.command, 'stepwise.signIn');

  assert.strictEqual(
    await vscode.commands.executeCommand('stepwise.removeServer', run.connection, { confirm: false }),
    true,
  );
  const servers = vscode.workspace.getConfiguration('stepwise').get('servers');
  assert.ok(!servers.some((s) => s.name === SERVER_NAME));
  fs.rmSync(scratch, { recursive: true, force: true });
});
