import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { appUri, at, otherUri, spaceUri, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';

describe('rename over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('announces prepareRename, and answers it with the name’s range', async () => {
    assert.deepEqual(client.initializeResult!.capabilities.renameProvider, { prepareProvider: true });
    const prepared = (await client.request('textDocument/prepareRename', at(client, appUri, '#{LogLevel', 3))) as {
      placeholder: string;
    };
    assert.equal(prepared.placeholder, 'LogLevel');
  });

  it('a set variable: edits to this file, the space file and the other process file (both closed)', async () => {
    const edit = (await client.request('textDocument/rename', {
      ...at(client, appUri, '#{LogLevel', 3),
      newName: 'Verbosity',
    })) as WorkspaceEdit;
    assert.deepEqual(Object.keys(edit.changes!).sort(), [appUri, otherUri, spaceUri].sort());
    assert.deepEqual(
      edit.changes![spaceUri].map((e) => e.newText),
      ['Verbosity'],
    );
  });

  it('refuses a clashing name with an error the editor shows', async () => {
    await assert.rejects(
      client.request('textDocument/rename', { ...at(client, appUri, '#{Greeting}', 3), newName: 'ApiKey' }),
      /already a variable named `ApiKey`/,
    );
    await assert.rejects(
      client.request('textDocument/prepareRename', at(client, appUri, 'Octopus.Machine.Name', 9)),
      /`Octopus.Machine.Name` is an Octopus system variable/,
    );
  });
});
