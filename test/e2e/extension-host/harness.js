// A small test runner for the extension host, so the suite needs no test framework in the
// .vsix or in node_modules: test files call `test(name, fn)`; index.js runs them in order.
'use strict';

/** @type {{ name: string, fn: (t: TestContext) => unknown, timeout: number }[]} */
const tests = [];

/**
 * @typedef {object} TestContext
 * @property {(note: string) => void} note     adds a line to the test's report
 */

/** Registers a test; `fn(t)` gets a TestContext. `options.timeout` in ms (default 30 s). */
function test(name, options, fn) {
  if (typeof options === 'function') [options, fn] = [{}, options];
  tests.push({ name, fn, timeout: options.timeout ?? 30_000 });
}

/** Runs the registered tests one by one; returns [{ name, status, error?, durationMs }]. */
async function runTests(log = console.log) {
  const results = [];
  for (const t of tests) {
    const started = Date.now();
    const notes = [];
    const context = {
      note(line) {
        notes.push(String(line));
      },
    };
    let status = 'pass';
    let error;
    try {
      await withTimeout(
        Promise.resolve().then(() => t.fn(context)),
        t.timeout,
        t.name,
      );
    } catch (e) {
      [status, error] = ['fail', e && e.stack ? e.stack : String(e)];
    }
    results.push({ name: t.name, status, error, notes, durationMs: Date.now() - started });
    const detail = [error, ...notes].filter(Boolean).join('\n');
    log(
      `${{ pass: 'ok  ', fail: 'FAIL' }[status]} ${t.name}${detail ? `\n     ${detail.split('\n').join('\n     ')}` : ''}`,
    );
  }
  return results;
}

function withTimeout(promise, ms, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

module.exports = { test, runTests };
