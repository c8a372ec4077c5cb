/**
 * The Octopus REST resources the extension reads, as real Octopus (2023 and later) and the local
 * deployment server send them (docs/reference/octopus-api-contract.md §2). Only the fields the
 * extension uses are typed; servers send more, and newer servers may leave optional ones out.
 */
import type {
  ActivityStatus,
  DeploymentProcessResource,
  LifecycleResource,
  PhaseResource,
  TaskState,
  VariablePromptResource,
  VariableResource,
  VariableSetResource,
} from '@stepwise/core/octopus/apiResources';
import type { ChannelVersionRule } from '@stepwise/core/octopus/channelRules';

export type { ActivityStatus, TaskState };
export type { ChannelVersionRule };
// One set of resource types, in core: the extension reads what the conversion writes.
export type Lifecycle = LifecycleResource;
export type Phase = PhaseResource;
export type DeploymentProcess = DeploymentProcessResource;
export type VariablePrompt = VariablePromptResource;
export type Variable = VariableResource;
export type VariableSet = VariableSetResource;

export type Links = Record<string, string>;

export interface ResourceCollection<T> {
  ItemType?: string;
  TotalResults: number;
  ItemsPerPage?: number;
  Items: T[];
  Links?: Links;
}

export interface RootDocument {
  Application?: string;
  Version: string;
  ApiVersion?: string;
  InstallationId?: string;
  Links?: Links;
}

export interface Space {
  Id: string;
  Name: string;
  Slug?: string;
  IsDefault?: boolean;
}

export interface Project {
  Id: string;
  SpaceId: string;
  Name: string;
  Slug?: string;
  LifecycleId: string;
  VariableSetId: string;
  DeploymentProcessId: string;
  IsDisabled?: boolean;
  IsVersionControlled?: boolean;
  PersistenceSettings?: { Type: string; DefaultBranch?: string };
}

export interface Environment {
  Id: string;
  SpaceId?: string;
  Name: string;
  SortOrder: number;
}

export interface Channel {
  Id: string;
  ProjectId: string;
  Name: string;
  IsDefault: boolean;
  LifecycleId: string | null;
  /** Its version rules (servers send `[]` for none). */
  Rules?: ChannelVersionRule[];
}

/** A version of a package in a feed (`/feeds/{id}/packages/versions`). */
export interface PackageVersion {
  PackageId: string;
  Version: string;
}

/** A project's runbook (Octopus's `RunbookResource`, the fields the extension reads). */
export interface Runbook {
  Id: string;
  ProjectId: string;
  Name: string;
  Description?: string;
  /** The snapshot a run runs; null while the runbook was never published. */
  PublishedRunbookSnapshotId?: string | null;
  EnvironmentScope?: 'All' | 'Specified' | 'FromProjectLifecycles';
  Environments?: string[];
}

/** `POST /api/{space}/runbookRuns`'s body, as Octopus's UI sends it. */
export interface CreateRunbookRunCommand {
  RunbookId: string;
  RunbookSnapshotId: string;
  EnvironmentId: string;
  FormValues?: Record<string, string>;
}

export interface RunbookRun {
  Id: string;
  RunbookId: string;
  RunbookSnapshotId: string;
  EnvironmentId: string;
  TaskId: string;
  Name: string;
}

export interface Machine {
  Id: string;
  Name: string;
  EnvironmentIds?: string[];
  Roles?: string[];
}

export interface Release {
  Id: string;
  SpaceId?: string;
  ProjectId: string;
  ChannelId: string;
  Version: string;
  ReleaseNotes?: string | null;
  Assembled: string;
  ProjectDeploymentProcessSnapshotId?: string;
  ProjectVariableSetSnapshotId?: string;
}

export interface Deployment {
  Id: string;
  SpaceId?: string;
  Name?: string;
  ReleaseId: string;
  ProjectId: string;
  EnvironmentId: string;
  ChannelId?: string;
  TaskId: string;
  Created: string;
  FormValues?: Record<string, string>;
}

export interface ServerTask {
  Id: string;
  SpaceId?: string;
  Name: string;
  Description: string;
  State: TaskState;
  IsCompleted: boolean;
  FinishedSuccessfully?: boolean;
  ErrorMessage?: string;
  HasPendingInterruptions: boolean;
  HasWarningsOrErrors?: boolean;
  QueueTime?: string;
  StartTime?: string | null;
  CompletedTime?: string | null;
  LastUpdatedTime?: string;
  Duration?: string;
  Arguments?: Record<string, unknown>;
}

export interface LogElement {
  Category: string;
  OccurredAt: string;
  MessageText: string;
  Detail?: string | null;
}

export interface ActivityElement {
  Id: string;
  Name: string;
  Started?: string | null;
  Ended?: string | null;
  Status?: ActivityStatus;
  Children: ActivityElement[];
  LogElements: LogElement[];
  ProgressPercentage?: number;
  ProgressMessage?: string | null;
}

export interface ServerTaskDetails {
  Task: ServerTask;
  Progress?: { ProgressPercentage: number; EstimatedTimeRemaining?: string };
  ActivityLogs: ActivityElement[];
  PhysicalLogSize?: number;
}

export interface Interruption {
  Id: string;
  Title: string;
  Type: string;
  IsPending: boolean;
  TaskId: string;
  Created?: string;
  CanTakeResponsibility?: boolean;
  HasResponsibility?: boolean;
  ResponsibleUserId?: string | null;
  RelatedDocumentIds?: string[];
  Form?: {
    Values: Record<string, string | null>;
    Elements: {
      Name: string;
      IsValueRequired?: boolean;
      Control: { Type: string; Text?: string; Buttons?: { Text: string; Value: string }[] } & Record<string, unknown>;
    }[];
  };
}

/** Body of `POST /api/{space}/releases/create/v1` (the executions API; docs/reference/octopus-api-contract.md §1.3 #8). */
export interface CreateReleaseCommand {
  ProjectName: string;
  ReleaseVersion?: string;
  ChannelName?: string;
  ReleaseNotes?: string;
  IgnoreIfAlreadyExists?: boolean;
  GitRef?: string;
  /** `StepName:Version` or `StepName:PackageReferenceName:Version`, one per package chosen. */
  Packages?: string[];
}

export interface CreateReleaseResponse {
  ReleaseId: string;
  ReleaseVersion: string;
}

/** Body of `POST /api/{space}/deployments/create/untenanted/v1` (docs/reference/octopus-api-contract.md §1.3 #10). */
export interface CreateDeploymentCommand {
  ProjectName: string;
  ReleaseVersion: string;
  EnvironmentNames: string[];
  Variables?: Record<string, string>;
  UseGuidedFailure?: boolean;
}

export interface CreateDeploymentResponse {
  DeploymentServerTasks: { DeploymentId: string; ServerTaskId: string }[];
}
