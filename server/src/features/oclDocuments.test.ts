// The language server on Octopus's `.ocl` files, over stdio: an open file is checked with its whole
// project folder, each diagnostic lands on the file it is about, and the outline, folding and
// formatting come from the OCL syntax tree.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  CompletionList,
  DocumentSymbol,
  FoldingRange,
  Hover,
  MarkupContent,
  SemanticTokens,
  SemanticTokensOptions,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../../../test/support/lspClient';
import { fileUri } from '../../../test/support/paths';
import type { DeploymentProcessResult } from '../requestTypes';

const processText = `step "deploy-web" {
    name = "Deploy web"

    action {
        action_type = "Octopus.Script"
        properties = {
            Octopus.Action.Script.ScriptBody = "echo #{Greeting}"
            Octopus.Action.Script.ScriptSource = "Inline"
            Octopus.Action.Script.Syntax = "Bash"
        }
    }
}

step "smoke-test" {
    name = "Smoke test"

    action {
        action_type = "Octopus.Script"
        properties = {
            Octopus.Action.Script.ScriptBody = <<-EOT
                curl #{Octopus.Action[Deploy web].Output.Url}
                EOT
            Octopus.Action.Script.ScriptSource = "Inline"
            Octopus.Action.Script.Syntax = "Bash"
        }
    }
}
`;
// On disk: a variable value with an unclosed template (reported on variables.ocl, not on the open file).
const variablesText = `variable "Greeting" {
    value "Hi #{Missing" {}
}
`;

describe('.ocl files over LSP', () => {
  let client: LspClient;
  let dir: string;
  let processUri: string;
  let variablesUri: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-ocl-lsp-'));
    const folder = path.join(dir, 'shop', '.octopus');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'deployment_process.ocl'), processText);
    writeFileSync(path.join(folder, 'variables.ocl'), variablesText);
    processUri = fileUri(path.join(folder, 'deployment_process.ocl'));
    variablesUri = fileUri(path.join(folder, 'variables.ocl'));
    client = await LspClient.start({ rootUri: fileUri(dir) });
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks an open file with its project folder: clean file, no diagnostics; the other file is read from disk', async () => {
    const version = await client.open(processUri, processText, 'stepwise-ocl');
    const published = await client.waitForDiagnostics(processUri, { version });
    assert.deepEqual(published.diagnostics, []);
  });

  it('publishes a semantic error on the open file, at the reference', async () => {
    const broken = processText.replace('Octopus.Action[Deploy web]', 'Octopus.Action[nope]');
    const version = await client.change(processUri, [{ text: broken }]);
    const published = await client.waitForDiagnostics(processUri, { version });
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['unknown-step-reference'],
    );
    const line = broken.split('\n')[published.diagnostics[0].range.start.line];
    assert.ok(line.includes('Octopus.Action[nope]'), line);
    await client.change(processUri, [{ text: processText }]);
  });

  it('an open file of the same project: its own diagnostics, and its unsaved text wins over the disk', async () => {
    let version = await client.open(variablesUri, variablesText, 'stepwise-ocl');
    let published = await client.waitForDiagnostics(variablesUri, { version });
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['template-syntax', 1]],
    );
    version = await client.change(variablesUri, [{ text: variablesText.replace('#{Missing', '#{Missing}') }]);
    published = await client.waitForDiagnostics(variablesUri, { version });
    assert.deepEqual(published.diagnostics, []);
  });

  it('reports OCL syntax errors with their position, and goes on', async () => {
    const broken = processText.replace('    name = "Deploy web"', '    name = ');
    const version = await client.change(processUri, [{ text: broken }]);
    const published = await client.waitForDiagnostics(processUri, { version });
    const syntax = published.diagnostics.filter((d) => d.code === 'ocl-syntax');
    assert.ok(syntax.length >= 1, JSON.stringify(published.diagnostics));
    assert.equal(syntax[0].range.start.line, 1);
    await client.change(processUri, [{ text: processText }]);
  });

  it('outlines steps and their actions', async () => {
    const symbols = (await client.request('textDocument/documentSymbol', {
      textDocument: { uri: processUri },
    })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail]),
      [
        ['deploy-web', 'step · Deploy web'],
        ['smoke-test', 'step · Smoke test'],
      ],
    );
    assert.deepEqual(
      symbols[1].children!.map((s) => s.name),
      ['action'],
    );
    assert.deepEqual(symbols[1].range, { start: { line: 13, character: 0 }, end: { line: 26, character: 1 } });
  });

  it('folds blocks, dictionaries and heredocs, keeping the closing line visible', async () => {
    const ranges = (await client.request('textDocument/foldingRange', {
      textDocument: { uri: processUri },
    })) as FoldingRange[];
    const pairs = ranges.map((r) => [r.startLine, r.endLine]).sort((a, b) => a[0] - b[0]);
    assert.deepEqual(pairs, [
      [0, 10],
      [3, 9],
      [5, 8],
      [13, 25],
      [16, 24],
      [18, 23],
      [19, 20],
    ]);
  });

  it('formats as Octopus writes, and leaves a formatted file alone', async () => {
    const messy = processText
      .replace('    name = "Deploy web"', 'name   =    "Deploy web"')
      .replace('\n\nstep "smoke-test"', '\nstep "smoke-test"');
    const version = await client.change(processUri, [{ text: messy }]);
    await client.waitForDiagnostics(processUri, { version });
    const edits = (await client.request('textDocument/formatting', {
      textDocument: { uri: processUri },
      options: { tabSize: 4, insertSpaces: true },
    })) as TextEdit[];
    assert.equal(TextDocument.applyEdits(client.document(processUri), edits), processText);
    await client.change(processUri, [{ text: processText }]);
    assert.deepEqual(
      await client.request('textDocument/formatting', {
        textDocument: { uri: processUri },
        options: { tabSize: 4, insertSpaces: true },
      }),
      [],
    );
  });

  /** `{ textDocument, position }` at `needle` (the `n`-th) in the open text, `offset` characters in. */
  const at = (uri: string, text: string, needle: string, offset = 0, n = 0) => {
    let index = -1;
    for (let i = 0; i <= n; i++) index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `no ${needle}`);
    return {
      textDocument: { uri },
      position: TextDocument.create(uri, 'stepwise-ocl', 1, text).positionAt(index + offset),
    };
  };

  it('hovers a project variable in a template, an output reference, an attribute and an action type', async () => {
    const variable = (await client.request(
      'textDocument/hover',
      at(processUri, processText, '#{Greeting}', 3),
    )) as Hover;
    assert.match((variable.contents as MarkupContent).value, /Greeting/);
    assert.match((variable.contents as MarkupContent).value, /Hi/);
    const output = (await client.request(
      'textDocument/hover',
      at(processUri, processText, 'Deploy web].Output', 2),
    )) as Hover;
    assert.match((output.contents as MarkupContent).value, /step 1/);
    const actionType = (await client.request(
      'textDocument/hover',
      at(processUri, processText, '"Octopus.Script"', 3),
    )) as Hover;
    assert.match((actionType.contents as MarkupContent).value, /Run a script/);
    const name = (await client.request('textDocument/hover', at(processUri, processText, 'action_type', 2))) as Hover;
    assert.match((name.contents as MarkupContent).value, /Octopus action type/);
  });

  it('completes attribute names of the block, property keys of the action type, action types and template variables', async () => {
    const withBlank = processText.replace(
      '        action_type = "Octopus.Script"\n',
      '        action_type = "Octopus.Script"\n        \n',
    );
    let version = await client.change(processUri, [{ text: withBlank }]);
    await client.waitForDiagnostics(processUri, { version });
    const names = (await client.request(
      'textDocument/completion',
      at(processUri, withBlank, '        \n', 8),
    )) as CompletionList;
    const labels = names.items.map((i) => i.label);
    assert.ok(labels.includes('worker_pool') && labels.includes('packages'), labels.join(' '));
    assert.ok(!labels.includes('action_type'), 'action_type is already set');

    const keys = (await client.request(
      'textDocument/completion',
      at(processUri, processText, 'Octopus.Action.Script.ScriptSource', 0),
    )) as CompletionList;
    assert.ok(
      keys.items.some((i) => i.label === 'Octopus.Action.RunOnServer'),
      keys.items.map((i) => i.label).join(' '),
    );

    const types = (await client.request(
      'textDocument/completion',
      at(processUri, processText, '"Octopus.Script"', 1),
    )) as CompletionList;
    assert.ok(types.items.some((i) => i.label === 'Octopus.Manual'));

    const typing = processText.replace('echo #{Greeting}', 'echo #{Gre');
    version = await client.change(processUri, [{ text: typing }]);
    await client.waitForDiagnostics(processUri, { version });
    const variables = (await client.request(
      'textDocument/completion',
      at(processUri, typing, '#{Gre', 5),
    )) as CompletionList;
    assert.ok(
      variables.items.some((i) => i.label === 'Greeting'),
      variables.items
        .map((i) => i.label)
        .slice(0, 20)
        .join(' '),
    );
    await client.change(processUri, [{ text: processText }]);
  });

  it('colours templates in strings and heredocs with semantic tokens', async () => {
    const tokens = (await client.request('textDocument/semanticTokens/full', {
      textDocument: { uri: processUri },
    })) as SemanticTokens;
    // Decode the first token: line 6, at `#{` of `#{Greeting}`.
    const [line, character, length] = tokens.data;
    assert.deepEqual([line, character, length], [6, processText.split('\n')[6].indexOf('#{'), 2]);
    let l = 0;
    const lines = new Set<number>();
    for (let i = 0; i < tokens.data.length; i += 5) lines.add((l += tokens.data[i]));
    assert.deepEqual([...lines], [6, 20], 'the quoted string and the heredoc line');
  });

  it('colours a script body by its Syntax, which Octopus writes after the body; the template keeps its tokens', async () => {
    const script = processText.replace(
      'curl #{Octopus.Action[Deploy web].Output.Url}',
      ['# check the site', 'curl "$URL/#{Greeting}" # quietly', 'if [ $? -ne 0 ]; then exit 1; fi'].join(
        '\n                ',
      ),
    );
    await client.change(processUri, [{ text: script }]);
    const provider = client.initializeResult!.capabilities.semanticTokensProvider as SemanticTokensOptions;
    const { tokenTypes } = provider.legend;
    const { data } = (await client.request('textDocument/semanticTokens/full', {
      textDocument: { uri: processUri },
    })) as SemanticTokens;
    const lines = script.split('\n');
    const decoded: string[] = [];
    let line = 0;
    let character = 0;
    let end = 0;
    for (let i = 0; i < data.length; i += 5) {
      if (data[i] > 0) end = 0;
      line += data[i];
      character = data[i] ? data[i + 1] : character + data[i + 1];
      assert.ok(character >= end, 'tokens do not overlap');
      end = character + data[i + 2];
      decoded.push(`${line}:${lines[line].slice(character, end)}:${tokenTypes[data[i + 3]]}`);
    }
    for (const expected of [
      '20:# check the site:comment',
      '21:":string',
      '21:$URL:variable',
      '21:/:string',
      '21:#{:macro',
      '21:Greeting:variable',
      '21:}:macro',
      '21:# quietly:comment',
      '22:if:keyword',
      '22:$?:variable',
      '22:then:keyword',
      '22:1:number',
    ])
      assert.ok(decoded.includes(expected), `${expected} in ${decoded.join(' ')}`);
    // A range request answers for the lines asked only.
    const ranged = (await client.request('textDocument/semanticTokens/range', {
      textDocument: { uri: processUri },
      range: { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } },
    })) as SemanticTokens;
    let l = 0;
    for (let i = 0; i < ranged.data.length; i += 5) assert.ok((l += ranged.data[i]) < 10);
    await client.change(processUri, [{ text: processText }]);
  });

  it('answers stepwise/deploymentProcess for an OCL project (named after its folder), and refuses while a file of it has errors', async () => {
    const result = (await client.request('stepwise/deploymentProcess', {
      uri: processUri,
      projectId: 'Projects-1',
      spaceId: 'Spaces-1',
    })) as DeploymentProcessResult;
    assert.equal(result.projectName, 'shop');
    assert.deepEqual(
      result.process.Steps.map((s) => s.Name),
      ['Deploy web', 'Smoke test'],
    );
    assert.deepEqual(
      result.variables.Variables.map((v) => v.Name),
      ['Greeting'],
    );

    const version = await client.change(variablesUri, [{ text: variablesText }]);
    await client.waitForDiagnostics(variablesUri, { version });
    await assert.rejects(client.request('stepwise/deploymentProcess', { uri: processUri }), /variables\.ocl: Unclosed/);
  });
});
