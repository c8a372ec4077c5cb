// Editor intelligence through the vscode API: completion inside #{, hover, rename, a quick fix
// and the step lenses, as VS Code's own commands ask the language server for them.
'use strict';
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const { test } = require('./harness');
const { fixturesDir, openFile, waitForDiagnostics } = require('./support');

const editorDir = path.join(fixturesDir, 'editor');
const editorFile = path.join(editorDir, 'editor.process.yaml');
const spaceFile = path.join(editorDir, '.octopus', 'space.yaml');
const brokenFile = path.join(fixturesDir, 'broken.process.yaml');

/** The position `offset` characters into the first `needle` of the document. */
function positionOf(document, needle, offset = 0) {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not in ${path.basename(document.uri.fsPath)}`);
  return document.positionAt(at + offset);
}

function markdown(hovers) {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Opens the file and waits until the server has checked it (and so knows it). */
async function openChecked(file) {
  const document = await openFile(file);
  await waitForDiagnostics(document.uri, () => true, 20_000);
  return document;
}

test('completion inside #{ offers the project’s variables, with the value in each environment', async () => {
  const document = await openChecked(editorFile);
  const line = positionOf(document, 'echo "done"').line;
  const end = document.lineAt(line).range.end;
  // Type `#{` at the end of a script line, as the user would (auto-closing adds the `}`).
  const insert = new vscode.WorkspaceEdit();
  insert.insert(document.uri, end, ' #{}');
  assert.ok(await vscode.workspace.applyEdit(insert));
  try {
    const cursor = end.translate(0, 3);
    const list = await vscode.commands.executeCommand(
      'vscode.executeCompletionItemProvider',
      document.uri,
      cursor,
      '{',
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const name of ['Greeting', 'LogLevel', 'Octopus.Environment.Name'])
      assert.ok(labels.includes(name), `${name} is not offered: ${labels.slice(0, 20).join(', ')}`);
    const greeting = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'Greeting');
    assert.strictEqual(greeting.detail, 'Development: Hello! · Test: Hello, Test! · Production: Hello, Production!');
  } finally {
    const undo = new vscode.WorkspaceEdit();
    undo.delete(document.uri, new vscode.Range(end, end.translate(0, 4)));
    await vscode.workspace.applyEdit(undo);
    await document.save();
  }
});

test('hover on a variable shows every value with its scope and which one wins where', async () => {
  const document = await openChecked(editorFile);
  const hovers = await vscode.commands.executeCommand(
    'vscode.executeHoverProvider',
    document.uri,
    positionOf(document, '#{Greeting}', 4),
  );
  const text = markdown(hovers);
  assert.match(text, /\*\*Greeting\*\* — project variable/);
  assert.match(text, /`Hello, Production!` \| `environment Production`/);
  assert.match(text, /In each environment/);
  const set = markdown(
    await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      document.uri,
      positionOf(document, '#{LogLevel}', 4),
    ),
  );
  assert.match(set, /variable set \*\*Common\*\*/);
});

test('rename of a set variable edits the process file and the space file, which is not open', async () => {
  const document = await openChecked(editorFile);
  const edit = await vscode.commands.executeCommand(
    'vscode.executeDocumentRenameProvider',
    document.uri,
    positionOf(document, '#{LogLevel}', 4),
    'Verbosity',
  );
  const files = edit
    .entries()
    .map(([uri]) => uri.fsPath)
    .sort();
  assert.deepStrictEqual(files, [editorFile, spaceFile].sort());
  for (const [, edits] of edit.entries()) assert.ok(edits.every((e) => e.newText === 'Verbosity'));
});

test('rename refuses a name that is already taken', async () => {
  const document = await openChecked(editorFile);
  await assert.rejects(
    Promise.resolve(
      vscode.commands.executeCommand(
        'vscode.executeDocumentRenameProvider',
        document.uri,
        positionOf(document, '#{Greeting}', 4),
        'LogLevel',
      ),
    ),
    /already a variable named `LogLevel`/,
  );
});

test('the quick fix for a misspelt variable, applied, clears the warning', async () => {
  const document = await openFile(brokenFile);
  const diagnostics = await waitForDiagnostics(document.uri, (ds) =>
    ds.some((d) => (d.code && d.code.value) === 'unknown-variable' || d.code === 'unknown-variable'),
  );
  const typo = diagnostics.find(
    (d) => d.code === 'unknown-variable' || (d.code && d.code.value === 'unknown-variable'),
  );
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, typo.range);
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes("Change to 'Greeting'"), titles.join(', '));
  assert.ok(titles.includes("Create variable 'Greting'"), titles.join(', '));
  const fix = actions.find((a) => a.title === "Change to 'Greeting'");
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  try {
    await waitForDiagnostics(
      document.uri,
      (ds) => !ds.some((d) => d.code === 'unknown-variable' || (d.code && d.code.value === 'unknown-variable')),
    );
  } finally {
    // Put the typo back: the other suites expect it.
    const undo = new vscode.WorkspaceEdit();
    const start = positionOf(document, '#{Greeting}', 2);
    undo.replace(document.uri, new vscode.Range(start, start.translate(0, 'Greeting'.length)), 'Greting');
    await vscode.workspace.applyEdit(undo);
    await document.save();
  }
});

test('each step has a lens per environment that opens its preview, and one that opens the map', async () => {
  const document = await openChecked(editorFile);
  const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri);
  const approve = positionOf(document, '- name: Approve').line;
  const titles = lenses.filter((l) => l.range.start.line === approve).map((l) => l.command && l.command.title);
  assert.deepStrictEqual(titles, [
    'Development: skipped',
    'Test: skipped',
    'Production: server',
    '$(type-hierarchy) Map',
  ]);
  // Clicking a lens runs its command with its arguments, as VS Code does.
  const production = lenses.find((l) => l.range.start.line === approve && l.command.title.startsWith('Production'));
  const editor = await vscode.commands.executeCommand(production.command.command, ...production.command.arguments);
  assert.ok(editor, 'the lens opened no editor');
  assert.strictEqual(editor.document.uri.scheme, 'stepwise-preview');
  assert.match(decodeURIComponent(editor.document.uri.toString()), /Production/);
});
