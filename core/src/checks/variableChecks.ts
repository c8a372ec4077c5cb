import { SCOPE_KEYS_BY_SPECIFICITY, type Variable, type VariableValue } from '../model/types';
import type { DiagnosticCode, Severity } from '../diagnostics';
import type { Range } from '../text';

type Report = (severity: Severity, code: DiagnosticCode, message: string, range: Range) => void;

/**
 * Two values of one variable tie when they scope the same kinds of thing (so neither is more
 * specific) and some deployment matches both: Octopus would then pick one arbitrarily.
 */
export function checkVariableTies(variables: Variable[], report: Report): void {
  for (const variable of variables) {
    const { values } = variable;
    for (let i = 1; i < values.length; i++) {
      for (let j = 0; j < i; j++) {
        if (tie(values[i], values[j])) {
          report(
            'warning',
            'ambiguous-variable-value',
            `This value of \`${variable.name}\` ties with the one on line ${values[j].entryRange.start.line + 1}: ${describeOverlap(values[i], values[j])}, and neither scope is more specific, so Octopus would pick one arbitrarily. Narrow one of the scopes or remove a value.`,
            values[i].range,
          );
          break;
        }
      }
    }
  }
}

function tie(a: VariableValue, b: VariableValue): boolean {
  for (const key of SCOPE_KEYS_BY_SPECIFICITY) {
    const x = a.scope[key];
    const y = b.scope[key];
    if (!!x?.length !== !!y?.length) return false;
    if (x?.length && y?.length) {
      const names = new Set(x.map((n) => n.name.toLowerCase()));
      if (!y.some((n) => names.has(n.name.toLowerCase()))) return false;
    }
  }
  return true;
}

function describeOverlap(a: VariableValue, b: VariableValue): string {
  const parts = SCOPE_KEYS_BY_SPECIFICITY.filter((k) => a.scope[k]?.length).map((k) => {
    const other = new Set(b.scope[k]!.map((n) => n.name.toLowerCase()));
    return `${k} ${a.scope[k]!.filter((n) => other.has(n.name.toLowerCase()))
      .map((n) => n.name)
      .join(', ')}`;
  });
  return parts.length ? `both apply for ${parts.join(' and ')}` : 'both are unscoped';
}
