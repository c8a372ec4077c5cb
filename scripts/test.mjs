// The one test entry point: type-check, build, format check, lint, then every test — unit, language server, CLI,
// deployment server, then the real-VS-Code suites — and one closing line with the totals.
// Usage: node scripts/test.mjs [--unit | --e2e] [extra test files…]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.find((a) => a === '--unit' || a === '--e2e');
const explicit = args.filter((a) => !a.startsWith('--'));
const TEST_FOLDERS = ['core', 'server', 'deployment-server', 'client', 'test', 'syntaxes'];

const scratch = mkdtempSync(path.join(tmpdir(), 'stepwise-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(cmd, cmdArgs, opts = {}) {
  return spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts }).status ?? 1;
}

function addCounts(file) {
  if (!existsSync(file)) return;
  const counts = JSON.parse(readFileSync(file, 'utf8'));
  for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
}

function finish(code) {
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(code);
}

function findTests(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (name.endsWith('.test.ts')) out.push(path.relative(root, full));
  }
  return out;
}

if (only !== '--e2e') {
  if (run('npx', ['tsc', '-b']) !== 0) finish(1);
  if (run('node', ['scripts/build.mjs']) !== 0) finish(1);
  // The house's habits: one format (Prettier) and the lint rules that catch real bugs.
  if (!explicit.length && run('npx', ['prettier', '--check', '--log-level', 'warn', '.']) !== 0) finish(1);
  if (!explicit.length && run('npx', ['eslint', '.']) !== 0) finish(1);
  const files = explicit.length
    ? explicit
    : TEST_FOLDERS.flatMap((d) => findTests(path.join(root, d))).filter((f) => !f.startsWith(`test${path.sep}e2e`));
  const unitCounts = path.join(scratch, 'unit.json');
  const code = run('node', [
    '--import', 'tsx', '--test', '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./test/e2e/lib/countReporter.mjs', `--test-reporter-destination=${unitCounts}`,
    ...files,
  ]);
  addCounts(unitCounts);
  if (code !== 0) finish(code);
}
if (only !== '--unit' && !explicit.length) {
  const e2eCounts = path.join(scratch, 'e2e.json');
  const code = run('node', ['test/e2e/run.mjs'], { env: { ...process.env, STEPWISE_E2E_SUMMARY: e2eCounts } });
  addCounts(e2eCounts);
  finish(code);
}
finish(0);
