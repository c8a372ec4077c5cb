import { checkStepTemplates } from './checks/stepTemplateChecks';
import { checkSteps } from './checks/stepChecks';
import { checkTenants } from './checks/tenantChecks';
import { checkNames, checkRunbookScope } from './checks/nameChecks';
import { checkTemplates } from './checks/templateChecks';
import { checkCutOffTemplates } from './checks/commentChecks';
import { checkVariableTies } from './checks/variableChecks';
import { checkSpace } from './checks/spaceChecks';
import { checkSpaceResources } from './checks/spaceResourceChecks';
import { ProcessCheckContext } from './checks/checkContext';
import { compareDiagnostics, type Diagnostic } from './diagnostics';
import { loadProcess } from './model/loadProcess';
import { loadSpace } from './model/loadSpace';
import type { Project, Space } from './model/types';
import { validateSchema } from './schema/validateSchema';
import { parseYaml, type ParsedYaml } from './yaml/parseYaml';
import { reparseEdit } from './yaml/reparseEdit';

export interface ProcessValidation {
  parsed: ParsedYaml;
  /** Undefined when the YAML could not be read at all. */
  project: Project | undefined;
  diagnostics: Diagnostic[];
}

export interface SpaceValidation {
  parsed: ParsedYaml;
  space: Space | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Every check of a process file, in one pass: YAML syntax, the schema, then the semantic checks
 * against the space (when there is one). Never throws; hostile input yields a diagnostic.
 * `previous`, the parse of an earlier version of the same file, is handed over to be updated
 * in place when the edit allows it (see `reparseEdit`); it must not be used afterwards.
 */
export function validateProcess(
  text: string,
  options: { space?: Space; previous?: ParsedYaml } = {},
): ProcessValidation {
  // After a small edit inside a script (block scalar), the previous parse is updated instead of redone.
  const parsed = (options.previous && reparseEdit(options.previous, text)) ?? parseYaml(text);
  const diagnostics = [...parsed.diagnostics];
  if (!parsed.document || (parsed.value === undefined && parsed.document.errors.length === 0)) {
    return { parsed, project: undefined, diagnostics: diagnostics.sort(compareDiagnostics) };
  }
  diagnostics.push(...checkCutOffTemplates(parsed));
  if (parsed.document.errors.length === 0) diagnostics.push(...validateSchema(parsed, 'process'));
  const project = loadProcess(parsed);
  const ctx = new ProcessCheckContext(parsed, project, options.space);
  checkSteps(ctx);
  checkStepTemplates(ctx);
  checkNames(ctx);
  checkTenants(ctx);
  checkSpaceResources(ctx);
  checkTemplates(ctx);
  checkVariableTies(project.variables, ctx.report.bind(ctx));
  // A runbook's steps get the same checks; the project's variables are its variables too.
  for (const runbook of project.runbooks) {
    const runbookCtx = new ProcessCheckContext(parsed, { ...project, process: runbook.process }, options.space);
    checkSteps(runbookCtx);
    checkStepTemplates(runbookCtx);
    checkSpaceResources(runbookCtx);
    checkTemplates(runbookCtx, { variableValues: false });
    checkRunbookScope(runbookCtx, runbook);
    ctx.diagnostics.push(...runbookCtx.diagnostics);
  }
  diagnostics.push(...ctx.diagnostics);
  return { parsed, project, diagnostics: dedupe(diagnostics).sort(compareDiagnostics) };
}

/**
 * Checks a space file; `origin` names it in messages (usually its URI). `options.projects`, the
 * workspace's project names when known, lets tenants' connected projects be checked.
 */
export function validateSpace(text: string, origin: string, options: { projects?: string[] } = {}): SpaceValidation {
  const parsed = parseYaml(text);
  const diagnostics = [...parsed.diagnostics];
  if (!parsed.document) return { parsed, space: undefined, diagnostics };
  if (parsed.document.errors.length === 0) diagnostics.push(...validateSchema(parsed, 'space'));
  const space = loadSpace(parsed, origin);
  diagnostics.push(...checkSpace(space, options.projects));
  return { parsed, space, diagnostics: dedupe(diagnostics).sort(compareDiagnostics) };
}

/** The space a file describes, for use by process checks; undefined when it cannot be read. */
export function readSpace(text: string, origin: string): Space | undefined {
  const parsed = parseYaml(text);
  return parsed.document ? loadSpace(parsed, origin) : undefined;
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
