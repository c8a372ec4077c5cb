import catalog from './system-variables.json';

export interface SystemVariable {
  name: string;
  category: string;
  description: string;
  example?: string;
}

/** Octopus system variables, from Octopus's documentation (origin: docs/reference/README.md). */
export const SYSTEM_VARIABLES: readonly SystemVariable[] = catalog as SystemVariable[];

/**
 * Documented names with placeholders (`Octopus.Action[name].Output.property`,
 * `Octopus.Endpoint.type.property`) become patterns; the rest are matched exactly.
 */
const PLACEHOLDER_SEGMENTS = new Set(['type', 'property']);

interface Matcher {
  variable: SystemVariable;
  exact?: string;
  pattern?: RegExp;
}

const matchers: Matcher[] = SYSTEM_VARIABLES.map((variable) => {
  const segments = variable.name.split('.');
  const hasIndex = /\[(name|role)\]/.test(variable.name);
  const hasPlaceholder = segments.some((s) => PLACEHOLDER_SEGMENTS.has(s));
  if (!hasIndex && !hasPlaceholder) return { variable, exact: variable.name.toLowerCase() };
  const source = segments
    .map((segment) => {
      if (PLACEHOLDER_SEGMENTS.has(segment)) return '[^.\\[\\]]+(?:\\.[^.\\[\\]]+)*';
      return escapeRegExp(segment).replace(/\\\[(name|role)\\\]/g, '\\[[^\\]]*\\]');
    })
    .join('\\.');
  return { variable, pattern: new RegExp(`^${source}$`, 'i') };
});
const exact = new Map(matchers.filter((m) => m.exact).map((m) => [m.exact!, m.variable]));

/** The documented system variable a reference names, if any (case-insensitive, as Octopus looks up). */
export function findSystemVariable(name: string): SystemVariable | undefined {
  const found = exact.get(name.toLowerCase());
  if (found) return found;
  return matchers.find((m) => m.pattern?.test(name))?.variable;
}

/**
 * The groups of Octopus's system variables (`Environment` in `Octopus.Environment.Name`). The
 * documented list is not every member of a group — Octopus adds variables with each release
 * (`Octopus.Environment.Slug`), and an action's properties are variables while it runs
 * (`Octopus.Action.Azure.ResourceGroupName`) — so within a group an unlisted name may well exist.
 */
const SYSTEM_GROUPS = new Set(
  SYSTEM_VARIABLES.map((v) => v.name.split('.'))
    .filter((segments) => segments.length > 2 && segments[0] === 'Octopus')
    .map((segments) => segments[1].replace(/\[.*$/, '').toLowerCase()),
);

/** Whether `group` (the segment after `Octopus.`) is a group of documented system variables. */
export function isSystemVariableGroup(group: string): boolean {
  return SYSTEM_GROUPS.has(group.toLowerCase());
}

/** The documented direct members of a group: `Name`, `Id`, … for `Environment`. */
export function systemVariableMembers(group: string): string[] {
  const lower = group.toLowerCase();
  return SYSTEM_VARIABLES.map((v) => v.name.split('.'))
    .filter((segments) => segments.length === 3 && segments[0] === 'Octopus' && segments[1].toLowerCase() === lower)
    .map((segments) => segments[2]);
}

/**
 * Names Octopus provides at deployment time beyond the documented list: output variables of
 * any step (checked separately against the process) or of a process template's steps, and
 * environment variables (`env:NAME`).
 */
export function isRuntimeProvided(name: string): boolean {
  // `Octopus.ProcessTemplate.Action[…].Output.*`: outputs of a process template's steps, seen from inside it.
  return /^Octopus\.(ProcessTemplate\.)?(Action|Step)\[[^\]]*\]\.Output(\.|$)/i.test(name) || /^env:/i.test(name);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
