import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-protocol';
import { appUri, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';

describe('semantic tokens over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('the legend, and tokens that decode to the templates’ parts', async () => {
    const provider = client.initializeResult!.capabilities.semanticTokensProvider as {
      legend: SemanticTokensLegend;
      full: boolean;
      range: boolean;
    };
    assert.ok(provider.full && provider.range);
    const { tokenTypes } = provider.legend;
    const { data } = (await client.request('textDocument/semanticTokens/full', {
      textDocument: { uri: appUri },
    })) as SemanticTokens;
    const lines = client.text(appUri).split('\n');
    const decoded: string[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      character = data[i] ? data[i + 1] : character + data[i + 1];
      decoded.push(`${lines[line].slice(character, character + data[i + 2])}:${tokenTypes[data[i + 3]]}`);
    }
    for (const expected of [
      'Greeting:variable',
      'ToUpper:function',
      'each:keyword',
      'server:parameter',
      'Build:enumMember',
    ])
      assert.ok(decoded.includes(expected), expected);
  });
});
