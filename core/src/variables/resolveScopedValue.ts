import { SCOPE_KEYS_BY_SPECIFICITY, type ScopeKey, type Variable, type VariableValue } from '../model/types';

/** What a deployment (or one action on one target within it) looks like to variable scoping. */
export interface ScopeContext {
  environment?: string;
  channel?: string;
  /** The target's roles (target tags). */
  roles?: string[];
  target?: string;
  /** The step and action names; a `step:` scope matches either. */
  step?: string;
  action?: string;
  /** A tenanted deployment's tenant (its name). */
  tenant?: string;
  tenantTags?: string[];
  /** The process running (Octopus `ProcessOwner` scope): `deployment-process` (the default) or `runbook/<slug>`. */
  process?: string;
}

export interface ScopedValueCandidate {
  value: VariableValue;
  applies: boolean;
  /** Why it applies or not, in words: "environment Test matches", "environment is Production, not Test". */
  reason: string;
}

export interface ResolvedValue {
  /** The winning value, or undefined when none applies. */
  value: VariableValue | undefined;
  /** Every value with whether it applies, in file order. */
  candidates: ScopedValueCandidate[];
  /** Why the winner won: "the only value that applies", "more specific (environment) than …". */
  reason: string;
}

const LABEL: Record<ScopeKey, string> = {
  environment: 'environment',
  role: 'role',
  target: 'target',
  channel: 'channel',
  step: 'step',
  tenant: 'tenant',
  'tenant-tag': 'tenant tag',
  process: 'process',
};

/**
 * Which value of a variable a deployment gets: the values whose every scope key matches apply,
 * and the most specific one wins in Octopus's order (step, target, role, tenant, tenant tag,
 * environment, channel, unscoped). On a tie the first in the file wins (the checks warn about it).
 */
export function resolveScopedValue(variable: Variable, context: ScopeContext): ResolvedValue {
  const candidates = variable.values.map((value) => matchValue(value, context));
  const applying = candidates.filter((c) => c.applies);
  if (applying.length === 0) {
    return {
      value: undefined,
      candidates,
      reason: variable.values.length ? 'no value applies' : 'the variable has no value',
    };
  }
  let best = applying[0];
  for (const candidate of applying.slice(1)) if (compareSpecificity(candidate.value, best.value) > 0) best = candidate;
  const reason =
    applying.length === 1
      ? best.value === variable.values[0] && variable.values.length === 1
        ? 'the only value'
        : 'the only value that applies'
      : `the most specific of ${applying.length} values that apply (${specificityLabel(best.value)})`;
  return { value: best.value, candidates, reason };
}

function matchValue(value: VariableValue, context: ScopeContext): ScopedValueCandidate {
  const reasons: string[] = [];
  for (const key of SCOPE_KEYS_BY_SPECIFICITY) {
    const names = value.scope[key];
    if (!names?.length) continue;
    const actual = actualFor(key, context);
    const wanted = names.map((n) => n.name.toLowerCase());
    if (actual === undefined || actual.length === 0) {
      return {
        value,
        applies: false,
        reason: `scoped to ${LABEL[key]} ${names.map((n) => n.name).join(', ')}, and this deployment has none`,
      };
    }
    const hit = actual.find((a) => wanted.includes(a.toLowerCase()));
    if (!hit) {
      return {
        value,
        applies: false,
        reason: `scoped to ${LABEL[key]} ${names.map((n) => n.name).join(', ')}, not ${actual.join(', ')}`,
      };
    }
    reasons.push(`${LABEL[key]} ${hit}`);
  }
  return {
    value,
    applies: true,
    reason: reasons.length ? `${reasons.join(', ')} match${reasons.length === 1 ? 'es' : ''}` : 'unscoped',
  };
}

function actualFor(key: ScopeKey, c: ScopeContext): string[] | undefined {
  switch (key) {
    case 'environment':
      return c.environment ? [c.environment] : undefined;
    case 'channel':
      return c.channel ? [c.channel] : undefined;
    case 'role':
      return c.roles;
    case 'target':
      return c.target ? [c.target] : undefined;
    case 'step':
      return [c.step, c.action].filter((s): s is string => !!s);
    case 'tenant':
      return c.tenant ? [c.tenant] : undefined;
    case 'tenant-tag':
      return c.tenantTags;
    case 'process':
      return [c.process ?? 'deployment-process'];
  }
}

/** > 0 when `a` is more specific than `b`. */
export function compareSpecificity(a: VariableValue, b: VariableValue): number {
  for (const key of SCOPE_KEYS_BY_SPECIFICITY) {
    const diff = Number(!!a.scope[key]?.length) - Number(!!b.scope[key]?.length);
    if (diff !== 0) return diff;
  }
  return 0;
}

function specificityLabel(value: VariableValue): string {
  const keys = SCOPE_KEYS_BY_SPECIFICITY.filter((k) => value.scope[k]?.length).map((k) => LABEL[k]);
  return keys.length ? `scoped by ${keys.join(' and ')}` : 'unscoped';
}
