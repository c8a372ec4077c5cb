import { expandProjectTemplates } from '../model/stepTemplates';
import { findRunbook, runbookProject, runbookScopeRefusal } from '../model/runbooks';
import { defaultWorkerPool, findWorkerPool } from '../model/spaceResources';
import type { Action, Project, Space, Step, Target, TemplateText } from '../model/types';
import { fileOfRange } from '../ocl/loadOclProject';
import type { Range } from '../text';
import {
  collectReferences,
  evaluateTemplate,
  evaluateTruthy,
  parseTemplate,
  VariableDictionary,
} from '../template/index';
import type { LineIndex } from '../text';
import { mapValueSpan } from '../yaml/scalarSource';
import { DEFAULT_CHANNEL, withTenantTags, type DeploymentContext } from './deploymentContext';
import { findTenant, tagsMatch, tenantConnection } from '../model/tenants';
import { DeploymentVariableSet, targetsInEnvironment, type EvaluationSite } from './deploymentVariables';
import { localRunBlocker, shapeOfAction } from './localExecution';
import { actionRunsIn, stepConditionAllows } from './runConditions';

export interface ActionPreview {
  name: string;
  type: string;
  runs: boolean;
  reason: string;
  /** Target names, or `server` / `worker` for actions that run there. */
  targets: string[];
  /** Octopus property name → value with every template resolved (sensitive values masked). */
  properties: Record<string, string>;
  /** Where a property's value differs per target: target → property → value. */
  propertiesByTarget?: Record<string, Record<string, string>>;
  /**
   * The worker pool it runs on, for an action run on a worker: the one it names (or its
   * `worker-pool-variable` holds), else the space's default pool. Absent when unknown.
   */
  workerPool?: string;
  /** False when the local Stepwise server cannot run this action (a real Octopus can); absent otherwise. */
  runnable?: false;
  /** Why the local Stepwise server cannot run it, and what would. */
  notRunnableReason?: string;
}

export interface StepPreview {
  name: string;
  runs: boolean;
  reason: string;
  actions: ActionPreview[];
}

export interface UnresolvedTemplate {
  /** The token as written, e.g. `#{Octopus.Release.Number}`. */
  template: string;
  /** Where it is: `steps[Hello world].actions[Hello world].properties[Octopus.Action.Script.ScriptBody]`. */
  path: string;
  /** Its range in the process file, when known. */
  range?: Range;
  /** For an OCL project: the file `range` is in, relative to the project folder (`variables.ocl`). */
  file?: string;
}

export interface ProcessPreview {
  project: string;
  environment: string;
  channel: string;
  /** The tenant of a tenanted deployment; absent when untenanted. */
  tenant?: string;
  release: string | null;
  /** The runbook previewed, when it is one. */
  runbook?: string;
  steps: StepPreview[];
  unresolved: UnresolvedTemplate[];
}

export class PreviewError extends Error {}

export interface PreviewOptions {
  /**
   * Default true. False skips evaluating action properties (they come back as written, and
   * nothing is listed as unresolved): for callers that need only which steps run, and where.
   */
  resolveProperties?: boolean;
  /**
   * Preview this runbook (by name or slug) instead of the deployment process: its steps, in an
   * environment its scope allows, with `Octopus.Runbook.Name`.
   */
  runbook?: string;
}

/**
 * The process as one deployment would run it, assuming every earlier step succeeds: which
 * steps and actions run or are skipped and why, on which targets, with every template resolved.
 * Throws PreviewError for an environment, channel or target the space/project does not have.
 */
export function previewProcess(
  project: Project,
  space: Space | undefined,
  context: DeploymentContext,
  lines?: LineIndex,
  options: PreviewOptions = {},
): ProcessPreview {
  checkContext(project, space, context);
  let runbookName: string | undefined;
  if (options.runbook !== undefined) {
    const runbook = findRunbook(project, options.runbook);
    if (!runbook)
      throw new PreviewError(
        `Unknown runbook '${options.runbook}'. The project has: ${project.runbooks.map((r) => r.name).join(', ') || 'no runbooks'}.`,
      );
    const refusal = runbookScopeRefusal(runbook, context.environment);
    if (refusal) throw new PreviewError(refusal);
    project = runbookProject(project, runbook);
    runbookName = runbook.name;
    context = { ...context, systemVariables: { 'Octopus.Runbook.Name': runbook.name, ...context.systemVariables } };
  }
  context = withTenantTags(context, space);
  // Actions built from the space's step templates are previewed as Octopus runs them.
  project = expandProjectTemplates(project, space);
  const variables = new DeploymentVariableSet(project, space, context);
  const unresolved: UnresolvedTemplate[] = [];
  const seenUnresolved = new Set<string>();
  const noteUnresolved = (text: TemplateText, dictionary: VariableDictionary, path: string) => {
    for (const token of unresolvedTokens(text, dictionary, lines)) {
      const key = `${path}|${token.template}|${token.range?.start.line}:${token.range?.start.character}`;
      if (seenUnresolved.has(key)) continue;
      seenUnresolved.add(key);
      unresolved.push({ ...token, path });
    }
  };

  const steps = project.process.steps.map((step, stepIndex): StepPreview => {
    const stepPath = `steps[${step.name}]`;
    const condition = evaluateStepCondition(step, stepIndex, variables, noteUnresolved, stepPath);
    const actions = step.actions.map((action, actionIndex) =>
      previewAction(
        step,
        stepIndex,
        action,
        actionIndex,
        variables,
        space,
        context,
        condition.runs ? undefined : condition.reason,
        noteUnresolved,
        `${stepPath}.actions[${action.name}]`,
        options.resolveProperties ?? true,
      ),
    );
    const runs = condition.runs && actions.some((a) => a.runs);
    const reason = !condition.runs
      ? condition.reason
      : runs
        ? condition.reason
        : actions.length === 1
          ? actions[0].reason
          : 'none of its actions run';
    return { name: step.name, runs, reason, actions };
  });

  return {
    project: project.name,
    environment: context.environment,
    channel: context.channel ?? DEFAULT_CHANNEL,
    ...(context.tenant ? { tenant: findTenant(space, context.tenant)!.name } : {}),
    release: context.releaseNumber ?? null,
    ...(runbookName ? { runbook: runbookName } : {}),
    steps,
    unresolved,
  };
}

type NoteUnresolved = (text: TemplateText, dictionary: VariableDictionary, path: string) => void;

function evaluateStepCondition(
  step: Step,
  stepIndex: number,
  variables: DeploymentVariableSet,
  note: NoteUnresolved,
  path: string,
) {
  if (step.condition.kind !== 'variable') return stepConditionAllows(step, { failed: false });
  const expression = step.condition.expression;
  const dictionary = variables.dictionaryAt({ step, stepIndex, action: step.actions[0], actionIndex: 0 });
  if (!expression) return { runs: false, reason: 'its variable condition is empty' };
  if (evaluateTemplate(expression.value, dictionary).errors.length) note(expression, dictionary, `${path}.condition`);
  return stepConditionAllows(step, {
    failed: false,
    variableTruthy: evaluateTruthy(expression.value, dictionary),
    expression: expression.value,
  });
}

function previewAction(
  step: Step,
  stepIndex: number,
  action: Action,
  actionIndex: number,
  variables: DeploymentVariableSet,
  space: Space | undefined,
  context: DeploymentContext,
  stepSkipped: string | undefined,
  note: NoteUnresolved,
  path: string,
  resolveProperties: boolean,
): ActionPreview {
  const decision = stepSkipped ? { runs: false, reason: stepSkipped } : actionRunsIn(action, context);
  const placement = placeAction(step, action, space, context);
  const runs = decision.runs && placement.runs;
  const reason = !decision.runs
    ? decision.reason
    : placement.runs
      ? [decision.reason, placement.reason].filter(Boolean).join('; ')
      : placement.reason;

  const sites: (Target | undefined)[] = placement.targets.length ? placement.targets : [undefined];
  const perTarget = sites.map((target) => {
    const site: EvaluationSite = { step, stepIndex, action, actionIndex, target };
    let dictionary: VariableDictionary | undefined;
    const properties: Record<string, string> = {};
    for (const [name, text] of action.properties) {
      if (!resolveProperties || !text.value.includes('#{')) {
        properties[name] = text.value;
        continue;
      }
      dictionary ??= variables.dictionaryAt(site);
      const { result, errors } = evaluateTemplate(text.value, dictionary);
      properties[name] = result ?? text.value;
      if (errors.length) note(text, dictionary, `${path}.properties[${name}]`);
    }
    return { target: target?.name, properties };
  });
  const properties = perTarget[0].properties;
  let propertiesByTarget: ActionPreview['propertiesByTarget'];
  if (perTarget.length > 1) {
    for (const { target, properties: own } of perTarget) {
      const differing = Object.fromEntries(
        Object.entries(own).filter(([k, v]) => perTarget.some((p) => p.properties[k] !== v)),
      );
      if (Object.keys(differing).length && target) (propertiesByTarget ??= {})[target] = differing;
    }
  }
  const preview: ActionPreview = {
    name: action.name,
    type: action.actionType ?? action.type,
    runs,
    reason,
    targets: placement.names,
    properties,
  };
  if (propertiesByTarget) preview.propertiesByTarget = propertiesByTarget;
  const pool = workerPoolOf(step, action, space, variables);
  if (pool) preview.workerPool = pool;
  const blocker = localRunBlocker(shapeOfAction(action));
  if (blocker) {
    preview.runnable = false;
    preview.notRunnableReason = blocker;
  }
  return preview;
}

/** The pool a worker action runs on, by the name the space gives it. */
function workerPoolOf(
  step: Step,
  action: Action,
  space: Space | undefined,
  variables: DeploymentVariableSet,
): string | undefined {
  const onWorker = action.runOn === 'worker' || !!action.workerPool || !!action.workerPoolVariable?.value.trim();
  if (!onWorker) return undefined;
  let written = action.workerPool?.name;
  const variable = action.workerPoolVariable?.value.trim();
  if (variable)
    written = evaluateTemplate(`#{${variable}}`, variables.dictionaryAt({ step, action })).result ?? written;
  if (written) return findWorkerPool(space, written)?.name ?? written;
  return defaultWorkerPool(space)?.name;
}

/** Where an action runs: the server, a worker, or the environment's targets with one of the step's roles. */
function placeAction(step: Step, action: Action, space: Space | undefined, context: DeploymentContext) {
  const runOn = action.runOn ?? (step.roles.length ? 'targets' : 'server');
  const where = runOn === 'worker' ? 'worker' : 'server';
  // With roles, a step run on a worker (or the server) runs once on behalf of each target, as in Octopus.
  const onBehalf = runOn !== 'targets' && step.roles.length > 0 && !!space?.defines.targets;
  if ((runOn !== 'targets' || step.roles.length === 0) && !onBehalf) {
    return { runs: true, reason: '', names: [where], targets: [] as Target[] };
  }
  const roleList = step.roles.map((r) => r.name).join(', ');
  if (!space?.defines.targets) {
    return {
      runs: true,
      reason: `on targets with role ${roleList} (the space file lists no targets)`,
      names: [],
      targets: [] as Target[],
    };
  }
  const roles = new Set(step.roles.map((r) => r.name.toLowerCase()));
  let targets = targetsInEnvironment(space, context.environment).filter((t) =>
    t.roles.some((r) => roles.has(r.name.toLowerCase())),
  );
  if (context.target) targets = targets.filter((t) => t.name.toLowerCase() === context.target!.toLowerCase());
  if (targets.length === 0) {
    const where = context.target
      ? `target ${context.target} does not have role ${roleList} in ${context.environment}`
      : `no target in ${context.environment} has role ${roleList}`;
    return { runs: false, reason: where, names: [], targets };
  }
  if (onBehalf)
    return {
      runs: true,
      reason: `on a ${where} on behalf of each target with role ${roleList}`,
      names: targets.map((t) => `${where} on behalf of ${t.name}`),
      targets,
    };
  return { runs: true, reason: '', names: targets.map((t) => t.name), targets };
}

/** The tokens of a template (known to have some) that this deployment cannot resolve, with their ranges in the file. */
function unresolvedTokens(
  text: TemplateText,
  dictionary: VariableDictionary,
  lines: LineIndex | undefined,
): Omit<UnresolvedTemplate, 'path'>[] {
  const out: Omit<UnresolvedTemplate, 'path'>[] = [];
  for (const ref of collectReferences(parseTemplate(text.value).nodes)) {
    if (
      ref.loopVariables.length &&
      ref.loopVariables.some((v) => v.toLowerCase() === ref.segments[0]?.text.toLowerCase())
    )
      continue;
    const probe = evaluateTemplate(`#{${ref.name}}`, dictionary);
    if (!probe.errors.length) continue;
    const source = text.source;
    // A value of an OCL project knows its own file; a process file's values are in `lines`' file.
    const span = source && mapValueSpan(source, ref.span);
    const range = span && (source.rangeOf ? source.rangeOf(span) : lines?.rangeOf(span));
    const file = range && fileOfRange(range);
    out.push(
      range
        ? { template: `#{${ref.name}}`, range: { start: range.start, end: range.end }, ...(file ? { file } : {}) }
        : { template: `#{${ref.name}}` },
    );
  }
  return out;
}

function checkContext(project: Project, space: Space | undefined, context: DeploymentContext): void {
  const has = (names: string[], name: string) => names.some((n) => n.toLowerCase() === name.toLowerCase());
  if (space?.defines.environments) {
    const environments = space.environments.map((e) => e.name);
    if (!has(environments, context.environment)) {
      throw new PreviewError(
        `Unknown environment '${context.environment}'. The space has: ${environments.join(', ')}.`,
      );
    }
  }
  if (context.channel) {
    const channels = ['Default', ...project.channels.map((c) => c.name)];
    if (!has(channels, context.channel))
      throw new PreviewError(`Unknown channel '${context.channel}'. The project has: ${channels.join(', ')}.`);
  }
  if (context.tenant) {
    const tenants = space?.tenants?.map((t) => t.name) ?? [];
    const tenant = findTenant(space, context.tenant);
    if (!tenant)
      throw new PreviewError(
        `Unknown tenant '${context.tenant}'.${tenants.length ? ` The space has: ${tenants.join(', ')}.` : ' The space file lists no tenants.'}`,
      );
    const connection = tenantConnection(tenant, project.name);
    if (!connection?.environments.some((e) => e.name.toLowerCase() === context.environment.toLowerCase())) {
      const where = connection?.environments.length
        ? ` (it is connected to it in ${connection.environments.map((e) => e.name).join(', ')})`
        : '';
      throw new PreviewError(
        `Tenant '${tenant.name}' is not connected to project '${project.name}' in ${context.environment}${where}, so Octopus would not deploy it there.`,
      );
    }
    const channel = context.channel
      ? project.channels.find((c) => c.name.toLowerCase() === context.channel!.toLowerCase())
      : project.channels.find((c) => c.isDefault || c.name.toLowerCase() === 'default');
    const channelTags = channel?.tenantTags?.map((t) => t.name) ?? [];
    if (
      channel &&
      channelTags.length &&
      !tagsMatch(
        tenant.tags.map((t) => t.name),
        channelTags,
      )
    )
      throw new PreviewError(
        `Channel '${channel.name}' is for tenants tagged ${channelTags.join(', ')}; tenant '${tenant.name}' (${tenant.tags.map((t) => t.name).join(', ') || 'no tags'}) cannot deploy its releases.`,
      );
  }
  if (context.target) {
    const targets = space?.targets.map((t) => t.name) ?? [];
    if (!has(targets, context.target)) {
      throw new PreviewError(
        `Unknown target '${context.target}'.${targets.length ? ` The space has: ${targets.join(', ')}.` : ' The space file lists no targets.'}`,
      );
    }
  }
}
