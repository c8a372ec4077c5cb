// `npm start`: builds, then opens VS Code with the extension on test-fixtures/demo.
// With desktop VS Code (`code` on PATH) it runs the extension from this checkout
// (--extensionDevelopmentPath). Without it, it serves VS Code in the browser with code-server:
// installs the tools when missing (scripts/e2e-tools.sh), installs a freshly packaged .vsix,
// binds 127.0.0.1 on port 8080 (or a free one), prints the URL and runs until Ctrl+C.
// Usage: npm start [-- --port N] [-- --code-server]   (--code-server: even when `code` exists)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = path.join(root, 'test-fixtures', 'demo');
const args = process.argv.slice(2);
const portArg = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : undefined;

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const hasDesktopCode = !args.includes('--code-server') && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;

if (hasDesktopCode) {
  run(process.execPath, ['scripts/build.mjs']);
  console.log('Opening desktop VS Code with the extension from this checkout on test-fixtures/demo…');
  run('code', [`--extensionDevelopmentPath=${root}`, demo]);
  process.exit(0);
}

const { ensureTools } = await import('../test/e2e/lib/tools.mjs');
const { prepareCodeServer, freePort } = await import('../test/e2e/lib/codeServer.mjs');
const { packageExtension } = await import('./package.mjs');

console.log('No desktop VS Code (`code`) on PATH: serving VS Code in the browser with code-server.');
const tools = ensureTools({ browser: false });
const runDir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-start-'));
let server;
const cleanUp = async () => {
  await server?.stop();
  rmSync(runDir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.log('\nStopping code-server…');
    cleanUp().finally(() => process.exit(0));
  });
}

try {
  console.log('Building and packaging the extension…');
  const vsix = packageExtension({ out: path.join(runDir, 'stepwise-dev.vsix'), quiet: true });
  const codeServer = prepareCodeServer({ tools, runDir, settings: { 'git.openRepositoryInParentFolders': 'never', 'workbench.secondarySideBar.defaultVisibility': 'hidden' } });
  codeServer.installExtension(vsix);
  const port = portArg ?? (await freePort('127.0.0.1', 8080));
  server = await codeServer.start({ folder: demo, port });
} catch (e) {
  console.error(`start: ${e.message}`);
  await cleanUp();
  process.exit(1);
}

const url = `${server.url}/?folder=${encodeURIComponent(demo).replace(/%2F/g, '/')}`;
console.log(`
  Stepwise is running in code-server (VS Code 1.139 in the browser):

      ${url}

  Server log: ${server.logFile}
  After changing the extension, stop with Ctrl+C and run \`npm start\` again.
  Press Ctrl+C to stop.
`);
// Stay in the foreground until Ctrl+C; leave if the server dies on its own.
const timer = setInterval(async () => {
  const alive = await fetch(`${server.url}/healthz`).then((r) => r.ok, () => false);
  if (!alive) {
    console.error(`code-server stopped; see ${server.logFile}`);
    clearInterval(timer);
    await cleanUp();
    process.exit(1);
  }
}, 5000);
