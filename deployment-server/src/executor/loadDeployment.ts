import type { Project, Space } from '@stepwise/core';
import type { Store } from '../db/store';
import { toProject, toSpace } from '../model/fromResources';
import { getProcess, getVariableSet } from '../resources/documents';
import { emptyVariableSet } from '../resources/factories';
import { allInSpace, findByName, getDoc } from '../resources/repository';
import { tenantValues, toModelTenant, toVariableTemplates } from '../resources/tenants';
import { getSpace } from '../resources/spaces';
import type {
  ChannelResource,
  DeploymentProcessResource,
  DeploymentResource,
  EnvironmentResource,
  LibraryVariableSetResource,
  MachineResource,
  ProjectResource,
  ReleaseResource,
  TenantResource,
  VariableSetResource,
} from '../resources/types';
import type { TaskRow } from '../tasks/taskStore';
import { getRunbookRun, spaceRunbooks } from '../runbooks/runbooks';

export interface LoadedDeployment {
  deployment: DeploymentResource;
  release: ReleaseResource;
  project: ProjectResource;
  environment: EnvironmentResource;
  channel: ChannelResource;
  process: DeploymentProcessResource;
  variables: VariableSetResource;
  machines: MachineResource[];
  model: Project;
  space: Space;
  /** A tenanted deployment's tenant. */
  tenant: TenantResource | undefined;
  /** For a runbook run: the runbook's name (the "release" and "deployment" are then the run). */
  runbook?: string;
}

export class LoadError extends Error {}

/**
 * Everything a deployment runs from, read from the release's snapshots (never the project's
 * current process or variables), turned into the engine's model.
 */
export function loadDeployment(store: Store, task: TaskRow): LoadedDeployment {
  const spaceId = task.space_id;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new LoadError(`${what} of task ${task.id} no longer exists.`);
    return value;
  };
  const stored = need(
    getDoc<DeploymentResource>(store, 'deployments', spaceId, task.deployment_id ?? ''),
    'The deployment',
  );
  // Sensitive prompted values are stored encrypted (tasks/deployments.ts).
  const deployment = {
    ...stored,
    FormValues: Object.fromEntries(Object.entries(stored.FormValues).map(([k, v]) => [k, store.secrets.open(v)])),
  };
  const release = need(
    getDoc<ReleaseResource>(store, 'releases', spaceId, deployment.ReleaseId),
    `Release ${deployment.ReleaseId}`,
  );
  const project = need(
    getDoc<ProjectResource>(store, 'projects', spaceId, deployment.ProjectId),
    `Project ${deployment.ProjectId}`,
  );
  const environment = need(
    getDoc<EnvironmentResource>(store, 'environments', spaceId, deployment.EnvironmentId),
    `Environment ${deployment.EnvironmentId}`,
  );
  const channel = need(
    getDoc<ChannelResource>(store, 'channels', spaceId, deployment.ChannelId),
    `Channel ${deployment.ChannelId}`,
  );
  const process = need(
    getProcess(store, spaceId, deployment.DeploymentProcessId),
    `The process snapshot ${deployment.DeploymentProcessId}`,
  );
  const variables =
    getVariableSet(store, spaceId, release.ProjectVariableSetSnapshotId) ?? emptyVariableSet(spaceId, project.Id);
  const librarySets = release.LibraryVariableSetSnapshotIds.flatMap((id) => {
    const set = getVariableSet(store, spaceId, id);
    const library = set && getDoc<LibraryVariableSetResource>(store, 'library_variable_sets', spaceId, set.OwnerId);
    return set && library ? [{ name: library.Name, variables: set }] : [];
  });
  const environments = allInSpace<EnvironmentResource>(store, 'environments', spaceId);
  const machines = allInSpace<MachineResource>(store, 'machines', spaceId);
  const channels = store.docs<ChannelResource>(
    'SELECT json FROM channels WHERE project_id = ? ORDER BY seq',
    project.Id,
  );
  const model = toProject({ name: project.Name, process, variables, librarySets, channels, environments });
  const space = toSpace({ name: getSpace(store, spaceId)?.Name ?? 'Default', environments, machines, librarySets });
  const tenant = deployment.TenantId
    ? getDoc<TenantResource>(store, 'tenants', spaceId, deployment.TenantId)
    : undefined;
  if (deployment.TenantId && !tenant)
    throw new LoadError(`Tenant ${deployment.TenantId} of task ${task.id} no longer exists.`);
  if (tenant) addTenant(store, { model, space, project, tenant, environments });
  return { deployment, release, project, environment, channel, process, variables, machines, model, space, tenant };
}

/**
 * A tenanted deployment's tenant and the variable templates it fills in (the project's and its
 * included sets', as they are now: Octopus does not snapshot tenant variables with a release).
 */
function addTenant(
  store: Store,
  inputs: {
    model: Project;
    space: Space;
    project: ProjectResource;
    tenant: TenantResource;
    environments: EnvironmentResource[];
  },
): void {
  const { model, space, project, tenant, environments } = inputs;
  model.variableTemplates = toVariableTemplates(store, project.Templates);
  for (const set of space.variableSets) {
    const library = findByName<LibraryVariableSetResource>(store, 'library_variable_sets', project.SpaceId, set.name);
    if (library) set.templates = toVariableTemplates(store, library.Templates);
  }
  const environmentName = (id: string) => environments.find((e) => e.Id === id)?.Name ?? id;
  space.tenants = [
    toModelTenant(tenant, tenantValues(store, tenant.Id), { id: project.Id, name: project.Name }, environmentName),
  ];
  space.defines.tenants = true;
}

/**
 * A runbook run as the executor runs a deployment: its snapshot's process, the project's current
 * variables and library sets (a run has no release snapshot), no packages selected.
 */
export function loadRunbookRun(store: Store, task: TaskRow): LoadedDeployment {
  const spaceId = task.space_id;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new LoadError(`${what} of task ${task.id} no longer exists.`);
    return value;
  };
  const args = JSON.parse(task.arguments) as { RunbookRunId?: string };
  const run = need(getRunbookRun(store, args.RunbookRunId ?? ''), 'The runbook run');
  const runbook = need(
    spaceRunbooks(store, spaceId).find((r) => r.Id === run.RunbookId),
    `Runbook ${run.RunbookId}`,
  );
  const project = need(getDoc<ProjectResource>(store, 'projects', spaceId, run.ProjectId), `Project ${run.ProjectId}`);
  const environment = need(
    getDoc<EnvironmentResource>(store, 'environments', spaceId, run.EnvironmentId),
    `Environment ${run.EnvironmentId}`,
  );
  const channels = store.docs<ChannelResource>(
    'SELECT json FROM channels WHERE project_id = ? ORDER BY seq',
    project.Id,
  );
  const channel = need(channels.find((c) => c.IsDefault) ?? channels[0], 'The default channel');
  // The snapshot's frozen process; runs queued before snapshots existed named the live one.
  const process = need(
    getProcess(store, spaceId, run.FrozenRunbookProcessId) ?? getProcess(store, spaceId, runbook.RunbookProcessId),
    `The process of runbook ${runbook.Name}`,
  );
  const variables = getVariableSet(store, spaceId, project.VariableSetId) ?? emptyVariableSet(spaceId, project.Id);
  const librarySets = project.IncludedLibraryVariableSetIds.flatMap((id) => {
    const library = getDoc<LibraryVariableSetResource>(store, 'library_variable_sets', spaceId, id);
    const set = library && getVariableSet(store, spaceId, library.VariableSetId);
    return set && library ? [{ name: library.Name, variables: set }] : [];
  });
  const environments = allInSpace<EnvironmentResource>(store, 'environments', spaceId);
  const machines = allInSpace<MachineResource>(store, 'machines', spaceId);
  const model = toProject({ name: project.Name, process, variables, librarySets, channels, environments });
  const space = toSpace({ name: getSpace(store, spaceId)?.Name ?? 'Default', environments, machines, librarySets });
  // The executor reads a deployment and a release; a run is both, with nothing selected or skipped.
  const deployment = {
    Id: run.Id,
    Name: run.Name,
    Comments: '',
    Created: run.Created,
    DeployedBy: 'Stepwise',
    DeployedById: 'Users-1',
    ForcePackageDownload: false,
    UseGuidedFailure: false,
    FormValues: {},
    SkipActions: [],
    SpecificMachineIds: [],
    ExcludedMachineIds: [],
  } as unknown as DeploymentResource;
  const release = {
    Id: run.Id,
    Version: runbook.Name,
    ReleaseNotes: '',
    Assembled: run.Created,
    SelectedPackages: [],
  } as unknown as ReleaseResource;
  return {
    deployment,
    release,
    project,
    environment,
    channel,
    process,
    variables,
    machines,
    tenant: undefined,
    model,
    space,
    runbook: runbook.Name,
  };
}
