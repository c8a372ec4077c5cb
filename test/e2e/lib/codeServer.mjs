// Starts code-server (VS Code in a browser) for the e2e suites, the way
// docs/reference/real-vscode-e2e.md describes: Node 24, its own process group, every file it
// writes under one run folder, a free loopback port.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** User settings that keep the workbench quiet and the fixtures unmodified. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': 'off',
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'files.autoSave': 'off',
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
};

const running = new Set();
// Whatever ends this process, take the servers' process groups with it.
process.on('exit', () => {
  for (const server of running) server.kill('SIGKILL');
});

/**
 * Prepares a run folder and returns a code-server that can install extensions and start.
 * `tools` comes from ensureTools(); `runDir` is created (it should be empty).
 */
export function prepareCodeServer({ tools, runDir, settings = {} }) {
  const dirs = {
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    config: path.join(runDir, 'xdg-config'),
    data: path.join(runDir, 'xdg-data'),
    cache: path.join(runDir, 'xdg-cache'),
    runtime: path.join(runDir, 'xdg-runtime'),
    tmp: path.join(runDir, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true, mode: 0o700 });
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2),
  );

  const env = {
    ...process.env,
    PATH: `${path.dirname(tools.node24)}${path.delimiter}${process.env.PATH}`,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_RUNTIME_DIR: dirs.runtime,
    TMPDIR: dirs.tmp,
  };
  // Run by the path of its entry script so that Node 24 runs it whatever PATH says.
  const entry = realpathSync(tools.codeServer);
  const common = ['--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData];

  return {
    dirs,
    env,
    /** Installs a .vsix into this server's extensions folder (about a second). */
    installExtension(vsix) {
      const r = spawnSync(tools.node24, [entry, ...common, '--install-extension', vsix], {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (r.status !== 0)
        throw new Error(`code-server --install-extension failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
    },
    /**
     * Starts the server on `folder` and resolves once /healthz answers. `extraArgs` go before the
     * folder, `extraEnv` into the server's (and so the extension host's) environment.
     */
    async start({
      folder,
      port,
      host = '127.0.0.1',
      extraArgs = [],
      extraEnv = {},
      logFile = path.join(runDir, 'code-server.log'),
      readyTimeoutMs = 60_000,
    }) {
      port ??= await freePort(host);
      const args = [
        entry,
        '--auth',
        'none',
        '--bind-addr',
        `${host}:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        ...common,
        ...extraArgs,
        folder,
      ];
      const log = createWriteStream(logFile);
      // detached = setsid: the server and all its helpers share a process group we can kill whole.
      const child = spawn(tools.node24, args, {
        env: { ...env, ...extraEnv },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.pipe(log);
      child.stderr.pipe(log);
      const server = {
        url: `http://${host}:${port}`,
        port,
        host,
        logFile,
        pid: child.pid,
        kill(signal = 'SIGTERM') {
          try {
            process.kill(-child.pid, signal);
          } catch {
            // already gone
          }
        },
        /** Stops the whole process group: TERM, then KILL whatever is left after a grace period. */
        async stop() {
          if (!running.has(server)) return;
          running.delete(server);
          server.kill('SIGTERM');
          const exited = child.exitCode !== null || child.signalCode !== null;
          if (!exited) await Promise.race([new Promise((r) => child.once('exit', r)), delay(2000)]);
          server.kill('SIGKILL');
        },
      };
      running.add(server);
      const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
      const deadline = Date.now() + readyTimeoutMs;
      while (Date.now() < deadline) {
        const status = await Promise.race([exited.then((c) => ({ exited: c })), healthy(server.url)]);
        if (status?.exited !== undefined)
          throw new Error(`code-server exited (${status.exited}) before it was ready; see ${logFile}`);
        if (status === true) return server;
        await delay(200);
      }
      await server.stop();
      throw new Error(`code-server did not answer /healthz within ${readyTimeoutMs / 1000} s; see ${logFile}`);
    },
  };
}

/** A port on `host` that nothing listens on right now. */
export function freePort(host = '127.0.0.1', preferred = 0) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (e) => (preferred ? freePort(host, 0).then(resolve, reject) : reject(e)));
    probe.listen(preferred, host, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function healthy(url) {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

export function delay(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
