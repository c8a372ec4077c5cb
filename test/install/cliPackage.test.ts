// The CLI as a project installs it: `npm run pack:cli` makes stepwise-cli-<version>.tgz, an empty
// project installs it offline (it has no dependencies and no install scripts), and every command
// runs from node_modules/.bin there — validate, preview, render, convert, lsp --stdio, server and pull.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lspClient';
import { repoRoot } from '../support/paths';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the CLI package installed into an empty project', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-cli-package-'));
  const project = path.join(dir, 'project');
  let stepwiseBin: string;
  let tgzBytes = 0;

  before(async () => {
    const { packCli } = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'pack-cli.mjs')).href)) as {
      packCli(o: { out: string; quiet: boolean }): Promise<{ tgz: string; bytes: number }>;
    };
    const { tgz, bytes } = await packCli({ out: dir, quiet: true });
    tgzBytes = bytes;
    mkdirSync(path.join(project, '.octopus'), { recursive: true });
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }),
    );
    cpSync(
      path.join(repoRoot, 'test-fixtures/demo/hello-world.process.yaml'),
      path.join(project, 'hello-world.process.yaml'),
    );
    cpSync(path.join(repoRoot, 'test-fixtures/demo/.octopus/space.yaml'), path.join(project, '.octopus', 'space.yaml'));
    // --offline: the package has no dependencies, so nothing may need the registry.
    const r = spawnSync(npm, ['install', '--save-dev', '--offline', '--no-audit', '--no-fund', tgz], {
      cwd: project,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `npm install failed:\n${r.stdout}${r.stderr}`);
    stepwiseBin = path.join(project, 'node_modules', '.bin', 'stepwise');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const stepwise = (args: string[], input?: string) => {
    const r = spawnSync(stepwiseBin, args, { cwd: project, encoding: 'utf8', input });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('installs as one package with no dependencies, from built files only', () => {
    const installed = path.join(project, 'node_modules');
    assert.deepEqual(
      readdirSync(installed).filter((n) => !n.startsWith('.')),
      ['stepwise-cli'],
    );
    const pkg = JSON.parse(readFileSync(path.join(installed, 'stepwise-cli', 'package.json'), 'utf8'));
    assert.equal(pkg.dependencies, undefined);
    assert.equal(pkg.scripts, undefined, 'nothing runs at install');
    assert.ok(existsSync(path.join(installed, 'stepwise-cli', 'dist', 'cli.js')));
    assert.ok(!existsSync(path.join(installed, 'stepwise-cli', 'server')), 'no sources');
    const user = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8'));
    assert.match(user.devDependencies['stepwise-cli'], /stepwise-cli-\d+\.\d+\.\d+\.tgz$/);
    assert.ok(tgzBytes > 100_000 && tgzBytes < 4 * 1024 * 1024, `${tgzBytes} bytes`);
  });

  it('validate: exit 0 on the demo project, 1 with GitHub annotations, GitLab Code Quality and SARIF on a broken file', () => {
    const clean = stepwise(['validate']);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(clean.stderr, '2 files checked: 0 errors, 0 warnings\n');
    writeFileSync(
      path.join(project, 'broken.process.yaml'),
      'project: Broken\nsteps:\n  - name: A\n    type: script\n    script: echo\n  - name: A\n    type: script\n    script: echo\n',
    );
    try {
      const github = stepwise(['validate', '--format', 'github']);
      assert.equal(github.code, 1);
      assert.match(
        github.stdout,
        /^::error file=broken\.process\.yaml,line=6,col=\d+,endLine=6,endColumn=\d+,title=Stepwise duplicate-step-name::/m,
      );
      const gitlab = stepwise(['validate', 'broken.process.yaml', '--format', 'gitlab']);
      assert.equal(gitlab.code, 1);
      const [issue] = JSON.parse(gitlab.stdout);
      assert.equal(issue.check_name, 'duplicate-step-name');
      assert.deepEqual(issue.location, { path: 'broken.process.yaml', lines: { begin: 6 } });
      const sarif = stepwise(['validate', 'broken.process.yaml', '--format', 'sarif']);
      assert.equal(sarif.code, 1);
      const run = JSON.parse(sarif.stdout).runs[0];
      assert.equal(run.results[0].ruleId, 'duplicate-step-name');
      const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'duplicate-step-name');
      assert.match(rule.help.text, /names must be unique/, 'help text from the docs/checks.md the package ships');
    } finally {
      rmSync(path.join(project, 'broken.process.yaml'));
    }
  });

  it('preview and render', () => {
    const preview = stepwise(['preview', 'hello-world.process.yaml', '--environment', 'Test']);
    assert.equal(preview.code, 0, preview.stderr);
    assert.match(preview.stdout, /Hello, Test!/);
    const render = stepwise(['render', '#{Greeting} from #{Where}', '--var', 'Greeting=Hi', '--var', 'Where=CI']);
    assert.equal(render.code, 0, render.stderr);
    assert.equal(render.stdout.trim(), 'Hi from CI');
  });

  it('convert: the process file to OCL and back', () => {
    const toOcl = stepwise(['convert', 'hello-world.process.yaml', '--to', 'ocl', '--out', 'ocl-out']);
    assert.equal(toOcl.code, 0, toOcl.stderr);
    assert.ok(
      existsSync(path.join(project, 'ocl-out', 'deployment_process.ocl')),
      readdirSync(path.join(project, 'ocl-out')).join(', '),
    );
    const back = stepwise(['convert', 'ocl-out', '--to', 'yaml', '--out', 'back.process.yaml']);
    assert.equal(back.code, 0, back.stderr);
    assert.match(readFileSync(path.join(project, 'back.process.yaml'), 'utf8'), /Hello world/);
    rmSync(path.join(project, 'ocl-out'), { recursive: true });
    rmSync(path.join(project, 'back.process.yaml'));
  });

  it('lsp --stdio: a language server that reports diagnostics', async () => {
    const client = await LspClient.start({
      command: [stepwiseBin, 'lsp', '--stdio'],
      cwd: project,
      rootUri: pathToFileURL(project).href,
    });
    try {
      const uri = pathToFileURL(path.join(project, 'x.process.yaml')).href;
      await client.open(uri, 'project: X\nsteps:\n  - name: A\n    type: scrip\n');
      const { diagnostics } = await client.waitForDiagnostics(uri);
      assert.ok(
        diagnostics.some((d) => d.code === 'unknown-action-type'),
        JSON.stringify(diagnostics),
      );
    } finally {
      await client.shutdown();
    }
  });

  it('server and pull: serves the Octopus API on WebAssembly SQLite with the project imported, pull writes it back as files that validate, and the server stops on SIGTERM', async () => {
    const child = spawn(stepwiseBin, ['server', '--port', '0', '--data', 'data', '--workspace', '.'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no 'listening on' within 120 s:\n${output}`)), 120_000);
        const check = () => {
          const m = /listening on (http:\/\/\S+)/.exec(output);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        child.stdout.on('data', check);
        void exited.then(() => reject(new Error(`the server exited:\n${output}`)));
      });
      const key = readFileSync(path.join(project, 'data', 'api-key'), 'utf8').trim();
      const res = await fetch(`${url}/api/Spaces-1/projects`, { headers: { 'X-Octopus-ApiKey': key } });
      assert.equal(res.status, 200);
      const projects = ((await res.json()) as { Items: { Name: string }[] }).Items;
      assert.deepEqual(
        projects.map((p) => p.Name),
        ['Hello World'],
      );
      assert.match(output, /Imported 1 project/);
      // pull from the installed server, the key from the environment as CI passes it
      const pulled = spawnSync(
        stepwiseBin,
        ['pull', '--server', url, '--project', 'Hello World', '--out', 'pulled/hello.process.yaml'],
        { cwd: project, encoding: 'utf8', env: { ...process.env, OCTOPUS_API_KEY: key } },
      );
      assert.equal(pulled.status, 0, `pull failed:\n${pulled.stdout}${pulled.stderr}`);
      assert.ok(!`${pulled.stdout}${pulled.stderr}`.includes(key), 'the key is never printed');
      assert.ok(existsSync(path.join(project, 'pulled', 'hello.process.yaml')));
      const validated = stepwise(['validate', 'pulled']);
      assert.equal(validated.code, 0, `${validated.stdout}${validated.stderr}`);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, output);
  });
});
