/**
 * Which value of a variable wins in each environment of the space, at the place a template sits
 * (its step and action; per target when a value is scoped by role or target) — for hovers and
 * completion details. Scoping is the preview engine's `resolveScopedValue`; as in a deployment,
 * a project variable wins over a library set's variable of the same name.
 */
import type { Action, Project, Step, Variable, VariableValue } from '../model/types';
import { resolveScopedValue, targetsInEnvironment, type ScopeContext } from '../preview/index';
import type { PathSegment } from './yamlPath';
import { same } from './names';
import type { ServiceDocument } from './types';
import { displayValue, escapeMarkdown, scopeText } from './variableInfo';

export interface EnvironmentValue {
  environment: string;
  /** One entry when every target gets the same value; else one per target. */
  winners: { target?: string; variable: Variable; value: VariableValue | undefined }[];
}

interface Site {
  step?: Step;
  action?: Action;
}

/**
 * The winning value per environment; undefined when the space names no environments, or when
 * there is no choice to explain (one unscoped value).
 */
export function valuesByEnvironment(
  variables: readonly Variable[],
  document: ServiceDocument,
  path: readonly PathSegment[],
): EnvironmentValue[] | undefined {
  const space = document.space;
  if (!space?.defines.environments || !space.environments.length || !variables.length) return undefined;
  const choice =
    variables.length > 1 ||
    variables.some((v) => v.values.length > 1 || v.values.some((value) => Object.keys(value.scope).length));
  if (!choice) return undefined;
  const site = siteOf(document.kind === 'process' ? document.project : undefined, path);
  // Library sets first, so that a project variable of the same name wins.
  const ordered = [
    ...variables.filter((v) => v.owner !== 'Project'),
    ...variables.filter((v) => v.owner === 'Project'),
  ];
  const perTarget = ordered.some((v) =>
    v.values.some((value) => value.scope.role?.length || value.scope.target?.length),
  );
  return space.environments.map(({ name: environment }) => {
    const base: ScopeContext = { environment, channel: 'Default', step: site.step?.name, action: site.action?.name };
    if (!perTarget) return { environment, winners: [winner(ordered, base)] };
    const roles = site.step?.roles.map((r) => r.name.toLowerCase()) ?? [];
    const targets = targetsInEnvironment(space, environment).filter(
      (t) => !roles.length || t.roles.some((r) => roles.includes(r.name.toLowerCase())),
    );
    if (!targets.length) return { environment, winners: [winner(ordered, base)] };
    const winners = targets.map((t) => ({
      target: t.name,
      ...winner(ordered, { ...base, target: t.name, roles: t.roles.map((r) => r.name) }),
    }));
    const first = winners[0];
    return {
      environment,
      winners: winners.every((w) => w.value === first.value) ? [{ ...first, target: undefined }] : winners,
    };
  });
}

function winner(
  ordered: readonly Variable[],
  scope: ScopeContext,
): { variable: Variable; value: VariableValue | undefined } {
  let found: { variable: Variable; value: VariableValue | undefined } = {
    variable: ordered[ordered.length - 1],
    value: undefined,
  };
  for (const variable of ordered) {
    const value = resolveScopedValue(variable, scope).value;
    if (value) found = { variable, value };
  }
  return found;
}

/** The step and action a template at `path` belongs to. */
function siteOf(project: Project | undefined, path: readonly PathSegment[]): Site {
  if (!project || path[0] !== 'steps' || typeof path[1] !== 'number') return {};
  const step = project.process.steps[path[1]];
  if (!step) return {};
  if (path[2] === 'actions' && typeof path[3] === 'number') return { step, action: step.actions[path[3]] };
  return { step, action: step.inlineAction ? step.actions[0] : undefined };
}

/** A markdown table: environment, the value that wins there, and the scope it won by. */
export function valuesByEnvironmentMarkdown(
  values: EnvironmentValue[] | undefined,
  where?: string,
): string | undefined {
  if (!values) return undefined;
  const rows = values.flatMap(({ environment, winners }) =>
    winners.map(
      (w) =>
        `| ${escapeMarkdown(environment)}${w.target ? ` · ${escapeMarkdown(w.target)}` : ''} | ${w.value ? cell(displayValue(w.variable, w.value)) : '_no value_'} | ${w.value ? cell(scopeText(w.value)) + (w.variable.owner !== 'Project' ? ` (${escapeMarkdown(w.variable.owner)})` : '') : ''} |`,
    ),
  );
  return [
    `**In each environment**${where ? ` (${where})` : ''}:`,
    '',
    '| environment | value | wins by |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

/** One line: `Test: Hello · Production: Bye`. */
export function valuesByEnvironmentSummary(values: EnvironmentValue[] | undefined, max = 100): string | undefined {
  if (!values) return undefined;
  const parts = values.map(({ environment, winners }) => {
    if (winners.length > 1) return `${environment}: per target`;
    const w = winners[0];
    return `${environment}: ${w.value ? displayValue(w.variable, w.value, 24) || '""' : '—'}`;
  });
  const line = parts.join(' · ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Where a template is, in words, for the table's heading. */
export function siteDescription(document: ServiceDocument, path: readonly PathSegment[]): string | undefined {
  const site = siteOf(document.kind === 'process' ? document.project : undefined, path);
  if (site.action && site.step && !same(site.action.name, site.step.name))
    return `in ${site.step.name} › ${site.action.name}`;
  return site.step ? `in ${site.step.name}` : undefined;
}

function cell(text: string): string {
  return text === '' ? '_(empty)_' : `\`${text.replace(/\|/g, '\\|').replace(/`/g, 'ˋ')}\``;
}
