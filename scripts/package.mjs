// Packages the extension as stepwise-<version>.vsix: minified bundles, vsce, then a check that the
// archive holds only what users need (see .vscodeignore) and stays under 4 MB (the embedded
// deployment server and its WebAssembly SQLite are about half of it).
// Usage: node scripts/package.mjs [--out FILE]   The last line printed is the .vsix path.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 4 * 1024 * 1024;

/** Archive entries a .vsix may hold; vsce adds the first two and may rename README/LICENSE. */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/license(\.txt|\.md)?$/i,
  /^extension\/language-configuration\.json$/,
  /^extension\/dist\/(client|server|webview|deployment-server)\.js$/,
  /^extension\/dist\/webview\.css$/,
  /^extension\/dist\/node-sqlite3-wasm\.wasm$/,
  /^extension\/(syntaxes|schemas)\/[\w./-]+\.json$/,
  /^extension\/media\/[\w./-]+\.(png|svg|gif|jpe?g|webp)$/,
  /^extension\/media\/walkthrough\/[\w-]+\.md$/,
];
const REQUIRED = [
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/license(\.txt|\.md)?$/i,
  /^extension\/dist\/client\.js$/,
  /^extension\/dist\/server\.js$/,
  /^extension\/dist\/webview\.js$/,
  /^extension\/dist\/webview\.css$/,
  /^extension\/dist\/deployment-server\.js$/,
  /^extension\/dist\/node-sqlite3-wasm\.wasm$/,
];

/**
 * Packages the extension and returns the checked .vsix path. Throws with a readable message.
 * `quiet` keeps the build's and vsce's output unless they fail.
 */
export function packageExtension({ out, quiet = false } = {}) {
  const run = (cmd, args) => runQuietly(cmd, args, quiet);
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.resolve(root, out ?? `${manifest.name}-${manifest.version}.vsix`);

  const missing = ['README.md', 'LICENSE', ...referencedFiles(manifest)].filter((f) => !existsSync(path.join(root, f)));
  if (missing.length)
    throw new Error(`missing files the .vsix needs (README, LICENSE, or named in package.json): ${missing.join(', ')}`);

  run(process.execPath, ['scripts/build.mjs', '--minify']);
  try {
    rmSync(vsix, { force: true });
    // Everything is bundled (--no-dependencies); the project has no public repository, so the
    // README's relative links are left as they are instead of being rewritten to one.
    const vsce = path.join(path.dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
    run(process.execPath, [
      vsce,
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--no-rewrite-relative-links',
      '--out',
      vsix,
    ]);
  } finally {
    // Put back the unminified bundles with source maps that development and debugging use.
    run(process.execPath, ['scripts/build.mjs']);
  }
  checkVsix(vsix, { quiet });
  return vsix;
}

/** Fails unless the archive holds only allowed entries, every required one, within the size limit. */
export function checkVsix(vsix, { quiet = false } = {}) {
  const size = statSync(vsix).size;
  const entries = listZip(readFileSync(vsix));
  const problems = [];
  if (size > MAX_BYTES)
    problems.push(`it is ${(size / 1024 / 1024).toFixed(2)} MB; the limit is ${MAX_BYTES / 1024 / 1024} MB`);
  const extra = entries.filter((e) => !ALLOWED.some((re) => re.test(e)));
  if (extra.length)
    problems.push(`it holds files that should not ship (exclude them in .vscodeignore):\n    ${extra.join('\n    ')}`);
  const absent = REQUIRED.filter((re) => !entries.some((e) => re.test(e)));
  if (absent.length) problems.push(`it lacks ${absent.map((re) => re.source.replace(/\\|\^|\$/g, '')).join(', ')}`);
  if (problems.length) throw new Error(`${path.basename(vsix)}: ${problems.join('; ')}`);
  if (quiet) return;
  console.log(`${path.basename(vsix)}: ${entries.length} entries, ${(size / 1024).toFixed(0)} KB`);
  for (const e of entries) console.log(`  ${e}`);
}

/** Names of the entries in a zip archive, read from its central directory. */
export function listZip(buffer) {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end-of-central-directory record)');
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    names.push(buffer.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Files the manifest points at, which vsce or VS Code would miss at install or run time. */
function referencedFiles(manifest) {
  const local = (p) => (typeof p === 'string' && !/^[a-z]+:/i.test(p) ? path.normalize(p) : undefined);
  const c = manifest.contributes ?? {};
  return [
    manifest.icon,
    ...(c.languages ?? []).flatMap((l) => [l.configuration, l.icon?.light, l.icon?.dark]),
    ...(c.grammars ?? []).map((g) => g.path),
    ...(c.yamlValidation ?? []).map((v) => v.url),
    ...(c.jsonValidation ?? []).map((v) => v.url),
    ...(c.walkthroughs ?? []).flatMap((w) => w.steps.map((s) => s.media?.markdown ?? s.media?.image)),
  ]
    .map(local)
    .filter((p, i, all) => p && all.indexOf(p) === i);
}

function runQuietly(cmd, args, quiet) {
  // No stdin: a vsce prompt ("continue without …? [y/N]") fails the run instead of hanging it.
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    const output = quiet ? `\n${r.stdout}${r.stderr}`.trimEnd() : '';
    throw new Error(
      `${args
        .slice(0, 2)
        .map((a) => path.basename(a))
        .join(' ')} failed (exit ${r.status ?? r.signal})${output}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outAt = process.argv.indexOf('--out');
  try {
    console.log(packageExtension({ out: outAt > 0 ? process.argv[outAt + 1] : undefined }));
  } catch (e) {
    console.error(`package: ${e.message}`);
    process.exit(1);
  }
}
