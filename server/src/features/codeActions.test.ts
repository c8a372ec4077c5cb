import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { appUri, at, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';

describe('code actions over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('"Create variable" for an unknown reference, applied, clears the warning', async () => {
    const { position } = at(client, appUri, '#{SupportEmail}', 2);
    let version = await client.change(appUri, [
      {
        range: { start: position, end: { line: position.line, character: position.character + 'SupportEmail'.length } },
        text: 'OnCallEmail',
      },
    ]);
    const diagnostics = (await client.waitForDiagnostics(appUri, { version })).diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['unknown-variable'],
    );
    const actions = (await client.request('textDocument/codeAction', {
      textDocument: { uri: appUri },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const create = actions.find((a) => a.title === "Create variable 'OnCallEmail'")!;
    assert.equal(create.kind, 'quickfix');
    version = await client.change(
      appUri,
      create.edit!.changes![appUri].map((e) => ({ range: e.range, text: e.newText })),
    );
    assert.deepEqual((await client.waitForDiagnostics(appUri, { version })).diagnostics, []);
  });

  it('step refactorings at the cursor, and `only` filters them out', async () => {
    const { position } = at(client, appUri, 'name: Approve', 7);
    const range = { start: position, end: position };
    const actions = (await client.request('textDocument/codeAction', {
      textDocument: { uri: appUri },
      range,
      context: { diagnostics: [] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Split into a multi-action step'],
    );
    const only = (await client.request('textDocument/codeAction', {
      textDocument: { uri: appUri },
      range,
      context: { diagnostics: [], only: ['quickfix'] },
    })) as CodeAction[];
    assert.deepEqual(only, []);
  });
});
