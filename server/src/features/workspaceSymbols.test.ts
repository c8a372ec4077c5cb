import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SymbolInformation } from 'vscode-languageserver-protocol';
import { otherUri, spaceUri, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';

describe('workspace symbols over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('finds names in files that are not open', async () => {
    const work = (await client.request('workspace/symbol', { query: 'Work' })) as SymbolInformation[];
    assert.ok(work.some((s) => s.name === 'Work' && s.location.uri === otherUri));
    const targets = (await client.request('workspace/symbol', { query: 'PWeb' })) as SymbolInformation[];
    assert.ok(targets.some((s) => s.name === 'PWeb01' && s.location.uri === spaceUri));
  });
});
