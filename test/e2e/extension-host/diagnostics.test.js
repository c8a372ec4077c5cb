// The language server's diagnostics, seen through the vscode API.
'use strict';
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const { test } = require('./harness');
const {
  repoRoot,
  fixturesDir,
  expected,
  openFile,
  stepwiseDiagnostics,
  waitForDiagnostics,
  matches,
  describeAll,
} = require('./support');

const brokenFile = path.join(fixturesDir, expected.file);
const enforced = expected.problems;

test('a process file opens in the stepwise-process language and activates the extension', async () => {
  const document = await openFile(brokenFile);
  assert.strictEqual(document.languageId, 'stepwise-process');
  const extension = vscode.extensions.all.find(
    (e) => e.packageJSON.name === 'stepwise' && e.packageJSON.publisher === 'stepwise',
  );
  assert.ok(extension, 'the Stepwise extension is not loaded');
  await extension.activate();
  assert.ok(extension.isActive);
});

test('the broken fixture gets the expected diagnostics', async () => {
  const document = await openFile(brokenFile);
  const diagnostics = await waitForDiagnostics(document.uri, (ds) =>
    enforced.every((p) => ds.some((d) => matches(d, p))),
  );
  assert.ok(diagnostics.every((d) => d.source === 'stepwise'));
});

for (const problem of expected.problems) {
  test(`diagnostic ${problem.severity} ${problem.code} on line ${problem.line}: ${problem.message}`, async () => {
    const document = await openFile(brokenFile);
    // One publish carries all of a file's diagnostics: wait for it, then look for this one.
    await waitForDiagnostics(document.uri, (ds) => ds.length > 0);
    const all = stepwiseDiagnostics(document.uri);
    const found = all.some((d) => matches(d, problem));
    assert.ok(found, `not reported; the server reports:\n${describeAll(all)}`);
  });
}

test('the demo project has no problems', async () => {
  const document = await openFile(path.join(repoRoot, 'test-fixtures', 'demo', 'hello-world.process.yaml'));
  assert.strictEqual(document.languageId, 'stepwise-process');
  // A clean file publishes an empty list, which may come before or after this point: give the
  // server a moment, then require that nothing was reported.
  await waitForDiagnostics(document.uri, (ds) => ds.length > 0, 3_000).catch(() => {});
  const diagnostics = stepwiseDiagnostics(document.uri);
  assert.strictEqual(
    diagnostics.length,
    0,
    `the demo should be valid, but the server reports:\n${describeAll(diagnostics)}`,
  );
});
