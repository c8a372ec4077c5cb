import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LspClient } from './lspClient';
import { fileUri } from './paths';

// Runs against the bundled server: build first (`node scripts/build.mjs`, done by `npm test`).
let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.shutdown();
});

test('reports a YAML syntax error where it is, and clears it after an incremental fix', async () => {
  const uri = fileUri('test-fixtures/lsp-client/hello.process.yaml');
  // A valid process file, but for `: bash` turning the `type` value into a nested mapping.
  const text = [
    'project: Hello',
    'steps:',
    '  - name: Say hello',
    '    type: script: bash',
    '    syntax: bash',
    '    script: echo hi',
    '',
  ].join('\n');

  const version = await client.open(uri, text);
  const broken = await client.waitForDiagnostics(uri, { version });
  const first = broken.diagnostics[0];
  assert.ok(first, 'a nested mapping in a compact mapping is a syntax error');
  assert.equal(first.severity, 1);
  assert.deepEqual(
    first.range.start,
    { line: 3, character: 10 },
    'the error is at the value holding the nested mapping',
  );

  const fixed = await client.change(uri, [
    { range: { start: { line: 3, character: 16 }, end: { line: 3, character: 22 } }, text: '' },
  ]);
  assert.equal(client.text(uri).split('\n')[3], '    type: script');
  const clean = await client.waitForDiagnostics(uri, { version: fixed });
  assert.deepEqual(clean.diagnostics, []);

  await client.close(uri);
});

test('captures the exit of a server that is shut down', async () => {
  const other = await LspClient.start();
  assert.equal(other.isAlive, true);
  assert.equal(other.initializeResult?.serverInfo?.name, 'stepwise');
  const code = await other.shutdown();
  assert.equal(other.isAlive, false);
  assert.equal(code, 0);
});

test('rejects waiting for diagnostics that never come, with the reason', async () => {
  await assert.rejects(
    client.waitForDiagnostics(fileUri('never-opened.process.yaml'), { timeoutMs: 50 }),
    /No publishDiagnostics for .*never-opened/,
  );
});
