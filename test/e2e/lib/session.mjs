// What the UI suite's test files share: the open workbench (set by run.mjs before the tests
// run), the fixtures, and `uiTest`, which screenshots every test, passed or failed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './tools.mjs';

export const fixturesDir = path.join(repoRoot, 'test-fixtures', 'e2e');
export const resultsDir = path.join(repoRoot, 'test-results');

/** test-fixtures/e2e/expected-problems.json: what the broken fixture must show. */
export const expected = JSON.parse(readFileSync(path.join(fixturesDir, 'expected-problems.json'), 'utf8'));

/**
 * Filled in by run.mjs: { workbench, server, deploymentServer }, read inside a test, not at
 * import time; `file` is the test file being imported.
 */
export const ui = { workbench: undefined, server: undefined, file: undefined };
let registeredFile;

/**
 * A UI test: `fn(workbench, t)` runs against the shared workbench; a screenshot named after the
 * test lands in test-results/screenshots/ (prefixed `FAILED-` when it throws).
 */
export function uiTest(name, options, fn) {
  if (typeof options === 'function') [options, fn] = [{}, options];
  // run.mjs sets ui.file before it imports each test file: the file's first test resets the
  // workbench, so no file depends on what the one before it left open.
  const file = ui.file;
  const first = file !== registeredFile;
  registeredFile = file;
  const timeout = (options.timeout ?? 60_000) + (first ? 60_000 : 0);
  return test(name, { ...options, timeout }, async (t) => {
    const { workbench } = ui;
    if (!workbench) throw new Error('the workbench did not start (see the error of the suite setup)');
    if (first && workbench.testFile !== undefined && workbench.testFile !== file) {
      const found = await workbench.reset();
      t.diagnostic(`reset after ${workbench.testFile}: ${JSON.stringify(found)}`);
    }
    workbench.testFile = file;
    try {
      await fn(workbench, t);
    } catch (error) {
      await workbench.screenshot(`FAILED-${name}`).catch(() => {});
      throw error;
    }
    await workbench.screenshot(name).catch(() => {});
  });
}
