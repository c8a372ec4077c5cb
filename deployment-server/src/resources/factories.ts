import { slugify } from '@stepwise/core/octopus/toApiResources';
import type {
  ChannelResource,
  EnvironmentResource,
  LibraryVariableSetResource,
  MachineResource,
  ProjectResource,
  VariableSetResource,
} from './types';

/** New resources with Octopus's defaults for every field the file format does not set. */

export function environmentResource(
  id: string,
  spaceId: string,
  name: string,
  sortOrder: number,
  existing?: EnvironmentResource,
): EnvironmentResource {
  return {
    Id: id,
    SpaceId: spaceId,
    Name: name,
    Slug: slugify(name),
    Description: existing?.Description ?? '',
    SortOrder: sortOrder,
    UseGuidedFailure: false,
    AllowDynamicInfrastructure: true,
    ExtensionSettings: [],
  };
}

export function machineResource(
  id: string,
  spaceId: string,
  name: string,
  roles: string[],
  environmentIds: string[],
): MachineResource {
  return {
    Id: id,
    SpaceId: spaceId,
    Name: name,
    Slug: slugify(name),
    Roles: roles,
    EnvironmentIds: environmentIds,
    TenantIds: [],
    TenantTags: [],
    TenantedDeploymentParticipation: 'Untenanted',
    IsDisabled: false,
    MachinePolicyId: 'MachinePolicies-1',
    HealthStatus: 'Healthy',
    Status: 'Online',
    StatusSummary:
      'Runs on the Stepwise server itself: scripts for this target run locally with Octopus.Machine.Name set to it.',
    IsInProcess: true,
    Endpoint: { CommunicationStyle: 'None', Id: null },
  };
}

export function libraryVariableSetResource(id: string, spaceId: string, name: string): LibraryVariableSetResource {
  return {
    Id: id,
    SpaceId: spaceId,
    Name: name,
    Description: '',
    VariableSetId: `variableset-${id}`,
    ContentType: 'Variables',
    Templates: [],
  };
}

export function projectResource(
  id: string,
  spaceId: string,
  name: string,
  lifecycleId: string,
  includedSets: string[],
  existing?: ProjectResource,
): ProjectResource {
  return {
    Id: id,
    SpaceId: spaceId,
    Name: name,
    Slug: slugify(name),
    Description: existing?.Description ?? '',
    ProjectGroupId: 'ProjectGroups-1',
    LifecycleId: lifecycleId,
    VariableSetId: `variableset-${id}`,
    DeploymentProcessId: `deploymentprocess-${id}`,
    IsDisabled: false,
    DiscreteChannelRelease: false,
    IncludedLibraryVariableSetIds: includedSets,
    TenantedDeploymentMode: 'Untenanted',
    DefaultGuidedFailureMode: 'EnvironmentDefault',
    ReleaseCreationStrategy: { ReleaseCreationPackage: null, ChannelId: null, ReleaseCreationPackageStepId: null },
    VersioningStrategy: {
      Template: '#{Octopus.Version.LastMajor}.#{Octopus.Version.LastMinor}.#{Octopus.Version.NextPatch}',
      DonorPackage: null,
      DonorPackageStepId: null,
    },
    Templates: [],
    AutoDeployReleaseOverrides: [],
    AutoCreateRelease: false,
    ClonedFromProjectId: null,
    ExtensionSettings: [],
    IsVersionControlled: false,
    PersistenceSettings: { Type: 'Database' },
    DefaultToSkipIfAlreadyInstalled: false,
    ReleaseNotesTemplate: null,
    LastModifiedOn: new Date().toISOString(),
  };
}

export function channelResource(
  id: string,
  spaceId: string,
  projectId: string,
  name: string,
  lifecycleId: string | null,
  isDefault: boolean,
): ChannelResource {
  return {
    Id: id,
    SpaceId: spaceId,
    ProjectId: projectId,
    Name: name,
    Slug: slugify(name),
    Description: '',
    IsDefault: isDefault,
    LifecycleId: lifecycleId,
    Rules: [],
    TenantTags: [],
    GitReferenceRules: [],
  };
}

/** A project's variable set with no variables: a new project's, or a release's whose snapshot is gone. */
export function emptyVariableSet(spaceId: string, ownerId: string): VariableSetResource {
  return {
    Id: `variableset-${ownerId}`,
    SpaceId: spaceId,
    OwnerId: ownerId,
    Version: 0,
    Variables: [],
    ScopeValues: {
      Environments: [],
      Machines: [],
      Roles: [],
      Channels: [],
      Actions: [],
      TenantTags: [],
      Processes: [],
    },
  };
}
