/**
 * The Octopus REST resources as the server stores and returns them (PascalCase, Octopus ids).
 * Shapes follow the api-client 3.11 types and the Octopus API docs; `Links` are added when a
 * resource is sent (api/links.ts), never stored.
 */
import type { TaskState } from '@stepwise/core/octopus/apiResources';

// The resources a process or space file maps onto are the engine's (one definition for the
// import, the API and the language server); the rest are the server's own.
export { BUILT_IN_FEED_ID } from '@stepwise/core/octopus/apiResources';
export type {
  DeploymentActionResource,
  DeploymentProcessResource,
  DeploymentStepResource,
  LifecycleResource,
  PackageReferenceResource,
  PackageRequirement,
  PhaseResource,
  PropertyValue,
  ReferenceDataItem,
  RetentionPeriod,
  StepConditionValue,
  StepStartTrigger,
  TaskState,
  VariablePromptResource,
  VariableResource,
  VariableScopeResource,
  VariableSetResource,
} from '@stepwise/core/octopus/apiResources';

export interface SpaceResource {
  Id: string;
  Name: string;
  Slug: string;
  Description: string;
  IsDefault: boolean;
  IsPrivate: boolean;
  TaskQueueStopped: boolean;
  SpaceManagersTeams: string[];
  SpaceManagersTeamMembers: string[];
  ExtensionSettings: unknown[];
  LastModifiedOn: string;
}

export interface EnvironmentResource {
  Id: string;
  SpaceId: string;
  Name: string;
  Slug: string;
  Description: string;
  SortOrder: number;
  UseGuidedFailure: boolean;
  AllowDynamicInfrastructure: boolean;
  ExtensionSettings: unknown[];
}

export interface MachineResource {
  Id: string;
  SpaceId: string;
  Name: string;
  Slug: string;
  Roles: string[];
  EnvironmentIds: string[];
  TenantIds: string[];
  TenantTags: string[];
  TenantedDeploymentParticipation: 'Untenanted';
  IsDisabled: boolean;
  MachinePolicyId: string;
  HealthStatus: 'Healthy';
  Status: 'Online';
  StatusSummary: string;
  IsInProcess: boolean;
  Endpoint: { CommunicationStyle: 'None'; Id: null };
}

export interface LibraryVariableSetResource {
  Id: string;
  SpaceId: string;
  Name: string;
  Description: string;
  VariableSetId: string;
  ContentType: 'Variables';
  Templates: VariableTemplateResource[];
}

/**
 * A variable template (Octopus `ActionTemplateParameterResource` in `Project.Templates` and
 * `LibraryVariableSet.Templates`). A sensitive default is stored sealed and sent as
 * `{ HasValue: true, NewValue: null }`.
 */
export interface VariableTemplateResource {
  Id: string;
  Name: string;
  Label: string;
  HelpText: string;
  DefaultValue: string | null | { HasValue: boolean; NewValue: null };
  DisplaySettings: Record<string, string>;
}

/** Octopus `TenantResource`. */
export interface TenantResource {
  Id: string;
  SpaceId: string;
  Name: string;
  Slug: string;
  Description: string;
  /** `Set/Tag`. */
  TenantTags: string[];
  /** Project id → the environment ids the tenant deploys it to. */
  ProjectEnvironments: Record<string, string[]>;
  IsDisabled: boolean;
  ClonedFromTenantId: string | null;
}

export interface ProjectResource {
  Id: string;
  SpaceId: string;
  Name: string;
  Slug: string;
  Description: string;
  ProjectGroupId: string;
  LifecycleId: string;
  VariableSetId: string;
  DeploymentProcessId: string;
  IsDisabled: boolean;
  DiscreteChannelRelease: boolean;
  IncludedLibraryVariableSetIds: string[];
  TenantedDeploymentMode: 'Untenanted' | 'TenantedOrUntenanted' | 'Tenanted';
  DefaultGuidedFailureMode: 'EnvironmentDefault' | 'Off' | 'On';
  ReleaseCreationStrategy: { ReleaseCreationPackage: null; ChannelId: null; ReleaseCreationPackageStepId: null };
  VersioningStrategy: { Template: string; DonorPackage: null; DonorPackageStepId: null };
  Templates: VariableTemplateResource[];
  AutoDeployReleaseOverrides: unknown[];
  AutoCreateRelease: boolean;
  ClonedFromProjectId: string | null;
  ExtensionSettings: unknown[];
  IsVersionControlled: boolean;
  PersistenceSettings: { Type: 'Database' };
  DefaultToSkipIfAlreadyInstalled: boolean;
  ReleaseNotesTemplate: string | null;
  LastModifiedOn: string;
}

export interface ChannelResource {
  Id: string;
  SpaceId: string;
  ProjectId: string;
  Name: string;
  Slug: string;
  Description: string;
  IsDefault: boolean;
  LifecycleId: string | null;
  Rules: ChannelRuleResource[];
  TenantTags: string[];
  GitReferenceRules: string[];
}

/** A channel's version rule: the package versions a release in the channel may take. */
export interface ChannelRuleResource {
  Id: string;
  /** A NuGet version range (`[1.0,2.0)`); empty: any version. */
  VersionRange: string;
  /** A regular expression for the pre-release tag (`^$`: none); empty: any tag. */
  Tag: string;
  ActionPackages: { DeploymentAction: string; PackageReference?: string }[];
}

export interface SelectedPackage {
  ActionName: string;
  StepName: string;
  PackageReferenceName: string;
  Version: string;
}

export interface ReleaseResource {
  Id: string;
  SpaceId: string;
  ProjectId: string;
  ChannelId: string;
  Version: string;
  ReleaseNotes: string;
  IgnoreChannelRules: boolean;
  Assembled: string;
  ProjectDeploymentProcessSnapshotId: string;
  ProjectVariableSetSnapshotId: string;
  LibraryVariableSetSnapshotIds: string[];
  SelectedPackages: SelectedPackage[];
  SelectedGitResources: unknown[];
  BuildInformation: unknown[];
  CustomFields: Record<string, string>;
  VersionControlReference: null;
  /** The channel's lifecycle, else the project's, when the release was created (older releases: looked up when sent). */
  LifecycleId?: string;
}

export interface DeploymentResource {
  Id: string;
  SpaceId: string;
  Name: string;
  ReleaseId: string;
  ProjectId: string;
  EnvironmentId: string;
  ChannelId: string;
  DeploymentProcessId: string;
  ManifestVariableSetId: string;
  TaskId: string;
  TenantId: string | null;
  Created: string;
  Comments: string;
  /** Prompted values by variable name; sensitive ones are masked when sent. */
  FormValues: Record<string, string>;
  ForcePackageDownload: boolean;
  ForcePackageRedeployment: boolean;
  UseGuidedFailure: boolean;
  SkipActions: string[];
  SpecificMachineIds: string[];
  ExcludedMachineIds: string[];
  QueueTime: string | null;
  QueueTimeExpiry: string | null;
  DeployedBy: string;
  DeployedById: string;
  Changes: unknown[];
  ChangesMarkdown: string;
}

export const COMPLETED_STATES: readonly TaskState[] = ['Success', 'Failed', 'Canceled', 'TimedOut'];

export interface InterruptionResource {
  Id: string;
  SpaceId: string;
  Title: string;
  Type: 'ManualIntervention';
  Created: string;
  IsPending: boolean;
  TaskId: string;
  CorrelationId: string;
  RelatedDocumentIds: string[];
  ResponsibleTeamIds: string[];
  ResponsibleUserId: string | null;
  CanTakeResponsibility: boolean;
  HasResponsibility: boolean;
  IsLinkedToOtherInterruption: boolean;
  Form: {
    Values: Record<string, string | null>;
    Elements: { Name: string; IsValueRequired: boolean; Control: Record<string, unknown> }[];
  };
  /** What was submitted, for the log and the deployment's outcome. */
  Result?: 'Proceed' | 'Abort';
}

export interface PackageResource {
  Id: string;
  SpaceId: string;
  PackageId: string;
  Version: string;
  Description: string;
  FeedId: string;
  FileExtension: string;
  Published: string;
  ReleaseNotes: string;
  Summary: string;
  Title: string;
  PackageSizeBytes: number;
  Hash: string;
}

/** The one user of a local server: whoever holds the API key. */
export const SERVER_USER = {
  Id: 'Users-1',
  Username: 'stepwise',
  DisplayName: 'Stepwise API key holder',
  EmailAddress: '',
  IsActive: true,
  IsService: true,
  IsRequestor: true,
  CanPasswordBeEdited: false,
  IsAdministrator: true,
} as const;

/** A runbook (Octopus's non-version-controlled `RunbookResource`); its process is a DeploymentProcess document. */
export interface RunbookResource {
  Id: string;
  SpaceId: string;
  ProjectId: string;
  Name: string;
  Slug: string;
  Description: string;
  RunbookProcessId: string;
  PublishedRunbookSnapshotId: string | null;
  ConnectivityPolicy: {
    SkipMachineBehavior: string;
    TargetRoles: string[];
    AllowDeploymentsToNoTargets: boolean;
    ExcludeUnhealthyTargets: boolean;
  };
  DefaultGuidedFailureMode: 'EnvironmentDefault' | 'Off' | 'On';
  EnvironmentScope: 'All' | 'Specified' | 'FromProjectLifecycles';
  Environments: string[];
  MultiTenancyMode: 'Untenanted' | 'TenantedOrUntenanted' | 'Tenanted';
  RunRetentionPolicy: { QuantityToKeep: number; ShouldKeepForever: boolean };
}
