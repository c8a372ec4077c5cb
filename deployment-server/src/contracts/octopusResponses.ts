/**
 * The response types the server's answers are checked against (messageContracts.test.ts): Octopus's
 * own types from `@octopusdeploy/message-contracts` (and, for the executions API, which
 * message-contracts does not cover, from `@octopusdeploy/api-client`), named here only so that
 * JSON schemas can be generated from them. Nothing here describes a field itself.
 */
import type {
  CreateDeploymentUntenantedResponseV1,
  CreateReleaseResponseV1,
  GetCommonVariablesByTenantIdResponse,
  GetProjectVariablesByTenantIdResponse,
  ModifyCommonVariablesByTenantIdResponse,
  ModifyProjectVariablesByTenantIdResponse,
} from '@octopusdeploy/api-client';
import type * as C from '@octopusdeploy/message-contracts';

type Collection<T> = C.ResourceCollection<T>;

export type Root = C.RootResource;
export type User = C.UserResource;
export type Team = C.TeamResource;
export type Space = C.SpaceResource;
export type Project = C.ProjectResource;
export type Environment = C.EnvironmentResource;
export type Lifecycle = C.LifecycleResource;
export type Channel = C.ChannelResource;
export type DeploymentProcess = C.DeploymentProcessResource;
export type VariableSet = C.VariableSetResource;
export type Machine = C.DeploymentTargetResource;
export type LibraryVariableSet = C.LibraryVariableSetResource;
export type Tenant = C.TenantResource;
export type TenantVariables = C.TenantVariableResource;
export type TenantProjectVariables = GetProjectVariablesByTenantIdResponse;
export type TenantCommonVariables = GetCommonVariablesByTenantIdResponse;
export type ModifiedTenantProjectVariables = ModifyProjectVariablesByTenantIdResponse;
export type ModifiedTenantCommonVariables = ModifyCommonVariablesByTenantIdResponse;
export type Feed = C.FeedResource;
export type ActionTemplate = C.ActionTemplateResource;
export type Runbook = C.NonVcsRunbookResource;
export type RunbookRun = C.RunbookRunResource;
export type RunbookSnapshot = C.RunbookSnapshotResource;
export type Release = C.ReleaseResource;
export type Deployment = C.DeploymentResource;
export type Task = C.TaskResource<Record<string, unknown>>;
export type TaskDetails = C.TaskDetailsResource;
export type Interruption = C.InterruptionResource;
export type Package = C.PackageResource;
export type PackageVersion = C.PackageVersionResource;
export type Dashboard = C.DashboardResource;
export type DeploymentTemplate = C.DeploymentTemplateResource;
export type LifecycleProgression = C.LifecycleProgressionResource;
export type DeploymentSettings = C.DeploymentSettingsResource;
export type ReleaseTemplate = C.ReleaseTemplateResource;
export type DeploymentPreview = C.DeploymentPreviewResource;
export type RunbookProcess = C.RunbookProcessResource;
export type CreateReleaseResponse = CreateReleaseResponseV1;
export type CreateDeploymentResponse = CreateDeploymentUntenantedResponseV1;
/** The error body Octopus sends: OctopusError's wire fields, with `Errors` always present. */
export type ErrorBody = Pick<C.OctopusError, 'ErrorMessage' | 'Details' | 'FullException'> &
  Required<Pick<C.OctopusError, 'Errors'>>;

export type Spaces = Collection<Space>;
export type Projects = Collection<Project>;
export type Environments = Collection<Environment>;
export type Lifecycles = Collection<Lifecycle>;
export type Channels = Collection<Channel>;
export type Machines = Collection<Machine>;
export type Tenants = Collection<Tenant>;
export type LibraryVariableSets = Collection<LibraryVariableSet>;
export type Feeds = Collection<Feed>;
export type ActionTemplates = Collection<ActionTemplate>;
export type Runbooks = Collection<Runbook>;
export type Releases = Collection<Release>;
export type Deployments = Collection<Deployment>;
export type Tasks = Collection<Task>;
export type Interruptions = Collection<Interruption>;
export type Packages = Collection<Package>;
export type PackageVersions = Collection<PackageVersion>;
export type Users = Collection<User>;
export type Teams = Collection<Team>;
