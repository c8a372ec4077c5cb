import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../../test/support/paths';

const bin = path.join(repoRoot, 'bin', 'stepwise.js');

function stepwise(args: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stepwise validate', () => {
  it('exits 0 and says so for a clean file', () => {
    const r = stepwise(['validate', 'test-fixtures/checks/valid.process.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '1 file checked: 0 errors, 0 warnings\n');
  });

  it('prints file:line:col severity code message and exits 1 on errors', () => {
    const r = stepwise(['validate', 'test-fixtures/checks/steps.process.yaml']);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.length > 3);
    for (const line of lines) assert.match(line, /^test-fixtures\/checks\/steps\.process\.yaml:\d+:\d+ (error|warning|information|hint) [a-z-]+ .+/);
    assert.ok(lines.includes('test-fixtures/checks/steps.process.yaml:10:11 error duplicate-step-name Another step is already named `Build` (line 5). Step names must be unique within a process.'), r.stdout);
  });

  it('walks folders for process and space files and reports JSON with 0-based LSP ranges', () => {
    const r = stepwise(['validate', 'test-fixtures/checks', '--format', 'json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    const paths = report.files.map((f: { path: string }) => f.path);
    assert.deepEqual(paths, [
      'test-fixtures/checks/.octopus/space.yaml',
      ...readdirSync(path.join(repoRoot, 'test-fixtures/checks')).filter((f) => f.endsWith('.process.yaml')).sort().map((f) => `test-fixtures/checks/${f}`),
    ]);
    assert.ok(paths.includes('test-fixtures/checks/steps.process.yaml'));
    const steps = report.files.find((f: { path: string }) => f.path.endsWith('/steps.process.yaml')).diagnostics;
    const duplicate = steps.find((d: { code: string }) => d.code === 'duplicate-step-name');
    assert.deepEqual(duplicate.range, { start: { line: 9, character: 10 }, end: { line: 9, character: 15 } });
    assert.deepEqual(Object.keys(duplicate).sort(), ['code', 'data', 'message', 'range', 'severity'].filter((k) => k in duplicate).sort());
    const total = (severity: string) => report.files.flatMap((f: { diagnostics: { severity: string }[] }) => f.diagnostics).filter((d: { severity: string }) => d.severity === severity).length;
    assert.deepEqual(report.summary, { errors: total('error'), warnings: total('warning') });
  });

  it('exits 0 with only warnings', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-cli-'));
    try {
      writeFileSync(path.join(dir, 'w.process.yaml'), 'project: W\nsteps:\n  - name: S\n    type: script\n    script: echo "#{Missing}"\n');
      const r = stepwise(['validate', '.'], dir);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^w\.process\.yaml:5:21 warning unknown-variable /);
      assert.equal(r.stderr, '1 file checked: 0 errors, 1 warning\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on usage and I/O errors, with a clear message', () => {
    const cases: [string[], RegExp][] = [
      [['validate', '--format', 'xml'], /--format must be 'text' or 'json', not 'xml'/],
      [['validate', '--bogus'], /Unknown option '--bogus'/],
      [['validate', 'no/such/file.process.yaml'], /cannot read 'no\/such\/file\.process\.yaml': no such file or folder/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [[], /Usage:/],
      [['lsp'], /needs --stdio/],
    ];
    for (const [args, message] of cases) {
      const r = stepwise(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });

  it('--help and --version', () => {
    assert.match(stepwise(['--help']).stdout, /stepwise validate \[PATH…\]/);
    assert.match(stepwise(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('stepwise lsp --stdio', () => {
  it('is a working language server', async () => {
    const { LspClient } = await import('../../../test/support/lspClient');
    const client = await LspClient.start({ command: [process.execPath, bin, 'lsp', '--stdio'] });
    const uri = 'file:///tmp/x.process.yaml';
    const version = await client.open(uri, 'project: [\n');
    const published = await client.waitForDiagnostics(uri, { version });
    assert.equal(published.diagnostics[0].code, 'yaml-syntax');
    assert.equal(await client.shutdown(), 0);
  });
});

