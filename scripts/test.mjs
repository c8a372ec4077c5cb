// The one test entry point: type-check, build, format check, lint, then every test — unit, language server, CLI,
// deployment server, then the real-VS-Code suites — and one closing line with the totals.
// Every failure counts in that line: failing tests, suites and files that fail to load, and a
// step (type-check, build, a run that crashed) that fails without reporting a test.
// Usage: node scripts/test.mjs [--unit | --e2e] [--no-build] [test files…]
//   --no-build  skip the type-check and build (to re-run a few files quickly)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.find((a) => a === '--unit' || a === '--e2e');
const noBuild = args.includes('--no-build');
const explicit = args.filter((a) => !a.startsWith('--'));
const TEST_FOLDERS = ['core', 'server', 'deployment-server', 'client', 'test', 'syntaxes', 'scripts'];
const { countsOfRun, formatCounts } = await import(
  pathToFileURL(path.join(root, 'test/e2e/lib/countReporter.mjs')).href
);

const scratch = mkdtempSync(path.join(tmpdir(), 'stepwise-test-'));
const totals = { passed: 0, failed: 0, skipped: 0, cancelled: 0 };

function run(cmd, cmdArgs, opts = {}) {
  return spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts }).status ?? 1;
}

/** Adds a run's counts (from its reporter's file) to the totals; a failed run counts at least one failure. */
function addCounts(file, exitCode) {
  const counts = countsOfRun(existsSync(file) ? readFileSync(file, 'utf8') : '', exitCode);
  for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
}

/** A step that is not a test run (type-check, build) failed: one failure, and the run stops. */
function stepFailed(what, code) {
  console.error(`test: ${what} failed (${code})`);
  totals.failed++;
  finish(code || 1);
}

function finish(code) {
  console.log(`\n${formatCounts(totals)}`);
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
  if (!noBuild) {
    const typeCheck = run('npx', ['tsc', '-b']);
    if (typeCheck !== 0) stepFailed('the type-check (tsc -b)', typeCheck);
    const build = run('node', ['scripts/build.mjs']);
    if (build !== 0) stepFailed('the build (scripts/build.mjs)', build);
  }
  // The house's habits: one format (Prettier) and the lint rules that catch real bugs.
  if (!explicit.length) {
    const format = run('npx', ['prettier', '--check', '--log-level', 'warn', '.']);
    if (format !== 0) stepFailed('the format check (prettier --check; run npm run format)', format);
    const lint = run('npx', ['eslint', '.']);
    if (lint !== 0) stepFailed('the lint (eslint)', lint);
  }
  const files = explicit.length
    ? explicit
    : TEST_FOLDERS.flatMap((d) => findTests(path.join(root, d))).filter((f) => !f.startsWith(`test${path.sep}e2e`));
  const unitCounts = path.join(scratch, 'unit.json');
  const code = run('node', [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./test/e2e/lib/countReporter.mjs',
    `--test-reporter-destination=${unitCounts}`,
    ...files,
  ]);
  addCounts(unitCounts, code);
  if (code !== 0) finish(code);
}
if (only !== '--unit' && !explicit.length) {
  const e2eCounts = path.join(scratch, 'e2e.json');
  const code = run('node', ['test/e2e/run.mjs'], { env: { ...process.env, STEPWISE_E2E_SUMMARY: e2eCounts } });
  addCounts(e2eCounts, code);
  finish(code);
}
finish(0);
