import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { appUri, at, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';

describe('code lenses over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('each step says where it runs per environment, and opens that preview', async () => {
    const lenses = (await client.request('textDocument/codeLens', { textDocument: { uri: appUri } })) as CodeLens[];
    const approve = at(client, appUri, '- name: Approve', 0).position.line;
    const titles = lenses.filter((l) => l.range.start.line === approve).map((l) => l.command!.title);
    assert.deepEqual(titles, ['Development: skipped', 'Test: skipped', 'Production: server']);
    assert.deepEqual(lenses[0].command!.arguments, [appUri, 'Development']);
  });
});
