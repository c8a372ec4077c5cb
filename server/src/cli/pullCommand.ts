import { parseArgs } from 'node:util';
import { parseOrUsage, UsageError, type CliIo } from '@stepwise/core/cli/commandLine';
import { normalizeUrl, OctopusError } from './octopusApi';
import { pullProject, PullError } from './pullProject';

/**
 * `stepwise pull --server URL --api-key KEY --project NAME [--space S] [--out FILE]`: a project
 * on an Octopus server as a process file, and what it uses of the space merged into the space
 * file next to it. Exit 2 for usage errors, 1 when the server refuses or cannot be reached.
 */
export async function runPull(
  args: string[],
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args,
      options: {
        server: { type: 'string' },
        'api-key': { type: 'string' },
        project: { type: 'string' },
        space: { type: 'string' },
        out: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (positionals.length) throw new UsageError(`pull takes no positional arguments (got '${positionals[0]}')`);
  if (!values.server) throw new UsageError('pull needs --server URL (the address you open Octopus at)');
  try {
    normalizeUrl(values.server);
  } catch {
    throw new UsageError(`--server must be an http(s) address, not '${values.server}'`);
  }
  const apiKey = values['api-key'] ?? env.OCTOPUS_API_KEY;
  if (!apiKey) throw new UsageError('pull needs an API key: --api-key KEY or the OCTOPUS_API_KEY environment variable');
  if (!values.project) throw new UsageError('pull needs --project NAME (a project name, slug or id)');
  if (values.out !== undefined && !values.out.endsWith('.process.yaml'))
    throw new UsageError(`--out must name a *.process.yaml file, not '${values.out}'`);

  try {
    const result = await pullProject({
      server: values.server,
      apiKey,
      project: values.project,
      space: values.space,
      out: values.out,
      cwd: io.cwd,
      progress: (line) => io.err(`${line}\n`),
    });
    for (const note of result.notes) io.err(`note: ${note}\n`);
    return 0;
  } catch (error) {
    if (error instanceof PullError || error instanceof OctopusError) {
      io.err(`stepwise: ${sentence(error)}\n`);
      return error instanceof PullError ? error.exitCode : 1;
    }
    throw error;
  }
}

function sentence(error: Error): string {
  if (error instanceof OctopusError && error.kind === 'unauthorized')
    return 'the API key was refused by the server (401). Check the key and that its user may read the project.';
  return error.message.replace(/\.$/, '');
}
