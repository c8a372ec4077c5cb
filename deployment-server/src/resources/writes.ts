import type { Store } from '../db/store';
import { badRequest } from '../errors';
import { saveProcess, saveVariableSet } from './documents';
import { channelResource, emptyVariableSet, environmentResource, machineResource, projectResource } from './factories';
import { allInSpace, getDoc, saveNamed } from './repository';
import type { EnvironmentResource, LifecycleResource, MachineResource, ProjectResource } from './types';

/**
 * Creating, changing and deleting projects, environments and deployment targets through the API
 * (as Octopus's `POST/PUT/DELETE …/projects|environments|machines`). Names are unique per space,
 * as in Octopus; a workspace import later matches them by name. Call inside a transaction.
 */

export function uniqueName(
  store: Store,
  table: 'projects' | 'environments' | 'machines' | 'lifecycles' | 'library_variable_sets',
  spaceId: string,
  name: string | undefined,
  what: string,
  selfId?: string,
): string {
  const trimmed = name?.trim();
  if (!trimmed) throw badRequest(`Name is required: the ${what}'s name.`);
  if (trimmed.length > 200)
    throw badRequest(`The ${what}'s name is ${trimmed.length} characters long; names have at most 200.`);
  const clash = store.value<string>(
    `SELECT id FROM ${table} WHERE space_id = ? AND name = ? COLLATE NOCASE AND id != ?`,
    spaceId,
    trimmed,
    selfId ?? '',
  );
  if (clash) throw badRequest(`A ${what} named '${trimmed}' already exists in this space (${clash}).`);
  return trimmed;
}

/** The name a change leaves a resource with: its own, or the new one once checked. */
function changedName(
  store: Store,
  table: 'projects' | 'environments' | 'machines',
  resource: { Id: string; SpaceId: string; Name: string },
  name: string | undefined,
  what: string,
): string {
  return name === undefined ? resource.Name : uniqueName(store, table, resource.SpaceId, name, what, resource.Id);
}

export interface ProjectInput {
  name?: string;
  description?: string;
  lifecycleId?: string;
  isDisabled?: boolean;
  includedLibraryVariableSetIds?: string[];
}

export function createProject(store: Store, spaceId: string, input: ProjectInput): ProjectResource {
  const name = uniqueName(store, 'projects', spaceId, input.name, 'project');
  const lifecycleId = checkLifecycle(store, spaceId, input.lifecycleId);
  const id = store.nextId('Projects').id;
  const project = {
    ...projectResource(id, spaceId, name, lifecycleId, input.includedLibraryVariableSetIds ?? []),
    Description: input.description ?? '',
    IsDisabled: input.isDisabled ?? false,
  };
  saveNamed(store, 'projects', project);
  const channel = store.nextId('Channels');
  store.run(
    'INSERT INTO channels (id, seq, space_id, project_id, name, json) VALUES (?, ?, ?, ?, ?, ?)',
    channel.id,
    channel.seq,
    spaceId,
    id,
    'Default',
    JSON.stringify(channelResource(channel.id, spaceId, id, 'Default', null, true)),
  );
  saveProcess(store, {
    Id: project.DeploymentProcessId,
    SpaceId: spaceId,
    ProjectId: id,
    Version: 0,
    LastSnapshotId: null,
    Steps: [],
  });
  saveVariableSet(store, { ...emptyVariableSet(spaceId, id), Id: project.VariableSetId });
  return project;
}

export function modifyProject(store: Store, project: ProjectResource, input: ProjectInput): ProjectResource {
  const updated: ProjectResource = {
    ...project,
    Name: changedName(store, 'projects', project, input.name, 'project'),
    Description: input.description ?? project.Description,
    LifecycleId:
      input.lifecycleId === undefined ? project.LifecycleId : checkLifecycle(store, project.SpaceId, input.lifecycleId),
    IsDisabled: input.isDisabled ?? project.IsDisabled,
    IncludedLibraryVariableSetIds: input.includedLibraryVariableSetIds ?? project.IncludedLibraryVariableSetIds,
    LastModifiedOn: new Date().toISOString(),
  };
  for (const setId of updated.IncludedLibraryVariableSetIds) {
    if (!getDoc(store, 'library_variable_sets', project.SpaceId, setId))
      throw badRequest(`There is no library variable set ${setId} in this space.`);
  }
  saveNamed(store, 'projects', updated);
  return updated;
}

/** A project with its channels, process, variables, releases and deployments; refused while one of its tasks runs. */
export function deleteProject(store: Store, project: ProjectResource): void {
  const active = store.value<string>(
    "SELECT id FROM tasks WHERE project_id = ? AND state IN ('Queued', 'Executing', 'Cancelling')",
    project.Id,
  );
  if (active)
    throw badRequest(
      `Project '${project.Name}' has a task still queued or running (${active}); cancel it or wait before deleting the project.`,
    );
  store.run('DELETE FROM deployments WHERE project_id = ?', project.Id);
  store.run('DELETE FROM releases WHERE project_id = ?', project.Id);
  store.run('DELETE FROM channels WHERE project_id = ?', project.Id);
  store.run('DELETE FROM runbooks WHERE project_id = ?', project.Id);
  store.run('DELETE FROM deployment_processes WHERE owner_id = ?', project.Id);
  store.run('DELETE FROM variable_sets WHERE owner_id = ?', project.Id);
  store.run('DELETE FROM projects WHERE id = ?', project.Id);
}

function checkLifecycle(store: Store, spaceId: string, lifecycleId: string | undefined): string {
  const lifecycles = allInSpace<LifecycleResource>(store, 'lifecycles', spaceId);
  if (!lifecycleId) {
    if (!lifecycles.length) throw badRequest('LifecycleId is required: this space has no lifecycles yet.');
    return lifecycles[0].Id;
  }
  const found = lifecycles.find((l) => l.Id === lifecycleId || l.Name.toLowerCase() === lifecycleId.toLowerCase());
  if (!found)
    throw badRequest(
      `There is no lifecycle ${lifecycleId} in this space. Known lifecycles: ${lifecycles.map((l) => `${l.Name} (${l.Id})`).join(', ') || 'none'}.`,
    );
  return found.Id;
}

export interface EnvironmentInput {
  name?: string;
  description?: string;
  sortOrder?: number;
  useGuidedFailure?: boolean;
}

export function createEnvironment(store: Store, spaceId: string, input: EnvironmentInput): EnvironmentResource {
  const name = uniqueName(store, 'environments', spaceId, input.name, 'environment');
  const order =
    input.sortOrder ??
    store.value<number>('SELECT COALESCE(MAX(sort_order), -1) + 1 FROM environments WHERE space_id = ?', spaceId) ??
    0;
  const env = {
    ...environmentResource(store.nextId('Environments').id, spaceId, name, order),
    Description: input.description ?? '',
    UseGuidedFailure: input.useGuidedFailure ?? false,
  };
  saveNamed(store, 'environments', env, { sort_order: order });
  return env;
}

export function modifyEnvironment(
  store: Store,
  env: EnvironmentResource,
  input: EnvironmentInput,
): EnvironmentResource {
  const updated: EnvironmentResource = {
    ...env,
    Name: changedName(store, 'environments', env, input.name, 'environment'),
    Description: input.description ?? env.Description,
    SortOrder: input.sortOrder ?? env.SortOrder,
    UseGuidedFailure: input.useGuidedFailure ?? env.UseGuidedFailure,
  };
  saveNamed(store, 'environments', updated, { sort_order: updated.SortOrder });
  return updated;
}

/** Refused while a lifecycle phase, a target or a deployment still uses the environment. */
export function deleteEnvironment(store: Store, env: EnvironmentResource): void {
  const users: string[] = [];
  for (const l of allInSpace<LifecycleResource>(store, 'lifecycles', env.SpaceId)) {
    if (
      l.Phases.some((p) =>
        [...(p.AutomaticDeploymentTargets ?? []), ...(p.OptionalDeploymentTargets ?? [])].includes(env.Id),
      )
    )
      users.push(`lifecycle '${l.Name}'`);
  }
  for (const m of allInSpace<MachineResource>(store, 'machines', env.SpaceId))
    if (m.EnvironmentIds.includes(env.Id)) users.push(`target '${m.Name}'`);
  if (store.value('SELECT 1 FROM deployments WHERE environment_id = ?', env.Id)) users.push('deployments');
  if (users.length)
    throw badRequest(`Environment '${env.Name}' is still used by ${users.join(', ')}; remove it from them first.`);
  store.run('DELETE FROM environments WHERE id = ?', env.Id);
}

export interface MachineInput {
  name?: string;
  roles?: string[];
  environmentIds?: string[];
  isDisabled?: boolean;
}

function checkEnvironments(store: Store, spaceId: string, ids: string[]): string[] {
  const all = allInSpace<EnvironmentResource>(store, 'environments', spaceId);
  return ids.map((id) => {
    const env = all.find((e) => e.Id === id || e.Name.toLowerCase() === id.toLowerCase());
    if (!env)
      throw badRequest(
        `There is no environment ${id} in this space. Known environments: ${all.map((e) => `${e.Name} (${e.Id})`).join(', ') || 'none'}.`,
      );
    return env.Id;
  });
}

export function createMachine(store: Store, spaceId: string, input: MachineInput): MachineResource {
  const name = uniqueName(store, 'machines', spaceId, input.name, 'deployment target');
  if (!input.environmentIds?.length)
    throw badRequest('EnvironmentIds is required: the environments the target belongs to.');
  if (!input.roles?.length) throw badRequest('Roles is required: at least one target role (tag).');
  const machine = {
    ...machineResource(
      store.nextId('Machines').id,
      spaceId,
      name,
      input.roles,
      checkEnvironments(store, spaceId, input.environmentIds),
    ),
    IsDisabled: input.isDisabled ?? false,
  };
  saveNamed(store, 'machines', machine);
  return machine;
}

export function modifyMachine(store: Store, machine: MachineResource, input: MachineInput): MachineResource {
  const updated: MachineResource = {
    ...machine,
    Name: changedName(store, 'machines', machine, input.name, 'deployment target'),
    Roles: input.roles ?? machine.Roles,
    EnvironmentIds: input.environmentIds
      ? checkEnvironments(store, machine.SpaceId, input.environmentIds)
      : machine.EnvironmentIds,
    IsDisabled: input.isDisabled ?? machine.IsDisabled,
  };
  if (!updated.Roles.length || !updated.EnvironmentIds.length)
    throw badRequest('A deployment target needs at least one role and one environment.');
  saveNamed(store, 'machines', updated);
  return updated;
}

export function deleteMachine(store: Store, machine: MachineResource): void {
  store.run('DELETE FROM machines WHERE id = ?', machine.Id);
}
