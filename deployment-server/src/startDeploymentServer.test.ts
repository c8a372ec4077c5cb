import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startDeploymentServer } from './startDeploymentServer';

const modeOf = (file: string) => statSync(file).mode & 0o7777;

describe('the data folder', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-datadir-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is created readable by its owner only', async () => {
    const dataDir = path.join(dir, 'new', 'data');
    const server = await startDeploymentServer({ dataDir, port: 0 });
    await server.close();
    assert.equal(modeOf(dataDir).toString(8), '700');
  });

  it('keeps the mode of a folder that already exists (a shared 1777 folder stays shared)', async () => {
    const dataDir = path.join(dir, 'common-data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o1777);
    const server = await startDeploymentServer({ dataDir, port: 0 });
    await server.close();
    assert.equal(modeOf(dataDir).toString(8), '1777');
    assert.equal(modeOf(path.join(dataDir, 'api-key')).toString(8), '600');
  });
});
