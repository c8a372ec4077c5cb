// `npm run fuzz`: every fuzzer (`*.fuzz.test.ts`) with many more inputs than `npm test` gives them.
// Usage: node scripts/fuzz.mjs [--scale N] [files…]   (default scale 50; STEPWISE_FUZZ_SEED fixes the seed)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const scaleAt = args.indexOf('--scale');
const scale = scaleAt >= 0 ? args.splice(scaleAt, 2)[1] : '50';
if (!(Number(scale) > 0)) {
  console.error('fuzz: --scale takes a positive number');
  process.exit(2);
}

function findFuzzers(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findFuzzers(full, out);
    else if (name.endsWith('.fuzz.test.ts')) out.push(path.relative(root, full));
  }
  return out;
}

const files = args.length ? args : findFuzzers(root);
if (!files.length) {
  console.error('fuzz: no *.fuzz.test.ts files found');
  process.exit(1);
}
console.log(`fuzz: ${files.length} fuzzer(s), ${scale}× the npm test counts`);
const build = spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const result = spawnSync('node', ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, STEPWISE_FUZZ_SCALE: scale },
});
process.exit(result.status ?? 1);
