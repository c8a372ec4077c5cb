// Extension-host tests, in the contract of @vscode/test-electron: VS Code loads this module as
// `extensionTestsPath` and calls run(); a rejection fails the run. The same module runs in
// code-server (test/e2e/run.mjs, as CI does) and in desktop VS Code (test/e2e/desktop.mjs).
// To add tests, add a `*.test.js` file beside this one that calls `test(name, fn)` from ./harness.
'use strict';
const fs = require('fs');
const path = require('path');
const { runTests } = require('./harness');

async function run() {
  // run.mjs --only=NAME: only the test files whose name contains NAME.
  const only = process.env.STEPWISE_E2E_ONLY;
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && (!only || f.includes(only)))
    .sort()) {
    require(path.join(__dirname, file));
  }
  const results = await runTests((line) => console.log(`[stepwise e2e] ${line}`));
  // run.mjs reads the results from this file to report each test on its own.
  if (process.env.STEPWISE_E2E_RESULTS)
    fs.writeFileSync(process.env.STEPWISE_E2E_RESULTS, JSON.stringify(results, null, 2));
  const failed = results.filter((r) => r.status === 'fail');
  if (failed.length)
    throw new Error(
      `${failed.length} of ${results.length} extension-host tests failed: ${failed.map((r) => r.name).join('; ')}`,
    );
}

module.exports = { run };
