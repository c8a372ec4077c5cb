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
    for (const line of lines)
      assert.match(
        line,
        /^test-fixtures\/checks\/steps\.process\.yaml:\d+:\d+ (error|warning|information|hint) [a-z-]+ .+/,
      );
    assert.ok(
      lines.includes(
        'test-fixtures/checks/steps.process.yaml:10:11 error duplicate-step-name Another step is already named `Build` (line 5). Step names must be unique within a process.',
      ),
      r.stdout,
    );
  });

  it('walks folders for process and space files and reports JSON with 0-based LSP ranges', () => {
    const r = stepwise(['validate', 'test-fixtures/checks', '--format', 'json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    const paths = report.files.map((f: { path: string }) => f.path);
    assert.deepEqual(paths, [
      'test-fixtures/checks/.octopus/space.yaml',
      ...readdirSync(path.join(repoRoot, 'test-fixtures/checks'))
        .filter((f) => f.endsWith('.process.yaml'))
        .sort()
        .map((f) => `test-fixtures/checks/${f}`),
    ]);
    assert.ok(paths.includes('test-fixtures/checks/steps.process.yaml'));
    const steps = report.files.find((f: { path: string }) => f.path.endsWith('/steps.process.yaml')).diagnostics;
    const duplicate = steps.find((d: { code: string }) => d.code === 'duplicate-step-name');
    assert.deepEqual(duplicate.range, { start: { line: 9, character: 10 }, end: { line: 9, character: 15 } });
    assert.deepEqual(
      Object.keys(duplicate).sort(),
      ['code', 'data', 'message', 'range', 'severity'].filter((k) => k in duplicate).sort(),
    );
    const total = (severity: string) =>
      report.files
        .flatMap((f: { diagnostics: { severity: string }[] }) => f.diagnostics)
        .filter((d: { severity: string }) => d.severity === severity).length;
    assert.deepEqual(report.summary, { errors: total('error'), warnings: total('warning') });
  });

  it('exits 0 with only warnings', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-cli-'));
    try {
      writeFileSync(
        path.join(dir, 'w.process.yaml'),
        'project: W\nsteps:\n  - name: S\n    type: script\n    script: echo "#{Missing}"\n',
      );
      const r = stepwise(['validate', '.'], dir);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^w\.process\.yaml:5:21 warning unknown-variable /);
      assert.equal(r.stderr, '1 file checked: 0 errors, 1 warning\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a list used as a key at its position, and nothing of the yaml library reaches stderr', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-cli-'));
    try {
      writeFileSync(path.join(dir, 'k.process.yaml'), 'project: P\n[a]: 1\n');
      const r = stepwise(['validate', 'k.process.yaml'], dir);
      assert.equal(r.code, 1);
      assert.equal(
        r.stdout,
        'k.process.yaml:2:1 error yaml-syntax A key here is a list or map (`[a]`); keys in these files are plain names.\n',
      );
      assert.equal(r.stderr, '1 file checked: 1 error, 0 warnings\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on usage and I/O errors, with a clear message', () => {
    const cases: [string[], RegExp][] = [
      [['validate', '--format', 'xml'], /--format must be 'text', 'json', 'github', 'gitlab' or 'sarif', not 'xml'/],
      [['validate', '--bogus'], /Unknown option '--bogus'/],
      [
        ['validate', 'no/such/file.process.yaml'],
        /cannot read 'no\/such\/file\.process\.yaml': no such file or folder/,
      ],
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

describe('stepwise preview', () => {
  it('prints the process as a deployment to that environment would run it (JSON)', () => {
    const r = stepwise([
      'preview',
      'test-fixtures/demo/hello-world.process.yaml',
      '--environment',
      'Test',
      '--release',
      '1.0.0',
      '--format',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const preview = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(preview), ['project', 'environment', 'channel', 'release', 'steps', 'unresolved']);
    assert.equal(preview.project, 'Hello World');
    assert.equal(preview.channel, 'Default');
    const action = preview.steps[0].actions[0];
    assert.deepEqual(Object.keys(action), ['name', 'type', 'runs', 'reason', 'targets', 'properties']);
    assert.equal(action.type, 'Octopus.Script');
    assert.match(action.properties['Octopus.Action.Script.ScriptBody'], /Hello, Test!/);
    assert.deepEqual(preview.unresolved, []);
  });

  it('prints YAML by default, and takes --var overrides', () => {
    const r = stepwise([
      'preview',
      'test-fixtures/demo/hello-world.process.yaml',
      '-e',
      'Production',
      '--var',
      'Greeting=Hi there',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^project: Hello World\nenvironment: Production\n/);
    assert.match(r.stdout, /echo "Hi there"/);
    assert.match(r.stdout, /template: "#\{Octopus\.Release\.Number\}"/);
  });

  it('marks what the local Stepwise server cannot run, with the reason, and expands step templates', () => {
    const r = stepwise([
      'preview',
      'test-fixtures/translations/octostache.process.yaml',
      '-e',
      'Components - External',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /- name: NuGet Push\n {8}type: Octopus\.Script\n/);
    // Its package is on the built-in feed, which the local server acquires from.
    assert.equal(r.stdout.match(/runnable: false/g), null);
    const palermo = stepwise([
      'preview',
      'test-fixtures/translations/bootcamp-palermo.process.yaml',
      '-e',
      'Development',
    ]);
    assert.equal(palermo.code, 0, palermo.stderr);
    assert.match(
      palermo.stdout,
      /runnable: false\n {8}notRunnableReason: The Stepwise server cannot run Octopus\.TerraformApply steps/,
    );
    assert.equal(palermo.stdout.match(/runnable: false/g)?.length, 3);
  });

  it('exits 2 with a clear message for an unknown environment, channel or target', () => {
    const file = 'test-fixtures/demo/hello-world.process.yaml';
    const cases: [string[], string][] = [
      [['-e', 'Staging'], "stepwise: Unknown environment 'Staging'. The space has: Development, Test, Production.\n"],
      [['-e', 'Test', '--channel', 'Beta'], "stepwise: Unknown channel 'Beta'. The project has: Default.\n"],
      [['-e', 'Test', '--target', 'Nope'], "stepwise: Unknown target 'Nope'. The space has: HelloWeb01, HelloWeb02.\n"],
    ];
    for (const [args, message] of cases) {
      const r = stepwise(['preview', file, ...args]);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, message);
    }
    assert.match(stepwise(['preview', file]).stderr, /preview needs --environment NAME/);
    assert.match(
      stepwise(['preview', file, '-e', 'Test', '--var', 'novalue']).stderr,
      /--var needs NAME=VALUE, not 'novalue'/,
    );
  });
});

describe('stepwise render', () => {
  function render(args: string[], input?: string) {
    const r = spawnSync(process.execPath, [bin, 'render', ...args], { cwd: repoRoot, encoding: 'utf8', input });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('prints exactly the result, with no newline added', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-render-'));
    try {
      writeFileSync(path.join(dir, 'vars.json'), JSON.stringify({ Name: 'world', Servers: ['a', 'b'] }));
      const r = render([
        'Hello #{Name | ToUpper}! #{each s in Servers}[#{s}]#{/each}',
        '--variables',
        path.join(dir, 'vars.json'),
      ]);
      assert.deepEqual(r, { code: 0, stdout: 'Hello WORLD! [a][b]', stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finishes a regular expression that backtracks exponentially in .NET, with its result', () => {
    // spawnSync's timeout only ends a hung run (before the fix: minutes); a fixed run takes well under a second.
    const as = 'a'.repeat(30) + '!';
    const r = spawnSync(process.execPath, [bin, 'render', '#{As | Replace "(a+)+$" x}', '--var', `As=${as}`], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.deepEqual({ code: r.status, stdout: r.stdout, stderr: r.stderr }, { code: 0, stdout: as, stderr: '' });
  });

  it('reads the template from standard input', () => {
    assert.deepEqual(render(['--var', 'A=1'], '#{A}\n'), { code: 0, stdout: '1\n', stderr: '' });
  });

  it('exits 1 with Octostache’s message where it reports an error', () => {
    const parse = render(['#{Foo']);
    assert.equal(parse.code, 1);
    assert.equal(parse.stdout, '#{Foo');
    assert.match(parse.stderr, /Parsing failure/);
    const loop = render(['#{A}', '--var', 'A=#{B}', '--var', 'B=#{A}']);
    assert.equal(loop.code, 1);
    assert.equal(loop.stdout, '');
    assert.equal(
      loop.stderr,
      'An attempt to parse the variable symbol "A" appears to have resulted in a self referencing loop (A -> B -> A). Ensure that recursive loops do not exist in the variable values.\n',
    );
  });

  it('exits 2 for a variables file that is not a JSON object', () => {
    const r = render(['x', '--variables', 'package.json.nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read 'package\.json\.nope': no such file/);
  });
});
