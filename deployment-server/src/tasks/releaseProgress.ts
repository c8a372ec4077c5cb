import type { Store } from '../db/store';
import { allInSpace, getDoc } from '../resources/repository';
import type { DeploymentResource, EnvironmentResource, ProjectResource, ReleaseResource } from '../resources/types';
import { getTask, type TaskRow } from './taskStore';
import { releaseLifecycle } from './deployments';

/**
 * What Octopus's release page shows: where the release may be deployed next
 * (`releases/{id}/deployments/template`) and its lifecycle progression, phase by phase
 * (`releases/{id}/progression`).
 */
export function deploymentTemplate(store: Store, release: ReleaseResource, project: ProjectResource) {
  const { progress } = releaseLifecycle(store, release, project);
  const environments = allInSpace<EnvironmentResource>(store, 'environments', release.SpaceId);
  const promoteTo = progress
    .filter((p) => p.available)
    .flatMap((p) => p.phase.environmentIds)
    .flatMap((id) => {
      const env = environments.find((e) => e.Id === id);
      return env ? [{ Id: env.Id, Name: env.Name, Links: { Self: `/api/${env.SpaceId}/environments/${env.Id}` } }] : [];
    });
  const current = store.value<number>('SELECT json_extract(json, \'$.Version\') FROM deployment_processes WHERE id = ?', project.DeploymentProcessId);
  const snapshot = store.value<number>('SELECT json_extract(json, \'$.Version\') FROM deployment_processes WHERE id = ?', release.ProjectDeploymentProcessSnapshotId);
  return {
    IsDeploymentProcessModified: current !== snapshot,
    DeploymentNotes: release.ReleaseNotes || null,
    IsVariableSetModified: false,
    IsLibraryVariableSetModified: false,
    PromoteTo: promoteTo,
    TenantPromotions: [],
    Links: { Self: `/api/${release.SpaceId}/releases/${release.Id}/deployments/template` },
  };
}

export function releaseProgression(store: Store, release: ReleaseResource, project: ProjectResource, present: (d: DeploymentResource) => unknown, presentTask: (t: TaskRow) => unknown) {
  const { lifecycle, progress } = releaseLifecycle(store, release, project);
  const deployments = store.docs<DeploymentResource>('SELECT json FROM deployments WHERE release_id = ? ORDER BY seq DESC', release.Id);
  const firstOpen = progress.findIndex((p) => p.available && !p.complete);
  const phases = progress.map((p, i) => {
    const source = lifecycle.Phases[i];
    return {
      Id: (source as { Id?: string } | undefined)?.Id ?? `phase-${i}`,
      Name: p.phase.name,
      AutomaticDeploymentTargets: p.phase.automaticIds,
      OptionalDeploymentTargets: p.phase.environmentIds.filter((id) => !p.phase.automaticIds.includes(id)),
      MinimumEnvironmentsBeforePromotion: p.phase.minimum,
      IsOptionalPhase: p.phase.optional,
      Blocked: !p.available,
      Progress: p.complete ? 'Complete' : i === firstOpen ? 'Current' : 'Pending',
      Deployments: deployments
        .filter((d) => p.phase.environmentIds.includes(d.EnvironmentId))
        .flatMap((d) => {
          const task = getTask(store, d.TaskId);
          return task ? [{ Deployment: present(d), Task: presentTask(task) }] : [];
        }),
    };
  });
  const next = progress.filter((p) => p.available && !p.complete).flatMap((p) => p.phase.environmentIds.filter((id) => !p.succeeded.includes(id)));
  const open = progress.find((p) => p.available && !p.complete);
  return {
    Phases: phases,
    NextDeployments: next,
    NextDeploymentsMinimumRequired: open ? (open.phase.minimum > 0 ? Math.max(0, open.phase.minimum - open.succeeded.length) : open.phase.environmentIds.length - open.succeeded.length) : 0,
  };
}

export function projectOfRelease(store: Store, release: ReleaseResource): ProjectResource | undefined {
  return getDoc<ProjectResource>(store, 'projects', release.SpaceId, release.ProjectId);
}
