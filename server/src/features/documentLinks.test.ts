import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocumentLink } from 'vscode-languageserver-protocol';
import { appUri, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';

describe('document links over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('a NuGet package links to its gallery page', async () => {
    const links = (await client.request('textDocument/documentLink', {
      textDocument: { uri: appUri },
    })) as DocumentLink[];
    assert.deepEqual(
      links.map((l) => l.target),
      ['https://www.nuget.org/packages/Newtonsoft.Json'],
    );
  });
});
