import { presentTemplates } from '../resources/tenants';
import { MASK } from '@stepwise/core/preview';
import { SERVER_USER } from '../resources/types';
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
  TenantResource,
  PropertyValue,
  ReleaseResource,
  RunbookResource,
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
      Logo: `/api/spaces/${space.Id}/logo`,
      Search: `/api/spaces/${space.Id}/search{?keyword}`,
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
  const self = `${base}/environments/${env.Id}`;
  return {
    ...env,
    Links: {
      Self: self,
      Machines: `${self}/machines{?skip,take,partialName,roles,isDisabled,healthStatuses,commStyles,tenantIds,tenantTags,shellNames}`,
      SinglyScopedVariableDetails: `${self}/singlyScopedVariableDetails`,
      Metadata: `${self}/metadata`,
      Web: `/app#/${env.SpaceId}/infrastructure/environments/${env.Id}`,
    },
  };
}

export function presentLifecycle(lifecycle: LifecycleResource) {
  const base = s(lifecycle.SpaceId);
  const self = `${base}/lifecycles/${lifecycle.Id}`;
  // A phase without its own retention policies inherits the lifecycle's: the field is left out, not null.
  const phases = lifecycle.Phases.map((phase) => {
    const { ReleaseRetentionPolicy, TentacleRetentionPolicy, ...rest } = phase as typeof phase & {
      ReleaseRetentionPolicy?: unknown;
      TentacleRetentionPolicy?: unknown;
    };
    return { ...rest, ...optional({ ReleaseRetentionPolicy, TentacleRetentionPolicy }) };
  });
  return {
    ...lifecycle,
    Phases: phases,
    Links: {
      Self: self,
      Preview: `${self}/preview`,
      Projects: `${self}/projects`,
      Web: `/app#/${lifecycle.SpaceId}/library/lifecycles/${lifecycle.Id}`,
    },
  };
}

export function presentMachine(machine: MachineResource) {
  const endpoint = {
    CommunicationStyle: 'None',
    Id: `endpoint-${machine.Id}`,
    Name: 'Stepwise server (local)',
    Links: {},
  };
  return {
    ...machine,
    Endpoint: endpoint,
    HasLatestCalamari: true,
    Links: {
      Self: `${s(machine.SpaceId)}/machines/${machine.Id}`,
      Web: `/app#/${machine.SpaceId}/infrastructure/machines/${machine.Id}`,
    },
  };
}

export function presentLibraryVariableSet(set: LibraryVariableSetResource): WithLinks<LibraryVariableSetResource> {
  const base = s(set.SpaceId);
  return {
    ...set,
    Templates: presentTemplates(set.Templates),
    Links: { Self: `${base}/libraryvariablesets/${set.Id}`, Variables: `${base}/variables/${set.VariableSetId}` },
  };
}

export function presentTenant(tenant: TenantResource) {
  const base = `${s(tenant.SpaceId)}/tenants/${tenant.Id}`;
  return {
    ...tenant,
    Links: { Self: base, Variables: `${base}/variables`, Web: `/app#/${tenant.SpaceId}/tenants/${tenant.Id}` },
  };
}

export function presentProject(project: ProjectResource) {
  const base = `${s(project.SpaceId)}/projects/${project.Id}`;
  return {
    ...project,
    Templates: presentTemplates(project.Templates),
    // Octopus's type: text, not null (a project not cloned from another has '').
    ClonedFromProjectId: project.ClonedFromProjectId ?? '',
    // No automatic release creation: an empty package choice (Octopus's type has the object).
    ReleaseCreationStrategy: {
      ReleaseCreationPackage: { DeploymentAction: '' },
      ...optional({
        ChannelId: project.ReleaseCreationStrategy.ChannelId,
        ReleaseCreationPackageStepId: project.ReleaseCreationStrategy.ReleaseCreationPackageStepId,
      }),
    },
    Links: {
      Self: base,
      Releases: `${base}/releases{/version}{?skip,take,searchByVersion}`,
      Channels: `${base}/channels{/id}{?skip,take,partialName}`,
      DeploymentProcess: `${base}/deploymentprocesses`,
      Variables: `${base}/variables`,
      DeploymentSettings: `${base}/deploymentsettings`,
      Deployments: `${s(project.SpaceId)}/deployments?projects=${project.Id}`,
      Lifecycle: `${s(project.SpaceId)}/lifecycles/${project.LifecycleId}`,
      Progression: `${s(project.SpaceId)}/progression/${project.Id}{?aggregate}`,
      OrderChannels: `${base}/channels/order`,
      Branches: `${base}/git/branches{/name}{?skip,take,searchByName,refresh}`,
      Metadata: `${base}/metadata`,
      Logo: `${base}/logo`,
      Summary: `${base}/summary`,
      Runbooks: `${base}/runbooks{?skip,take,partialName}`,
      RunbookSnapshots: `${base}/runbookSnapshots{/name}{?skip,take,searchByName}`,
      RunbookTaskRunDashboardItemsTemplate: `${s(project.SpaceId)}/progression/runbooks/taskRuns{?skip,take,ids,projectIds,runbookIds,environmentIds,tenantIds,taskIds}`,
      Triggers: `${base}/triggers{?skip,take,partialName,triggerActionType,triggerActionCategory,runbooks}`,
      ScheduledTriggers: `${base}/triggers{?skip,take,partialName,triggerActionType,triggerActionCategory,runbooks}`,
      Web: `/app#/${project.SpaceId}/projects/${project.Id}`,
    },
  };
}

export function presentChannel(channel: ChannelResource) {
  const base = s(channel.SpaceId);
  return {
    ...channel,
    // Octopus sends each version rule as a resource of its own, with (empty) Links.
    Rules: channel.Rules.map((rule) => ({ ...rule, Links: {} })),
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
  const hidden = Object.entries(properties).map(([k, v]) => [
    k,
    v !== null && typeof v === 'object' ? { HasValue: v.HasValue || !!v.NewValue, Hint: v.Hint ?? null } : v,
  ]);
  return Object.fromEntries(hidden);
}

/**
 * Octopus's types mark some fields optional (`LastSnapshotId?`, `QueueTime?`, `TenantId?`):
 * they are left out rather than sent as null.
 */
function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

export function presentProcess(process: DeploymentProcessResource) {
  const base = s(process.SpaceId);
  const { LastSnapshotId: _last, ...rest } = process;
  return {
    ...rest,
    ...optional({ LastSnapshotId: process.LastSnapshotId }),
    Steps: process.Steps.map((step) => ({
      ...step,
      Properties: hideSensitive(step.Properties),
      Actions: step.Actions.map((a) => ({ ...a, Properties: hideSensitive(a.Properties), Links: {} })),
      Links: {},
    })),
    Links: {
      Self: `${base}/deploymentprocesses/${process.Id}`,
      Project: `${base}/projects/${process.ProjectId}`,
      Template: `${base}/deploymentprocesses/${process.Id}/template{?channel,releaseId}`,
      Validation: `${base}/deploymentprocesses/${process.Id}/validate`,
    },
  };
}

export function presentVariableSet(set: VariableSetResource) {
  return {
    ...set,
    Variables: set.Variables.map((v) => {
      const { Description, ...rest } = v as typeof v & { Description?: string | null };
      return { ...rest, ...optional({ Description }), ...(v.IsSensitive ? { Value: null } : {}) };
    }),
    Links: { Self: `${s(set.SpaceId)}/variables/${set.Id}` },
  };
}

export function presentRelease(release: ReleaseResource) {
  const base = s(release.SpaceId);
  return {
    ...release,
    // Octopus's type has a reference object; a database project's is empty.
    VersionControlReference: release.VersionControlReference ?? {},
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

export function presentDeployment(deployment: DeploymentResource, sensitiveNames: Set<string>) {
  const base = s(deployment.SpaceId);
  const formValues = Object.fromEntries(
    Object.entries(deployment.FormValues).map(([k, v]) => [
      k,
      sensitiveNames.has(k.toLowerCase()) || isSealed(v) ? MASK : v,
    ]),
  );
  const { QueueTime, QueueTimeExpiry, TenantId, ...rest } = deployment;
  return {
    ...rest,
    ...optional({ QueueTime, QueueTimeExpiry, TenantId }),
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
  QueueTimeExpiry?: string;
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
    ...optional({ QueueTimeExpiry: args._noRunAfter as string | undefined }),
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

export function presentInterruption(interruption: InterruptionResource) {
  const base = `${s(interruption.SpaceId)}/interruptions/${interruption.Id}`;
  const { Result: _result, ...rest } = interruption;
  const values = Object.fromEntries(Object.entries(interruption.Form.Values).filter(([, v]) => v !== null));
  // Octopus's type has ResponsibleUserId as text: nobody responsible yet is ''.
  return {
    ...rest,
    ResponsibleUserId: interruption.ResponsibleUserId ?? '',
    Form: { ...interruption.Form, Values: values },
    Links: { Self: base, Submit: `${base}/submit`, Responsible: `${base}/responsible` },
  };
}

export function presentPackage(pkg: PackageResource): WithLinks<PackageResource> {
  const base = `${s(pkg.SpaceId)}/packages/${pkg.Id}`;
  return { ...pkg, Links: { Self: base, Raw: `${base}/raw`, Feed: `${s(pkg.SpaceId)}/feeds/${pkg.FeedId}` } };
}

export const ADMIN_TEAM_ID = 'Teams-1';

export function presentUser() {
  const self = `/api/users/${SERVER_USER.Id}`;
  return {
    ...SERVER_USER,
    Identities: [],
    Links: {
      Self: self,
      Permissions: `${self}/permissions`,
      PermissionsConfiguration: `${self}/permissions/configuration`,
      Spaces: `${self}/spaces`,
      Teams: `${self}/teams{?spaceId,includeSystem}`,
      ApiKeys: `${self}/apikeys{/id}{?skip,take}`,
    },
  };
}

export function presentTeam() {
  return {
    Id: ADMIN_TEAM_ID,
    Name: 'Octopus Administrators',
    Description: "Whoever holds the Stepwise server's API key.",
    SpaceId: null,
    MemberUserIds: [SERVER_USER.Id],
    ExternalSecurityGroups: [],
    CanBeDeleted: false,
    CanBeRenamed: false,
    CanChangeMembers: false,
    CanChangeRoles: false,
    Links: { Self: `/api/teams/${ADMIN_TEAM_ID}`, Users: `/api/teams/${ADMIN_TEAM_ID}/users` },
  };
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
      ...OCTOPUS_ROOT_LINKS,
    },
  };
}

/**
 * The rest of Octopus's root links (its `RootResource` has them all). Most point at features this
 * server does not have (licences, SMTP, events…): a client that follows one gets a 404 in
 * Octopus's error shape, as from an Octopus without that feature.
 */
const OCTOPUS_ROOT_LINKS = {
  Authentication: '/api/authentication',
  AzureEnvironments: '/api/accounts/azureenvironments',
  CertificateConfiguration: '/api/configuration/certificates{/id}{?skip,take}',
  CloudTemplate: '/api/cloudtemplate/{id}/metadata{?packageUri,packageId}',
  CommunityActionTemplates: '/api/communityactiontemplates{/id}{?skip,take,ids}',
  Configuration: '/api/configuration{/id}',
  CurrentLicense: '/api/licenses/licenses-current',
  CurrentLicenseStatus: '/api/licenses/licenses-current-status',
  DynamicExtensionsFeaturesMetadata: '/api/dynamic-extensions/features/metadata',
  DynamicExtensionsFeaturesValues: '/api/dynamic-extensions/features/values',
  DynamicExtensionsScripts: '/api/dynamic-extensions/scripts',
  EventAgents: '/api/events/agents',
  EventCategories: '/api/events/categories{?appliedOperationsOnly}',
  EventDocumentTypes: '/api/events/documenttypes',
  EventGroups: '/api/events/groups{?appliedOperationsOnly}',
  Events:
    '/api/events{/id}{?skip,regarding,regardingAny,user,users,projects,projectGroups,environments,eventGroups,eventCategories,eventAgents,tags,tenants,from,to,internal,fromAutoId,toAutoId,documentTypes,asCsv,take,ids,spaces,includeSystem,excludeDifference}',
  ExtensionStats: '/api/serverstatus/extensions',
  ExternalSecurityGroupProviders: '/api/externalgroups/providers',
  ExternalUserSearch: '/api/users/external-search{?partialName}',
  FeaturesConfiguration: '/api/featuresconfiguration',
  Invitations: '/api/users/invitations',
  IssueTrackers: '/api/issuetrackers{?skip,take,ids,partialName}',
  JiraConnectAppCredentialsTest: '/api/jiraintegration/connectapp/credentials/test',
  JiraCredentialsTest: '/api/jiraintegration/credentials/test',
  LoginInitiated: '/api/users/authentication/loginInitiated',
  MaintenanceConfiguration: '/api/maintenanceconfiguration',
  MigrationsImport: '/api/migrations/import',
  MigrationsPartialExport: '/api/migrations/partialexport',
  OctopusServerClusterSummary: '/api/octopusservernodes/summary',
  OctopusServerNodes: '/api/octopusservernodes{/id}{?skip,take,ids,partialName}',
  PerformanceConfiguration: '/api/performanceconfiguration',
  PermissionDescriptions: '/api/permissions/all',
  Register: '/api/users/register',
  RetentionDefaultConfiguration: '/api/configuration/retention-default',
  Scheduler: '/api/scheduler{/name}{/verb}{?verbose,tail}',
  ScopedUserRoles: '/api/scopeduserroles{/id}{?skip,take,ids,partialName,spaces,includeSystem}',
  ServerConfiguration: '/api/serverconfiguration',
  ServerConfigurationSettings: '/api/serverconfiguration/settings',
  ServerHealthStatus: '/api/serverstatus/health',
  ServerStatus: '/api/serverstatus',
  SignIn: '/api/users/login{?returnUrl}',
  SignOut: '/api/users/logout',
  SmtpConfiguration: '/api/smtpconfiguration',
  SmtpIsConfigured: '/api/smtpconfiguration/isconfigured',
  SpaceHome: '/api/{spaceId}',
  StepPackageDeploymentTargetTypes: '/api/steps/deploymenttargets',
  TaskTypes: '/api/tasks/tasktypes',
  TeamMembership: '/api/teammembership{?userId,spaces,includeSystem}',
  TeamMembershipPreviewTeam: '/api/teammembership/previewteam',
  Teams: '/api/teams{/id}{?skip,take,ids,partialName,spaces,includeSystem}',
  Timezones: '/api/serverstatus/timezones',
  UpgradeConfiguration: '/api/upgradeconfiguration',
  UserAuthentication: '/api/users/authentication{/userId}',
  UserIdentityMetadata: '/api/users/identity-metadata',
  UserRoles: '/api/userroles{/id}{?skip,take,ids,partialName}',
  Users: '/api/users{/id}{?skip,take,ids,filter}',
  VersionControlClearCache: '/api/configuration/versioncontrol/clear-cache',
  Web: '/app',
  WorkerToolsLatestImages: '/api/workertoolslatestimages',
} as const;

// Made once: `toLocaleDateString` with options builds a new formatter on every call (about a
// millisecond each), which made reading a task cost several times listing projects.
const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' });
const DAY_MONTH_YEAR = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Tuesday, 03 June 2025 10:00:00 +00:00", as Octopus words `Completed`. */
export function humanDate(iso: string): string {
  const d = new Date(iso);
  return `${WEEKDAY.format(d)}, ${DAY_MONTH_YEAR.format(d)} ${iso.slice(11, 19)} +00:00`;
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

export function presentRunbook(runbook: RunbookResource) {
  const base = s(runbook.SpaceId);
  const self = `${base}/runbooks/${runbook.Id}`;
  const { PublishedRunbookSnapshotId, ...rest } = runbook;
  return {
    ...rest,
    ...optional({ PublishedRunbookSnapshotId }),
    Links: {
      Self: self,
      Template: `${self}/runbookSnapshotTemplate`,
      Project: `${base}/projects/${runbook.ProjectId}`,
      RunbookSnapshotTemplate: `${self}/runbookSnapshotTemplate`,
      RunbookRunTemplate: `${self}/runbookRunTemplate/{runbookSnapshotId}`,
      RunbookRunPreview: `${base}/runbooks/${runbook.Id}/runbookRuns/preview/{environment}{?includeDisabledSteps}`,
      RunbookRunTenantPreview: `${base}/runbooks/${runbook.Id}/runbookRuns/preview/{environment}/{tenant}`,
      RunbookSnapshots: `${self}/runbookSnapshots{/name}{?skip,take,searchByName}`,
      CreateRunbookRun: `${base}/runbookRuns`,
      RunbookProcesses: `${base}/runbookProcesses/${runbook.RunbookProcessId}`,
      Progression: `${self}/progression`,
      TaskRunDashboardItemsTemplate: `${base}/progression/runbooks/taskRuns{?skip,take,ids,projectIds,runbookIds,environmentIds,tenantIds,taskIds}`,
    },
  };
}

/** A runbook's process: a deployment process with the runbook it belongs to. */
export function presentRunbookProcess(process: DeploymentProcessResource, runbookId: string) {
  const base = s(process.SpaceId);
  const presented = presentProcess(process);
  return {
    ...presented,
    RunbookId: runbookId,
    Links: {
      Self: `${base}/runbookProcesses/${process.Id}`,
      Project: `${base}/projects/${process.ProjectId}`,
      Runbook: `${base}/runbooks/${runbookId}`,
      Template: `${base}/runbookProcesses/${process.Id}/runbookSnapshotTemplate`,
      RunbookSnapshotTemplate: `${base}/runbookProcesses/${process.Id}/runbookSnapshotTemplate`,
      Validation: `${base}/runbookProcesses/${process.Id}/validate`,
    },
  };
}
