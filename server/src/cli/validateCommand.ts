import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  isOclProjectFile,
  loadProcess,
  parseOcl,
  parseYaml,
  validateOclProject,
  validateProcess,
  validateSpace,
  type Diagnostic,
  type OclFile,
} from '@stepwise/core';
import { findWorkspaceFiles, isSpaceFile } from '@stepwise/core/workspace/workspaceFiles';
import { oclProjectFolderOf, oclProjectName, readOclProjectFolder } from './oclFolders';
import { SpaceLocator } from '../workspace/spaceLocator';
import { diagnosticLine, parseOrUsage, UsageError, type CliIo } from '@stepwise/core/cli/commandLine';
import { githubAnnotations, gitlabCodeQuality, loadChecks, sarifLog } from './ciFormats';
import { STEPWISE_VERSION as VERSION } from '@stepwise/core/version';

/** `stepwise validate [PATH…] [--format text|json|github|gitlab|sarif]` */
export async function runValidate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({ args, options: { format: { type: 'string', default: 'text' } }, allowPositionals: true, strict: true }),
  );
  const format = values.format;
  if (!['text', 'json', 'github', 'gitlab', 'sarif'].includes(format))
    throw new UsageError(`--format must be 'text', 'json', 'github', 'gitlab' or 'sarif', not '${format}'`);

  const files: string[] = [];
  for (const input of positionals.length ? positionals : ['.']) {
    const full = path.resolve(io.cwd, input);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      io.err(`stepwise: cannot read '${input}': no such file or folder\n`);
      return 2;
    }
    if (stat.isDirectory()) files.push(...findWorkspaceFiles([full], { kinds: ['process', 'space', 'ocl'] }).files);
    else files.push(full);
  }
  const unique = [...new Set(files)].sort();

  const spaces = new SpaceLocator();
  const results: { path: string; diagnostics: Diagnostic[] }[] = [];
  let ioError = false;
  // An OCL project is checked as a whole (its process, variables, runbooks…), once per folder.
  const oclProjects = new Map<string, Map<string, Diagnostic[]>>();
  for (const file of unique) {
    if (file.endsWith('.ocl')) {
      const diagnostics = oclDiagnostics(file, oclProjects, spaces);
      if (diagnostics === undefined) {
        io.err(`stepwise: cannot read '${display(io, file)}'\n`);
        ioError = true;
        continue;
      }
      results.push({ path: display(io, file), diagnostics });
      continue;
    }
    let text: string;
    try {
      const bytes = readFileSync(file);
      text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    } catch (error) {
      io.err(
        `stepwise: cannot read '${display(io, file)}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
      );
      ioError = true;
      continue;
    }
    const diagnostics = isSpaceFile(file)
      ? validateSpace(text, file, { projects: projectsUnder(file, unique) }).diagnostics
      : validateProcess(text, { space: spaces.spaceFor(file)?.space }).diagnostics;
    results.push({ path: display(io, file), diagnostics });
  }

  const errors = count(results, 'error');
  const warnings = count(results, 'warning');
  // The machine-readable formats own stdout; the summary goes to stderr, as in text.
  const summary = `${results.length} file${results.length === 1 ? '' : 's'} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`;
  if (format === 'json') {
    io.out(`${JSON.stringify({ files: results, summary: { errors, warnings } }, null, 2)}\n`);
  } else if (format === 'gitlab') {
    io.out(`${JSON.stringify(gitlabCodeQuality(results), null, 2)}\n`);
    io.err(summary);
  } else if (format === 'sarif') {
    io.out(`${JSON.stringify(sarifLog(results, { cwd: io.cwd, version: VERSION, checks: loadChecks() }), null, 2)}\n`);
  } else if (format === 'github') {
    // Annotations on stdout (the runner reads workflow commands there); the summary as in text.
    io.out(githubAnnotations(results));
    io.err(summary);
  } else {
    for (const { path: file, diagnostics } of results) {
      for (const d of diagnostics) {
        io.out(`${diagnosticLine(file, d)}\n`);
      }
    }
    io.err(summary);
  }
  if (ioError) return 2;
  return errors > 0 ? 1 : 0;
}

/**
 * The names of the projects among `files` that deploy into the space file's folder tree, so the
 * space's tenants can be checked against them; undefined when none was given (then a tenant's
 * project is not called unknown).
 */
function projectsUnder(spaceFile: string, files: string[]): string[] | undefined {
  const root = path.dirname(path.dirname(spaceFile)) + path.sep;
  const names = new Set<string>();
  for (const file of files) {
    if (!file.startsWith(root) || isSpaceFile(file)) continue;
    if (file.endsWith('.ocl')) names.add(oclProjectName(oclProjectFolderOf(file)));
    else {
      try {
        names.add(loadProcess(parseYaml(readFileSync(file, 'utf8'))).name);
      } catch {
        // An unreadable file is reported where it is validated.
      }
    }
  }
  return names.size ? [...names] : undefined;
}

/** A `.ocl` file's diagnostics: a project file with its whole project, any other with its syntax only. */
function oclDiagnostics(
  file: string,
  projects: Map<string, Map<string, Diagnostic[]>>,
  spaces: SpaceLocator,
): Diagnostic[] | undefined {
  const folder = oclProjectFolderOf(file);
  const relative = path.relative(folder, file).split(path.sep).join('/');
  if (isOclProjectFile(relative)) {
    let project = projects.get(folder);
    if (!project) {
      const files: OclFile[] = readOclProjectFolder(folder);
      project = validateOclProject(files, {
        name: oclProjectName(folder),
        space: spaces.spaceFor(file)?.space,
      }).diagnostics;
      projects.set(folder, project);
    }
    return project.get(relative);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(readFileSync(file));
  } catch {
    return undefined;
  }
  const parsed = parseOcl(text);
  return parsed.errors.map((e) => ({
    severity: 'error' as const,
    code: 'ocl-syntax',
    message: e.message,
    range: parsed.lines.rangeOf(e.span),
  }));
}

function display(io: CliIo, file: string): string {
  const relative = path.relative(io.cwd, file);
  return relative && !relative.startsWith('..') ? relative.split(path.sep).join('/') : file;
}

function count(results: { diagnostics: Diagnostic[] }[], severity: Diagnostic['severity']): number {
  return results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === severity).length, 0);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
