import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ResponseError, type Connection } from 'vscode-languageserver';
import {
  OCL_SYNTAX_CODE,
  projectToOcl,
  projectToYaml,
  slugify,
  validateOclProject,
  validateProcess,
  type OclFile,
} from '@stepwise/core';
import { oclProjectFolderOf, oclProjectName, readOclProjectFolder } from '../cli/oclFolders';
import { ConvertRequest, StepwiseErrorCodes, type ConvertParams, type ConvertResult } from '../requestTypes';
import { pathOf } from '../workspace/uris';

/**
 * `stepwise/convert` (see requestTypes.ts). `openText(file)` gives an open editor's text;
 * `openUnder(folder)` the open files below a folder.
 */
export function registerConvertRequest(
  connection: Connection,
  openText: (file: string) => string | undefined,
  openUnder: (folder: string) => string[],
): void {
  connection.onRequest(ConvertRequest, (params: ConvertParams): ConvertResult => {
    const file = pathOf(params.uri);
    if (!file) throw new ResponseError(StepwiseErrorCodes.NotAProcessFile, `${params.uri} is not a file on disk.`);
    return params.to === 'ocl' ? toOcl(file, openText) : toYaml(file, openText, openUnder);
  });
}

/** A process file → `.octopus/` beside it. */
function toOcl(file: string, openText: (file: string) => string | undefined): ConvertResult {
  if (!/\.process\.ya?ml$/i.test(file))
    throw new ResponseError(
      StepwiseErrorCodes.NotAProcessFile,
      'Only a process file (*.process.yaml) converts to OCL.',
    );
  const text = openText(file) ?? readText(file);
  const validation = validateProcess(text);
  if (!validation.project || !validation.parsed.document || validation.parsed.document.errors.length)
    throw new ResponseError(
      StepwiseErrorCodes.HasErrors,
      `${path.basename(file)} has YAML errors; fix them first, or what cannot be read would be lost.`,
    );
  const folder = path.join(path.dirname(file), '.octopus');
  const files = projectToOcl(validation.project).map((f) => ({
    path: path.join(folder, ...f.path.split('/')),
    text: `${f.text}\n`,
  }));
  const sensitive = validation.project.variables.filter((v) => v.sensitive).length;
  const tagged = validation.project.channels.filter((c) => c.tenantTags?.length);
  return {
    files,
    open: path.join(folder, 'deployment_process.ocl'),
    notes: [
      ...(sensitive
        ? [
            `${sensitive} sensitive variable${sensitive === 1 ? ' was' : 's were'} not written: Octopus keeps their values in its database, not in OCL.`,
          ]
        : []),
      ...tagged.map(
        (c) =>
          `Channel '${c.name}': its tenant tags (${c.tenantTags!.map((t) => t.name).join(', ')}) were not written: channels.ocl has none; Octopus keeps them in its database.`,
      ),
    ],
  };
}

/** An `.ocl` file, its project folder, or a folder holding `.octopus` → `<project>.process.yaml` beside `.octopus`. */
function toYaml(
  source: string,
  openText: (file: string) => string | undefined,
  openUnder: (folder: string) => string[],
): ConvertResult {
  const folder = projectFolder(source);
  const files = new Map<string, string>(readOclProjectFolder(folder).map((f) => [f.path, f.text]));
  for (const open of openUnder(folder)) {
    const relative = path.relative(folder, open).split(path.sep).join('/');
    const text = openText(open);
    if (text !== undefined && files.has(relative)) files.set(relative, text);
  }
  const texts: OclFile[] = [...files].map(([p, text]) => ({ path: p, text }));
  if (!texts.length)
    throw new ResponseError(
      StepwiseErrorCodes.NotAProcessFile,
      `${path.basename(source)} holds no OCL project files (deployment_process.ocl, variables.ocl, …).`,
    );
  const name = oclProjectName(folder);
  const validation = validateOclProject(texts, { name });
  const broken = [...validation.diagnostics].filter(([, list]) => list.some((d) => d.code === OCL_SYNTAX_CODE));
  if (broken.length)
    throw new ResponseError(
      StepwiseErrorCodes.HasErrors,
      `${broken.map(([f]) => f).join(', ')} ${broken.length === 1 ? 'has' : 'have'} OCL syntax errors; fix them first, or what cannot be read would be lost.`,
    );
  // Beside `.octopus` (the repository folder), for `.octopus` and `.octopus/<project>` alike.
  const octopus = path.basename(folder) === '.octopus' ? folder : path.dirname(folder);
  const target = path.join(
    path.basename(octopus) === '.octopus' ? path.dirname(octopus) : folder,
    `${slugify(name) || 'project'}.process.yaml`,
  );
  return { files: [{ path: target, text: projectToYaml(validation.project) }], open: target, notes: [] };
}

function projectFolder(source: string): string {
  if (source.endsWith('.ocl')) return oclProjectFolderOf(source);
  if (readOclProjectFolder(source).length) return source;
  return path.join(source, '.octopus');
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ResponseError(
      StepwiseErrorCodes.NotAProcessFile,
      `Cannot read ${path.basename(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
