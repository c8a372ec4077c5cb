import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editorWorkspace } from '../../../test/support/serviceDocuments';
import { getWorkspaceSymbols } from './workspaceSymbols';

describe('workspace symbols', () => {
  const { all } = editorWorkspace();
  it('finds steps, actions, variables and space names by their letters in order', () => {
    const found = getWorkspaceSymbols(all, 'dpl').map((s) => `${s.name} — ${s.containerName}`);
    assert.deepEqual(found, ['Deploy — Web App', 'Deploy package — Web App › Deploy', 'DeployNote — Web App']);
    assert.deepEqual(
      getWorkspaceSymbols(all, 'web01').map((s) => s.name),
      ['TWeb01', 'PWeb01'],
    );
    assert.deepEqual(
      getWorkspaceSymbols(all, 'loglevel').map((s) => `${s.name} — ${s.containerName}`),
      ['LogLevel — space Default › Common'],
    );
  });

  it('an empty query lists everything (up to the limit)', () => {
    assert.equal(getWorkspaceSymbols(all, '', 5).length, 5);
  });
});
