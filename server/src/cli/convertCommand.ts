import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  loadProcess,
  projectToOcl,
  projectToYaml,
  slugify,
  emptyProject,
  validateOclProject,
  validateProcess,
  type Diagnostic,
  type Project,
} from '@stepwise/core';
import { isProcessFile } from '@stepwise/core/workspace/workspaceFiles';
import { parseOrUsage, UsageError, type CliIo } from '@stepwise/core/cli/commandLine';
import { oclProjectName, oclProjectSubfolders, readOclProjectFolder } from './oclFolders';

/**
 * `stepwise convert SOURCE --to yaml|ocl [--out PATH]`: one project between Octopus's OCL files
 * and a process file. A source with syntax errors is not converted (exit 1): what was not read
 * would be silently lost.
 */
export async function runConvert(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args,
      options: { to: { type: 'string' }, out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length
        ? 'convert takes one SOURCE'
        : 'convert needs a SOURCE: a folder of OCL files (.octopus or .octopus/<project>) or a *.process.yaml',
    );
  if (values.to !== 'yaml' && values.to !== 'ocl')
    throw new UsageError(
      values.to === undefined
        ? 'convert needs --to yaml or --to ocl'
        : `--to must be 'yaml' or 'ocl', not '${values.to}'`,
    );
  if (values.to === 'ocl' && !values.out)
    throw new UsageError('--to ocl writes several files: give the folder with --out FOLDER');

  const source = path.resolve(io.cwd, positionals[0]);
  const loaded = readSource(source, positionals[0], io);
  if (typeof loaded === 'number') return loaded;
  const { project, errors } = loaded;
  if (errors.length) {
    for (const { file, diagnostic: d } of errors)
      io.err(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${d.code} ${d.message}\n`);
    io.err(
      `stepwise: not converted: ${positionals[0]} has ${errors.length} syntax error${errors.length === 1 ? '' : 's'}\n`,
    );
    return 1;
  }

  if (values.to === 'yaml') {
    const yaml = projectToYaml(project);
    if (!values.out) {
      io.out(yaml);
      return 0;
    }
    let out = path.resolve(io.cwd, values.out);
    if (existsSync(out) && statSync(out).isDirectory())
      out = path.join(out, `${slugify(project.name) || 'project'}.process.yaml`);
    try {
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, yaml);
    } catch (error) {
      io.err(
        `stepwise: cannot write '${values.out}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
      );
      return 2;
    }
    io.err(`wrote ${display(io, out)}\n`);
    return 0;
  }

  const folder = path.resolve(io.cwd, values.out!);
  const files = projectToOcl(project);
  try {
    for (const file of files) {
      const target = path.join(folder, ...file.path.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, `${file.text}\n`);
    }
  } catch (error) {
    io.err(
      `stepwise: cannot write to '${values.out}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
    );
    return 2;
  }
  const sensitive = project.variables.filter((v) => v.sensitive).length;
  const tagged = project.channels.filter((c) => c.tenantTags?.length).map((c) => `'${c.name}'`);
  const notes = [
    ...(sensitive
      ? [
          `${sensitive} sensitive variable${sensitive === 1 ? '' : 's'} not written: Octopus keeps their values in its database`,
        ]
      : []),
    ...(tagged.length
      ? [
          `tenant tags of channel ${tagged.join(', ')} not written: channels.ocl has none; Octopus keeps them in its database`,
        ]
      : []),
  ];
  const note = notes.length ? ` (${notes.join('; ')})` : '';
  io.err(`wrote ${files.map((f) => f.path).join(', ')} to ${display(io, folder)}${note}\n`);
  return 0;
}

type Loaded = { project: Project; errors: { file: string; diagnostic: Diagnostic }[] };

function readSource(source: string, given: string, io: CliIo): Loaded | number {
  let stat;
  try {
    stat = statSync(source);
  } catch {
    io.err(`stepwise: cannot read '${given}': no such file or folder\n`);
    return 2;
  }
  if (stat.isDirectory()) {
    const files = readOclProjectFolder(source);
    if (!files.length) {
      const inside = existsSync(path.join(source, '.octopus'))
        ? [path.join(source, '.octopus'), ...oclProjectSubfolders(path.join(source, '.octopus'))]
        : oclProjectSubfolders(source);
      const candidates = inside.filter((f) => readOclProjectFolder(f).length).map((f) => display(io, f));
      const hint = candidates.length ? ` Projects found in: ${candidates.join(', ')}.` : '';
      throw new UsageError(
        `'${given}' holds no OCL project files (deployment_process.ocl, variables.ocl, deployment_settings.ocl, channels.ocl, runbooks/*.ocl).${hint}`,
        false,
      );
    }
    const validation = validateOclProject(files, { name: oclProjectName(source) });
    const errors = [...validation.diagnostics].flatMap(([file, list]) =>
      list
        .filter((d) => d.code === 'ocl-syntax')
        .map((diagnostic) => ({ file: display(io, path.join(source, file)), diagnostic })),
    );
    return { project: validation.project, errors };
  }
  if (!isProcessFile(source))
    throw new UsageError(`'${given}' is neither a folder of OCL files nor a *.process.yaml`, false);
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(readFileSync(source));
  } catch (error) {
    io.err(`stepwise: cannot read '${given}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 2;
  }
  const validation = validateProcess(text);
  const unreadable = new Set([
    'yaml-syntax',
    'yaml-alias-limit',
    'file-too-large',
    'invalid-encoding',
    'nesting-too-deep',
  ]);
  const errors = validation.diagnostics
    .filter((d) => unreadable.has(d.code))
    .map((diagnostic) => ({ file: display(io, source), diagnostic }));
  if (!validation.parsed.document)
    return {
      project: emptyProject(),
      errors: errors.length ? errors : [{ file: display(io, source), diagnostic: validation.diagnostics[0] }],
    };
  return { project: validation.project ?? loadProcess(validation.parsed), errors };
}

function display(io: CliIo, file: string): string {
  const relative = path.relative(io.cwd, file);
  return relative && !relative.startsWith('..') ? relative.split(path.sep).join('/') : file;
}
