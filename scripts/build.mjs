// Bundles the extension (client), the language server, the CLI and the webviews' script with esbuild.
// Usage: node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: minify ? false : 'linked',
  minify,
  logLevel: 'warning',
  absWorkingDir: root,
  // The one place the version is written is package.json (core/src/version.ts reads this).
  define: { __STEPWISE_VERSION__: JSON.stringify(version) },
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  // better-sqlite3 is a native module: loaded from node_modules at run time when it is there
  // (a clone), else the server uses SQLite in WebAssembly (deployment-server/src/db/sqlite.ts).
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', external: ['better-sqlite3'] },
  // The local server the extension forks with VS Code's runtime; WebAssembly SQLite only, since a
  // .vsix cannot carry a native module built for every Electron (docs/decisions/embedded-server-sqlite.md).
  {
    entryPoints: ['deployment-server/src/embeddedMain.ts'],
    outfile: 'dist/deployment-server.js',
    external: ['better-sqlite3'],
  },
  // The webviews' script and style, for the browser: no node, no network.
  {
    entryPoints: ['client/src/webviews/browser/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  { entryPoints: ['client/src/webviews/browser/webview.css'], outfile: 'dist/webview.css', platform: 'browser' },
];

// node-sqlite3-wasm loads its .wasm from the folder of the script that bundles it (dist/).
mkdirSync(path.join(root, 'dist'), { recursive: true });
copyFileSync(
  path.join(root, 'node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm'),
  path.join(root, 'dist/node-sqlite3-wasm.wasm'),
);

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
  console.log(`esbuild: watching ${builds.map((b) => b.outfile).join(', ')}`);
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
