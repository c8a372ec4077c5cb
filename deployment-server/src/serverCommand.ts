import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseOrUsage, UsageError, type CliIo } from '@stepwise/core/cli/commandLine';
import { isValidApiKey } from './auth';
import { startDeploymentServer } from './startDeploymentServer';

export const SERVER_USAGE = `Usage: stepwise server [--host 127.0.0.1] [--port 8065] [--data DIR] [--workspace DIR] [--api-key KEY]

Runs the local deployment server: the Octopus REST API on SQLite, with deployments that really run.
  --host        address to listen on (default 127.0.0.1: this machine only)
  --port        port (default 8065; 0 picks a free one)
  --data        data folder: database, API key, packages, deployed files (default ./.stepwise-data)
  --workspace   import this folder's .octopus/space.yaml and every *.process.yaml as projects
  --api-key     use this API key (API- then 25+ upper-case letters and digits) instead of the stored one
Environment: STEPWISE_SMTP_URL (smtp://user:pass@host:587) sends the mail of email steps; STEPWISE_SMTP_FROM sets its sender.
`;

/**
 * `stepwise server …`: starts the server and runs until SIGINT/SIGTERM. Returns the exit code:
 * 2 for a usage error (printed like the other commands' usage errors), 1 when it cannot start.
 */
export async function runServerCommand(
  args: string[],
  io: CliIo,
  onStop: (handler: () => Promise<void>) => void = defaultOnStop,
): Promise<number> {
  let values;
  try {
    ({ values } = parseOrUsage(() =>
      parseArgs({
        args,
        options: {
          host: { type: 'string', default: '127.0.0.1' },
          port: { type: 'string', default: '8065' },
          data: { type: 'string', default: '.stepwise-data' },
          workspace: { type: 'string' },
          'api-key': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      }),
    ));
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message);
    throw error;
  }
  if (values.help) {
    io.out(SERVER_USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535)
    return usage(io, `--port must be a number from 0 to 65535, not '${values.port}'`);

  const key = values['api-key'];
  if (key !== undefined && !isValidApiKey(key))
    return usage(io, '--api-key must look like an Octopus API key: API- then 25 or more upper-case letters and digits');

  let server;
  try {
    server = await startDeploymentServer({
      host: values.host,
      port,
      dataDir: path.resolve(io.cwd, values.data),
      workspace: values.workspace === undefined ? undefined : path.resolve(io.cwd, values.workspace),
      apiKey: values['api-key'],
    });
  } catch (error) {
    const message =
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `port ${port} on ${values.host} is already in use (try --port 0 or another port)`
        : (error as Error).message;
    io.err(`stepwise: the deployment server could not start: ${message}\n`);
    // Like every command: 2 when what it was given (a folder, a port) cannot be used.
    return 2;
  }

  io.out(`Stepwise deployment server (Octopus REST API) listening on ${server.url}\n`);
  io.out(
    server.apiKeyCreated || values['api-key']
      ? `API key: ${server.apiKey} (stored in ${server.apiKeyFile})\n`
      : `API key: in ${server.apiKeyFile}\n`,
  );
  io.out(`Data: ${server.dataDir}\n`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(values.host)) {
    io.err(
      `stepwise: warning: listening on ${values.host}, not only this machine: anyone who can reach it and has the key can run deployments here.\n`,
    );
  }
  if (server.recoveredTasks.length) {
    io.out(
      `Marked ${server.recoveredTasks.length} task(s) the previous server left running as Failed: ${server.recoveredTasks.join(', ')}\n`,
    );
  }
  const report = server.importReport;
  if (report) {
    const spaces = report.spaces.map((s) => s.name).join(', ') || 'none';
    io.out(
      `Imported ${report.projects.length} project(s) into space ${spaces}${report.projects.length ? `: ${report.projects.map((p) => p.name).join(', ')}` : ''}\n`,
    );
    for (const skipped of report.skipped) io.err(`stepwise: skipped ${skipped.file}: ${skipped.reason}\n`);
  }
  io.out('Press Ctrl+C to stop.\n');
  return await new Promise<number>((resolve) => {
    onStop(async () => {
      await server.close();
      resolve(0);
    });
  });
}

function usage(io: CliIo, message: string): number {
  io.err(`stepwise: ${message}\nRun 'stepwise server --help' for usage.\n`);
  return 2;
}

function defaultOnStop(handler: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void handler();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
