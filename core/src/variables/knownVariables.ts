import type { Project, Space, Variable } from '../model/types';
import { closestNames } from '../checks/suggest';
import { tenantSuppliedNames } from '../model/tenants';
import {
  findSystemVariable,
  isRuntimeProvided,
  isSystemVariableGroup,
  SYSTEM_VARIABLES,
  systemVariableMembers,
} from './systemVariables';

/** A reference as the checks see it: its segments, the first one a name. */
export interface ReferenceName {
  name: string;
  segments: { kind: 'identifier' | 'index'; text: string }[];
  loopVariables: string[];
}

/**
 * The variables a process can reference: its own, those of the library sets it includes, and
 * Octopus's system variables. `complete` is false when an included set cannot be resolved (no
 * space file, or the set is not in it) — then nothing may be called unknown.
 */
export class KnownVariables {
  readonly variables: Variable[];
  readonly complete: boolean;
  /** Names of the variable templates tenants supply. */
  readonly templateNames: string[];
  private readonly names = new Set<string>();
  /** Lower-cased proper prefixes of variable names, at `.` and `[` boundaries (`a.b[c]` → `a`, `a.b`). */
  private readonly prefixes = new Set<string>();

  constructor(project: Project, space: Space | undefined) {
    const sets = project.variableSets.map((ref) =>
      space?.variableSets.find((s) => s.name.toLowerCase() === ref.name.toLowerCase()),
    );
    this.complete = sets.every((s) => s !== undefined) && !project.unseen?.variableSets;
    this.variables = [...project.variables, ...sets.flatMap((s) => s?.variables ?? [])];
    // Tenant-supplied variables (project and common variable templates) have values in tenanted deployments.
    this.templateNames = tenantSuppliedNames(project, space);
    for (const name of [...this.variables.map((v) => v.name), ...this.templateNames]) {
      const lower = name.toLowerCase();
      this.names.add(lower);
      for (let i = 0; i < lower.length; i++)
        if (lower[i] === '.' || lower[i] === '[') this.prefixes.add(lower.slice(0, i));
    }
  }

  /** Whether `ref` names something that will have a value (or may, as JSON inside a known value). */
  isKnown(ref: ReferenceName): boolean {
    const first = ref.segments[0];
    if (first?.kind === 'identifier' && ref.loopVariables.some((v) => v.toLowerCase() === first.text.toLowerCase()))
      return true;
    if (/^Octopus\.Template\.Each\./i.test(ref.name)) return true;
    if (findSystemVariable(ref.name) || isRuntimeProvided(ref.name)) return true;
    // `Octopus.<group>.<member>` in a documented group: the list of members is not complete, so
    // an unlisted member may exist — unless it is a near miss of a listed one (`Environment.Nmae`).
    const [octopus, group, member] = ref.segments;
    if (
      ref.segments.length > 2 &&
      octopus.kind === 'identifier' &&
      octopus.text.toLowerCase() === 'octopus' &&
      group.kind === 'identifier' &&
      isSystemVariableGroup(group.text)
    ) {
      const typo =
        ref.segments.length === 3 &&
        member.kind === 'identifier' &&
        closestNames(member.text, systemVariableMembers(group.text), 1).length > 0;
      if (!typo) return true;
    }
    // A known variable, or a path into one (JSON values, indexed children): any segment prefix.
    let prefix = '';
    for (const segment of ref.segments) {
      prefix += segment.kind === 'index' ? `[${segment.text}]` : (prefix ? '.' : '') + segment.text;
      if (this.names.has(prefix.toLowerCase())) return true;
    }
    // `#{each x in Parent}` over indexed children `Parent[a].Name`.
    return this.prefixes.has(ref.name.toLowerCase());
  }

  /** Names offered as did-you-mean candidates: project and set variables, then documented system variables. */
  candidates(): string[] {
    return [
      ...this.variables.map((v) => v.name),
      ...this.templateNames,
      ...SYSTEM_VARIABLES.map((s) => s.name).filter((n) => !/\[(name|role)\]|\.type\.|\.property$/.test(n)),
    ];
  }
}
