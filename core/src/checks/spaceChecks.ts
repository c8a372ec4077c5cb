import type { Diagnostic, DiagnosticCode, Severity } from '../diagnostics';
import type { NameRef, Space } from '../model/types';
import type { Range } from '../text';
import { reportUnknown } from './nameChecks';
import { checkVariableTies } from './variableChecks';
import { checkTenantsInSpace } from './tenantChecks';
import { checkTypedVariables } from './spaceResourceChecks';

/** Checks of a space file on its own: duplicate names and references between its sections. */
/** `projects`: the workspace's project names, when the caller knows them (tenants' connections are checked against them). */
export function checkSpace(space: Space, projects?: string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (severity: Severity, code: DiagnosticCode, message: string, range: Range, data?: Diagnostic['data']) =>
    diagnostics.push(data ? { severity, code, message, range, data } : { severity, code, message, range });
  const ctx = { report };

  duplicates(space.environments, 'environment', report);
  duplicates(
    space.lifecycles.map((l) => ({ name: l.name, range: l.nameRange })),
    'lifecycle',
    report,
  );
  duplicates(
    space.targets.map((t) => ({ name: t.name, range: t.nameRange })),
    'target',
    report,
  );
  duplicates(
    space.variableSets.map((s) => ({ name: s.name, range: s.nameRange })),
    'variable set',
    report,
  );

  for (const [kind, items] of [
    ['feed', space.feeds],
    ['worker pool', space.workerPools],
    ['account', space.accounts],
    ['certificate', space.certificates],
  ] as const) {
    const seen = new Map<string, NameRef>();
    for (const item of items ?? []) {
      const first = seen.get(item.name.toLowerCase());
      if (first)
        report(
          'error',
          'duplicate-space-resource',
          `Another ${kind} is already named \`${item.name}\` (line ${first.range.start.line + 1}).`,
          item.nameRange,
        );
      else seen.set(item.name.toLowerCase(), { name: item.name, range: item.nameRange });
    }
  }

  const environments = space.defines.environments ? space.environments.map((e) => e.name) : undefined;
  const targets = space.defines.targets ? space.targets.map((t) => t.name) : undefined;
  if (environments) {
    for (const lifecycle of space.lifecycles) {
      for (const phase of lifecycle.phases) {
        for (const ref of [...phase.environments, ...phase.automatic])
          reportUnknown(ctx, 'environment', ref, environments);
      }
    }
    for (const target of space.targets)
      for (const ref of target.environments) reportUnknown(ctx, 'environment', ref, environments);
  }
  for (const set of space.variableSets) {
    for (const variable of set.variables) {
      for (const value of variable.values) {
        if (environments)
          for (const ref of value.scope.environment ?? []) reportUnknown(ctx, 'environment', ref, environments);
        if (targets) for (const ref of value.scope.target ?? []) reportUnknown(ctx, 'target', ref, targets);
      }
    }
    checkVariableTies(set.variables, report);
    checkTypedVariables(ctx, space, set.variables);
  }
  checkTenantsInSpace(space, report, projects);
  return diagnostics;
}

function duplicates(
  refs: NameRef[],
  kind: 'environment' | 'lifecycle' | 'target' | 'variable set',
  report: (s: Severity, c: DiagnosticCode, m: string, r: Range) => void,
): void {
  const seen = new Map<string, NameRef>();
  for (const ref of refs) {
    const key = ref.name.toLowerCase();
    const first = seen.get(key);
    if (first)
      report(
        'error',
        `duplicate-${kind === 'variable set' ? 'variable-set' : kind}`,
        `Another ${kind} is already named \`${ref.name}\` (line ${first.range.start.line + 1}).`,
        ref.range,
      );
    else seen.set(key, ref);
  }
}
