/**
 * `.vscode/launch.json` and `tasks.json` work on this checkout: every task a configuration runs
 * first exists, every npm script and file they name exists, the `outFiles` globs match what
 * scripts/build.mjs writes, and the attach port is the one the language client debugs on.
 * Checked after a build (the test builds when dist/ lacks the extension's entry point).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '..');

interface Task {
  label?: string;
  type: string;
  script?: string;
  command?: string;
}
interface Configuration {
  name: string;
  type: string;
  request: string;
  preLaunchTask?: string;
  args?: string[];
  runtimeArgs?: string[];
  cwd?: string;
  outFiles?: string[];
  port?: number;
}

/** JSON with comments and trailing commas, as VS Code reads these files. */
function readJsonc(file: string): unknown {
  const text = readFileSync(path.join(root, file), 'utf8');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

function substitute(value: string): string {
  return value.replaceAll('${workspaceFolder}', root);
}

/** A VS Code glob (`**`, `*`) as a regular expression over absolute paths. */
function globToRegExp(glob: string): RegExp {
  const pattern = glob
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

const launch = readJsonc('.vscode/launch.json') as {
  configurations: Configuration[];
  compounds?: { name: string; configurations: string[] }[];
};
const tasks = (readJsonc('.vscode/tasks.json') as { tasks: Task[] }).tasks;
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
};
/** A task's name: its label, or the one VS Code gives an npm task without one. */
const taskName = (t: Task) => t.label ?? (t.type === 'npm' ? `npm: ${t.script}` : '');

before(() => {
  if (existsSync(path.join(root, manifest.main))) return;
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, `the build failed: ${build.stderr}`);
});

describe('.vscode/tasks.json', () => {
  it('names tasks once, runs npm scripts that exist and shell commands whose script exists', () => {
    const names = tasks.map(taskName);
    assert.equal(new Set(names).size, names.length, `duplicate task names: ${names.join(', ')}`);
    for (const task of tasks) {
      if (task.type === 'npm') assert.ok(manifest.scripts[task.script ?? ''], `no npm script ${task.script}`);
      for (const file of task.command?.match(/[\w./-]+\.(?:m?js|ts)\b/g) ?? [])
        assert.ok(existsSync(path.join(root, file)), `${taskName(task)} runs ${file}, which does not exist`);
    }
  });
});

describe('.vscode/launch.json', () => {
  const byName = new Map(launch.configurations.map((c) => [c.name, c]));

  it('runs first only tasks that tasks.json defines', () => {
    const names = new Set(tasks.map(taskName));
    for (const config of launch.configurations)
      if (config.preLaunchTask)
        assert.ok(names.has(config.preLaunchTask), `${config.name}: no task ${config.preLaunchTask}`);
  });

  it('points at files and folders that exist, from the folder each configuration runs in', () => {
    for (const config of launch.configurations) {
      const cwd = substitute(config.cwd ?? '${workspaceFolder}');
      assert.ok(existsSync(cwd), `${config.name}: no folder ${cwd}`);
      for (const arg of [...(config.runtimeArgs ?? []), ...(config.args ?? [])]) {
        if (arg.includes('${file}')) continue;
        const developmentPath = /^--extensionDevelopmentPath=(.*)$/.exec(arg);
        if (developmentPath) {
          const extension = substitute(developmentPath[1]);
          const main = JSON.parse(readFileSync(path.join(extension, 'package.json'), 'utf8')).main as string;
          assert.ok(
            existsSync(path.join(extension, main)),
            `${config.name}: the extension's main ${main} is not built`,
          );
        } else if (!arg.startsWith('-') && /[/.]/.test(arg)) {
          const file = path.resolve(cwd, substitute(arg));
          assert.ok(existsSync(file), `${config.name}: ${arg} does not exist`);
        }
      }
    }
  });

  it('has outFiles globs that match the built bundles the debugger maps', () => {
    const built = filesUnder(path.join(root, 'dist'));
    const extension = byName.get('Run Extension');
    const server = byName.get('Attach to Language Server');
    assert.ok(extension && server, 'the extension and attach configurations are there');
    const matches = (config: Configuration, file: string) =>
      (config.outFiles ?? []).some((glob) => globToRegExp(substitute(glob)).test(file));
    for (const config of launch.configurations)
      for (const glob of config.outFiles ?? [])
        assert.ok(
          built.some((f) => globToRegExp(substitute(glob)).test(f)),
          `${config.name}: ${glob} matches no built file`,
        );
    assert.ok(matches(extension, path.join(root, manifest.main)), `Run Extension maps ${manifest.main}`);
    assert.ok(matches(server, path.join(root, 'dist/server.js')), 'the attach configuration maps dist/server.js');
    for (const file of [manifest.main, 'dist/server.js'])
      assert.ok(existsSync(path.join(root, `${file}.map`)), `${file} has a source map`);
  });

  it('attaches on the port the language client starts the server with in debug mode', () => {
    const client = readFileSync(path.join(root, 'client/src/languageClient.ts'), 'utf8');
    const port = /--inspect=(\d+)/.exec(client)?.[1];
    assert.equal(byName.get('Attach to Language Server')?.port, Number(port));
  });

  it('combines only configurations that exist', () => {
    for (const compound of launch.compounds ?? [])
      for (const name of compound.configurations)
        assert.ok(byName.has(name), `compound ${compound.name}: no configuration ${name}`);
  });
});
