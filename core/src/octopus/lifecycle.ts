/**
 * How a release moves through a lifecycle, as Octopus does it — one implementation for the local
 * deployment server, which enforces it, and the extension, which suggests where to deploy next:
 * - phases are deployed in order; a phase is *complete* when every one of its environments has a
 *   successful deployment of the release, or at least `MinimumEnvironmentsBeforePromotion` of them;
 * - a phase is *available* (can be deployed to) when every earlier phase is complete or optional;
 * - automatic environments are deployed as soon as their phase becomes available;
 * - a lifecycle with no phases has one phase per environment, in the environments' order;
 * - a phase that lists no environments stands for every environment no other phase lists.
 */
import type { TaskState } from './apiResources';

/**
 * The part of a lifecycle phase the progression reads. Servers may leave out empty lists and
 * defaults (real Octopus does), so all but the name may be missing.
 */
export interface LifecyclePhase {
  Name: string;
  AutomaticDeploymentTargets?: string[];
  OptionalDeploymentTargets?: string[];
  MinimumEnvironmentsBeforePromotion?: number;
  IsOptionalPhase?: boolean;
}

export interface LifecycleWithPhases {
  Phases: LifecyclePhase[];
}

/** The part of an environment the progression reads. */
export interface LifecycleEnvironment {
  Id: string;
  Name: string;
  SortOrder: number;
}

export interface EffectivePhase {
  name: string;
  /** In the order Octopus shows environments (their `SortOrder`). */
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

export function effectivePhases(
  lifecycle: LifecycleWithPhases,
  environments: LifecycleEnvironment[],
): EffectivePhase[] {
  const ordered = [...environments].sort((a, b) => a.SortOrder - b.SortOrder);
  const order = new Map(ordered.map((e, i) => [e.Id, i]));
  const sort = (ids: string[]) => [...new Set(ids)].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
  if (!lifecycle.Phases.length) {
    return ordered.map((e) => ({
      name: e.Name,
      environmentIds: [e.Id],
      automaticIds: [],
      minimum: 0,
      optional: false,
    }));
  }
  const listed = new Set(
    lifecycle.Phases.flatMap((p) => [...(p.AutomaticDeploymentTargets ?? []), ...(p.OptionalDeploymentTargets ?? [])]),
  );
  return lifecycle.Phases.map((p) => {
    const ids = sort([...(p.AutomaticDeploymentTargets ?? []), ...(p.OptionalDeploymentTargets ?? [])]);
    return {
      name: p.Name,
      environmentIds: ids.length ? ids : ordered.filter((e) => !listed.has(e.Id)).map((e) => e.Id),
      automaticIds: p.AutomaticDeploymentTargets ?? [],
      minimum: p.MinimumEnvironmentsBeforePromotion ?? 0,
      optional: !!p.IsOptionalPhase,
    };
  });
}

/** Where a release stands, given the environments it has been deployed to successfully. */
export function progression(phases: EffectivePhase[], succeededIds: ReadonlySet<string>): PhaseProgress[] {
  const out: PhaseProgress[] = [];
  let available = true;
  for (const phase of phases) {
    const succeeded = phase.environmentIds.filter((id) => succeededIds.has(id));
    const needed =
      phase.minimum > 0 ? Math.min(phase.minimum, phase.environmentIds.length) : phase.environmentIds.length;
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
    return {
      allowed: false,
      reason: `Environment ${target} is not in the lifecycle '${names.lifecycle}' (it has ${all.length ? all.join(', ') : 'no environments'}), so release ${names.release} cannot be deployed to it.`,
    };
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
  return progress
    .filter((p) => p.available)
    .flatMap((p) => p.phase.automaticIds)
    .filter((id) => !deployedIds.has(id));
}

/** A release's deployments as the lifecycle needs them: where, and how the task stands. */
export interface DeploymentOutcome {
  environmentId: string;
  state: TaskState;
}

const IN_FLIGHT: ReadonlySet<TaskState> = new Set(['Queued', 'Executing', 'Cancelling']);

export type NextStep =
  /** Deploy here next. `lastPhase`: this is the end of the lifecycle (production, usually). */
  | { kind: 'deploy'; environmentId: string; phase: string; lastPhase: boolean }
  /** Nothing can start before deployments that are running now finish. */
  | { kind: 'wait'; environmentIds: string[] }
  /** The release is deployed everywhere its lifecycle goes. */
  | { kind: 'done' }
  /** An earlier phase failed or was not finished, and nothing is running: say which. */
  | { kind: 'blocked'; phase: string; missing: string[] };

/**
 * The environment a release should go to next — "Deploy to Test" in the usual lifecycle: the
 * first environment, phase by phase, that the release has not reached and can reach now.
 * Within a phase, environments deployed by hand come before automatic ones.
 */
export function nextEnvironment(
  lifecycle: LifecycleWithPhases,
  environments: LifecycleEnvironment[],
  deployments: DeploymentOutcome[],
): NextStep {
  const phases = effectivePhases(lifecycle, environments);
  const succeeded = new Set(deployments.filter((d) => d.state === 'Success').map((d) => d.environmentId));
  const inFlight = new Set(deployments.filter((d) => IN_FLIGHT.has(d.state)).map((d) => d.environmentId));
  const progress = progression(phases, succeeded);
  for (const [i, p] of progress.entries()) {
    if (!p.available) break;
    const open = p.phase.environmentIds.filter((id) => !succeeded.has(id) && !inFlight.has(id));
    const manual = open.filter((id) => !p.phase.automaticIds.includes(id));
    const pick = manual[0] ?? open[0];
    if (pick) return { kind: 'deploy', environmentId: pick, phase: p.phase.name, lastPhase: i === progress.length - 1 };
  }
  if (inFlight.size) return { kind: 'wait', environmentIds: [...inFlight] };
  const stuck = progress.find((p) => !p.complete && !p.phase.optional);
  if (!stuck) return { kind: 'done' };
  return {
    kind: 'blocked',
    phase: stuck.phase.name,
    missing: stuck.phase.environmentIds.filter((id) => !succeeded.has(id)),
  };
}

/** Every environment of the lifecycle with whether the release may be deployed there now. */
export function environmentsInReach(
  lifecycle: LifecycleWithPhases,
  environments: LifecycleEnvironment[],
  deployments: DeploymentOutcome[],
): { environmentId: string; phase: string; available: boolean; succeeded: boolean }[] {
  const phases = effectivePhases(lifecycle, environments);
  const succeeded = new Set(deployments.filter((d) => d.state === 'Success').map((d) => d.environmentId));
  return progression(phases, succeeded).flatMap((p) =>
    p.phase.environmentIds.map((environmentId) => ({
      environmentId,
      phase: p.phase.name,
      available: p.available,
      succeeded: succeeded.has(environmentId),
    })),
  );
}
