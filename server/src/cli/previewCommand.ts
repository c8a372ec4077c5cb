import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { validateProcess } from '@stepwise/core';
import { PreviewError, previewProcess } from '@stepwise/core/preview';
import { SpaceLocator } from '../workspace/spaceLocator';
import { parseVarOptions, readTextFile } from './inputs';
import { diagnosticLine, parseOrUsage, UsageError, type CliIo } from '@stepwise/core/cli/commandLine';

/** `stepwise preview FILE --environment NAME [--runbook NAME] [--channel C] [--release V] [--target T] [--var K=V]… [--format yaml|json]` */
export async function runPreview(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args,
      options: {
        environment: { type: 'string', short: 'e' },
        channel: { type: 'string' },
        release: { type: 'string' },
        target: { type: 'string' },
        runbook: { type: 'string' },
        var: { type: 'string', multiple: true },
        format: { type: 'string', default: 'yaml' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (positionals.length !== 1) throw new UsageError('preview takes exactly one process file');
  if (!values.environment) throw new UsageError('preview needs --environment NAME');
  if (values.format !== 'yaml' && values.format !== 'json')
    throw new UsageError(`--format must be 'yaml' or 'json', not '${values.format}'`);

  const file = path.resolve(io.cwd, positionals[0]);
  const text = readTextFile(file, positionals[0]);
  const space = new SpaceLocator().spaceFor(file)?.space;
  const validation = validateProcess(text, { space });
  const errors = validation.diagnostics.filter((d) => d.severity === 'error');
  if (!validation.project || validation.parsed.document?.errors.length) {
    for (const d of errors) io.err(`${diagnosticLine(positionals[0], d)}\n`);
    io.err('stepwise: the file cannot be previewed until its YAML errors are fixed\n');
    return 1;
  }
  let preview;
  try {
    preview = previewProcess(
      validation.project,
      space,
      {
        environment: values.environment,
        channel: values.channel,
        releaseNumber: values.release,
        target: values.target,
        variables: parseVarOptions(values.var),
      },
      validation.parsed.lines,
      values.runbook === undefined ? {} : { runbook: values.runbook },
    );
  } catch (error) {
    if (error instanceof PreviewError) throw new UsageError(error.message, false);
    throw error;
  }
  io.out(values.format === 'json' ? `${JSON.stringify(preview, null, 2)}\n` : stringify(preview, { lineWidth: 0 }));
  return 0;
}
