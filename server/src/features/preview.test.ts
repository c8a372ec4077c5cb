import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../../../test/support/lspClient';
import { positionOf } from '../../../test/support/serviceDocuments';

const uri = 'file:///tmp/stepwise-preview-test/regex.process.yaml';
const as = 'a'.repeat(34) + '!';
// `(a+)+$` backtracks exponentially on 34 a's and a `!`: .NET (and JS RegExp) would take hours.
const text = `project: Regex
variables:
  As:
    - value: "${as}"
steps:
  - name: Replace
    type: script
    syntax: bash
    script: echo "#{As | Replace "(a+)+$" x}"
`;

describe('stepwise/preview over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
    const version = await client.open(uri, text);
    await client.waitForDiagnostics(uri, { version });
  });
  after(async () => {
    await client.shutdown();
  });

  // The timeout only ends a hung run; a fixed server answers in well under a second.
  it(
    'answers a preview with a catastrophic regular expression, and a hover sent after it',
    { timeout: 120_000 },
    async () => {
      const preview = client.request('stepwise/preview', { uri, environment: 'Production' });
      const hover = client.request('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(text, '#{As', 3),
      });
      const json = JSON.stringify(await preview);
      assert.ok(json.includes(`echo \\"${as}\\"`), json);
      const contents = ((await hover) as Hover).contents as { value: string };
      assert.match(contents.value, /\*\*As\*\*/);
    },
  );
});
