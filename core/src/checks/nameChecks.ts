import type { DiagnosticCode } from '../diagnostics';
import type { NameRef, Runbook } from '../model/types';
import type { Range } from '../text';
import { namesAndSlugs } from '../model/slug';
import { closestNames, didYouMean } from './suggest';
import type { ProcessCheckContext } from './checkContext';

type Kind = 'environment' | 'lifecycle' | 'channel' | 'variable set' | 'target' | 'step';

/**
 * Names that must exist in the space (or in the project itself). A name is reported only when
 * its kind is defined somewhere: with no space file, environments are unknown, not wrong.
 */
export function checkNames(ctx: ProcessCheckContext): void {
  const { project, space } = ctx;
  const environments = space?.defines.environments ? space.environments.map((e) => e.name) : undefined;
  const lifecycles = space?.defines.lifecycles ? space.lifecycles.map((l) => l.name) : undefined;
  const variableSets = space?.defines.variableSets ? space.variableSets.map((s) => s.name) : undefined;
  const targets = space?.defines.targets ? space.targets.map((t) => t.name) : undefined;
  const channels = project.unseen?.channels ? undefined : ['Default', ...project.channels.map((c) => c.name)];
  const stepNames = project.process.steps.flatMap((s) => [s.name, ...s.actions.map((a) => a.name)]).filter(Boolean);
  // Slugs written in the file (OCL labels) name their steps too.
  const stepSlugs = project.process.steps
    .flatMap((s) => [s.slug?.value ?? '', ...s.actions.map((a) => a.slug?.value ?? '')])
    .filter(Boolean);

  const check = (kind: Kind, refs: NameRef[] | NameRef | undefined, known: string[] | undefined) => {
    if (!known || !refs) return;
    for (const ref of Array.isArray(refs) ? refs : [refs]) reportUnknown(ctx, kind, ref, known);
  };
  // Roles are checked only against a space that lists targets: roles exist only on targets.
  const roles = space?.defines.targets
    ? [...new Set(space.targets.flatMap((t) => t.roles.map((r) => r.name)))]
    : undefined;
  const roleKeys = new Set(roles?.map((r) => r.toLowerCase()));
  const checkRoles = (refs: NameRef[] | undefined, consequence: string) => {
    if (!roles) return;
    for (const role of refs ?? []) {
      if (roleKeys.has(role.name.toLowerCase())) continue;
      const suggestions = closestNames(role.name, roles);
      ctx.report(
        'warning',
        'role-without-target',
        `No deployment target has the role \`${role.name}\`, so ${consequence}.${didYouMean(suggestions)}`,
        role.range,
        { suggestions },
      );
    }
  };

  check('lifecycle', project.lifecycle, lifecycles);
  check('variable set', project.variableSets, variableSets);
  for (const channel of project.channels) check('lifecycle', channel.lifecycle, lifecycles);

  for (const step of project.process.steps) {
    for (const action of step.actions) {
      check('environment', action.environments, environments);
      check('environment', action.excludedEnvironments, environments);
      check('channel', action.channels, channels);
      if (action.environments.length && action.excludedEnvironments.length && action.excludedEnvironmentsRange) {
        ctx.report(
          'error',
          'environments-and-excluded',
          'Use either `environments` or `excluded-environments`, not both: Octopus runs an action only in the listed environments, or in all but the excluded ones.',
          action.excludedEnvironmentsRange,
        );
      }
    }
    checkRoles(step.roles, 'this step would run nowhere');
  }

  for (const variable of project.variables) {
    for (const value of variable.values) {
      check('environment', value.scope.environment, environments);
      check('channel', value.scope.channel, channels);
      check('target', value.scope.target, targets);
      check(
        'step',
        value.scope.step?.filter((ref) => !stepSlugs.includes(ref.name)),
        stepNames,
      );
      checkRoles(value.scope.role, 'this value never applies');
    }
  }
}

const CODES: Record<Kind, DiagnosticCode> = {
  environment: 'unknown-environment',
  lifecycle: 'unknown-lifecycle',
  channel: 'unknown-channel',
  'variable set': 'unknown-variable-set',
  target: 'unknown-target',
  step: 'unknown-step',
};

export function reportUnknown(
  ctx: { report: ProcessCheckContext['report'] },
  kind: Kind,
  ref: NameRef,
  known: string[],
  range: Range = ref.range,
): void {
  if (known.some((k) => k.toLowerCase() === ref.name.toLowerCase())) return;
  // OCL refers by slug (current Octopus) or by name (older files): either resolves.
  if (namesAndSlugs(known).includes(ref.name)) return;
  const suggestions = closestNames(ref.name, known);
  const list = known.length
    ? ` Known ${kind === 'variable set' ? 'variable sets' : `${kind}s`}: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}.`
    : '';
  const where = kind === 'step' ? 'in this process' : kind === 'channel' ? 'in this project' : 'in the space';
  ctx.report(
    'error',
    CODES[kind],
    `Unknown ${kind} \`${ref.name}\`: there is no ${kind} of that name ${where}.${didYouMean(suggestions) || list}`,
    range,
    { suggestions },
  );
}

/** A runbook's environment scope names environments of the space (YAML: `settings.environments`). */
export function checkRunbookScope(ctx: ProcessCheckContext, runbook: Runbook): void {
  const { space } = ctx;
  if (!space?.defines.environments) return;
  const known = space.environments.map((e) => e.name);
  const list = runbook.settings.environments;
  if (!Array.isArray(list)) return;
  for (const name of list) {
    if (typeof name !== 'string') continue;
    reportUnknown(ctx, 'environment', { name, range: runbook.nameRange }, known);
  }
}
