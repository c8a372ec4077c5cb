import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { appUri, appText, at, spaceUri, startWithApp } from '../../../test/support/editorFixture';
import { defaultClientCapabilities, LspClient } from '../../../test/support/lspClient';
import { fileUri } from '../../../test/support/paths';
import { editorDir } from '../../../test/support/serviceDocuments';

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

describe('code lenses follow the space file', () => {
  it('asks the client to refresh lenses and tokens when the space file changes', async () => {
    const capabilities = {
      ...defaultClientCapabilities,
      workspace: {
        ...defaultClientCapabilities.workspace,
        codeLens: { refreshSupport: true },
        semanticTokens: { refreshSupport: true },
      },
    };
    const client = await LspClient.start({ rootUri: fileUri(editorDir), capabilities });
    try {
      const refreshed: string[] = [];
      const done = new Promise<void>((resolve) => {
        for (const method of ['workspace/codeLens/refresh', 'workspace/semanticTokens/refresh']) {
          client.onRequest(method, () => {
            refreshed.push(method);
            if (refreshed.length === 2) resolve();
            return null;
          });
        }
      });
      await client.open(appUri, appText);
      await client.changeWatchedFiles([{ uri: spaceUri, type: FileChangeType.Changed }]);
      await done;
      assert.deepEqual(refreshed.sort(), ['workspace/codeLens/refresh', 'workspace/semanticTokens/refresh']);
    } finally {
      await client.shutdown();
    }
  });
});
