/**
 * CodeLens above each step (of a process file, or of an OCL project's deployment_process.ocl): where it runs in each environment of the project's lifecycle —
 * `Test: TWeb01`, `Production: skipped` — from the preview engine. Clicking one opens the
 * preview for that environment (the client's `stepwise.previewProcess` command). In a runbook's
 * OCL file (`runbooks/<slug>.ocl`) the lenses are the runbook's: its steps, in the environments
 * its scope allows, and the preview they open is the runbook's.
 */
import { runbookScopeRefusal } from '../model/runbooks';
import type { Project, Runbook, Space } from '../model/types';
import { previewProcess, type ProcessPreview, type StepPreview } from '../preview/index';
import type { CodeLens, ServiceDocument } from './types';
import { fileOfRange } from '../ocl/loadOclProject';

export const PREVIEW_COMMAND = 'stepwise.previewProcess';

const previews = new WeakMap<Project, Map<string, ProcessPreview | null>>();

export function getCodeLenses(document: ServiceDocument): CodeLens[] {
  if (document.kind !== 'process') return [];
  const { project, space } = document;
  const runbookSlug = document.ocl && /^runbooks\/(.+)\.ocl$/.exec(document.ocl.path)?.[1];
  if (runbookSlug !== undefined) {
    const runbook = project.runbooks.find((r) => r.slug === runbookSlug);
    return runbook ? runbookLenses(document.uri, document.ocl!.path, project, space, runbook) : [];
  }
  const environments = lifecycleEnvironments(project, space);
  if (!environments.length || !project.process.steps.length) return [];
  const byEnvironment = environments.map((environment) => ({
    environment,
    preview: runDecisions(project, space, environment),
  }));
  const lenses: CodeLens[] = [];
  project.process.steps.forEach((step, index) => {
    // In an OCL project the steps are in deployment_process.ocl: the other files get no lenses.
    if (document.ocl && fileOfRange(step.range) !== document.ocl.path) return;
    const line = step.range.start.line;
    const range = {
      start: { line, character: step.range.start.character },
      end: { line, character: step.range.start.character },
    };
    for (const { environment, preview } of byEnvironment) {
      const stepPreview = preview?.steps[index];
      if (!stepPreview) continue;
      lenses.push({
        range,
        command: {
          title: `${environment}: ${where(stepPreview)}`,
          command: PREVIEW_COMMAND,
          arguments: [document.uri, environment],
          tooltip: `${step.name || 'This step'} in ${environment}: ${stepPreview.reason}. Click to preview the deployment to ${environment}.`,
        },
      });
    }
  });
  return lenses;
}

function runbookLenses(
  uri: string,
  path: string,
  project: Project,
  space: Space | undefined,
  runbook: Runbook,
): CodeLens[] {
  if (!space?.defines.environments || !runbook.process.steps.length) return [];
  const environments = space.environments
    .map((e) => e.name)
    .filter((e) => runbookScopeRefusal(runbook, e) === undefined);
  const byEnvironment = environments.map((environment) => ({
    environment,
    preview: runDecisions(project, space, environment, runbook.slug),
  }));
  const lenses: CodeLens[] = [];
  runbook.process.steps.forEach((step, index) => {
    if (fileOfRange(step.range) !== path) return;
    const position = { line: step.range.start.line, character: step.range.start.character };
    for (const { environment, preview } of byEnvironment) {
      const stepPreview = preview?.steps[index];
      if (!stepPreview) continue;
      lenses.push({
        range: { start: position, end: position },
        command: {
          title: `${environment}: ${where(stepPreview)}`,
          command: PREVIEW_COMMAND,
          arguments: [uri, environment, null, runbook.name],
          tooltip: `${step.name || 'This step'} of runbook ${runbook.name} in ${environment}: ${stepPreview.reason}. Click to preview the run in ${environment}.`,
        },
      });
    }
  });
  return lenses;
}

/** `TWeb01, TWeb02`, `server`, `4 targets`, `skipped`. */
function where(step: StepPreview): string {
  if (!step.runs) return 'skipped';
  const targets = [...new Set(step.actions.filter((a) => a.runs).flatMap((a) => a.targets))];
  if (!targets.length) return 'no targets';
  return targets.length > 3 ? `${targets.length} targets` : targets.join(', ');
}

/** The environments the project's lifecycle deploys to (the space's first lifecycle when none is named), in the space's order. */
export function lifecycleEnvironments(project: Project, space: Space | undefined): string[] {
  if (!space?.defines.environments) return [];
  const all = space.environments.map((e) => e.name);
  const lifecycle = project.lifecycle
    ? space.lifecycles.find((l) => l.name.toLowerCase() === project.lifecycle!.name.toLowerCase())
    : space.lifecycles[0];
  if (!lifecycle) return all;
  const inLifecycle = new Set(
    lifecycle.phases.flatMap((p) => [...p.environments, ...p.automatic]).map((e) => e.name.toLowerCase()),
  );
  const ordered = all.filter((e) => inLifecycle.has(e.toLowerCase()));
  return ordered.length ? ordered : all;
}

/**
 * The preview's run decisions for one environment, cached for the document version. Lenses need
 * no property values, so the preview evaluates only what decides whether a step runs.
 */
function runDecisions(
  project: Project,
  space: Space | undefined,
  environment: string,
  runbook?: string,
): ProcessPreview | null {
  let cache = previews.get(project);
  if (!cache) previews.set(project, (cache = new Map()));
  const key = runbook === undefined ? environment : `${environment}\u0000runbook:${runbook}`;
  if (cache.has(key)) return cache.get(key)!;
  let preview: ProcessPreview | null;
  try {
    preview = previewProcess(project, space, { environment }, undefined, {
      resolveProperties: false,
      ...(runbook === undefined ? {} : { runbook }),
    });
  } catch {
    preview = null;
  }
  cache.set(key, preview);
  return preview;
}
