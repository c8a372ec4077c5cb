/**
 * Where a release can go next in its lifecycle, worked out the way Octopus (and the local
 * server, deployment-server/src/tasks/lifecycle.ts) enforce it:
 * - phases go in order; a phase is complete when all of its environments — or at least
 *   `MinimumEnvironmentsBeforePromotion` of them — have a successful deployment of the release;
 * - a phase is available when every earlier phase is complete or optional;
 * - no phases at all means one phase per environment, in the environments' order;
 * - a phase listing no environments stands for every environment no other phase lists.
 */
import type { Environment, Lifecycle, TaskState } from './types';

export interface EffectivePhase {
  name: string;
  /** In the order Octopus shows environments. */
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

export function effectivePhases(lifecycle: Lifecycle, environments: Environment[]): EffectivePhase[] {
  const ordered = [...environments].sort((a, b) => a.SortOrder - b.SortOrder);
  const order = new Map(ordered.map((e, i) => [e.Id, i]));
  const sort = (ids: string[]) => [...new Set(ids)].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
  if (!lifecycle.Phases.length) {
    return ordered.map((e) => ({ name: e.Name, environmentIds: [e.Id], automaticIds: [], minimum: 0, optional: false }));
  }
  const listed = new Set(lifecycle.Phases.flatMap((p) => [...(p.AutomaticDeploymentTargets ?? []), ...(p.OptionalDeploymentTargets ?? [])]));
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
export function nextEnvironment(lifecycle: Lifecycle, environments: Environment[], deployments: DeploymentOutcome[]): NextStep {
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
  return { kind: 'blocked', phase: stuck.phase.name, missing: stuck.phase.environmentIds.filter((id) => !succeeded.has(id)) };
}

/** Every environment of the lifecycle with whether the release may be deployed there now. */
export function environmentsInReach(lifecycle: Lifecycle, environments: Environment[], deployments: DeploymentOutcome[]): { environmentId: string; phase: string; available: boolean; succeeded: boolean }[] {
  const phases = effectivePhases(lifecycle, environments);
  const succeeded = new Set(deployments.filter((d) => d.state === 'Success').map((d) => d.environmentId));
  return progression(phases, succeeded).flatMap((p) =>
    p.phase.environmentIds.map((environmentId) => ({ environmentId, phase: p.phase.name, available: p.available, succeeded: succeeded.has(environmentId) })),
  );
}
