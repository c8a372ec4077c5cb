// The local deployment server for the release-and-deploy e2e tests: `stepwise server` from
// the built CLI (bin/stepwise.js) on a free loopback port, a fresh data folder, and the deploy
// fixtures imported. Runs on this process's Node (20), which better-sqlite3 was built for —
// not on code-server's Node 24.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './tools.mjs';

export const deployFixturesDir = path.join(repoRoot, 'test-fixtures', 'e2e', 'deploy');

/**
 * Starts the server; resolves with { url, apiKey, dataDir, output(), stop() } once it listens.
 * A data folder it made itself is deleted by stop(); one given (npm start's) is kept.
 */
export async function startDeploymentServer({
  dataDir,
  workspace = deployFixturesDir,
  port = 0,
  readyTimeoutMs = 30_000,
} = {}) {
  const ownData = !dataDir;
  dataDir ??= mkdtempSync(path.join(os.tmpdir(), 'stepwise-e2e-server-'));
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'bin', 'stepwise.js'),
      'server',
      '--port',
      String(port),
      '--data',
      dataDir,
      '--workspace',
      workspace,
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`stepwise server did not start within ${readyTimeoutMs / 1000} s:\n${output}`)),
      readyTimeoutMs,
    );
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`stepwise server exited (${code}) before it started:\n${output}`));
    });
  });
  const apiKey = readFileSync(path.join(dataDir, 'api-key'), 'utf8').trim();
  const stopOnExit = () => child.exitCode === null && child.kill('SIGKILL');
  process.on('exit', stopOnExit);
  return {
    url,
    apiKey,
    dataDir,
    output: () => output,
    async stop() {
      process.off('exit', stopOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (ownData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
