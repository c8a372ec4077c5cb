import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocumentHighlight, Location } from 'vscode-languageserver-protocol';
import { appUri, at, otherUri, spaceUri, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';

const short = (l: Location) => `${l.uri.split('/').pop()}:${l.range.start.line + 1}:${l.range.start.character + 1}`;

describe('definition, references and highlights over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('go to definition of a set variable opens the space file, which is not open', async () => {
    const locations = (await client.request(
      'textDocument/definition',
      at(client, appUri, '#{LogLevel', 3),
    )) as Location[];
    assert.deepEqual(locations.map(short), ['space.yaml:24:7']);
    assert.equal(locations[0].uri, spaceUri);
  });

  it('references reach the other process file on disk', async () => {
    const locations = (await client.request('textDocument/references', {
      ...at(client, appUri, '#{LogLevel', 3),
      context: { includeDeclaration: false },
    })) as Location[];
    assert.deepEqual(locations.map(short), ['app.process.yaml:28:34', 'other.process.yaml:9:21']);
    assert.ok(locations.some((l) => l.uri === otherUri));
  });

  it('highlights in the file', async () => {
    const highlights = (await client.request(
      'textDocument/documentHighlight',
      at(client, appUri, 'name: Build', 7),
    )) as DocumentHighlight[];
    assert.deepEqual(
      highlights.map((h) => `${h.range.start.line + 1}:${h.kind}`),
      ['24:3', '42:2'],
    );
  });
});
