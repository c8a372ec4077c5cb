/**
 * How a variable is described in hovers and completion details: every value with its scope,
 * sensitive values masked, where it comes from.
 */
import type { SystemVariable } from '../variables/systemVariables';
import { SCOPE_KEYS_BY_SPECIFICITY, type Project, type Space, type Variable, type VariableValue } from '../model/types';

export const MASK = '********';

const visibleCache = new WeakMap<Project, { space: Space | undefined; variables: Variable[] }>();

/**
 * The variables a process sees: its own, then those of the sets it includes (with the set's name).
 * A document version's project and space are never changed, so the list is kept per pair: the
 * same array each time, which also keeps its {@link variablesByName} index. Treat it as read-only.
 */
export function visibleVariables(project: Project | undefined, space: Space | undefined): Variable[] {
  if (!project) return [];
  const kept = visibleCache.get(project);
  if (kept && kept.space === space) return kept.variables;
  const sets = project.variableSets
    .map((ref) => space?.variableSets.find((s) => s.name.toLowerCase() === ref.name.toLowerCase()))
    .filter((s) => s !== undefined);
  const variables = [...project.variables, ...sets.flatMap((s) => s.variables)];
  visibleCache.set(project, { space, variables });
  return variables;
}

/** Variables by lower-case name, for looking references up without scanning every variable. */
export type VariablesByName = Map<string, Variable[]>;

const byNameCache = new WeakMap<readonly Variable[], VariablesByName>();

export function variablesByName(variables: readonly Variable[]): VariablesByName {
  let map = byNameCache.get(variables);
  if (!map) {
    map = new Map();
    for (const v of variables) {
      const key = v.name.toLowerCase();
      const list = map.get(key);
      if (list) list.push(v);
      else map.set(key, [v]);
    }
    byNameCache.set(variables, map);
  }
  return map;
}

/** The variables (all with one name) a reference's first segments name, longest name first. */
export function variablesForReference(
  variables: readonly Variable[] | VariablesByName,
  segments: readonly { kind: 'identifier' | 'index'; text: string }[],
): { variables: Variable[]; segmentCount: number } | undefined {
  const byName = variables instanceof Map ? variables : variablesByName(variables);
  let prefix = '';
  let found: { variables: Variable[]; segmentCount: number } | undefined;
  segments.forEach((segment, i) => {
    prefix += segment.kind === 'index' ? `[${segment.text}]` : (prefix ? '.' : '') + segment.text;
    const match = byName.get(prefix.toLowerCase());
    if (match) found = { variables: match, segmentCount: i + 1 };
  });
  return found;
}

export function displayValue(variable: Variable, value: VariableValue, max = 60): string {
  if (variable.sensitive) return MASK;
  const oneLine = value.value.replace(/\r?\n/g, '⏎');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function scopeText(value: VariableValue): string {
  const parts = SCOPE_KEYS_BY_SPECIFICITY.filter((k) => value.scope[k]?.length).map(
    (k) => `${k} ${value.scope[k]!.map((n) => n.name).join(', ')}`,
  );
  return parts.length ? parts.join('; ') : 'unscoped';
}

/** One line for a completion's detail: the value, or how many values there are. */
export function variableSummary(variable: Variable): string {
  const origin = variable.owner === 'Project' ? 'project variable' : `from ${variable.owner}`;
  if (variable.sensitive) return `${MASK} (sensitive, ${origin})`;
  if (variable.prompt)
    return `prompted: ${variable.prompt.label}${variable.values[0]?.value ? ` (default ${displayValue(variable, variable.values[0], 30)})` : ''}`;
  if (variable.values.length === 1 && scopeText(variable.values[0]) === 'unscoped')
    return `${displayValue(variable, variable.values[0], 40)} (${origin})`;
  return `${variable.values.length} scoped values (${origin})`;
}

/** Markdown: the variable's values with their scopes, its description and prompt. */
export function variableMarkdown(variables: readonly Variable[], extra?: string): string {
  const first = variables[0];
  const out: string[] = [];
  const origins = [
    ...new Set(variables.map((v) => (v.owner === 'Project' ? 'project variable' : `variable set **${v.owner}**`))),
  ];
  out.push(
    `**${escapeMarkdown(first.name)}** — ${origins.join(', ')}${variables.some((v) => v.sensitive) ? ' · sensitive' : ''}`,
  );
  for (const variable of variables) {
    if (variable.description) out.push('', variable.description);
    if (variable.prompt) {
      out.push(
        '',
        `Prompted at deployment: “${escapeMarkdown(variable.prompt.label)}”${variable.prompt.required ? ' (required)' : ''}${variable.prompt.description ? ` — ${escapeMarkdown(variable.prompt.description)}` : ''}`,
      );
    }
  }
  const rows = variables.flatMap((v) => v.values.map((value) => ({ v, value })));
  if (rows.length) {
    out.push(
      '',
      '| value | scope |' + (variables.length > 1 ? ' from |' : ''),
      '|---|---|' + (variables.length > 1 ? '---|' : ''),
    );
    for (const { v, value } of rows) {
      out.push(
        `| ${tableCell(displayValue(v, value))} | ${tableCell(scopeText(value))} |${variables.length > 1 ? ` ${tableCell(v.owner)} |` : ''}`,
      );
    }
  } else {
    out.push('', '_No value._');
  }
  if (extra) out.push('', extra);
  return out.join('\n');
}

function tableCell(text: string): string {
  const escaped = text.replace(/\|/g, '\\|');
  return escaped === '' ? '_(empty)_' : `\`${escaped.replace(/`/g, 'ˋ')}\``;
}

export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

export function systemVariableMarkdown(system: SystemVariable): string {
  const out = [`**${system.name}** — Octopus system variable (${system.category})`, '', system.description];
  if (system.example) out.push('', `Example: \`${system.example}\``);
  return out.join('\n');
}
