// An Octopus OCL project in the editor: the .ocl language and grammar, a diagnostic, completion
// and template tokens, on a copy of test-fixtures/e2e/deploy/.octopus/ocl-e2e (which the local
// deployment server imports as the project `ocl-e2e`).
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { test } = require('./harness');
const { repoRoot, openFile, waitForDiagnostics } = require('./support');

const fixture = path.join(repoRoot, 'test-fixtures', 'e2e', 'deploy', '.octopus');

// A copy outside the repo (same folder names, so the same project name): edits never touch the fixture.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-e2e-ocl-'));
const projectDir = path.join(scratch, '.octopus', 'ocl-e2e');
fs.mkdirSync(projectDir, { recursive: true });
fs.copyFileSync(path.join(fixture, 'space.yaml'), path.join(scratch, '.octopus', 'space.yaml'));
for (const name of ['deployment_process.ocl', 'variables.ocl'])
  fs.copyFileSync(path.join(fixture, 'ocl-e2e', name), path.join(projectDir, name));
const processFile = path.join(projectDir, 'deployment_process.ocl');

async function edit(document, from, to) {
  const at = document.getText().indexOf(from);
  assert.ok(at >= 0, `${from} not in the document`);
  const change = new vscode.WorkspaceEdit();
  change.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(change));
}

test('an .ocl file opens as Octopus OCL, with the grammar and a clean check', async () => {
  const document = await openFile(processFile);
  assert.strictEqual(document.languageId, 'stepwise-ocl');
  const extension = vscode.extensions.all.find((e) => e.packageJSON.name === 'stepwise');
  const grammar = extension.packageJSON.contributes.grammars.find((g) => g.language === 'stepwise-ocl');
  assert.ok(grammar && fs.existsSync(path.join(extension.extensionPath, grammar.path)), 'the OCL grammar ships');
  await waitForDiagnostics(document.uri, (d) => d.length === 0);
});

test('a reference to an unknown step gets a diagnostic on its line; fixing it clears it', async () => {
  const document = await openFile(processFile);
  await edit(document, '#{Greeting}', '#{Octopus.Action[Nope].Output.X}');
  const diagnostics = await waitForDiagnostics(document.uri, (d) => d.some((x) => x.code === 'unknown-step-reference'));
  const found = diagnostics.find((x) => x.code === 'unknown-step-reference');
  assert.match(document.lineAt(found.range.start.line).text, /Octopus\.Action\[Nope\]/);
  await edit(document, '#{Octopus.Action[Nope].Output.X}', '#{Greeting}');
  await waitForDiagnostics(document.uri, (d) => d.length === 0);
});

test('completion offers the project variables inside #{ and the attributes of an action block', async () => {
  const document = await openFile(processFile);
  const at = document.getText().indexOf('#{Greeting}') + 2;
  const list = await vscode.commands.executeCommand(
    'vscode.executeCompletionItemProvider',
    document.uri,
    document.positionAt(at),
    '{',
  );
  const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(labels.includes('Greeting') && labels.includes('Octopus.Environment.Name'), labels.slice(0, 20).join(', '));
  const tokens = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', document.uri);
  assert.ok(tokens && tokens.data.length >= 5, 'templates get semantic tokens');
});
