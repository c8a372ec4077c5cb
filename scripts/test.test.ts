/**
 * `npm test`'s closing line counts every failure: runs scripts/test.mjs on small test files in a
 * temporary folder, each broken in its own way, and reads the line it ends with.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = mkdtempSync(path.join(tmpdir(), 'stepwise-totals-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** Writes the files, runs scripts/test.mjs on them (no type-check or build) and returns its exit code and last line. */
function runTests(files: Record<string, string>): { status: number | null; closing: string; output: string } {
  const paths = Object.entries(files).map(([name, text]) => {
    const file = path.join(folder, name);
    writeFileSync(file, text);
    return file;
  });
  // Without NODE_TEST_CONTEXT, which would make the inner run report to this one instead of printing.
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  const r = spawnSync(process.execPath, ['scripts/test.mjs', '--unit', '--no-build', ...paths], {
    cwd: root,
    encoding: 'utf8',
    env,
  });
  const lines = r.stdout.trim().split('\n');
  return { status: r.status, closing: lines[lines.length - 1], output: r.stdout + r.stderr };
}

describe('the closing totals line of scripts/test.mjs', () => {
  it('counts every failure: failing tests, files that fail to load, suites whose own code failed', () => {
    const r = runTests({
      // 1 passed, 1 failed: a failing test counts once, not again for its suite
      'tests.test.ts': `import { describe, it } from 'node:test';\ndescribe('s', () => {\n  it('ok', () => {});\n  it('fails', () => { throw new Error('no'); });\n});\n`,
      // 1 failed: a syntax error
      'syntax.test.ts': `import { test } from 'node:test';\ntest('x', () => {});\nthis is not code(\n`,
      // 1 failed: an import that fails
      'import.test.ts': `import './does-not-exist.js';\nimport { test } from 'node:test';\ntest('x', () => {});\n`,
      // 1 failed: a describe() that throws, as when a data file is missing
      'suite.test.ts': `import { describe, it } from 'node:test';\nimport { readFileSync } from 'node:fs';\ndescribe('vectors', () => {\n  readFileSync('/no/such/vectors.json');\n  it('never defined', () => {});\n});\n`,
      // 1 failed, 2 cancelled: a before() hook that fails, and the tests it kept from running
      'hook.test.ts': `import { before, describe, it } from 'node:test';\ndescribe('s', () => {\n  before(() => { throw new Error('set-up failed'); });\n  it('a', () => {});\n  it('b', () => {});\n});\n`,
    });
    assert.equal(r.closing, '1 passed, 5 failed, 2 cancelled', r.output);
    assert.notEqual(r.status, 0);
  });

  it('reports a clean run as such, with exit code 0', () => {
    const r = runTests({ 'clean.test.ts': `import { test } from 'node:test';\ntest('passes', () => {});\n` });
    assert.equal(r.closing, '1 passed, 0 failed', r.output);
    assert.equal(r.status, 0);
  });
});
