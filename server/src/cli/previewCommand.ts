import { statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { OCL_SYNTAX_CODE, validateOclProject, validateProcess, type Project, type Space } from '@stepwise/core';
import type { LineIndex } from '@stepwise/core/text';
import { PreviewError, previewProcess } from '@stepwise/core/preview';
import { SpaceLocator } from '../workspace/spaceLocator';
import { parseVarOptions, readTextFile } from './inputs';
import { oclProjectFolderOf, oclProjectName, oclProjectSubfolders, readOclProjectFolder } from './oclFolders';
import { diagnosticLine, parseOrUsage, UsageError, type CliIo } from '@stepwise/core/cli/commandLine';

/**
 * `stepwise preview FILE --environment NAME [--runbook NAME] [--channel C] [--release V] [--target T] [--tenant NAME] [--var K=V]… [--format yaml|json]`.
 * FILE is a process file, or an Octopus project's OCL: its folder (`.octopus`, `.octopus/<project>`)
 * or one of its `.ocl` files; a runbook's file (`runbooks/<slug>.ocl`) previews that runbook.
 */
export async function runPreview(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args,
      options: {
        environment: { type: 'string', short: 'e' },
        channel: { type: 'string' },
        release: { type: 'string' },
        target: { type: 'string' },
        tenant: { type: 'string' },
        runbook: { type: 'string' },
        var: { type: 'string', multiple: true },
        format: { type: 'string', default: 'yaml' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (positionals.length !== 1) throw new UsageError('preview takes exactly one process file or OCL project folder');
  if (!values.environment) throw new UsageError('preview needs --environment NAME');
  if (values.format !== 'yaml' && values.format !== 'json')
    throw new UsageError(`--format must be 'yaml' or 'json', not '${values.format}'`);

  const file = path.resolve(io.cwd, positionals[0]);
  // A runbook's own file (`.octopus/runbooks/<slug>.ocl`) previews that runbook.
  const runbook = values.runbook ?? runbookSlugOfFile(file);
  const loaded = isOclSource(file) ? loadOcl(file, positionals[0], io) : loadProcessFile(file, positionals[0], io);
  if (!loaded) return 1;
  const { project, space, lines } = loaded;
  let preview;
  try {
    preview = previewProcess(
      project,
      space,
      {
        environment: values.environment,
        channel: values.channel,
        releaseNumber: values.release,
        target: values.target,
        tenant: values.tenant,
        variables: parseVarOptions(values.var),
      },
      lines,
      runbook === undefined ? {} : { runbook },
    );
  } catch (error) {
    if (error instanceof PreviewError) throw new UsageError(error.message, false);
    throw error;
  }
  io.out(values.format === 'json' ? `${JSON.stringify(preview, null, 2)}\n` : stringify(preview, { lineWidth: 0 }));
  return 0;
}

interface Loaded {
  project: Project;
  space: Space | undefined;
  lines: LineIndex | undefined;
}

/** The runbook slug of `…/runbooks/<slug>.ocl`, else undefined. */
export function runbookSlugOfFile(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  return file.endsWith('.ocl') && parts[parts.length - 2] === 'runbooks'
    ? parts[parts.length - 1].slice(0, -'.ocl'.length)
    : undefined;
}

function isOclSource(file: string): boolean {
  if (file.endsWith('.ocl')) return true;
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function loadProcessFile(file: string, shown: string, io: CliIo): Loaded | undefined {
  const text = readTextFile(file, shown);
  const space = new SpaceLocator().spaceFor(file)?.space;
  const validation = validateProcess(text, { space });
  const errors = validation.diagnostics.filter((d) => d.severity === 'error');
  if (!validation.project || validation.parsed.document?.errors.length) {
    for (const d of errors) io.err(`${diagnosticLine(shown, d)}\n`);
    io.err('stepwise: the file cannot be previewed until its YAML errors are fixed\n');
    return undefined;
  }
  return { project: validation.project, space, lines: validation.parsed.lines };
}

/** An OCL project from its folder or one of its files; syntax errors stop the preview (exit 1). */
function loadOcl(source: string, shown: string, io: CliIo): Loaded | undefined {
  let folder = source.endsWith('.ocl') ? oclProjectFolderOf(source) : source;
  const hasProcess = (f: string) => readOclProjectFolder(f).some((file) => file.path === 'deployment_process.ocl');
  // A repository folder stands for its `.octopus` project.
  if (!hasProcess(folder) && hasProcess(path.join(folder, '.octopus'))) folder = path.join(folder, '.octopus');
  if (!hasProcess(folder)) {
    const octopus = path.join(folder, '.octopus');
    const candidates = [...oclProjectSubfolders(octopus), ...oclProjectSubfolders(folder)].filter(hasProcess);
    const hint = candidates.length
      ? ` Projects found in: ${candidates.map((c) => path.relative(io.cwd, c).split(path.sep).join('/') || '.').join(', ')}.`
      : '';
    throw new UsageError(`'${shown}' holds no deployment_process.ocl to preview.${hint}`, false);
  }
  const files = readOclProjectFolder(folder);
  const space = new SpaceLocator().spaceFor(path.join(folder, 'deployment_process.ocl'))?.space;
  const validation = validateOclProject(files, { name: oclProjectName(folder), space });
  const errors = [...validation.diagnostics].flatMap(([file, list]) =>
    list.filter((d) => d.code === OCL_SYNTAX_CODE).map((d) => ({ file, d })),
  );
  if (errors.length) {
    for (const { file, d } of errors) io.err(`${diagnosticLine(path.relative(io.cwd, path.join(folder, file)), d)}\n`);
    io.err('stepwise: the project cannot be previewed until its OCL syntax errors are fixed\n');
    return undefined;
  }
  return { project: validation.project, space, lines: undefined };
}
