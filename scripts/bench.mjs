// Builds, then runs every benchmark in bench/ (`*.bench.ts`) with tsx.
// Usage: node scripts/bench.mjs [bench/some.bench.ts…] [-- options passed to each benchmark]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const split = args.indexOf('--');
const files = (split < 0 ? args : args.slice(0, split)).filter((a) => a.endsWith('.bench.ts'));
const passed = split < 0 ? args.filter((a) => !a.endsWith('.bench.ts')) : args.slice(split + 1);

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(process.execPath, ['scripts/build.mjs']);
const benches = files.length
  ? files
  : readdirSync(path.join(root, 'bench'))
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => `bench/${f}`);
for (const bench of benches) run(process.execPath, ['--import', 'tsx', bench, ...passed]);
