import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { appUri, at, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';

describe('hover over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('a variable: its values and scopes, as markdown', async () => {
    const hover = (await client.request('textDocument/hover', at(client, appUri, '#{Greeting}', 3))) as Hover;
    const contents = hover.contents as { kind: string; value: string };
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /\*\*Greeting\*\* — project variable/);
    assert.match(contents.value, /`Hello, Production!` \| `environment Production`/);
  });

  it('a key, and nothing where there is nothing to say', async () => {
    const key = (await client.request('textDocument/hover', at(client, appUri, 'run-on:', 1))) as Hover;
    assert.match((key.contents as { value: string }).value, /Octopus.Action.RunOnServer/);
    assert.equal(await client.request('textDocument/hover', at(client, appUri, 'curl', 1)), null);
  });
});
