import type { Store } from '../db/store';
import type { PackageFeed } from '../packages/feed';
import { compareVersions, nextPatch } from '@stepwise/core/octopus/versions';
import { getProcess, getVariableSet } from '../resources/documents';
import { allInSpace, getDoc } from '../resources/repository';
import {
  BUILT_IN_FEED_ID,
  type DeploymentProcessResource,
  type DeploymentResource,
  type EnvironmentResource,
  type MachineResource,
  type ProjectResource,
  type ReleaseResource,
} from '../resources/types';
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
  const current = store.value<number>(
    "SELECT json_extract(json, '$.Version') FROM deployment_processes WHERE id = ?",
    project.DeploymentProcessId,
  );
  const snapshot = store.value<number>(
    "SELECT json_extract(json, '$.Version') FROM deployment_processes WHERE id = ?",
    release.ProjectDeploymentProcessSnapshotId,
  );
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

export function releaseProgression(
  store: Store,
  release: ReleaseResource,
  project: ProjectResource,
  present: (d: DeploymentResource) => unknown,
  presentTask: (t: TaskRow) => unknown,
) {
  const { lifecycle, progress } = releaseLifecycle(store, release, project);
  const deployments = store.docs<DeploymentResource>(
    'SELECT json FROM deployments WHERE release_id = ? ORDER BY seq DESC',
    release.Id,
  );
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
  const next = progress
    .filter((p) => p.available && !p.complete)
    .flatMap((p) => p.phase.environmentIds.filter((id) => !p.succeeded.includes(id)));
  const open = progress.find((p) => p.available && !p.complete);
  return {
    Phases: phases,
    NextDeployments: next,
    NextDeploymentsMinimumRequired: open
      ? open.phase.minimum > 0
        ? Math.max(0, open.phase.minimum - open.succeeded.length)
        : open.phase.environmentIds.length - open.succeeded.length
      : 0,
  };
}

export function projectOfRelease(store: Store, release: ReleaseResource): ProjectResource | undefined {
  return getDoc<ProjectResource>(store, 'projects', release.SpaceId, release.ProjectId);
}

/**
 * `GET deploymentprocesses/{id}/template{?channel}`: what a new release needs — every package a
 * step deploys, with the version the last release chose, and the next version (what Octopus's
 * REST examples read before `POST releases`).
 */
export function releaseTemplate(
  store: Store,
  feed: PackageFeed,
  process: DeploymentProcessResource,
  project: ProjectResource,
) {
  const last = store.doc<ReleaseResource>(
    'SELECT json FROM releases WHERE project_id = ? ORDER BY seq DESC LIMIT 1',
    project.Id,
  );
  const lastVersions = store
    .rows<{ version: string }>('SELECT version FROM releases WHERE project_id = ?', project.Id)
    .map((r) => r.version);
  const newest = lastVersions.sort(compareVersions).at(-1);
  const packages = process.Steps.flatMap((step) =>
    step.Actions.filter((a) => !a.IsDisabled).flatMap((action) =>
      (action.Packages ?? []).map((reference) => ({
        ActionName: action.Name,
        StepName: step.Name,
        PackageReferenceName: reference.Name ?? '',
        PackageId: reference.PackageId,
        ProjectName: project.Name,
        FeedId: reference.FeedId,
        FeedName: reference.FeedId === BUILT_IN_FEED_ID ? 'Octopus Server (built-in)' : reference.FeedId,
        VersionSelectedLastRelease:
          last?.SelectedPackages.find(
            (p) => p.ActionName === action.Name && (p.PackageReferenceName ?? '') === (reference.Name ?? ''),
          )?.Version ?? '',
        IsResolvable: reference.FeedId === BUILT_IN_FEED_ID && !!feed.latest(process.SpaceId, reference.PackageId),
      })),
    ),
  );
  const base = `/api/${process.SpaceId}`;
  return {
    DeploymentProcessId: process.Id,
    LastReleaseVersion: newest ?? null,
    NextVersionIncrement: nextPatch(newest),
    VersioningPackageStepName: null,
    Packages: packages,
    Links: {
      Self: `${base}/deploymentprocesses/${process.Id}/template`,
      ...(last ? { LastRelease: `${base}/releases/${last.Id}` } : {}),
    },
  };
}

/**
 * `GET releases/{id}/deployments/preview/{environmentId}`: the steps that would run there (with
 * their targets) and the form of prompted variables, whose element names are the variables' ids
 * (what `FormValues` takes).
 */
export function deploymentPreview(
  store: Store,
  release: ReleaseResource,
  environment: EnvironmentResource,
  includeDisabled: boolean,
) {
  const process = getProcess(store, release.SpaceId, release.ProjectDeploymentProcessSnapshotId);
  const machines = allInSpace<MachineResource>(store, 'machines', release.SpaceId).filter(
    (m) => m.EnvironmentIds.includes(environment.Id) && !m.IsDisabled,
  );
  const steps = (process?.Steps ?? []).flatMap((step, i) => {
    const roles = (String(step.Properties['Octopus.Action.TargetRoles'] ?? '') || '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    const targets = roles.length ? machines.filter((m) => m.Roles.some((r) => roles.includes(r))) : [];
    return step.Actions.filter((a) => includeDisabled || !a.IsDisabled).map((action, j) => ({
      ActionId: action.Id,
      ActionName: action.Name,
      ActionNumber: step.Actions.length > 1 ? `${i + 1}.${j + 1}` : `${i + 1}`,
      Roles: roles,
      Machines: targets.map((m) => ({
        Id: m.Id,
        Name: m.Name,
        HasLatestCalamari: true,
        HealthStatus: m.HealthStatus,
        Links: { Self: `/api/${m.SpaceId}/machines/${m.Id}` },
      })),
      CanBeSkipped: !action.IsRequired,
      IsDisabled: action.IsDisabled,
      HasNoApplicableMachines: roles.length > 0 && targets.length === 0,
      UnavailableMachines: [],
      ExcludedMachines: [],
    }));
  });
  const variables = getVariableSet(store, release.SpaceId, release.ProjectVariableSetSnapshotId)?.Variables ?? [];
  const prompted = variables.filter((v) => v.Prompt);
  return {
    StepsToExecute: steps,
    Form: {
      Values: Object.fromEntries(
        prompted.filter((v) => !v.IsSensitive && v.Value).map((v) => [v.Id, v.Value as string]),
      ),
      Elements: prompted.map((v) => ({
        Name: v.Id,
        Control: {
          Type: 'VariableValue',
          Name: v.Name,
          Label: v.Prompt?.Label || v.Name,
          Description: v.Prompt?.Description ?? '',
          Required: !!v.Prompt?.Required,
          DisplaySettings: v.Prompt?.DisplaySettings ?? {},
        },
        IsValueRequired: !!v.Prompt?.Required,
      })),
    },
    UseGuidedFailureModeByDefault: environment.UseGuidedFailure,
    Changes: [
      {
        Version: release.Version,
        ReleaseNotes: release.ReleaseNotes,
        WorkItems: [],
        Commits: [],
        BuildInformation: [],
      },
    ],
    ChangesMarkdown: release.ReleaseNotes ? `## ${release.Version}\n\n${release.ReleaseNotes}\n` : '',
    Links: { Self: `/api/${release.SpaceId}/releases/${release.Id}/deployments/preview/${environment.Id}` },
  };
}
