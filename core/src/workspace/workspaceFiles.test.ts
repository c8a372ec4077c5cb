import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findWorkspaceFiles, isProcessFile, isSpaceFile, nearestSpaceFile, workspaceFileKind } from './workspaceFiles';

describe('workspace files: one rule set for the language server, the CLI and the import', () => {
  let root: string;
  const file = (relative: string) => {
    const full = path.join(root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, 'project: x\n');
    return full;
  };
  const relative = (files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'stepwise-workspace-files-'));
    file('.octopus/space.yaml');
    file('app.process.yaml');
    file('Upper.PROCESS.YML');
    file('teams/a/deep.process.yml');
    file('teams/a/.octopus/space.yml');
    file('teams/a/notes.yaml');
    file('node_modules/pkg/x.process.yaml');
    file('dist/x.process.yaml');
    file('.hidden/x.process.yaml');
    file('.git/x.process.yaml');
    file('space.yaml');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('names process files in any letter case, and space files only in .octopus', () => {
    assert.equal(isProcessFile('a/b.process.yaml'), true);
    assert.equal(isProcessFile('a/b.Process.YML'), true);
    assert.equal(isProcessFile('a/b.yaml'), false);
    assert.equal(isSpaceFile('a/.octopus/space.yaml'), true);
    assert.equal(isSpaceFile('a/.octopus/space.yml'), true);
    assert.equal(isSpaceFile('a/space.yaml'), false);
    assert.equal(workspaceFileKind('x/.octopus/space.yaml'), 'space');
    assert.equal(workspaceFileKind('x/readme.md'), undefined);
  });

  it('walks past dependency, build and hidden folders, but into .octopus', () => {
    const { files, truncated } = findWorkspaceFiles([root]);
    assert.deepEqual(relative(files), [
      '.octopus/space.yaml',
      'Upper.PROCESS.YML',
      'app.process.yaml',
      'teams/a/.octopus/space.yml',
      'teams/a/deep.process.yml',
    ]);
    assert.equal(truncated, false);
  });

  it('lists one kind on request, and says when a limit cut the walk short', () => {
    assert.deepEqual(relative(findWorkspaceFiles([root], { kinds: ['process'] }).files), [
      'Upper.PROCESS.YML',
      'app.process.yaml',
      'teams/a/deep.process.yml',
    ]);
    const shallow = findWorkspaceFiles([root], { kinds: ['process'], maxDepth: 1 });
    assert.deepEqual(relative(shallow.files), ['Upper.PROCESS.YML', 'app.process.yaml']);
    assert.equal(shallow.truncated, true);
    const few = findWorkspaceFiles([root], { maxFiles: 2 });
    assert.equal(few.files.length, 2);
    assert.equal(few.truncated, true);
  });

  it('finds the nearest space file up the tree, or none', () => {
    assert.equal(
      nearestSpaceFile(path.join(root, 'teams/a/deep.process.yml')),
      path.join(root, 'teams/a/.octopus/space.yml'),
    );
    assert.equal(nearestSpaceFile(path.join(root, 'app.process.yaml')), path.join(root, '.octopus/space.yaml'));
    assert.equal(
      nearestSpaceFile(path.join(root, 'app.process.yaml'), () => false),
      undefined,
    );
  });
});
