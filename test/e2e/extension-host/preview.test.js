// The preview of a deployment and the environment diff, through the vscode API.
'use strict';
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const { test } = require('./harness');
const { fixturesDir, openFile } = require('./support');

const shopFile = path.join(fixturesDir, 'preview', 'shop.process.yaml');

/** Resolves once `predicate(document.getText())` holds for the open document at `uri`. */
async function waitForText(uri, predicate, timeout = 15_000) {
  const started = Date.now();
  for (;;) {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document && predicate(document.getText())) return document.getText();
    if (Date.now() - started > timeout)
      throw new Error(`text of ${uri} not as expected after ${timeout} ms:\n${document?.getText()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('Preview Process for Environment opens a read-only preview beside the editor', async () => {
  const source = await openFile(shopFile);
  const editor = await vscode.commands.executeCommand('stepwise.previewProcess', source.uri, 'Test');
  assert.ok(editor, 'the command returned no editor');
  const uri = editor.document.uri;
  assert.strictEqual(uri.scheme, 'stepwise-preview');
  assert.strictEqual(editor.viewColumn, vscode.ViewColumn.Two);
  const text = await waitForText(uri, (t) => t.includes('Say hello'));
  assert.match(text, /echo "Hello from test on TWeb01 \(key \*{8}\)"/);
  assert.match(text, /name: Approve\n\s+runs: false\n\s+reason: runs only in Production/);
  assert.ok(!text.includes('s3cr3t'), 'a sensitive value is shown');
});

test('the preview follows edits of the process file live', async () => {
  const source = await openFile(shopFile);
  const editor = await vscode.commands.executeCommand('stepwise.previewProcess', source.uri, 'Test');
  const line = source
    .getText()
    .split('\n')
    .findIndex((l) => l.includes('Hello from test'));
  const start = source.lineAt(line).text.indexOf('Hello from test');
  const edit = new vscode.WorkspaceEdit();
  edit.replace(source.uri, new vscode.Range(line, start, line, start + 'Hello from test'.length), 'Howdy from test');
  assert.ok(await vscode.workspace.applyEdit(edit));
  try {
    await waitForText(editor.document.uri, (t) => t.includes('echo "Howdy from test on TWeb01'));
  } finally {
    const undo = new vscode.WorkspaceEdit();
    undo.replace(source.uri, new vscode.Range(line, start, line, start + 'Howdy from test'.length), 'Hello from test');
    await vscode.workspace.applyEdit(undo);
    await source.save();
    await waitForText(editor.document.uri, (t) => t.includes('echo "Hello from test on TWeb01'));
  }
});

test('Compare Environments opens the diff editor on two previews', async () => {
  const source = await openFile(shopFile);
  await vscode.commands.executeCommand('stepwise.compareEnvironments', source.uri, 'Test', 'Production');
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  assert.ok(tab && tab.input instanceof vscode.TabInputTextDiff, `the active tab is not a diff: ${tab && tab.label}`);
  assert.strictEqual(tab.label, 'Shop: Test ↔ Production');
  await waitForText(tab.input.original, (t) => t.includes('Hello from test on TWeb01'));
  const right = await waitForText(tab.input.modified, (t) => t.includes('Hello from production on PWeb01'));
  assert.match(right, /name: Approve\n\s+runs: true/);
});
