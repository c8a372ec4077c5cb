import type { EnvironmentResource, LifecycleResource } from '../resources/types';

/**
 * How a release moves through a lifecycle, as Octopus does it:
 * - phases are deployed in order; a phase is *complete* when every one of its environments has a
 *   successful deployment of the release, or at least `MinimumEnvironmentsBeforePromotion` of them;
 * - a phase is *available* (can be deployed to) when every earlier phase is complete or optional;
 * - automatic environments are deployed as soon as their phase becomes available;
 * - a lifecycle with no phases has one phase per environment, in the environments' order;
 * - a phase that lists no environments stands for every environment no other phase lists.
 */
export interface EffectivePhase {
  name: string;
  environmentIds: string[];
  automaticIds: string[];
  minimum: number;
  optional: boolean;
}

export interface PhaseProgress {
  phase: EffectivePhase;
  available: boolean;
  complete: boolean;
  succeeded: string[];
}

export function effectivePhases(lifecycle: LifecycleResource, environments: EnvironmentResource[]): EffectivePhase[] {
  const ordered = [...environments].sort((a, b) => a.SortOrder - b.SortOrder);
  if (lifecycle.Phases.length === 0) {
    return ordered.map((e) => ({ name: e.Name, environmentIds: [e.Id], automaticIds: [], minimum: 0, optional: false }));
  }
  const listed = new Set(lifecycle.Phases.flatMap((p) => [...p.AutomaticDeploymentTargets, ...p.OptionalDeploymentTargets]));
  return lifecycle.Phases.map((p) => {
    const ids = [...new Set([...p.AutomaticDeploymentTargets, ...p.OptionalDeploymentTargets])];
    return {
      name: p.Name,
      environmentIds: ids.length ? ids : ordered.filter((e) => !listed.has(e.Id)).map((e) => e.Id),
      automaticIds: p.AutomaticDeploymentTargets,
      minimum: p.MinimumEnvironmentsBeforePromotion,
      optional: p.IsOptionalPhase,
    };
  });
}

/** Where a release stands, given the environments it has been deployed to successfully. */
export function progression(phases: EffectivePhase[], succeededIds: ReadonlySet<string>): PhaseProgress[] {
  const out: PhaseProgress[] = [];
  let available = true;
  for (const phase of phases) {
    const succeeded = phase.environmentIds.filter((id) => succeededIds.has(id));
    const needed = phase.minimum > 0 ? Math.min(phase.minimum, phase.environmentIds.length) : phase.environmentIds.length;
    const complete = succeeded.length >= needed;
    out.push({ phase, available, complete, succeeded });
    available = available && (complete || phase.optional);
  }
  return out;
}

export type DeployDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether the release may be deployed to an environment now; when not, the reason names the
 * environments that must succeed first.
 */
export function canDeployTo(
  progress: PhaseProgress[],
  environmentId: string,
  names: { release: string; lifecycle: string; environment: (id: string) => string },
): DeployDecision {
  const index = progress.findIndex((p) => p.phase.environmentIds.includes(environmentId));
  const target = names.environment(environmentId);
  if (index < 0) {
    const all = progress.flatMap((p) => p.phase.environmentIds).map(names.environment);
    return { allowed: false, reason: `Environment ${target} is not in the lifecycle '${names.lifecycle}' (it has ${all.length ? all.join(', ') : 'no environments'}), so release ${names.release} cannot be deployed to it.` };
  }
  if (progress[index].available) return { allowed: true };
  const blocking = progress.slice(0, index).filter((p) => !p.complete && !p.phase.optional);
  const needs = blocking.map((p) => {
    const missing = p.phase.environmentIds.filter((id) => !p.succeeded.includes(id)).map(names.environment);
    if (p.phase.minimum > 0 && p.phase.minimum < p.phase.environmentIds.length) {
      const left = Math.min(p.phase.minimum, p.phase.environmentIds.length) - p.succeeded.length;
      return `${left} more of ${missing.join(', ')} (phase '${p.phase.name}' needs ${p.phase.minimum})`;
    }
    return `${missing.join(' and ')} (phase '${p.phase.name}')`;
  });
  return {
    allowed: false,
    reason: `Release ${names.release} cannot be deployed to ${target} yet: the lifecycle '${names.lifecycle}' requires a successful deployment to ${needs.join(', then ')} first.`,
  };
}

/** Automatic environments of the available phases that this release has not been deployed to yet. */
export function automaticTargets(progress: PhaseProgress[], deployedIds: ReadonlySet<string>): string[] {
  return progress.filter((p) => p.available).flatMap((p) => p.phase.automaticIds).filter((id) => !deployedIds.has(id));
}
