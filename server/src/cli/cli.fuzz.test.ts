// Fuzzer: random files and arguments through `stepwise validate|preview|render`. Every run must
// finish with exit code 0, 1 or 2 and print no JavaScript error or stack trace. Most runs call
// runCli in-process (fast); a few spawn the real `stepwise` binary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fuzzIterations, fuzzSeed, Random, reproduce } from '../../../test/support/fuzz';
import { fixturesDir, repoRoot } from '../../../test/support/paths';
import { runCli } from './cli';

const FILE = 'server/src/cli/cli.fuzz.test.ts';
const bin = path.join(repoRoot, 'bin', 'stepwise.js');
const SEEDS = [
  ...readdirSync(path.join(fixturesDir, 'checks'))
    .filter((f) => f.endsWith('.process.yaml'))
    .map((f) => path.join(fixturesDir, 'checks', f)),
  path.join(fixturesDir, 'editor', 'app.process.yaml'),
  path.join(fixturesDir, 'demo', 'hello-world.process.yaml'),
].map((file) => readFileSync(file, 'utf8'));
const SPACE = readFileSync(path.join(fixturesDir, 'editor', '.octopus', 'space.yaml'), 'utf8');
const SNIPPETS = [
  '\n',
  '  ',
  '- ',
  ': ',
  '"',
  '#{',
  '}',
  '#{A | Replace "(a+)+$" x}',
  '[',
  '{',
  '&x ',
  '*x',
  '---\n',
  '\t',
  '\r\n',
  'ñ',
  '\u0000',
  'environments: [Nowhere]',
  'type: 5',
];
/** JavaScript failures that must never reach the user. */
const INTERNAL =
  /TypeError|RangeError|ReferenceError|SyntaxError: Unexpected|Cannot read propert|is not a function|is not iterable|Maximum call stack|\n\s+at \S/;

function mutate(r: Random, text: string): string {
  let out = text;
  for (let k = r.int(4); k > 0; k--) {
    const at = r.int(out.length + 1);
    switch (r.int(3)) {
      case 0:
        out = out.slice(0, at) + r.pick(SNIPPETS) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(Math.min(out.length, at + 1 + r.int(30)));
        break;
      default: {
        const lines = out.split('\n');
        const i = r.int(lines.length);
        lines.splice(r.int(lines.length), 0, lines[i]);
        out = lines.join('\n');
      }
    }
  }
  return out;
}

function randomArgs(r: Random, dir: string): string[] {
  const paths = [
    'a.process.yaml',
    'b.process.yaml',
    '.',
    dir,
    'missing.process.yaml',
    'vars.json',
    '.octopus/space.yaml',
    '',
    '-',
  ];
  const file = () => (r.chance(0.85) ? r.pick(['a.process.yaml', 'b.process.yaml']) : r.pick(paths));
  const command = r.chance(0.05)
    ? r.pick(['', 'nope', '--help', '--version', 'lsp'])
    : r.pick(['validate', 'preview', 'render']);
  const args = command ? [command] : [];
  if (command === 'validate')
    args.push(
      ...Array.from({ length: r.int(3) }, file),
      ...(r.chance(0.5) ? ['--format', r.pick(['text', 'json'])] : []),
    );
  if (command === 'preview') {
    args.push(file(), '--environment', r.pick(['Test', 'Production', 'Nowhere']));
    if (r.chance(0.3)) args.push('--channel', r.pick(['Default', 'Hotfix', 'x']));
    if (r.chance(0.3)) args.push('--release', r.pick(['1.0.0', '2.0.0-beta.1', '1.0.' + '9'.repeat(400)]));
    if (r.chance(0.2)) args.push('--target', r.pick(['web-01', 'x']));
    if (r.chance(0.5)) args.push('--format', r.pick(['yaml', 'json']));
  }
  if (command === 'render')
    args.push(r.pick(['#{A}', '#{As | Replace "(a+)+$" x}', '#{if A}x#{/if}', '#{', '#{each i in A}#{i}#{/each}', '']));
  if (command === 'preview' || command === 'render') {
    for (let k = r.int(3); k > 0; k--)
      args.push('--var', r.pick(['A=1', 'A=#{B}', 'B=#{A}', `As=${'a'.repeat(30)}!`, 'A']));
    if (r.chance(0.3)) args.push('--variables', r.chance(0.8) ? 'vars.json' : r.pick(paths));
  }
  // Now and then, something no command takes.
  if (r.chance(0.15))
    args.splice(
      1 + r.int(args.length),
      0,
      ...r.pick([['--unknown'], ['-x'], ['--format', 'xml'], ['--environment'], ['--var', '=x'], [r.pick(paths)]]),
    );
  return args;
}

function writeFiles(r: Random, dir: string): void {
  writeFileSync(path.join(dir, 'a.process.yaml'), mutate(r, r.pick(SEEDS)));
  writeFileSync(
    path.join(dir, 'b.process.yaml'),
    r.chance(0.8) ? mutate(r, r.pick(SEEDS)) : r.string(r.int(200), 'ab:-\n "#{}[]'),
  );
  writeFileSync(
    path.join(dir, 'vars.json'),
    r.pick(['{"A":"1","B":"#{A}"}', '[1,2]', '{', '{"A":{"x":1}}', '"x"', '', '{"A":null}']),
  );
  if (r.chance(0.5)) {
    mkdirSync(path.join(dir, '.octopus'), { recursive: true });
    writeFileSync(path.join(dir, '.octopus', 'space.yaml'), mutate(r, SPACE));
  } else rmSync(path.join(dir, '.octopus'), { recursive: true, force: true });
}

describe('CLI fuzzer', () => {
  it('random files and arguments: exit 0, 1 or 2, never a JavaScript error', { timeout: 900_000 }, async () => {
    const seed = fuzzSeed();
    const r = new Random(seed);
    const runs = fuzzIterations(60);
    const spawned = fuzzIterations(2);
    const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-cli-fuzz-'));
    const codes = [0, 0, 0];
    try {
      for (let i = 0; i < runs + spawned; i++) {
        writeFiles(r, dir);
        const args = randomArgs(r, dir);
        if (args[0] === 'lsp' || (args[0] === 'render' && i >= runs)) args[0] = 'validate'; // lsp serves forever; spawned render would read stdin
        let code: number | null;
        let output: string;
        if (i < runs) {
          let out = '';
          const io = {
            out: (t: string) => void (out += t),
            err: (t: string) => void (out += t),
            cwd: dir,
            stdin: async () => '#{A}',
          };
          code = await runCli(args, io);
          output = out;
        } else {
          const child = spawnSync(process.execPath, [bin, ...args], {
            cwd: dir,
            encoding: 'utf8',
            timeout: 120_000,
            input: '',
          });
          code = child.status;
          output = child.stdout + child.stderr;
        }
        const where = `stepwise ${args.map((a) => JSON.stringify(a)).join(' ')}\n${reproduce(FILE, seed, i)}`;
        assert.ok(code === 0 || code === 1 || code === 2, `exit code ${code}\n${output.slice(0, 2000)}\n${where}`);
        codes[code]++;
        const internal = INTERNAL.exec(output);
        assert.equal(
          internal,
          null,
          `${output.slice(Math.max(0, (internal?.index ?? 0) - 300), (internal?.index ?? 0) + 500)}\n${where}`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      console.log(
        `CLI fuzzer: ${runs} in-process runs and ${spawned} spawned, exit codes 0/1/2: ${codes.join('/')}, seed ${seed}`,
      );
    }
  });
});
