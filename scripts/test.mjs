// The one test entry point: type-check, build, then every test with node's test runner.
// Usage: node scripts/test.mjs [--unit | --e2e] [extra test files…]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.find((a) => a === '--unit' || a === '--e2e');
const explicit = args.filter((a) => !a.startsWith('--'));

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (name.endsWith('.test.ts')) out.push(path.relative(root, full));
  }
  return out;
}

if (only !== '--e2e') {
  run('npx', ['tsc', '-b']);
  run('node', ['scripts/build.mjs']);
  const files = explicit.length
    ? explicit
    : ['core', 'server', 'deployment-server', 'client', 'test', 'syntaxes'].flatMap((d) => findTests(path.join(root, d))).filter((f) => !f.startsWith(`test${path.sep}e2e`));
  run('node', ['--import', 'tsx', '--test', '--test-concurrency=2', ...files]);
}
if (only !== '--unit' && !explicit.length) {
  run('node', ['test/e2e/run.mjs']);
}
