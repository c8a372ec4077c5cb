// End-to-end tests in a real VS Code: code-server 4.139 (VS Code 1.139) driven by Debian's
// Chromium, as docs/reference/real-vscode-e2e.md describes. Two suites, one run:
//   extension host — test/e2e/extension-host/*.test.js through the @vscode/test-electron run()
//                    contract, on a server with the smoke-test driver (the vscode API, no UI);
//   code-server UI — test/e2e/ui/*.test.mjs with Playwright on a second server, with the
//                    packaged .vsix installed as a user would (squiggles, Problems panel, typing);
//   installed      — test/e2e/installed/*.test.mjs: the .vsix in a code-server with no repo open
//                    and no deployment server: the extension starts its own and deploys.
// Installs missing tools (scripts/e2e-tools.sh) and packages the .vsix first. Screenshots and
// server logs go to test-results/. The last line is `e2e: N passed, N failed[, N cancelled][, N skipped]`
// (also written as JSON to $STEPWISE_E2E_SUMMARY when that is set). See test/e2e/README.md.
// Usage: node test/e2e/run.mjs [--ui | --extension-host | --installed] [--only=NAME]   (default: all three; --only picks UI test files by name)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Settings for both servers, beyond codeServer.mjs's quiet defaults. */
const WORKBENCH_SETTINGS = {
  'git.openRepositoryInParentFolders': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

if (!process.env.STEPWISE_E2E_CHILD) {
  // Run the suites in a child with the spec reporter plus a counting one, then print the totals.
  const countsFile = path.join(os.tmpdir(), `stepwise-e2e-counts-${process.pid}.json`);
  const child = spawn(
    process.execPath,
    [
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${pathToFileURL(path.join(here, 'lib', 'countReporter.mjs')).href}`,
      `--test-reporter-destination=${countsFile}`,
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env: { ...process.env, STEPWISE_E2E_CHILD: '1' } },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', async (code, signal) => {
    const { countsOfRun, formatCounts } = await import('./lib/countReporter.mjs');
    let json = '';
    try {
      json = readFileSync(countsFile, 'utf8');
    } catch {
      // the child died before its reporter wrote anything: countsOfRun counts that as a failure
    }
    rmSync(countsFile, { force: true });
    const exitCode = code ?? (signal ? 1 : 0);
    const counts = countsOfRun(json, exitCode);
    // For a caller that adds these to other totals (e.g. scripts/test.mjs).
    if (process.env.STEPWISE_E2E_SUMMARY) writeFileSync(process.env.STEPWISE_E2E_SUMMARY, JSON.stringify(counts));
    console.log(`e2e: ${formatCounts(counts)}`);
    process.exit(exitCode === 0 && !counts.failed ? 0 : exitCode || 1);
  });
} else {
  await runSuites();
}

async function runSuites() {
  const { after, before, describe, test } = await import('node:test');
  const { ensureTools, repoRoot } = await import('./lib/tools.mjs');
  const { prepareCodeServer } = await import('./lib/codeServer.mjs');
  const { launchBrowser } = await import('./lib/browser.mjs');
  const { Workbench } = await import('./lib/workbench.mjs');
  const { ui, fixturesDir, resultsDir } = await import('./lib/session.mjs');
  const { startDeploymentServer } = await import('./lib/deploymentServer.mjs');

  // --only=NAME: only the test files (of the extension-host and UI suites) whose name contains NAME;
  // a suite with none is not started.
  const onlyFiles = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const matching = (dir, ending) =>
    readdirSync(path.join(here, dir)).filter((f) => f.endsWith(ending) && (!onlyFiles || f.includes(onlyFiles)));
  const only =
    ['ui', 'extension-host', 'installed'].find((s) => process.argv.includes(`--${s}`)) ??
    (onlyFiles && !matching('extension-host', '.test.js').length
      ? 'ui'
      : onlyFiles && !matching('ui', '.test.mjs').length
        ? 'extension-host'
        : undefined);
  const screenshotsDir = path.join(resultsDir, 'screenshots');
  const logsDir = path.join(resultsDir, 'logs');
  rmSync(screenshotsDir, { recursive: true, force: true });
  rmSync(logsDir, { recursive: true, force: true });
  // Servers and browsers write under /tmp, not the checkout: their socket paths must stay short.
  const runRoot = mkdtempSync(path.join(os.tmpdir(), 'stepwise-e2e-'));
  process.on('exit', () => {
    try {
      rmSync(runRoot, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a browser killed a moment ago may still be writing its profile; /tmp is cleaned anyway
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

  const time = async (what, fn) => {
    const started = Date.now();
    const result = await fn();
    console.log(`# ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  const keepLogs = (name, runDir) => {
    const target = path.join(logsDir, name);
    mkdirSync(target, { recursive: true });
    for (const [from, to] of [
      ['code-server.log', 'code-server.log'],
      ['user-data/logs', 'vscode'],
    ]) {
      if (existsSync(path.join(runDir, from)))
        cpSync(path.join(runDir, from), path.join(target, to), { recursive: true });
    }
  };

  let tools;
  let setupError;
  try {
    tools = await time('tools', () => ensureTools());
  } catch (e) {
    setupError = e;
  }

  // --- extension host: run it first, then report each of its tests ---
  if (!only || only === 'extension-host') {
    const results = setupError
      ? { error: setupError }
      : await time('extension-host suite', () => runExtensionHostSuite()).catch((error) => ({ error }));
    describe('extension host (code-server, smoke-test driver)', () => {
      if (results.error) {
        test('runs the extension-host tests', () => {
          throw results.error;
        });
        return;
      }
      for (const r of results.tests) {
        test(r.name, (t) => {
          for (const note of r.notes ?? []) t.diagnostic(note);
          if (r.status === 'pass') return;
          const error = new Error(r.error.split('\n')[0].replace(/^\w*Error( \[\w+\])?: /, ''));
          error.stack = r.error; // the stack in the extension host, not this replay of it
          throw error;
        });
      }
    });
  }

  // --- code-server UI: the packaged extension, driven through the workbench ---
  let vsixPromise;
  const packagedVsix = async () => {
    const { packageExtension } = await import('../../scripts/package.mjs');
    vsixPromise ??= time('package .vsix', async () =>
      packageExtension({ out: path.join(runRoot, 'stepwise-e2e.vsix'), quiet: true }),
    );
    return vsixPromise;
  };

  if (!only || only === 'ui') {
    describe('code-server UI (packaged .vsix)', async () => {
      let server;
      let browser;
      let deploymentServer;
      const runDir = path.join(runRoot, 'ui');
      before(
        async () => {
          if (setupError) throw setupError;
          const vsix = await packagedVsix();
          const codeServer = prepareCodeServer({ tools, runDir, settings: WORKBENCH_SETTINGS });
          codeServer.installExtension(vsix);
          // The extension finds it as its local server through these two variables (ui/deploy.test.mjs).
          deploymentServer = await time('start deployment server', () => startDeploymentServer());
          ui.deploymentServer = deploymentServer;
          server = await time('start code-server', () =>
            codeServer.start({
              folder: fixturesDir,
              extraEnv: { STEPWISE_DATA: deploymentServer.dataDir, STEPWISE_SERVER_URL: deploymentServer.url },
            }),
          );
          browser = await launchBrowser({
            executablePath: tools.chromium,
            profileDir: path.join(runDir, 'chromium-profile'),
            env: codeServer.env,
          });
          ui.server = server;
          ui.workbench = new Workbench(browser.page, { screenshotsDir });
          await time('open workbench', () => ui.workbench.open(server.url, fixturesDir));
          await time('extension loaded', () => ui.workbench.waitForExtension('Stepwise'));
        },
        // Packaging, two servers, the workbench and the extension host: over 3 minutes at a load of 20+.
        { timeout: 360_000 },
      );
      after(async () => {
        await browser?.context.close().catch(() => {});
        await server?.stop();
        await deploymentServer?.stop();
        keepLogs('ui', runDir);
      });
      const uiDir = path.join(here, 'ui');
      for (const file of matching('ui', '.test.mjs').sort()) {
        ui.file = `ui/${file}`;
        await import(pathToFileURL(path.join(uiDir, file)).href);
      }
    });
  }

  if (!only || only === 'installed') {
    describe('code-server with no repo (installed .vsix, its own local server)', async () => {
      let server;
      let browser;
      const runDir = path.join(runRoot, 'installed');
      // A user's folder: the demo project's two files, nothing of the repo, no .stepwise-data.
      const folder = path.join(runRoot, 'user-project');
      before(
        async () => {
          if (setupError) throw setupError;
          mkdirSync(path.join(folder, '.octopus'), { recursive: true });
          const demo = path.join(repoRoot, 'test-fixtures', 'demo');
          cpSync(path.join(demo, 'hello-world.process.yaml'), path.join(folder, 'hello-world.process.yaml'));
          cpSync(path.join(demo, '.octopus', 'space.yaml'), path.join(folder, '.octopus', 'space.yaml'));
          const vsix = await packagedVsix();
          const codeServer = prepareCodeServer({ tools, runDir, settings: WORKBENCH_SETTINGS });
          codeServer.installExtension(vsix);
          // No Node on the PATH (the extension host is VS Code's own runtime) and no server variables.
          const noNode = path.join(runDir, 'empty-bin');
          mkdirSync(noNode, { recursive: true });
          const extraEnv = { PATH: noNode, STEPWISE_DATA: '', STEPWISE_SERVER_URL: '' };
          server = await time('start code-server (no repo)', () => codeServer.start({ folder, extraEnv }));
          browser = await launchBrowser({
            executablePath: tools.chromium,
            profileDir: path.join(runDir, 'chromium-profile'),
            env: codeServer.env,
          });
          ui.server = server;
          // A machine busy with other work can take over 30 s (Playwright's default) to load the page.
          browser.page.setDefaultNavigationTimeout(120_000);
          ui.workbench = new Workbench(browser.page, { screenshotsDir });
          await time('open workbench (no repo)', () => ui.workbench.open(server.url, folder));
          // The extension host starts late on a busy machine (it first waits for the shell's environment).
          await time('extension loaded (no repo)', () => ui.workbench.waitForExtension('Stepwise'));
        },
        { timeout: 240_000 },
      );
      after(async () => {
        await browser?.context.close().catch(() => {});
        await server?.stop();
        keepLogs('installed', runDir);
        // The server's own start time, as the extension measured it (its output channel's log).
        const logs = path.join(logsDir, 'installed', 'vscode');
        const line = existsSync(logs) ? findLine(logs, /Ready in \d+ ms/) : undefined;
        if (line) console.log(`# embedded server: ${line.trim()}`);
      });
      const installedDir = path.join(here, 'installed');
      for (const file of readdirSync(installedDir)
        .filter((f) => f.endsWith('.test.mjs'))
        .sort()) {
        ui.file = `installed/${file}`;
        await import(pathToFileURL(path.join(installedDir, file)).href);
      }
    });
  }

  /** The first line matching `re` in the files under `dir`. */
  function findLine(dir, re) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const text = readFileSync(path.join(entry.parentPath ?? entry.path, entry.name), 'utf8');
      const line = text.split('\n').find((l) => re.test(l));
      if (line) return line;
    }
    return undefined;
  }

  /** Runs extension-host/index.js in code-server and returns { tests: [{ name, status, … }] }. */
  async function runExtensionHostSuite() {
    // This suite runs the extension from the checkout's dist/, so make sure it is current.
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('scripts/build.mjs failed');
    const runDir = path.join(runRoot, 'extension-host');
    const resultsFile = path.join(runDir, 'results.json');
    const codeServer = prepareCodeServer({ tools, runDir, settings: WORKBENCH_SETTINGS });
    // The release-and-deploy tests (extension-host/deploy.test.js) talk to this one.
    const deploymentServer = await time('start deployment server', () => startDeploymentServer()).catch((error) => ({
      error,
    }));
    const server = await codeServer.start({
      folder: fixturesDir,
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      extraEnv: {
        STEPWISE_E2E_RESULTS: resultsFile,
        ...(onlyFiles ? { STEPWISE_E2E_ONLY: onlyFiles } : {}),
        ...(deploymentServer.error
          ? { STEPWISE_E2E_SERVER_ERROR: deploymentServer.error.message }
          : { STEPWISE_E2E_SERVER_URL: deploymentServer.url, STEPWISE_E2E_SERVER_KEY: deploymentServer.apiKey }),
      },
    });
    let browser;
    try {
      browser = await launchBrowser({
        executablePath: tools.chromium,
        profileDir: path.join(runDir, 'chromium-profile'),
        env: codeServer.env,
      });
      const { page } = browser;
      const output = [];
      let exited;
      const exitCode = new Promise((resolve) => (exited = resolve));
      await page.exposeFunction('codeAutomationExit', (code) => exited(code));
      await page.exposeFunction('codeAutomationLog', (type, args) => output.push(`${type}: ${args.join(' ')}`));
      page.on('console', (m) => m.text().includes('[stepwise e2e]') && output.push(m.text()));
      const remote = (p) => `vscode-remote://${server.host}:${server.port}${p}`;
      const payload = [
        ['extensionDevelopmentPath', remote(repoRoot)],
        ['extensionTestsPath', remote(path.join(here, 'extension-host', 'index.js'))],
      ];
      await page.goto(
        `${server.url}/?folder=${encodeURIComponent(fixturesDir)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
      );
      const timeoutMs = 180_000;
      let timer;
      const code = await Promise.race([
        exitCode,
        new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs, 'timeout'))),
      ]);
      clearTimeout(timer);
      if (!existsSync(resultsFile)) {
        throw new Error(
          `the extension-host tests ${code === 'timeout' ? `did not finish within ${timeoutMs / 1000} s` : `exited with ${code} before reporting`}; ` +
            `logs in ${path.join(logsDir, 'extension-host')}\n${output.slice(-30).join('\n')}`,
        );
      }
      return { tests: JSON.parse(readFileSync(resultsFile, 'utf8')) };
    } finally {
      await browser?.context.close().catch(() => {});
      await server.stop();
      await deploymentServer.stop?.();
      keepLogs('extension-host', runDir);
    }
  }
}
