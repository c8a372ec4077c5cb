/**
 * Every check of an OCL project, in one pass: OCL syntax per file, then the same semantic checks
 * process files get (steps, names, templates, variable ties), run on the one model both formats
 * load into. Diagnostics come back per file (by path relative to the project folder). Never throws.
 */
import { checkNames } from '../checks/nameChecks';
import { checkStepTemplates } from '../checks/stepTemplateChecks';
import { checkSteps } from '../checks/stepChecks';
import { checkSpaceResources } from '../checks/spaceResourceChecks';
import { checkTemplates } from '../checks/templateChecks';
import { checkVariableTies } from '../checks/variableChecks';
import { ProcessCheckContext } from '../checks/checkContext';
import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import type { Project, Space } from '../model/types';
import { fileOfRange, loadOclProject, type LoadedOclFile, type OclFile } from './loadOclProject';
import type { ParsedOcl } from './parseOcl';

export const OCL_SYNTAX_CODE = 'ocl-syntax';

export interface OclProjectValidation {
  project: Project;
  files: LoadedOclFile[];
  /** Diagnostics by file path; every file given has an entry. */
  diagnostics: Map<string, Diagnostic[]>;
}

export function validateOclProject(
  files: readonly OclFile[],
  options: { space?: Space; name?: string; previous?: ReadonlyMap<string, ParsedOcl> } = {},
): OclProjectValidation {
  const { project, files: loaded } = loadOclProject(files, { name: options.name, previous: options.previous });
  const diagnostics = new Map<string, Diagnostic[]>(loaded.map((f) => [f.path, []]));
  for (const file of loaded) {
    const list = diagnostics.get(file.path)!;
    for (const error of file.parsed.errors)
      list.push({
        severity: 'error',
        code: OCL_SYNTAX_CODE,
        message: error.message,
        range: file.parsed.lines.rangeOf(error.span),
      });
  }
  const home = loaded.find((f) => f.path === 'deployment_process.ocl') ?? loaded[0];
  if (home) {
    const ctx = new ProcessCheckContext(home.parsed, project, options.space);
    checkSteps(ctx);
    checkStepTemplates(ctx);
    checkNames(ctx);
    checkSpaceResources(ctx);
    checkTemplates(ctx);
    checkVariableTies(project.variables, ctx.report.bind(ctx));
    // A runbook's process gets the step and template checks too (its steps live in its own file).
    for (const runbook of project.runbooks) {
      // The project's variables are the runbook's too; their values were checked with the project.
      const runbookCtx = new ProcessCheckContext(home.parsed, { ...project, process: runbook.process }, options.space);
      checkSteps(runbookCtx);
      checkStepTemplates(runbookCtx);
      checkSpaceResources(runbookCtx);
      checkTemplates(runbookCtx, { variableValues: false });
      ctx.diagnostics.push(...runbookCtx.diagnostics);
    }
    for (const diagnostic of ctx.diagnostics) {
      const path =
        fileOfRange(diagnostic.range) ?? fileOfRange(diagnostic.data?.fixRange ?? diagnostic.range) ?? home.path;
      (diagnostics.get(path) ?? diagnostics.get(home.path)!).push(diagnostic);
    }
  }
  for (const [path, list] of diagnostics) diagnostics.set(path, dedupe(list).sort(compareDiagnostics));
  return { project, files: loaded, diagnostics };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
