import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FoldingRange } from 'vscode-languageserver-protocol';
import { appUri, at, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';

describe('folding ranges over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('each step folds from its first line to its last', async () => {
    const ranges = (await client.request('textDocument/foldingRange', {
      textDocument: { uri: appUri },
    })) as FoldingRange[];
    const build = at(client, appUri, 'name: Build', 0).position.line;
    assert.ok(
      ranges.some((r) => r.startLine === build && r.endLine === build + 6),
      JSON.stringify(ranges),
    );
  });
});
