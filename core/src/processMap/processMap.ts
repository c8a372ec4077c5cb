/**
 * The process map's model: every step in order, grouped where steps start together, and for each
 * environment of the lifecycle (× each connected tenant, for a tenanted project) whether it runs,
 * why (the preview's reasons) and on which targets.
 * Plain data, so the language server sends it as is and a webview draws it; no property values
 * are in it, so sensitive values cannot leak into the picture.
 */
import { connectedTenants } from '../model/tenants';
import type { Project, Space, Step, Tenant } from '../model/types';
import { PreviewError, previewProcess, type ProcessPreview } from '../preview/index';
import { DEFAULT_CHANNEL } from '../preview/deploymentContext';
import type { Range } from '../text';
import { tenantsAlike } from './tenantDependence';

export type StepIcon = 'script' | 'package' | 'manual' | 'email' | 'template' | 'other';

export interface MapCell {
  runs: boolean;
  /** The preview's reason, e.g. `runs only in Production` or `no target in Test has role web`. */
  reason: string;
  /** Target names, or `server` / `worker`. */
  targets: string[];
}

export interface MapProblem {
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  line: number;
}

export interface MapStep {
  index: number;
  name: string;
  /** The step's range in the file, to go to it. */
  range: Range;
  /** Steps with the same group start together (`start: with-previous`). */
  group: number;
  icon: StepIcon;
  /** `Run a script`, `Deploy a package`, `3 actions`. */
  kind: string;
  /** `on targets with role web-server`, `on the server`, `on a worker`. */
  where: string;
  /** The run condition in words. */
  condition: string;
  /** One per column of the model, in the same order. */
  cells: MapCell[];
  problems: MapProblem[];
}

export interface ProcessMapModel {
  project: string;
  channel: string;
  release: string | null;
  channels: string[];
  environments: string[];
  /** The tenants connected to the project, in the space's order; empty for an untenanted project. */
  tenants: string[];
  /** The tenant picked (its columns only); null for all of them. */
  tenant: string | null;
  /**
   * With more tenants than fit on one page (`tenantsPerPage`, so that a page has at most
   * `TENANT_COLUMNS_PER_PAGE` columns), the columns are those of one page of tenants: this page
   * (from 0) of how many.
   */
  tenantPage: number;
  tenantPages: number;
  tenantsPerPage: number;
  /** Environment by environment; for a tenanted project, one per tenant connected in it. */
  columns: MapColumn[];
  /** How many previews the columns took: tenants whose columns are alike share one. */
  previews: number;
  steps: MapStep[];
  /** Why the columns are empty (an unknown channel, …). */
  error?: string;
}

export interface MapColumn {
  environment: string;
  tenant?: string;
}

export interface ProcessMapOptions {
  channel?: string;
  release?: string;
  /** Only this tenant's columns (a tenanted project); all tenants when absent. */
  tenant?: string;
  /** With all tenants: which page of tenants (from 0; past the last, the last). */
  tenantPage?: number;
}

/**
 * How many tenant columns the map shows at once (a page holds as many tenants as fit, at least
 * one). Thirty tenants in four environments are 120 columns: too wide to read, and 24,000 cells
 * for 200 steps cost more than the 100 ms an edit may take; pages keep both in bounds, whatever
 * the number of tenants.
 */
export const TENANT_COLUMNS_PER_PAGE = 24;

const ICONS: Record<string, StepIcon> = {
  'Octopus.Script': 'script',
  'Octopus.TentaclePackage': 'package',
  'Octopus.Manual': 'manual',
  'Octopus.Email': 'email',
};

const KINDS: Record<StepIcon, string> = {
  script: 'Run a script',
  package: 'Deploy a package',
  manual: 'Manual intervention',
  email: 'Send an email',
  template: 'Step template',
  other: 'Action',
};

export function buildProcessMap(
  project: Project,
  space: Space | undefined,
  options: ProcessMapOptions = {},
): ProcessMapModel {
  const channel = options.channel ?? DEFAULT_CHANNEL;
  const environments = mapEnvironments(project, space, channel);
  const connected = connectedTenants(space, project.name);
  let error: string | undefined;
  const picked = options.tenant
    ? connected.find((t) => t.name.toLowerCase() === options.tenant!.toLowerCase())
    : undefined;
  if (options.tenant && !picked)
    error = `Tenant '${options.tenant}' is not connected to ${project.name || 'the project'}. Connected: ${connected.map((t) => t.name).join(', ') || 'none'}.`;
  const preview = (environment: string, tenant: Tenant | undefined): ProcessPreview | undefined => {
    if (error) return undefined;
    try {
      const context = { environment, channel, releaseNumber: options.release, tenant: tenant?.name };
      return previewProcess(project, space, context, undefined, { resolveProperties: false });
    } catch (e) {
      if (!(e instanceof PreviewError)) throw e;
      error = e.message;
      return undefined;
    }
  };
  const tenantsPerPage = Math.max(1, Math.floor(TENANT_COLUMNS_PER_PAGE / Math.max(1, environments.length)));
  const tenantPages = picked ? 1 : Math.max(1, Math.ceil(connected.length / tenantsPerPage));
  const tenantPage = Math.min(Math.max(0, Math.floor(Number(options.tenantPage) || 0)), tenantPages - 1);
  const shown = new Set(
    picked ? [picked] : connected.slice(tenantPage * tenantsPerPage, (tenantPage + 1) * tenantsPerPage),
  );
  const columns: MapColumn[] = [];
  const previews: (ProcessPreview | undefined)[] = [];
  let previewCount = 0;
  for (const environment of environments) {
    if (!connected.length) {
      columns.push({ environment });
      previews.push(preview(environment, undefined));
      previewCount++;
      continue;
    }
    const tenants = connectedTenants(space, project.name, environment).filter((t) => shown.has(t));
    const shared = new Map<Tenant, ProcessPreview | undefined>();
    for (const alike of tenantsAlike(project, space, environment, tenants)) {
      const p = preview(environment, alike[0]);
      previewCount++;
      for (const t of alike) shared.set(t, p);
    }
    for (const tenant of tenants) {
      columns.push({ environment, tenant: tenant.name });
      previews.push(shared.get(tenant));
    }
  }
  let group = -1;
  const steps = project.process.steps.map((step, index): MapStep => {
    if (index === 0 || step.start !== 'with-previous') group++;
    return {
      index,
      name: step.name,
      range: step.range,
      group,
      icon: iconOf(step),
      kind: step.actions.length > 1 ? `${step.actions.length} actions` : KINDS[iconOf(step)],
      where: whereOf(step),
      condition: conditionOf(step, index),
      cells: error ? [] : previews.map((preview) => cellOf(preview, index)),
      problems: [],
    };
  });
  const model: ProcessMapModel = {
    project: project.name,
    channel,
    release: options.release ?? null,
    channels: [
      DEFAULT_CHANNEL,
      ...project.channels.map((c) => c.name).filter((n) => n.toLowerCase() !== DEFAULT_CHANNEL.toLowerCase()),
    ],
    environments,
    tenants: connected.map((t) => t.name),
    tenant: picked?.name ?? null,
    tenantPage,
    tenantPages,
    tenantsPerPage,
    columns,
    previews: error ? 0 : previewCount,
    steps,
  };
  if (error) model.error = error;
  return model;
}

/** A step's cell in one preview; columns that share a preview share the cell. */
const cellCache = new WeakMap<ProcessPreview, MapCell[]>();
function cellOf(preview: ProcessPreview | undefined, index: number): MapCell {
  if (!preview) return { runs: false, reason: 'not previewed', targets: [] };
  let cells = cellCache.get(preview);
  if (!cells) cellCache.set(preview, (cells = []));
  return (cells[index] ??= cellFromPreview(preview, index));
}

function cellFromPreview(preview: ProcessPreview, index: number): MapCell {
  const s = preview.steps[index];
  if (!s) return { runs: false, reason: 'not previewed', targets: [] };
  const targets = [...new Set(s.actions.filter((a) => a.runs).flatMap((a) => a.targets))];
  return { runs: s.runs, reason: s.reason, targets };
}

/**
 * Puts each problem on the card of the step whose text holds it; problems outside every step
 * (project variables, the header) stay off the map.
 */
export function attachProblems(
  model: ProcessMapModel,
  problems: readonly { severity: MapProblem['severity']; message: string; range: Range }[],
): ProcessMapModel {
  for (const step of model.steps) step.problems = [];
  for (const problem of problems) {
    const line = problem.range.start.line;
    const step = model.steps.find((s) => s.range.start.line <= line && line <= s.range.end.line);
    step?.problems.push({ severity: problem.severity, message: problem.message, line });
  }
  return model;
}

/**
 * The columns: the environments of the channel's lifecycle (else the project's, else the
 * space's first) in the space's order; without a space, those the steps name; else one column.
 */
export function mapEnvironments(project: Project, space: Space | undefined, channel: string): string[] {
  if (space?.defines.environments) {
    const all = space.environments.map((e) => e.name);
    const channelLifecycle = project.channels.find((c) => c.name.toLowerCase() === channel.toLowerCase())?.lifecycle;
    const wanted = (channelLifecycle ?? project.lifecycle)?.name.toLowerCase();
    const lifecycle = wanted ? space.lifecycles.find((l) => l.name.toLowerCase() === wanted) : space.lifecycles[0];
    if (!lifecycle) return all;
    const inLifecycle = new Set(
      lifecycle.phases.flatMap((p) => [...p.environments, ...p.automatic]).map((e) => e.name.toLowerCase()),
    );
    const ordered = all.filter((e) => inLifecycle.has(e.toLowerCase()));
    return ordered.length ? ordered : all;
  }
  const named = new Map<string, string>();
  for (const step of project.process.steps)
    for (const action of step.actions)
      for (const e of [...action.environments, ...action.excludedEnvironments])
        if (!named.has(e.name.toLowerCase())) named.set(e.name.toLowerCase(), e.name);
  return named.size ? [...named.values()] : ['Any environment'];
}

function iconOf(step: Step): StepIcon {
  const action = step.actions[0];
  if (!action) return 'other';
  if (action.properties.get('Octopus.Action.Template.Id')?.value) return 'template';
  return ICONS[action.actionType ?? ''] ?? 'other';
}

function whereOf(step: Step): string {
  const runOn = step.actions[0]?.runOn ?? (step.roles.length ? 'targets' : 'server');
  if (runOn === 'worker') return 'on a worker';
  if (runOn === 'targets' && step.roles.length)
    return `on targets with role ${step.roles.map((r) => r.name).join(', ')}`;
  return 'on the server';
}

function conditionOf(step: Step, index: number): string {
  const parts: string[] = [];
  switch (step.condition.kind) {
    case 'success':
      parts.push(index === 0 ? 'Runs first' : 'Runs if every earlier step succeeded');
      break;
    case 'failure':
      parts.push('Runs only if an earlier step failed');
      break;
    case 'always':
      parts.push('Always runs');
      break;
    case 'variable':
      parts.push(`Runs when ${step.condition.expression?.value || 'its (empty) condition'} is true`);
      break;
  }
  if (step.start === 'with-previous' && index > 0) parts.push('starts with the previous step');
  return parts.join('; ');
}
