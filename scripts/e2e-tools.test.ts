/**
 * scripts/e2e-tools.sh runs its nested `npm install`s without the npm_* variables of the npm that
 * started it (`npm start`, `npm test`): code-server's postinstall reads the Node version from
 * npm_config_user_agent and refused to install under the outer Node 20's.
 * The npm on PATH here is a stand-in that records its environment and fails, so nothing is
 * installed (a real install takes minutes and the network).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = mkdtempSync(path.join(tmpdir(), 'stepwise-e2e-tools-'));
after(() => rmSync(folder, { recursive: true, force: true }));

it('starts its nested npm install with none of the outer npm_* variables', () => {
  const bin = path.join(folder, 'bin');
  const tools = path.join(folder, 'tools');
  mkdirSync(bin);
  const seen = path.join(folder, 'npm-env');
  writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\nenv > '${seen}'\nexit 1\n`);
  chmodSync(path.join(bin, 'npm'), 0o755);
  const r = spawnSync('bash', ['scripts/e2e-tools.sh', '--no-browser'], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      STEPWISE_TOOLS: tools,
      // What `npm test` under Node 20 exports, in both spellings npm reads.
      npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
      npm_lifecycle_event: 'test',
      npm_package_name: 'stepwise',
      NPM_CONFIG_CACHE: path.join(folder, 'cache'),
      INIT_CWD: root,
    },
  });
  assert.notEqual(r.status, 0, 'the stand-in npm fails, so the script must stop');
  const variables = readFileSync(seen, 'utf8')
    .split('\n')
    .map((line) => line.split('=')[0]);
  assert.deepEqual(
    variables.filter((name) => /^npm_/i.test(name) || name === 'INIT_CWD'),
    [],
  );
  assert.ok(variables.includes('STEPWISE_TOOLS'), 'the rest of the environment is kept');
});
