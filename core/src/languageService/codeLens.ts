/**
 * CodeLens above each step (of a process file, or of an OCL project's deployment_process.ocl): where it runs in each environment of the project's lifecycle —
 * `Test: TWeb01`, `Production: skipped` — from the preview engine. Clicking one opens the
 * preview for that environment (the client's `stepwise.previewProcess` command).
 *
 * A tenanted process (the space connects tenants to the project) gets a lens per tenant and
 * environment the tenant is connected to — `Test · Acme: server` — when there are at most
 * `MAX_TENANT_LENSES` such pairs; past that, one lens per environment saying for how many of its
 * tenants the step runs, whose click asks for the tenant (`ASK_FOR_TENANT` as the tenant argument).
 *
 * In a runbook's OCL file (`runbooks/<slug>.ocl`) the lenses are the runbook's: its steps, in the
 * environments its scope allows, and the preview they open is the runbook's.
 */
import { runbookScopeRefusal } from '../model/runbooks';
import type { Project, Runbook, Space } from '../model/types';
import { previewProcess, type ProcessPreview, type StepPreview } from '../preview/index';
import type { CodeLens, ServiceDocument } from './types';
import { fileOfRange } from '../ocl/loadOclProject';
import { connectedTenants } from '../model/tenants';

export const PREVIEW_COMMAND = 'stepwise.previewProcess';
/** More tenant × environment pairs than this and the lenses go per environment, asking for the tenant. */
export const MAX_TENANT_LENSES = 6;
/** The tenant argument of a lens that asks for the tenant when clicked. */
export const ASK_FOR_TENANT = { askForTenant: true } as const;

/** One column of lenses: an environment, for one tenant, for any of several tenants (asked on click), or untenanted. */
interface LensColumn {
  environment: string;
  tenant?: string;
  tenants?: string[];
}

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
  const columns = lensColumns(project, space, environments);
  const decisions = (environment: string, tenant?: string) => runDecisions(project, space, environment, tenant);
  const lenses: CodeLens[] = [];
  project.process.steps.forEach((step, index) => {
    // In an OCL project the steps are in deployment_process.ocl: the other files get no lenses.
    if (document.ocl && fileOfRange(step.range) !== document.ocl.path) return;
    const line = step.range.start.line;
    const range = {
      start: { line, character: step.range.start.character },
      end: { line, character: step.range.start.character },
    };
    const stepName = step.name || 'This step';
    for (const { environment, tenant, tenants } of columns) {
      if (tenants) {
        const runsFor = tenants.filter((t) => decisions(environment, t)?.steps[index]?.runs).length;
        lenses.push({
          range,
          command: {
            title: `${environment}: runs for ${runsFor} of ${tenants.length} tenants…`,
            command: PREVIEW_COMMAND,
            arguments: [document.uri, environment, ASK_FOR_TENANT],
            tooltip: `${stepName} in ${environment} runs for ${runsFor} of the ${tenants.length} tenants connected there. Click to pick a tenant and preview its deployment to ${environment}.`,
          },
        });
        continue;
      }
      const stepPreview = decisions(environment, tenant)?.steps[index];
      if (!stepPreview) continue;
      const label = tenant ? `${environment} · ${tenant}` : environment;
      lenses.push({
        range,
        command: {
          title: `${label}: ${where(stepPreview)}`,
          command: PREVIEW_COMMAND,
          arguments: tenant ? [document.uri, environment, tenant] : [document.uri, environment],
          tooltip: `${stepName} in ${environment}${tenant ? ` for ${tenant}` : ''}: ${stepPreview.reason}. Click to preview the deployment to ${environment}${tenant ? ` for ${tenant}` : ''}.`,
        },
      });
    }
  });
  return lenses;
}

/**
 * The lens columns: per environment when the process is untenanted; per tenant and environment
 * while there are at most `MAX_TENANT_LENSES` pairs; else per environment with its tenants.
 * An environment no tenant is connected to keeps its untenanted lens.
 */
function lensColumns(project: Project, space: Space | undefined, environments: string[]): LensColumn[] {
  if (!connectedTenants(space, project.name).length) return environments.map((environment) => ({ environment }));
  const perEnvironment = environments.map((environment) => ({
    environment,
    tenants: connectedTenants(space, project.name, environment).map((t) => t.name),
  }));
  const pairs = perEnvironment.reduce((n, e) => n + e.tenants.length, 0);
  return perEnvironment.flatMap(({ environment, tenants }): LensColumn[] => {
    if (!tenants.length) return [{ environment }];
    if (pairs > MAX_TENANT_LENSES) return [{ environment, tenants }];
    return tenants.map((tenant) => ({ environment, tenant }));
  });
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
    preview: runDecisions(project, space, environment, undefined, runbook.slug),
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
  tenant?: string,
  runbook?: string,
): ProcessPreview | null {
  let cache = previews.get(project);
  if (!cache) previews.set(project, (cache = new Map()));
  const key = `${environment}\u0000${tenant ?? ''}\u0000${runbook ?? ''}`;
  if (cache.has(key)) return cache.get(key)!;
  let preview: ProcessPreview | null;
  try {
    preview = previewProcess(project, space, { environment, tenant }, undefined, {
      resolveProperties: false,
      ...(runbook === undefined ? {} : { runbook }),
    });
  } catch {
    preview = null;
  }
  cache.set(key, preview);
  return preview;
}
