/**
 * The Octopus REST resources a process file maps onto (DeploymentProcess, VariableSet,
 * Lifecycle), in the API's PascalCase shape — the subset of
 * docs/reference/octopus-api-contract.md §2.5, §2.10 and §2.11 that the conversion writes. The
 * local deployment server stores and serves these same types (deployment-server/src/resources/types.ts).
 */

export type PropertyValue = string | { HasValue: boolean; NewValue?: string | null; Hint?: string | null } | null;

export interface ReferenceDataItem {
  Id: string;
  Name: string;
}

export interface PackageReferenceResource {
  Id: string;
  Name: string;
  PackageId: string;
  FeedId: string;
  AcquisitionLocation: 'Server' | 'ExecutionTarget' | 'NotAcquired';
  Properties: Record<string, string>;
}

export interface DeploymentActionResource {
  Id: string;
  Name: string;
  Slug: string;
  ActionType: string;
  Notes: string | null;
  IsDisabled: boolean;
  IsRequired: boolean;
  CanBeUsedForProjectVersioning: boolean;
  Condition: 'Success' | 'Variable';
  Environments: string[];
  ExcludedEnvironments: string[];
  Channels: string[];
  TenantTags: string[];
  Packages: PackageReferenceResource[];
  Properties: Record<string, PropertyValue>;
  WorkerPoolId: string | null;
  WorkerPoolVariable: string | null;
  Container: { FeedId: string | null; Image: string | null };
}

export type StepConditionValue = 'Success' | 'Failure' | 'Always' | 'Variable';
export type StepStartTrigger = 'StartAfterPrevious' | 'StartWithPrevious';
export type PackageRequirement = 'LetOctopusDecide' | 'BeforePackageAcquisition' | 'AfterPackageAcquisition';

export interface DeploymentStepResource {
  Id: string;
  Name: string;
  Slug: string;
  PackageRequirement: PackageRequirement;
  Properties: Record<string, PropertyValue>;
  Condition: StepConditionValue;
  StartTrigger: StepStartTrigger;
  Actions: DeploymentActionResource[];
}

export interface DeploymentProcessResource {
  Id: string;
  SpaceId: string;
  ProjectId: string;
  Version: number;
  LastSnapshotId: string | null;
  Steps: DeploymentStepResource[];
}

/** Scope keys are singular and hold ids (docs/reference/octopus-api-contract.md §2.11). */
export type VariableScopeResource = Partial<
  Record<'Environment' | 'Role' | 'Machine' | 'Channel' | 'Action' | 'TenantTag' | 'ProcessOwner', string[]>
>;

export interface VariablePromptResource {
  Label: string;
  Description: string;
  Required: boolean;
  DisplaySettings: Record<string, string>;
}

export interface VariableResource {
  Id: string;
  Name: string;
  /** The real value, also for sensitive variables: whoever sends the set hides those (the deployment server's api/present.ts). */
  Value: string | null;
  Description: string | null;
  // Also Certificate, WorkerPool, AzureAccount, … (OCL variables carry them).
  Type: 'String' | 'Sensitive' | (string & {});
  IsSensitive: boolean;
  IsEditable: boolean;
  Scope: VariableScopeResource;
  Prompt: VariablePromptResource | null;
}

export interface VariableSetResource {
  Id: string;
  SpaceId: string;
  OwnerId: string;
  Version: number;
  Variables: VariableResource[];
  ScopeValues: {
    Environments: ReferenceDataItem[];
    Machines: ReferenceDataItem[];
    Roles: ReferenceDataItem[];
    Channels: ReferenceDataItem[];
    Actions: ReferenceDataItem[];
    TenantTags: ReferenceDataItem[];
    Processes: (ReferenceDataItem & { ProcessType: string })[];
  };
}

export interface RetentionPeriod {
  Unit: 'Days' | 'Items';
  QuantityToKeep: number;
  ShouldKeepForever: boolean;
}

export interface PhaseResource {
  Id: string;
  Name: string;
  AutomaticDeploymentTargets: string[];
  OptionalDeploymentTargets: string[];
  MinimumEnvironmentsBeforePromotion: number;
  IsOptionalPhase: boolean;
  IsPriorityPhase: boolean;
  ReleaseRetentionPolicy: RetentionPeriod | null;
  TentacleRetentionPolicy: RetentionPeriod | null;
}

export interface LifecycleResource {
  Id: string;
  SpaceId: string;
  Name: string;
  Slug: string;
  Description: string;
  Phases: PhaseResource[];
  ReleaseRetentionPolicy: RetentionPeriod;
  TentacleRetentionPolicy: RetentionPeriod;
}

/** Where a server task (a deployment, say) stands. */
export type TaskState = 'Queued' | 'Executing' | 'Success' | 'Failed' | 'Canceled' | 'TimedOut' | 'Cancelling';

/** Where one activity of a task log stands. */
export type ActivityStatus =
  'Pending' | 'Running' | 'Success' | 'Failed' | 'Skipped' | 'SuccessWithWarning' | 'Canceled';

/**
 * Octopus's error body (`{ErrorMessage, Errors[]}`; OctopusErrorsContract): what the local server
 * sends and what a client reads from any Octopus server (which may add the help fields).
 */
export interface OctopusErrorBody {
  ErrorMessage: string;
  Errors: string[];
  Details?: Record<string, unknown>;
  HelpText?: string;
  HelpLink?: string;
  FullException?: string;
}

/** The id of Octopus's built-in package feed. */
export const BUILT_IN_FEED_ID = 'feeds-builtin';
