// Stepwise: New Process File… — the starter file the Stepwise view's welcome offers.
'use strict';
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { test } = require('./harness');
const { repoRoot } = require('./support');

test('New Process File writes a starter process file that validates clean, and opens it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-new-'));
  try {
    const file = path.join(dir, 'hello-world.process.yaml');
    const editor = await vscode.commands.executeCommand('stepwise.newProcessFile', vscode.Uri.file(file));
    assert.ok(editor, 'the command returns the editor it opened');
    assert.strictEqual(editor.document.uri.fsPath, file);
    assert.strictEqual(editor.document.languageId, 'stepwise-process');
    assert.match(editor.document.getText(), /^project: Hello World$/m);
    // The same engine as the language server, from the command line: no errors, no warnings.
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'stepwise.js'), 'validate', file], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.strictEqual(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /1 file checked: 0 errors, 0 warnings/);
    // An existing file is never overwritten.
    fs.writeFileSync(file, 'project: Mine\n');
    assert.strictEqual(
      await vscode.commands.executeCommand('stepwise.newProcessFile', vscode.Uri.file(file)),
      undefined,
    );
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'project: Mine\n');
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
