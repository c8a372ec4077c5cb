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

test('the file is coloured: block names, labels, attributes, the heredoc and the template inside it', async () => {
  const document = await openFile(processFile);
  // The grammar the extension contributes, tokenized by the TextMate engine VS Code uses (code-server's
  // web workbench has no command that hands a document's scopes to a test).
  const extension = vscode.extensions.all.find((e) => e.packageJSON.name === 'stepwise');
  const contributed = extension.packageJSON.contributes.grammars.find((g) => g.language === document.languageId);
  const textmate = require(path.join(repoRoot, 'node_modules', 'vscode-textmate'));
  const oniguruma = require(path.join(repoRoot, 'node_modules', 'vscode-oniguruma'));
  await oniguruma.loadWASM(
    fs.readFileSync(path.join(repoRoot, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm')).buffer,
  );
  const grammarFile = path.join(extension.extensionPath, contributed.path);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scope) =>
      scope === contributed.scopeName
        ? textmate.parseRawGrammar(fs.readFileSync(grammarFile, 'utf8'), grammarFile)
        : null,
  });
  const grammar = await registry.loadGrammar(contributed.scopeName);
  const tokens = [];
  let state = textmate.INITIAL;
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    const result = grammar.tokenizeLine(text, state);
    for (const token of result.tokens)
      tokens.push({ c: text.slice(token.startIndex, token.endIndex), t: token.scopes.join(' ') });
    state = result.ruleStack;
  }
  const scopesOf = (text) => {
    const token = tokens.find((t) => t.c.trim() === text);
    assert.ok(token, `no token for ${text}: ${tokens.map((t) => t.c).join('|')}`);
    return token.t;
  };
  assert.match(scopesOf('step'), /source\.stepwise-ocl/);
  assert.match(scopesOf('step'), /keyword|entity|storage/);
  assert.match(scopesOf('action_type'), /variable|entity|support/);
  assert.match(scopesOf('say-hello'), /entity\.name\.label/);
  assert.match(scopesOf('Octopus.Script'), /string\.quoted/);
  const greeting = tokens.find((t) => t.c === 'Greeting');
  assert.ok(greeting, 'the template in the heredoc is a token of its own');
  assert.match(greeting.t, /string\.unquoted\.heredoc/);
  assert.match(greeting.t, /meta\.template\.stepwise/, `the #{…} template is coloured: ${greeting.t}`);

  // The language server's semantic tokens mark the same template.
  const legend = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokensLegend', document.uri);
  const semantic = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', document.uri);
  const decoded = [];
  for (let i = 0, line = 0, char = 0; i < semantic.data.length; i += 5) {
    line += semantic.data[i];
    char = semantic.data[i] ? semantic.data[i + 1] : char + semantic.data[i + 1];
    decoded.push({ line, char, length: semantic.data[i + 2], type: legend.tokenTypes[semantic.data[i + 3]] });
  }
  const at = document.positionAt(document.getText().indexOf('Greeting'));
  const covering = decoded.filter(
    (t) => t.line === at.line && t.char <= at.character && at.character < t.char + t.length,
  );
  assert.ok(
    covering.length,
    `no semantic token on Greeting; tokens on its line: ${JSON.stringify(decoded.filter((t) => t.line === at.line))}`,
  );
});

test('the script body is coloured by its Syntax (written after it): a comment token on the `#` line', async () => {
  const document = await openFile(processFile);
  await edit(document, 'echo "#{Greeting}', '# say it\n                echo "#{Greeting}');
  try {
    const legend = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokensLegend', document.uri);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.trim() === '# say it');
    let types = [];
    for (let tries = 0; tries < 50 && !types.includes('comment'); tries++) {
      const semantic = await vscode.commands.executeCommand('vscode.provideDocumentSemanticTokens', document.uri);
      types = [];
      for (let i = 0, l = 0; semantic && i < semantic.data.length; i += 5)
        if ((l += semantic.data[i]) === line) types.push(legend.tokenTypes[semantic.data[i + 3]]);
      if (!types.includes('comment')) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepStrictEqual(types, ['comment'], `tokens on the comment line: ${types}`);
  } finally {
    await edit(document, '# say it\n                echo "#{Greeting}', 'echo "#{Greeting}');
  }
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

const serverUrl = process.env.STEPWISE_E2E_SERVER_URL;
const apiKey = process.env.STEPWISE_E2E_SERVER_KEY;

/** The server's API, straight, to check what the extension did. */
async function octopus(route) {
  const response = await fetch(`${serverUrl}${route}`, { headers: { 'X-Octopus-ApiKey': apiKey } });
  if (!response.ok) throw new Error(`GET ${route} → ${response.status}: ${await response.text()}`);
  return response.json();
}

test(
  'Deploy to Test on the OCL project: pushes the edited .ocl, creates the release, deploys it to Test',
  { timeout: 60_000 },
  async () => {
    if (process.env.STEPWISE_E2E_SERVER_ERROR)
      throw new Error(`the local deployment server did not start: ${process.env.STEPWISE_E2E_SERVER_ERROR}`);
    assert.ok(serverUrl && apiKey, 'no local deployment server: run through test/e2e/run.mjs');
    const connection = await vscode.commands.executeCommand('stepwise.addServer', {
      url: serverUrl,
      apiKey,
      name: 'E2E OCL Server',
    });
    assert.ok(connection, 'Add Server returned no connection');
    try {
      const document = await openFile(processFile);
      await edit(document, 'echo "#{Greeting} from', 'echo "OCL says #{Greeting} from');
      await waitForDiagnostics(document.uri, (d) => d.length === 0);
      const started = await vscode.commands.executeCommand('stepwise.deployToTest', {
        file: processFile,
        connection: 'E2E OCL Server',
        createRelease: true,
        release: { version: '1.0.0', releaseNotes: '' },
      });
      assert.ok(started && started.taskId, 'Deploy to Test started no deployment');
      const deployment = await octopus(`/api/Spaces-1/deployments/${started.deploymentId}`);
      assert.strictEqual((await octopus(`/api/Spaces-1/environments/${deployment.EnvironmentId}`)).Name, 'Test');
      const project = await octopus(`/api/Spaces-1/projects/${deployment.ProjectId}`);
      assert.strictEqual(project.Name, 'ocl-e2e');
      const process = await octopus(`/api/Spaces-1/projects/${project.Id}/deploymentprocesses`);
      assert.match(
        process.Steps[0].Actions[0].Properties['Octopus.Action.Script.ScriptBody'],
        /OCL says #\{Greeting\}/,
        'the edited .ocl was pushed before the release',
      );
      const until = Date.now() + 40_000;
      let task;
      for (;;) {
        task = await octopus(`/api/Spaces-1/tasks/${started.taskId}`);
        if (task.IsCompleted || Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.strictEqual(task.State, 'Success', task.ErrorMessage);
      const raw = await fetch(`${serverUrl}/api/Spaces-1/tasks/${started.taskId}/raw`, {
        headers: { 'X-Octopus-ApiKey': apiKey },
      });
      assert.match(
        await raw.text(),
        /OCL says Hello, Test! from E2EWeb01/,
        'the Test value of the OCL variable was used',
      );
    } finally {
      await vscode.commands.executeCommand('stepwise.removeServer', connection, { confirm: false });
    }
  },
);
