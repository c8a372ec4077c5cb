import { MASK } from '../../../core/src/preview/index';
import { isSealed } from '../secrets/secretBox';
import { SERVER_VERSION } from '../version';
import type {
  ChannelResource,
  DeploymentProcessResource,
  DeploymentResource,
  EnvironmentResource,
  InterruptionResource,
  LibraryVariableSetResource,
  LifecycleResource,
  MachineResource,
  PackageResource,
  ProjectResource,
  PropertyValue,
  ReleaseResource,
  SpaceResource,
  VariableSetResource,
} from '../resources/types';
import type { TaskRow } from '../tasks/taskStore';

/**
 * Resources as the API sends them: with Octopus's `Links` (relative URI templates) and with
 * secrets hidden — sensitive variable values are `null` (as Octopus returns them) and sensitive
 * prompted values `********`.
 */
type WithLinks<T> = T & { Links: Record<string, string> };

const s = (spaceId: string) => `/api/${spaceId}`;

export function presentSpace(space: SpaceResource): WithLinks<SpaceResource> {
  const base = s(space.Id);
  return {
    ...space,
    Links: {
      Self: `/api/spaces/${space.Id}`,
      SpaceHome: base,
      Web: `/app#/${space.Id}`,
      Projects: `${base}/projects{/id}{?name,skip,ids,take,partialName,clonedFromProjectId}`,
      Environments: `${base}/environments{/id}{?name,skip,ids,take,partialName}`,
      Lifecycles: `${base}/lifecycles{/id}{?skip,take,ids,partialName}`,
      Releases: `${base}/releases{/id}{?skip,take,ids}`,
      Deployments: `${base}/deployments{/id}{?skip,take,ids,projects,environments,channels,taskState}`,
      Tasks: `${base}/tasks{/id}{?skip,take,ids,states,project,environment}`,
      Interruptions: `${base}/interruptions{/id}{?skip,take,regarding,pendingOnly,ids}`,
      Packages: `${base}/packages{/id}{?nuGetPackageId,filter,latest,skip,take}`,
      PackageUpload: `${base}/packages/raw{?replace,overwriteMode}`,
      Feeds: `${base}/feeds{/id}{?skip,take,ids,partialName,feedType}`,
      Machines: `${base}/machines{/id}{?skip,take,name,ids,partialName,roles,environmentIds}`,
      LibraryVariables: `${base}/libraryvariablesets{/id}{?skip,take,ids,partialName}`,
    },
  };
}

export function presentEnvironment(env: EnvironmentResource): WithLinks<EnvironmentResource> {
  const base = s(env.SpaceId);
  return { ...env, Links: { Self: `${base}/environments/${env.Id}`, Machines: `${base}/machines?environmentIds=${env.Id}`, Web: `/app#/${env.SpaceId}/infrastructure/environments/${env.Id}` } };
}

export function presentLifecycle(lifecycle: LifecycleResource): WithLinks<LifecycleResource> {
  const base = s(lifecycle.SpaceId);
  return { ...lifecycle, Links: { Self: `${base}/lifecycles/${lifecycle.Id}`, Projects: `${base}/lifecycles/${lifecycle.Id}/projects`, Web: `/app#/${lifecycle.SpaceId}/library/lifecycles/${lifecycle.Id}` } };
}

export function presentMachine(machine: MachineResource): WithLinks<MachineResource> {
  return { ...machine, Links: { Self: `${s(machine.SpaceId)}/machines/${machine.Id}`, Web: `/app#/${machine.SpaceId}/infrastructure/machines/${machine.Id}` } };
}

export function presentLibraryVariableSet(set: LibraryVariableSetResource): WithLinks<LibraryVariableSetResource> {
  const base = s(set.SpaceId);
  return { ...set, Links: { Self: `${base}/libraryvariablesets/${set.Id}`, Variables: `${base}/variables/${set.VariableSetId}` } };
}

export function presentProject(project: ProjectResource): WithLinks<ProjectResource> {
  const base = `${s(project.SpaceId)}/projects/${project.Id}`;
  return {
    ...project,
    Links: {
      Self: base,
      Releases: `${base}/releases{/version}{?skip,take,searchByVersion}`,
      Channels: `${base}/channels{/id}{?skip,take,partialName}`,
      DeploymentProcess: `${base}/deploymentprocesses`,
      Variables: `${base}/variables`,
      Deployments: `${s(project.SpaceId)}/deployments?projects=${project.Id}`,
      Lifecycle: `${s(project.SpaceId)}/lifecycles/${project.LifecycleId}`,
      Web: `/app#/${project.SpaceId}/projects/${project.Id}`,
    },
  };
}

export function presentChannel(channel: ChannelResource): WithLinks<ChannelResource> {
  const base = s(channel.SpaceId);
  return {
    ...channel,
    Links: {
      Self: `${base}/channels/${channel.Id}`,
      Project: `${base}/projects/${channel.ProjectId}`,
      Releases: `${base}/projects/${channel.ProjectId}/releases{?skip,take,searchByVersion}`,
      Web: `/app#/${channel.SpaceId}/projects/${channel.ProjectId}/deployments/channels/edit/${channel.Id}`,
    },
  };
}

/** Sensitive property values (`{HasValue, NewValue}`) are never sent back, as in Octopus. */
function hideSensitive(properties: Record<string, PropertyValue>): Record<string, PropertyValue> {
  const hidden = Object.entries(properties).map(([k, v]) => [k, v !== null && typeof v === 'object' ? { HasValue: v.HasValue || !!v.NewValue, Hint: v.Hint ?? null } : v]);
  return Object.fromEntries(hidden);
}

export function presentProcess(process: DeploymentProcessResource): WithLinks<DeploymentProcessResource> {
  const base = s(process.SpaceId);
  return {
    ...process,
    Steps: process.Steps.map((step) => ({ ...step, Properties: hideSensitive(step.Properties), Actions: step.Actions.map((a) => ({ ...a, Properties: hideSensitive(a.Properties) })) })),
    Links: {
      Self: `${base}/deploymentprocesses/${process.Id}`,
      Project: `${base}/projects/${process.ProjectId}`,
      Template: `${base}/deploymentprocesses/${process.Id}/template{?channel,releaseId}`,
    },
  };
}

export function presentVariableSet(set: VariableSetResource): WithLinks<VariableSetResource> {
  return {
    ...set,
    Variables: set.Variables.map((v) => (v.IsSensitive ? { ...v, Value: null } : v)),
    Links: { Self: `${s(set.SpaceId)}/variables/${set.Id}` },
  };
}

export function presentRelease(release: ReleaseResource): WithLinks<ReleaseResource> {
  const base = s(release.SpaceId);
  return {
    ...release,
    Links: {
      Self: `${base}/releases/${release.Id}`,
      Project: `${base}/projects/${release.ProjectId}`,
      Channel: `${base}/channels/${release.ChannelId}`,
      Deployments: `${base}/releases/${release.Id}/deployments{?skip,take}`,
      ProjectDeploymentProcessSnapshot: `${base}/deploymentprocesses/${release.ProjectDeploymentProcessSnapshotId}`,
      ProjectVariableSnapshot: `${base}/variables/${release.ProjectVariableSetSnapshotId}`,
      Web: `/app#/${release.SpaceId}/releases/${release.Id}`,
    },
  };
}

export function presentDeployment(deployment: DeploymentResource, sensitiveNames: Set<string>): WithLinks<DeploymentResource> {
  const base = s(deployment.SpaceId);
  const formValues = Object.fromEntries(Object.entries(deployment.FormValues).map(([k, v]) => [k, sensitiveNames.has(k.toLowerCase()) || isSealed(v) ? MASK : v]));
  return {
    ...deployment,
    FormValues: formValues,
    Links: {
      Self: `${base}/deployments/${deployment.Id}`,
      Release: `${base}/releases/${deployment.ReleaseId}`,
      Environment: `${base}/environments/${deployment.EnvironmentId}`,
      Project: `${base}/projects/${deployment.ProjectId}`,
      Task: `/api/tasks/${deployment.TaskId}`,
      Interruptions: `${base}/interruptions?regarding=${deployment.Id}`,
      DeploymentProcess: `${base}/deploymentprocesses/${deployment.DeploymentProcessId}`,
      Variables: `${base}/variables/${deployment.ManifestVariableSetId}`,
      Web: `/app#/${deployment.SpaceId}/deployments/${deployment.Id}`,
    },
  };
}

export interface ServerTask {
  Id: string;
  SpaceId: string;
  Name: string;
  Description: string;
  Arguments: Record<string, unknown>;
  State: string;
  Completed: string;
  QueueTime: string;
  QueueTimeExpiry: string | null;
  StartTime: string | null;
  LastUpdatedTime: string;
  CompletedTime: string | null;
  Duration: string;
  ErrorMessage: string;
  ServerNode: string | null;
  HasBeenPickedUpByProcessor: boolean;
  IsCompleted: boolean;
  FinishedSuccessfully: boolean;
  HasPendingInterruptions: boolean;
  PendingInterruptionTypes: string[];
  CanRerun: boolean;
  HasWarningsOrErrors: boolean;
  ProjectId: string | null;
  EstimatedRemainingQueueDurationSeconds: number;
  Links: Record<string, string>;
}

const COMPLETED = new Set(['Success', 'Failed', 'Canceled', 'TimedOut']);

export function presentTask(task: TaskRow): ServerTask {
  const base = s(task.space_id);
  const isCompleted = COMPLETED.has(task.state);
  const args = JSON.parse(task.arguments) as Record<string, unknown>;
  return {
    Id: task.id,
    SpaceId: task.space_id,
    Name: task.name,
    Description: task.description,
    Arguments: Object.fromEntries(Object.entries(args).filter(([k]) => !k.startsWith('_'))),
    State: task.state,
    Completed: task.completed_time ? humanDate(task.completed_time) : '',
    QueueTime: task.queue_time,
    QueueTimeExpiry: (args._noRunAfter as string | undefined) ?? null,
    StartTime: task.start_time,
    LastUpdatedTime: task.last_updated,
    CompletedTime: task.completed_time,
    Duration: duration(task.start_time, task.completed_time ?? (task.start_time ? new Date().toISOString() : null)),
    ErrorMessage: task.error_message ?? '',
    ServerNode: task.start_time ? 'stepwise' : null,
    HasBeenPickedUpByProcessor: task.start_time !== null,
    IsCompleted: isCompleted,
    FinishedSuccessfully: task.state === 'Success',
    HasPendingInterruptions: task.pending > 0,
    PendingInterruptionTypes: task.pending > 0 ? ['ManualIntervention'] : [],
    CanRerun: false,
    HasWarningsOrErrors: task.has_warnings_or_errors === 1,
    ProjectId: task.project_id,
    EstimatedRemainingQueueDurationSeconds: 0,
    Links: {
      Self: `${base}/tasks/${task.id}`,
      Web: `/app#/${task.space_id}/tasks/${task.id}`,
      Raw: `${base}/tasks/${task.id}/raw`,
      Details: `${base}/tasks/${task.id}/details{?verbose,tail}`,
      Cancel: `/api/tasks/${task.id}/cancel`,
      Interruptions: `${base}/interruptions?regarding=${task.id}`,
    },
  };
}

export function presentInterruption(interruption: InterruptionResource): WithLinks<InterruptionResource> {
  const base = `${s(interruption.SpaceId)}/interruptions/${interruption.Id}`;
  const { Result: _result, ...rest } = interruption;
  return { ...rest, Links: { Self: base, Submit: `${base}/submit`, Responsible: `${base}/responsible` } };
}

export function presentPackage(pkg: PackageResource): WithLinks<PackageResource> {
  const base = `${s(pkg.SpaceId)}/packages/${pkg.Id}`;
  return { ...pkg, Links: { Self: base, Raw: `${base}/raw`, Feed: `${s(pkg.SpaceId)}/feeds/${pkg.FeedId}` } };
}

export function rootDocument(installationId: string) {
  return {
    Application: 'Stepwise deployment server (Octopus Deploy REST API subset)',
    Version: SERVER_VERSION,
    ApiVersion: '3.0.0',
    InstallationId: installationId,
    IsEarlyAccessProgram: false,
    HasLongTermSupport: false,
    Links: {
      Self: '/api',
      Spaces: '/api/spaces{/id}{?skip,ids,take,partialName}',
      CurrentUser: '/api/users/me',
      Projects: '/api/projects{/id}{?name,skip,ids,take,partialName}',
      Environments: '/api/environments{/id}{?name,skip,ids,take,partialName}',
      Lifecycles: '/api/lifecycles{/id}{?skip,take,ids,partialName}',
      Releases: '/api/releases{/id}{?skip,take,ids}',
      Deployments: '/api/deployments{/id}{?skip,take,ids,projects,environments,channels,taskState}',
      Tasks: '/api/tasks{/id}{?skip,take,ids,states,project,environment}',
      Interruptions: '/api/interruptions{/id}{?skip,take,regarding,pendingOnly,ids}',
      Packages: '/api/packages{/id}{?nuGetPackageId,filter,latest,skip,take}',
      PackageUpload: '/api/packages/raw{?replace,overwriteMode}',
    },
  };
}

/** "Tuesday, 03 June 2025 10:00:00 +00:00", as Octopus words `Completed`. */
export function humanDate(iso: string): string {
  const d = new Date(iso);
  const day = d.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
  const date = d.toLocaleDateString('en-GB', { day: '2-digit', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `${day}, ${date} ${iso.slice(11, 19)} +00:00`;
}

export function duration(start: string | null, end: string | null): string {
  if (!start || !end) return '';
  const ms = Math.max(0, Date.parse(end) - Date.parse(start));
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? '1 hour' : `${hours} hours`;
}
