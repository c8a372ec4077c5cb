// Runbooks in the Stepwise view and Run Runbook…, against the local deployment server the
// harness started (it imported test-fixtures/e2e/deploy, whose hello-e2e.process.yaml has the
// runbook "Restart web", scoped to Test and Production). The command takes its answers as
// arguments, so nothing waits on a prompt.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { test } = require('./harness');

const serverUrl = process.env.STEPWISE_E2E_SERVER_URL;
const apiKey = process.env.STEPWISE_E2E_SERVER_KEY;
const SERVER_NAME = 'E2E Runbooks Server';

/** State shared by the tests below, in order. */
const state = { connection: undefined, runbookNode: undefined, taskId: undefined };

function requireServer() {
  if (process.env.STEPWISE_E2E_SERVER_ERROR)
    throw new Error(`the local deployment server did not start: ${process.env.STEPWISE_E2E_SERVER_ERROR}`);
  if (!serverUrl || !apiKey)
    throw new Error('no local deployment server: run these tests through test/e2e/run.mjs, which starts one');
}

async function services() {
  const extension = vscode.extensions.all.find(
    (e) => e.packageJSON.name === 'stepwise' && e.packageJSON.publisher === 'stepwise',
  );
  return (await extension.activate()).services;
}

async function octopus(route) {
  const response = await fetch(`${serverUrl}${route}`, { headers: { 'X-Octopus-ApiKey': apiKey } });
  if (!response.ok) throw new Error(`GET ${route} → ${response.status}: ${await response.text()}`);
  return response.json();
}

async function waitFor(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

test('the Stepwise view lists a project’s runbooks under "Runbooks", with the environments of their scope', async () => {
  requireServer();
  state.connection = await vscode.commands.executeCommand('stepwise.addServer', {
    url: serverUrl,
    apiKey,
    name: SERVER_NAME,
  });
  const { tree } = await services();
  tree.refresh();
  const server = (await tree.getChildren()).find((n) => n.kind === 'server' && n.connection.name === SERVER_NAME);
  assert.ok(server, `the view lists ${SERVER_NAME}`);
  const project = (await tree.getChildren(server)).find((n) => n.kind === 'project' && n.project.Name === 'Hello E2E');
  assert.ok(project, 'the view lists Hello E2E');
  const children = await tree.getChildren(project);
  const runbooks = children.find((n) => n.kind === 'runbooks');
  assert.ok(runbooks, `Hello E2E has a Runbooks node; it shows ${children.map((n) => tree.getTreeItem(n).label)}`);
  assert.strictEqual(children[children.length - 1], runbooks, 'the Runbooks node comes after the releases');
  const runbooksItem = tree.getTreeItem(runbooks);
  assert.strictEqual(runbooksItem.label, 'Runbooks');
  assert.strictEqual(runbooksItem.description, '1');

  const [runbook] = await tree.getChildren(runbooks);
  const item = tree.getTreeItem(runbook);
  assert.strictEqual(item.label, 'Restart web');
  assert.strictEqual(item.description, 'runs in Test, Production');
  assert.strictEqual(item.contextValue, 'runbook', 'published, so Run Runbook… is offered');
  state.runbookNode = runbook;

  const approval = (await tree.getChildren(server)).find(
    (n) => n.kind === 'project' && n.project.Name === 'Approval E2E',
  );
  assert.ok(
    !(await tree.getChildren(approval)).some((n) => n.kind === 'runbooks'),
    'a project without runbooks has no Runbooks node',
  );
});

test('Run Runbook… refuses an environment outside the runbook’s scope and starts nothing', async () => {
  requireServer();
  assert.ok(state.runbookNode, 'needs the runbook node of the previous test');
  const before = await octopus('/api/Spaces-1/tasks?take=100');
  const result = await vscode.commands.executeCommand('stepwise.runRunbook', {
    connection: SERVER_NAME,
    project: 'Hello E2E',
    runbook: 'Restart web',
    environments: ['Development'],
  });
  assert.strictEqual(result, undefined);
  const after = await octopus('/api/Spaces-1/tasks?take=100');
  assert.strictEqual(after.TotalResults, before.TotalResults, 'no task was queued');
});

test('Run Runbook… runs the runbook’s published snapshot in Test, followed to success', async () => {
  requireServer();
  const { statusBar } = await services();
  const runbook = await octopus(`/api/Spaces-1/runbooks/${state.runbookNode.runbook.Id}`);
  assert.match(runbook.PublishedRunbookSnapshotId, /^RunbookSnapshots-/, 'the local server published the runbook');
  // The answers the pickers would get, as arguments.
  const started = await vscode.commands.executeCommand('stepwise.runRunbook', {
    connection: SERVER_NAME,
    project: 'Hello E2E',
    runbook: 'Restart web',
    environments: ['Test'],
  });
  assert.ok(started && started.runs.length === 1, 'one run, in Test');
  const [run] = started.runs;
  state.taskId = run.taskId;
  const resource = await octopus(`/api/Spaces-1/runbookRuns/${run.runId}`);
  assert.strictEqual(resource.RunbookSnapshotId, runbook.PublishedRunbookSnapshotId);
  await started.finished;
  const task = await octopus(`/api/Spaces-1/tasks/${run.taskId}`);
  assert.strictEqual(task.State, 'Success', task.ErrorMessage);
  await waitFor('the status bar to show the run', () => statusBar.last && statusBar.last.taskId === run.taskId);
  assert.strictEqual(statusBar.last.state, 'success');
  assert.strictEqual(statusBar.last.title, 'Run Restart web of Hello E2E in Test');
});

test('Show Task Log opens the run’s log: the runbook’s step on the target', async () => {
  requireServer();
  assert.ok(state.taskId, 'needs the run of the previous test');
  const editor = await vscode.commands.executeCommand('stepwise.showTaskLog', {
    taskId: state.taskId,
    connection: SERVER_NAME,
    title: 'Run Restart web of Hello E2E in Test',
  });
  assert.ok(editor, 'the command returns the editor');
  const text = editor.document.getText();
  assert.match(text, /restarting web on E2EWeb01 in Test by Restart web/);
  assert.match(text, /Step 1: Restart/);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  assert.strictEqual(
    await vscode.commands.executeCommand('stepwise.removeServer', state.connection, { confirm: false }),
    true,
  );
});
