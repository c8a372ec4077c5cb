import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot, startServerProcess } from './testing/serverProcess';

const bin = path.join(repoRoot, 'bin', 'stepwise.js');

describe('stepwise server (the built CLI)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-cli-server-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('binds loopback, creates an API key on first start (mode 0600) and prints it, then reuses it', async () => {
    const dataDir = path.join(dir, 'data');
    const first = await startServerProcess({ dataDir, viaCli: true });
    try {
      assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(first.apiKey, /^API-[A-Z0-9]{25,}$/);
      assert.ok(
        first.output().includes(`API key: ${first.apiKey} (stored in ${path.join(dataDir, 'api-key')})`),
        first.output(),
      );
      assert.equal(statSync(path.join(dataDir, 'api-key')).mode & 0o777, 0o600);
      assert.equal(statSync(dataDir).mode & 0o777, 0o700);
      const root = await first.request('GET', '/api', undefined, { key: null });
      assert.equal(root.status, 200);
      assert.equal((await first.request('GET', '/api/spaces', undefined, { key: null })).status, 401);
    } finally {
      assert.equal(await first.stop(), 0, 'SIGTERM stops it cleanly');
    }
    const second = await startServerProcess({ dataDir, viaCli: true });
    try {
      assert.equal(second.apiKey, first.apiKey);
      assert.ok(!second.output().includes(first.apiKey), 'a stored key is not printed again');
      assert.match(second.output(), /API key: in .*api-key/);
    } finally {
      await second.stop();
    }
  });

  it('refuses bad arguments with exit code 2 and a pointer to the help', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [bin, 'server', ...args], { encoding: 'utf8', cwd: dir });
    const port = run('--port', 'eighty');
    assert.equal(port.status, 2);
    assert.match(port.stderr, /--port must be a number from 0 to 65535/);
    assert.match(port.stderr, /Run 'stepwise server --help' for usage\./);
    const key = run('--api-key', 'secret');
    assert.equal(key.status, 2);
    assert.match(key.stderr, /--api-key must look like an Octopus API key/);
    const missing = run('--port', '0', '--data', path.join(dir, 'd2'), '--workspace', path.join(dir, 'no-such-folder'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /could not start: the workspace folder .*no-such-folder does not exist/);
    const unknown = run('--colour', 'blue');
    assert.equal(unknown.status, 2);
    const help = run('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: stepwise server/);
    assert.match(
      spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout,
      /stepwise server \[--host H\]/,
    );
  });
});
