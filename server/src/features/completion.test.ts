import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionList } from 'vscode-languageserver-protocol';
import { appUri, at, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';

describe('completion over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('announces its trigger characters', () => {
    assert.deepEqual(client.initializeResult!.capabilities.completionProvider?.triggerCharacters, [
      '{',
      '|',
      '[',
      '.',
      ' ',
    ]);
  });

  it('inside `#{` as it is typed: variables with their values, system variables', async () => {
    // Type `#{` into the smoke test's script, as an editor with auto-closing would: `#{}`.
    const { position } = at(client, appUri, 'echo #{Octopus.Action', 5);
    const version = await client.change(appUri, [{ range: { start: position, end: position }, text: '#{} ' }]);
    await client.waitForDiagnostics(appUri, { version });
    const cursor = { line: position.line, character: position.character + 2 };
    const list = (await client.request('textDocument/completion', {
      textDocument: { uri: appUri },
      position: cursor,
      context: { triggerKind: 2, triggerCharacter: '{' },
    })) as CompletionList;
    const greeting = list.items.find((i) => i.label === 'Greeting')!;
    assert.equal(greeting.detail, 'Development: Hello! · Test: Hello, Test! · Production: Hello, Production!');
    assert.match((greeting.documentation as { value: string }).value, /Hello, Production!/);
    assert.ok(list.items.some((i) => i.label === 'Octopus.Environment.Name'));
    assert.ok(list.items.some((i) => i.label === 'LogLevel'));
    assert.deepEqual((greeting.textEdit as { range: unknown }).range, { start: cursor, end: cursor });
  });

  it('keys of a step, from the schema', async () => {
    // A new, indented line at the end of the last step.
    const { position } = at(client, appUri, '    environments: [Production]', 0);
    const end = { line: position.line, character: '    environments: [Production]'.length };
    await client.change(appUri, [{ range: { start: end, end }, text: '\n    ' }]);
    const list = (await client.request('textDocument/completion', {
      textDocument: { uri: appUri },
      position: { line: position.line + 1, character: 4 },
    })) as CompletionList;
    assert.ok(list.items.some((i) => i.label === 'responsible-teams'));
  });
});
