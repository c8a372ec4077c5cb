import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { appText, appUri, at, startWithApp } from '../../../test/support/editorFixture';
import { fileUri } from '../../../test/support/paths';
import { editorDir } from '../../../test/support/serviceDocuments';
import { LspClient, vscodeLikeClientCapabilities } from '../../../test/support/lspClient';

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
    // A client that cannot resolve items or take list defaults gets every item whole.
    assert.equal(list.itemDefaults, undefined);
    assert.ok(list.items.every((i) => i.textEdit && i.data === undefined));
    assert.ok(!client.initializeResult!.capabilities.completionProvider?.resolveProvider);
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

describe('completion over LSP, to a client that resolves items and takes list defaults (as VS Code does)', () => {
  let client: LspClient;
  let full: LspClient;
  before(async () => {
    client = await LspClient.start({ rootUri: fileUri(editorDir), capabilities: vscodeLikeClientCapabilities });
    full = await startWithApp();
    const version = await client.open(appUri, appText);
    await client.waitForDiagnostics(appUri, { version });
  });
  after(async () => {
    await Promise.all([client.shutdown(), full.shutdown()]);
  });

  /** Completion inside a new `#{}` in the smoke test's script, in both clients. */
  async function inTemplate() {
    const lists: CompletionList[] = [];
    for (const c of [client, full]) {
      const { position } = at(c, appUri, 'echo #{Octopus.Action', 5);
      const version = await c.change(appUri, [{ range: { start: position, end: position }, text: '#{} ' }]);
      await c.waitForDiagnostics(appUri, { version });
      const cursor = { line: position.line, character: position.character + 2 };
      lists.push(
        (await c.request('textDocument/completion', {
          textDocument: { uri: appUri },
          position: cursor,
          context: { triggerKind: 2, triggerCharacter: '{' },
        })) as CompletionList,
      );
      if (c === client)
        lists.push({ isIncomplete: false, items: [], itemDefaults: { editRange: { start: cursor, end: cursor } } });
    }
    const [lazy, expectedDefaults, whole] = lists;
    return { lazy, expectedDefaults, whole };
  }

  it('announces that it resolves items', () => {
    assert.equal(client.initializeResult!.capabilities.completionProvider?.resolveProvider, true);
  });

  it('sends the range once as a list default and the documentation on resolve; the same items otherwise', async () => {
    const { lazy, expectedDefaults, whole } = await inTemplate();
    assert.deepEqual(lazy.itemDefaults, expectedDefaults.itemDefaults);
    assert.equal(lazy.items.length, whole.items.length);
    assert.ok(lazy.items.every((i) => i.textEdit === undefined && i.documentation === undefined));
    assert.ok(JSON.stringify(lazy).length < JSON.stringify(whole).length / 2);

    // Each item, with the list's defaults applied and resolved, is the whole item another client gets.
    for (const [index, item] of lazy.items.entries()) {
      const { data, textEditText, ...rest } = item;
      const resolved =
        data === undefined ? item : ((await client.request('completionItem/resolve', item)) as CompletionItem);
      const expected = whole.items[index];
      const rebuilt: CompletionItem = {
        ...rest,
        textEdit: { range: lazy.itemDefaults!.editRange as never, newText: textEditText ?? item.label },
      };
      if (expected.filterText !== undefined) rebuilt.filterText = item.filterText ?? item.label;
      if (resolved.documentation !== undefined) rebuilt.documentation = resolved.documentation;
      assert.deepEqual(rebuilt, expected);
    }
    const greeting = lazy.items.find((i) => i.label === 'Greeting')!;
    const resolved = (await client.request('completionItem/resolve', greeting)) as CompletionItem;
    assert.match((resolved.documentation as { value: string }).value, /Hello, Production!/);
    assert.deepEqual(resolved.documentation, whole.items.find((i) => i.label === 'Greeting')!.documentation);
  });

  it('an item it does not know comes back as sent', async () => {
    const item = { label: 'Nothing', data: [999_999, 0] };
    assert.deepEqual(await client.request('completionItem/resolve', item), item);
    assert.deepEqual(await client.request('completionItem/resolve', { label: 'x', data: 'bad' }), {
      label: 'x',
      data: 'bad',
    });
  });
});
