// `npm start`: builds, starts the local deployment server on test-fixtures/demo (its data in
// .stepwise-data/demo, kept between runs), then opens VS Code with the extension on that
// folder, connected to that server.
// With desktop VS Code (`code` on PATH) it runs the extension from this checkout
// (--extensionDevelopmentPath). Without it, it serves VS Code in the browser with code-server:
// installs the tools when missing (scripts/e2e-tools.sh), installs a freshly packaged .vsix,
// binds 127.0.0.1 on port 8080 (or a free one) and prints the URL.
// Either way it runs until Ctrl+C, which stops the servers it started.
// The extension finds the server through STEPWISE_DATA and STEPWISE_SERVER_URL (and, without
// them, through .stepwise-data above the workspace), and reads its API key from the data folder.
// Usage: npm start [-- --port N] [-- --server-port N] [-- --code-server]   (--code-server: even when `code` exists)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = path.join(root, 'test-fixtures', 'demo');
const dataDir = path.join(root, '.stepwise-data', 'demo');
const args = process.argv.slice(2);
const numberArg = (name) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : undefined);
const portArg = numberArg('--port');
const serverPortArg = numberArg('--server-port');

function run(cmd, cmdArgs, options = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...options });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const hasDesktopCode =
  !args.includes('--code-server') && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
const { startDeploymentServer } = await import('../test/e2e/lib/deploymentServer.mjs');
const { freePort } = await import('../test/e2e/lib/codeServer.mjs');

let deploymentServer;
let server;
let runDir;
const cleanUp = async () => {
  await server?.stop();
  await deploymentServer?.stop();
  if (runDir) rmSync(runDir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.log('\nStopping…');
    cleanUp().finally(() => process.exit(0));
  });
}

/** The deployment server on the demo: 8065 (the extension's default) when free. */
async function startDemoServer() {
  mkdirSync(dataDir, { recursive: true });
  const port = serverPortArg ?? (await freePort('127.0.0.1', 8065));
  deploymentServer = await startDeploymentServer({ dataDir, workspace: demo, port });
  console.log(
    `Local deployment server: ${deploymentServer.url} (data in ${path.relative(root, dataDir)}, API key in ${path.relative(root, path.join(dataDir, 'api-key'))})`,
  );
  // STEPWISE_WALKTHROUGH: the extension opens its walkthrough of the demo (client/src/walkthrough).
  return { STEPWISE_DATA: dataDir, STEPWISE_SERVER_URL: deploymentServer.url, STEPWISE_WALKTHROUGH: '1' };
}

/** Stays in the foreground until Ctrl+C; leaves when a server dies on its own. */
function stayUp(checks) {
  const timer = setInterval(async () => {
    for (const [name, url, log] of checks) {
      const alive = await fetch(url, { signal: AbortSignal.timeout(3000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (!alive) {
        console.error(`${name} stopped${log ? `; see ${log}` : ''}`);
        clearInterval(timer);
        await cleanUp();
        process.exit(1);
      }
    }
  }, 5000);
}

if (hasDesktopCode) {
  run(process.execPath, ['scripts/build.mjs']);
  let env;
  try {
    env = await startDemoServer();
  } catch (e) {
    console.error(`start: ${e.message}`);
    process.exit(1);
  }
  console.log('Opening desktop VS Code with the extension from this checkout on test-fixtures/demo…');
  // The CLI hands its environment to the new window's extension host.
  run('code', ['--new-window', `--extensionDevelopmentPath=${root}`, demo], { env: { ...process.env, ...env } });
  console.log(`
  VS Code is open on test-fixtures/demo; the Stepwise view shows the local server ("Local").
  Try "Stepwise: Deploy to Test" on hello-world.process.yaml.
  Press Ctrl+C to stop the deployment server.
`);
  stayUp([['The deployment server', `${deploymentServer.url}/api`]]);
} else {
  const { ensureTools } = await import('../test/e2e/lib/tools.mjs');
  const { prepareCodeServer } = await import('../test/e2e/lib/codeServer.mjs');
  const { packageExtension } = await import('./package.mjs');

  console.log('No desktop VS Code (`code`) on PATH: serving VS Code in the browser with code-server.');
  try {
    const tools = ensureTools({ browser: false });
    runDir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-start-'));
    console.log('Building and packaging the extension…');
    const vsix = packageExtension({ out: path.join(runDir, 'stepwise-dev.vsix'), quiet: true });
    const env = await startDemoServer();
    const codeServer = prepareCodeServer({
      tools,
      runDir,
      settings: {
        'git.openRepositoryInParentFolders': 'never',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
      },
    });
    codeServer.installExtension(vsix);
    const port = portArg ?? (await freePort('127.0.0.1', 8080));
    server = await codeServer.start({ folder: demo, port, extraEnv: env });
  } catch (e) {
    console.error(`start: ${e.message}`);
    await cleanUp();
    process.exit(1);
  }

  const url = `${server.url}/?folder=${encodeURIComponent(demo).replace(/%2F/g, '/')}`;
  console.log(`
  Stepwise is running in code-server (VS Code 1.139 in the browser):

      ${url}

  The Stepwise view (activity bar) shows the local deployment server ("Local");
  try "Stepwise: Deploy to Test" on hello-world.process.yaml.
  Server log: ${server.logFile}
  After changing the extension, stop with Ctrl+C and run \`npm start\` again.
  Press Ctrl+C to stop.
`);
  stayUp([
    ['code-server', `${server.url}/healthz`, server.logFile],
    ['The deployment server', `${deploymentServer.url}/api`],
  ]);
}
