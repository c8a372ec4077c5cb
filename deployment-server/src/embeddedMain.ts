import { startDeploymentServer } from './startDeploymentServer';

/**
 * Entry of the server bundle the VS Code extension forks (dist/deployment-server.js), run by
 * VS Code's own runtime. Takes its settings from the environment so the API key never shows in
 * a process listing: STEPWISE_DATA (data folder), STEPWISE_API_KEY, STEPWISE_WORKSPACE (optional,
 * a folder to import), STEPWISE_PORT (default 0: a free port). Tells its parent the address over
 * the IPC channel, and stops when the parent goes away (VS Code closing or crashing).
 */
async function main(): Promise<void> {
  // A native better-sqlite3 next to a checkout is built for Node, not for VS Code's Electron.
  process.env.STEPWISE_SQLITE ??= 'wasm';
  const dataDir = process.env.STEPWISE_DATA;
  if (!dataDir || !process.send) {
    process.stderr.write('stepwise: this is the extension’s embedded server; run `stepwise server` instead.\n');
    process.exit(2);
  }
  const started = Date.now();
  const server = await startDeploymentServer({
    host: '127.0.0.1',
    port: Number(process.env.STEPWISE_PORT ?? 0),
    dataDir,
    apiKey: process.env.STEPWISE_API_KEY || undefined,
    workspace: process.env.STEPWISE_WORKSPACE || undefined,
  });
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Stopping (${reason}).\n`);
    await server.close();
    process.exit(0);
  };
  process.on('disconnect', () => void stop('VS Code went away'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('message', (message: unknown) => {
    if ((message as { type?: string })?.type === 'stop') void stop('asked to stop');
  });
  process.stdout.write(`Listening on ${server.url} (data: ${server.dataDir}), started in ${Date.now() - started} ms\n`);
  const report = server.importReport;
  if (report)
    process.stdout.write(
      `Imported ${report.projects.length} project(s)${report.projects.length ? `: ${report.projects.map((p) => p.name).join(', ')}` : ''}\n`,
    );
  for (const skipped of report?.skipped ?? []) process.stdout.write(`Skipped ${skipped.file}: ${skipped.reason}\n`);
  process.send({ type: 'ready', url: server.url, startedMs: Date.now() - started });
}

main().catch((error: unknown) => {
  process.stderr.write(`stepwise: the local server could not start: ${(error as Error)?.message ?? error}\n`);
  process.send?.({ type: 'failed', message: (error as Error)?.message ?? String(error) });
  process.exit(1);
});
