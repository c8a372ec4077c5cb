// Packs the `stepwise` command line as its own npm package, stepwise-cli-<version>.tgz, for a
// project to install (`npm install --save-dev ./stepwise-cli-0.1.0.tgz`, then `npx stepwise …`).
// The repo's root package is the VS Code extension's manifest, so the CLI package is generated:
// one esbuild bundle (every runtime dependency inside it), SQLite as WebAssembly instead of the
// native better-sqlite3 (nothing to compile or download at install), docs/checks.md for the SARIF
// rules' help, and a package.json with no dependencies and no install scripts.
// Usage: node scripts/pack-cli.mjs [--out DIR]   The last line printed is the .tgz path.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the package folder under `out` and packs it; returns { tgz, folder, bytes }. */
export async function packCli({ out = root, quiet = false } = {}) {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const folder = path.join(out, '.cli-package');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(path.join(folder, 'dist'), { recursive: true });
  mkdirSync(path.join(folder, 'bin'), { recursive: true });
  mkdirSync(path.join(folder, 'docs'), { recursive: true });

  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: path.join(folder, 'dist', 'cli.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'linked',
    logLevel: 'warning',
    // Never bundled (native); the package does not depend on it, so the server uses WebAssembly.
    external: ['better-sqlite3'],
  });
  copyFileSync(
    path.join(root, 'node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm'),
    path.join(folder, 'dist', 'node-sqlite3-wasm.wasm'),
  );
  copyFileSync(path.join(root, 'docs', 'checks.md'), path.join(folder, 'docs', 'checks.md'));
  copyFileSync(path.join(root, 'LICENSE'), path.join(folder, 'LICENSE'));
  writeFileSync(
    path.join(folder, 'bin', 'stepwise.js'),
    `#!/usr/bin/env node
'use strict';
// The package ships SQLite as WebAssembly; a better-sqlite3 elsewhere in the project is not its own.
process.env.STEPWISE_SQLITE = process.env.STEPWISE_SQLITE || 'wasm';
require('../dist/cli.js');
`,
    { mode: 0o755 },
  );
  writeFileSync(path.join(folder, 'README.md'), cliReadme(manifest.version));
  const pkg = {
    name: 'stepwise-cli',
    version: manifest.version,
    description:
      'Stepwise command line: validate, preview and render Octopus Deploy process files, the language server (lsp --stdio) and the local deployment server.',
    license: manifest.license,
    keywords: ['octopus', 'deploy', 'lint', 'sarif', 'language-server'],
    bin: { stepwise: 'bin/stepwise.js' },
    files: ['bin/', 'dist/', 'docs/checks.md'],
    engines: { node: '>=20' },
  };
  writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['pack', '--json', '--pack-destination', out], {
    cwd: folder,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
  });
  if (r.status !== 0) throw new Error(`npm pack failed (exit ${r.status ?? r.signal})\n${r.stderr ?? ''}`);
  const [{ filename }] = JSON.parse(r.stdout);
  const tgz = path.join(out, filename);
  return { tgz, folder, bytes: statSync(tgz).size };
}

function cliReadme(version) {
  return `# stepwise-cli ${version}

The Stepwise command line for Octopus Deploy process files kept as code (\`*.process.yaml\`).

\`\`\`sh
npm install --save-dev ./stepwise-cli-${version}.tgz
npx stepwise validate                       # exit 1 when a file has errors
npx stepwise validate --format github       # annotations in GitHub Actions
npx stepwise validate --format sarif > stepwise.sarif   # GitHub code scanning
npx stepwise validate --format gitlab > gl-code-quality-report.json   # GitLab Code Quality
npx stepwise preview app.process.yaml --environment Test
npx stepwise render '#{Greeting}' --var Greeting=hi
npx stepwise lsp --stdio                    # the language server, for any LSP editor
npx stepwise server --workspace .           # the local Octopus-API deployment server
\`\`\`

Run \`npx stepwise --help\` for every option. Node 20 or newer; no native modules (the local
server's SQLite is WebAssembly). Checks are described in docs/checks.md.
`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outAt = process.argv.indexOf('--out');
  try {
    const { tgz, bytes } = await packCli({ out: outAt > 0 ? path.resolve(process.argv[outAt + 1]) : root });
    console.log(`${path.basename(tgz)}: ${(bytes / 1024).toFixed(0)} KB`);
    console.log(tgz);
  } catch (e) {
    console.error(`pack-cli: ${e.message}`);
    process.exit(1);
  }
}
