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

/** Filled in by run.mjs: { workbench, server }. Read it inside a test, not at import time. */
export const ui = { workbench: undefined, server: undefined };

/**
 * A UI test: `fn(workbench, t)` runs against the shared workbench; a screenshot named after the
 * test lands in test-results/screenshots/ (prefixed `FAILED-` when it throws).
 */
export function uiTest(name, options, fn) {
  if (typeof options === 'function') [options, fn] = [{}, options];
  return test(name, { timeout: 60_000, ...options }, async (t) => {
    const { workbench } = ui;
    if (!workbench) throw new Error('the workbench did not start (see the error of the suite setup)');
    try {
      await fn(workbench, t);
    } catch (error) {
      await workbench.screenshot(`FAILED-${name}`).catch(() => {});
      throw error;
    }
    await workbench.screenshot(name).catch(() => {});
  });
}
