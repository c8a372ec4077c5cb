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

/** The text of a document once `ready(text)` holds (a preview fills in after the server answers). */
async function waitForText(uri, ready, timeout = 20_000) {
  const until = Date.now() + timeout;
  for (;;) {
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    if (ready(text)) return text;
    if (Date.now() > until) throw new Error(`text never became ready:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('deployment_process.ocl: a lens per environment and the map above each step; the lens opens the preview', async () => {
  const document = await openFile(processFile);
  await waitForDiagnostics(document.uri, (d) => d.length === 0);
  const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri);
  const titles = lenses.filter((l) => l.range.start.line === 0).map((l) => l.command && l.command.title);
  assert.deepStrictEqual(titles, [
    'Development: E2EWeb01',
    'Test: E2EWeb01',
    'Production: E2EWeb01',
    '$(type-hierarchy) Map',
  ]);
  const test = lenses.find((l) => l.range.start.line === 0 && l.command.title.startsWith('Test'));
  const editor = await vscode.commands.executeCommand(test.command.command, ...test.command.arguments);
  assert.ok(editor, 'the lens opened no editor');
  assert.strictEqual(editor.document.uri.scheme, 'stepwise-preview');
  const text = await waitForText(editor.document.uri, (t) => t.includes('Say hello'));
  assert.match(text, /^project: ocl-e2e\nenvironment: Test\n/m);
});

test('Compare Environments works from an .ocl file', async () => {
  const document = await openFile(path.join(projectDir, 'variables.ocl'));
  await vscode.commands.executeCommand('stepwise.compareEnvironments', document.uri, 'Test', 'Production');
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  assert.ok(tab && tab.input instanceof vscode.TabInputTextDiff, 'no diff editor opened');
  assert.strictEqual(tab.input.original.scheme, 'stepwise-preview');
  assert.match(tab.label, /ocl-e2e: Test ↔ Production/);
});

test('Convert to Process YAML, then Convert to OCL, round-trip the project', async () => {
  const yamlEditor = await vscode.commands.executeCommand('stepwise.convertToYaml', vscode.Uri.file(processFile));
  assert.ok(yamlEditor, 'Convert to Process YAML opened no editor');
  const yamlFile = path.join(scratch, 'ocl-e2e.process.yaml');
  assert.strictEqual(yamlEditor.document.uri.fsPath, yamlFile);
  assert.match(fs.readFileSync(yamlFile, 'utf8'), /^project: ocl-e2e\n/);
  assert.match(fs.readFileSync(yamlFile, 'utf8'), /- name: Say hello\n/);

  // Into a folder of its own, where no .octopus exists yet: nothing to overwrite, no question.
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-e2e-convert-'));
  const copy = path.join(elsewhere, 'ocl-e2e.process.yaml');
  fs.copyFileSync(yamlFile, copy);
  const oclEditor = await vscode.commands.executeCommand('stepwise.convertToOcl', vscode.Uri.file(copy));
  assert.ok(oclEditor, 'Convert to OCL opened no editor');
  assert.strictEqual(oclEditor.document.uri.fsPath, path.join(elsewhere, '.octopus', 'deployment_process.ocl'));
  assert.strictEqual(oclEditor.document.languageId, 'stepwise-ocl');
  assert.match(oclEditor.document.getText(), /^step "say-hello" \{\n {4}name = "Say hello"\n/);
  assert.ok(fs.existsSync(path.join(elsewhere, '.octopus', 'variables.ocl')));
  await waitForDiagnostics(oclEditor.document.uri, (d) => d.length === 0);
  const palette = vscode.extensions.all.find((e) => e.packageJSON.name === 'stepwise').packageJSON.contributes.menus
    .commandPalette;
  assert.ok(palette.some((m) => m.command === 'stepwise.convertToOcl'));
  assert.ok(palette.some((m) => m.command === 'stepwise.convertToYaml'));
});
