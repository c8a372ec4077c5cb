// Helpers for extension-host tests: the fixtures, and waiting on the language server.
'use strict';
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const repoRoot = path.resolve(__dirname, '../../..');
const fixturesDir = path.join(repoRoot, 'test-fixtures', 'e2e');
/** test-fixtures/e2e/expected-problems.json, shared with the UI suite. */
const expected = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'expected-problems.json'), 'utf8'));

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Opens a file (absolute path) in an editor and returns its document. */
async function openFile(file) {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Stepwise's diagnostics for a document. */
function stepwiseDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'stepwise');
}

/**
 * Resolves with the document's diagnostics once `ready(diagnostics)` holds, checking now and on
 * every change; rejects after `timeout` ms with what it saw.
 */
function waitForDiagnostics(uri, ready, timeout = 20_000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = stepwiseDiagnostics(uri);
      if (!ready(diagnostics)) return false;
      done();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(
        new Error(
          `diagnostics for ${path.basename(uri.fsPath)} not as expected after ${timeout / 1000} s; saw:\n${describeAll(stepwiseDiagnostics(uri))}`,
        ),
      );
    }, timeout);
    const done = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/** Whether a diagnostic matches an entry of expected-problems.json. */
function matches(diagnostic, { severity, code, line, message }) {
  const actualCode = typeof diagnostic.code === 'object' && diagnostic.code ? diagnostic.code.value : diagnostic.code;
  return (
    (severity === undefined || diagnostic.severity === SEVERITY[severity]) &&
    (code === undefined || actualCode === code) &&
    (line === undefined || diagnostic.range.start.line + 1 === line) &&
    (message === undefined || diagnostic.message.includes(message))
  );
}

function describeAll(diagnostics) {
  const names = Object.fromEntries(Object.entries(SEVERITY).map(([k, v]) => [v, k]));
  return (
    diagnostics
      .map((d) => `  ${names[d.severity]} ${d.code} line ${d.range.start.line + 1}: ${d.message}`)
      .join('\n') || '  (none)'
  );
}

module.exports = {
  repoRoot,
  fixturesDir,
  expected,
  openFile,
  stepwiseDiagnostics,
  waitForDiagnostics,
  matches,
  describeAll,
};
