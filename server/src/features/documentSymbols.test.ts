import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { appUri, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';

describe('document symbols over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('the outline: steps with their actions', async () => {
    const symbols = (await client.request('textDocument/documentSymbol', {
      textDocument: { uri: appUri },
    })) as DocumentSymbol[];
    const steps = symbols.find((s) => s.name === 'steps')!;
    assert.deepEqual(
      steps.children!.map((s) => s.name),
      ['Build', 'Deploy', 'Approve'],
    );
    assert.deepEqual(
      steps.children![1].children!.map((s) => s.name),
      ['Deploy package', 'Smoke test'],
    );
  });
});
