/**
 * The named things of a process and its space — environments, roles, targets, channels,
 * lifecycles, variable sets, steps — and which kind of name a value at a YAML path holds.
 * Shared by completion, hover and the symbol index.
 */
import type { Project, Space } from '../model/types';
import type { PathSegment } from './yamlPath';

export type NameKind =
  'environment' | 'role' | 'target' | 'channel' | 'lifecycle' | 'variableSet' | 'step' | 'variable';

export const NAME_KIND_LABEL: Record<NameKind, string> = {
  environment: 'environment',
  role: 'role',
  target: 'deployment target',
  channel: 'channel',
  lifecycle: 'lifecycle',
  variableSet: 'library variable set',
  step: 'step',
  variable: 'variable',
};

const SCOPE_KIND: Record<string, NameKind | undefined> = {
  environment: 'environment',
  role: 'role',
  target: 'target',
  channel: 'channel',
  step: 'step',
};

/** Which kind of name the value at `path` is, or undefined when it is not a name of another thing. */
export function nameKindAt(fileKind: 'process' | 'space', path: readonly PathSegment[]): NameKind | undefined {
  const keys = path.filter((s): s is string => typeof s === 'string');
  const key = keys[keys.length - 1];
  if (key === undefined) return undefined;
  const last = path[path.length - 1];
  const listEntry = typeof last === 'number';
  if (fileKind === 'process') {
    if (path.length === 1 && key === 'lifecycle') return 'lifecycle';
    if (path[0] === 'variable-sets' && path.length <= 2) return 'variableSet';
    if (path[0] === 'channels') return path.length === 3 && key === 'lifecycle' ? 'lifecycle' : undefined;
    if (path[0] === 'steps') {
      if (key === 'roles' && listEntry) return 'role';
      if ((key === 'environments' || key === 'excluded-environments') && listEntry) return 'environment';
      if (key === 'channels' && listEntry) return 'channel';
      return undefined;
    }
    if (path[0] === 'variables' && path.length >= 3) return SCOPE_KIND[key];
    return undefined;
  }
  if (path[0] === 'lifecycles') return key === 'environments' || key === 'automatic' ? 'environment' : undefined;
  if (path[0] === 'targets') {
    if (key === 'environments' && listEntry) return 'environment';
    if (key === 'roles' && listEntry) return 'role';
    return undefined;
  }
  if (path[0] === 'variable-sets' && path.length >= 5) return SCOPE_KIND[key];
  return undefined;
}

/** The names of a kind a document may use, each with a line of detail; undefined when unknown. */
export function knownNames(
  kind: NameKind,
  project: Project | undefined,
  space: Space | undefined,
): { name: string; detail: string }[] | undefined {
  switch (kind) {
    case 'environment':
      if (!space?.defines.environments) return undefined;
      return space.environments.map((e) => {
        const targets = space.targets
          .filter((t) => t.environments.some((x) => same(x.name, e.name)))
          .map((t) => t.name);
        return { name: e.name, detail: targets.length ? `targets: ${targets.join(', ')}` : 'no targets' };
      });
    case 'role': {
      if (!space?.defines.targets) return undefined;
      const roles = new Map<string, string[]>();
      for (const t of space.targets) {
        for (const r of t.roles) {
          const entry = [...roles.keys()].find((k) => same(k, r.name)) ?? r.name;
          roles.set(entry, [...(roles.get(entry) ?? []), t.name]);
        }
      }
      return [...roles].map(([name, targets]) => ({ name, detail: `targets: ${targets.join(', ')}` }));
    }
    case 'target':
      if (!space?.defines.targets) return undefined;
      return space.targets.map((t) => ({
        name: t.name,
        detail: [t.environments.map((e) => e.name).join(', '), t.roles.map((r) => r.name).join(', ')]
          .filter(Boolean)
          .join(' · '),
      }));
    case 'channel':
      return [
        { name: 'Default', detail: 'the default channel' },
        ...(project?.channels ?? []).map((c) => ({
          name: c.name,
          detail: c.lifecycle ? `lifecycle ${c.lifecycle.name}` : 'channel',
        })),
      ];
    case 'lifecycle':
      if (!space?.defines.lifecycles) return undefined;
      return space.lifecycles.map((l) => ({ name: l.name, detail: l.phases.map((p) => p.name).join(' → ') }));
    case 'variableSet':
      if (!space?.defines.variableSets) return undefined;
      return space.variableSets.map((s) => ({
        name: s.name,
        detail: `${s.variables.length} variable${s.variables.length === 1 ? '' : 's'}`,
      }));
    case 'step':
      if (!project) return undefined;
      return project.process.steps.flatMap((s) => [
        ...(s.name
          ? [{ name: s.name, detail: s.inlineAction ? `step (${s.actions[0]?.type || 'no type'})` : 'step' }]
          : []),
        ...(s.inlineAction
          ? []
          : s.actions
              .filter((a) => a.name)
              .map((a) => ({ name: a.name, detail: `action of ${s.name} (${a.type || 'no type'})` }))),
      ]);
    case 'variable':
      return undefined;
  }
}

export function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
