import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  validateOclProject,
  validateProcess,
  validateSpace,
  type Diagnostic,
  type Project,
  type Space,
} from '@stepwise/core';
import { oclProjectName } from '@stepwise/core/ocl/projectFolder';
import {
  DEFAULT_RETENTION,
  lifecycleResource,
  nameIds as nameIdsOf,
  processResource,
  variableSetResource,
  type NameIds,
} from '@stepwise/core/octopus/toApiResources';
import type { Store } from '../db/store';
import { getProcess, getVariableSet, saveProcess, saveVariableSet } from '../resources/documents';
import {
  channelResource,
  environmentResource,
  libraryVariableSetResource,
  machineResource,
  projectResource,
} from '../resources/factories';
import { allInSpace, findByName, saveNamed } from '../resources/repository';
import { importRunbooks } from '../resources/runbooks';
import { expandProjectTemplates } from '@stepwise/core/model/stepTemplates';
import { connectedTenants } from '@stepwise/core/model/tenants';
import { saveTenant, templateResources, tenantResource, type TenantValues } from '../resources/tenants';
import { DEFAULT_SPACE_ID, getSpace, spaceNamed } from '../resources/spaces';
import { saveSpaceFileResources } from '../resources/spaceFileResources';
import type {
  ChannelResource,
  ChannelRuleResource,
  EnvironmentResource,
  LibraryVariableSetResource,
  LifecycleResource,
  MachineResource,
  ProjectResource,
  TenantResource,
} from '../resources/types';
import { findWorkspaceFiles, nearestSpaceFile } from '@stepwise/core/workspace/workspaceFiles';
import { findOclProjectFolders, readOclProjectFiles } from './oclProjectFolders';

export interface ImportReport {
  spaces: { name: string; id: string; file: string | undefined }[];
  projects: { name: string; id: string; file: string }[];
  skipped: { file: string; reason: string }[];
}

/**
 * Imports a workspace: each space file (environments, lifecycles, targets, library variable
 * sets) and every process file under `dir` as a project of the space it deploys into. Names
 * identify things, so importing again updates them in place and keeps ids, releases and logs.
 * A file with errors is skipped with the reason; the whole import is one transaction.
 */
export function importWorkspace(store: Store, dir: string): ImportReport {
  const root = path.resolve(dir);
  const report: ImportReport = { spaces: [], projects: [], skipped: [] };
  const bySpaceFile = new Map<string | undefined, string[]>();
  const rootSpace = nearestSpaceFile(path.join(root, 'x.process.yaml'));
  if (rootSpace) bySpaceFile.set(rootSpace, []);
  // A process file, or an OCL project folder (`.octopus`, `.octopus/<project>`): each is one project.
  for (const file of [...findWorkspaceFiles([root], { kinds: ['process'] }).files, ...findOclProjectFolders(root)]) {
    const spaceFile = nearestSpaceFile(isOclFolder(file) ? path.join(file, 'deployment_process.ocl') : file);
    bySpaceFile.set(spaceFile, [...(bySpaceFile.get(spaceFile) ?? []), file]);
  }
  const relative = (file: string) => path.relative(root, file) || file;

  store.transaction(() => {
    for (const [spaceFile, processFiles] of bySpaceFile) {
      let space: Space | undefined;
      let spaceId = DEFAULT_SPACE_ID;
      if (spaceFile) {
        const validation = validateSpace(readFileSync(spaceFile, 'utf8'), spaceFile);
        const errors = validation.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length || !validation.space) {
          const reason = describeErrors(errors);
          report.skipped.push({ file: relative(spaceFile), reason });
          for (const file of processFiles)
            report.skipped.push({ file: relative(file), reason: `its space file ${relative(spaceFile)} has errors` });
          continue;
        }
        space = validation.space;
        spaceId = spaceNamed(store, space.name).Id;
        importSpace(store, spaceId, space);
      }
      report.spaces.push({ name: getSpace(store, spaceId)!.Name, id: spaceId, file: spaceFile && relative(spaceFile) });
      ensureDefaultLifecycle(store, spaceId);
      const seen = new Map<string, string>();
      for (const file of processFiles) {
        const { project, errors } = loadProjectFrom(file, space);
        if (errors.length || !project || !project.name) {
          report.skipped.push({
            file: relative(file),
            reason: errors.length ? describeErrors(errors) : 'it names no project',
          });
          continue;
        }
        const other = seen.get(project.name.toLowerCase());
        if (other) {
          report.skipped.push({
            file: relative(file),
            reason: `project '${project.name}' is already defined by ${other}`,
          });
          continue;
        }
        seen.set(project.name.toLowerCase(), relative(file));
        const id = importProject(store, spaceId, expandProjectTemplates(project, space), space);
        report.projects.push({ name: project.name, id, file: relative(file) });
      }
      // After the projects: a tenant is connected to them by id.
      if (space) importTenants(store, spaceId, space);
    }
  });
  return report;
}

function isOclFolder(file: string): boolean {
  return !/\.process\.ya?ml$/.test(file);
}

/** A process file's or an OCL folder's project (named after the folder, as the editor names it), with its errors. */
function loadProjectFrom(
  file: string,
  space: Space | undefined,
): { project: Project | undefined; errors: Diagnostic[] } {
  if (isOclFolder(file)) {
    const validation = validateOclProject(readOclProjectFiles(file), { name: oclProjectName(file), space });
    const errors = [...validation.diagnostics].flatMap(([name, list]) =>
      list.filter((d) => d.severity === 'error').map((d) => ({ ...d, message: `${name}: ${d.message}` })),
    );
    return { project: validation.project, errors };
  }
  const validation = validateProcess(readFileSync(file, 'utf8'), { space });
  return { project: validation.project, errors: validation.diagnostics.filter((d) => d.severity === 'error') };
}

function describeErrors(errors: Diagnostic[]): string {
  const first = errors.slice(0, 3).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  return `${errors.length} error${errors.length === 1 ? '' : 's'} (${first.join('; ')}${errors.length > 3 ? '; …' : ''}); run 'stepwise validate' for all of them`;
}

function importSpace(store: Store, spaceId: string, space: Space): void {
  saveSpaceFileResources(store, spaceId, space);
  space.environments.forEach((env, i) => {
    const existing = findByName<EnvironmentResource>(store, 'environments', spaceId, env.name);
    const id = existing?.Id ?? store.nextId('Environments').id;
    saveNamed(store, 'environments', environmentResource(id, spaceId, env.name, i, existing), { sort_order: i });
  });
  const ids = nameIds(store, spaceId, undefined);
  for (const target of space.targets) {
    const existing = findByName<MachineResource>(store, 'machines', spaceId, target.name);
    const id = existing?.Id ?? store.nextId('Machines').id;
    const envIds = target.environments.map((e) => ids.environments.get(e.name.toLowerCase())?.Id ?? e.name);
    saveNamed(
      store,
      'machines',
      machineResource(
        id,
        spaceId,
        target.name,
        target.roles.map((r) => r.name),
        envIds,
      ),
    );
  }
  const withMachines = nameIds(store, spaceId, undefined);
  for (const lifecycle of space.lifecycles) {
    const existing = findByName<LifecycleResource>(store, 'lifecycles', spaceId, lifecycle.name);
    const id = existing?.Id ?? store.nextId('Lifecycles').id;
    saveNamed(store, 'lifecycles', lifecycleResource(lifecycle, id, spaceId, withMachines, existing));
  }
  for (const set of space.variableSets) {
    const existing = findByName<LibraryVariableSetResource>(store, 'library_variable_sets', spaceId, set.name);
    const created = existing ?? libraryVariableSetResource(store.nextId('LibraryVariableSets').id, spaceId, set.name);
    const resource = { ...created, Templates: templateResources(store, created.Id, set.templates ?? []) };
    saveNamed(store, 'library_variable_sets', resource);
    const old = getVariableSet(store, spaceId, resource.VariableSetId);
    saveVariableSet(
      store,
      variableSetResource(
        set.variables,
        { id: resource.VariableSetId, spaceId, ownerId: resource.Id, ids: withMachines },
        old,
      ),
    );
  }
}

/** Octopus's default lifecycle has no phases: every environment, in order (api/lifecycle rules). */
function ensureDefaultLifecycle(store: Store, spaceId: string): void {
  if (store.value('SELECT 1 FROM lifecycles WHERE space_id = ? LIMIT 1', spaceId)) return;
  const id = store.nextId('Lifecycles').id;
  const lifecycle: LifecycleResource = {
    Id: id,
    SpaceId: spaceId,
    Name: 'Default Lifecycle',
    Slug: 'default-lifecycle',
    Description: 'Every environment, in the order of the environments list.',
    Phases: [],
    ReleaseRetentionPolicy: { ...DEFAULT_RETENTION },
    TentacleRetentionPolicy: { ...DEFAULT_RETENTION },
  };
  saveNamed(store, 'lifecycles', lifecycle);
}

export function nameIds(store: Store, spaceId: string, projectId: string | undefined): NameIds {
  return nameIdsOf({
    environments: allInSpace<EnvironmentResource>(store, 'environments', spaceId),
    machines: allInSpace<MachineResource>(store, 'machines', spaceId),
    channels: projectId
      ? store.docs<ChannelResource>('SELECT json FROM channels WHERE project_id = ? ORDER BY seq', projectId)
      : [],
  });
}

/**
 * The space file's tenants, connected to the projects (by id) and environments the server has;
 * a connection to a project that was not imported is left out.
 */
function importTenants(store: Store, spaceId: string, space: Space): void {
  const projects = allInSpace<ProjectResource>(store, 'projects', spaceId);
  const ids = nameIds(store, spaceId, undefined);
  for (const tenant of space.tenants ?? []) {
    const projectEnvironments: Record<string, string[]> = {};
    for (const connection of tenant.projects) {
      const project = projects.find((p) => p.Name.toLowerCase() === connection.project.name.toLowerCase());
      if (!project) continue;
      projectEnvironments[project.Id] = connection.environments.flatMap((e) => {
        const env = ids.environments.get(e.name.toLowerCase());
        return env ? [env.Id] : [];
      });
    }
    const existing = store.doc<TenantResource>(
      'SELECT json FROM tenants WHERE space_id = ? AND name = ?',
      spaceId,
      tenant.name,
    );
    const id = existing?.Id ?? store.nextId('Tenants').id;
    const values: TenantValues = {
      projects: tenant.projects.flatMap((c) =>
        c.variables.map((v) => ({
          project: c.project.name,
          template: v.template.name,
          environments: v.environments.map((e) => e.name),
          value: v.value,
        })),
      ),
      common: tenant.commonVariables.flatMap((c) =>
        c.values.map((v) => ({ set: c.variableSet.name, template: v.template.name, value: v.value })),
      ),
    };
    saveTenant(
      store,
      tenantResource(
        id,
        spaceId,
        {
          name: tenant.name,
          description: tenant.description ?? '',
          tags: tenant.tags.map((t) => t.name),
          projectEnvironments,
        },
        existing,
      ),
      values,
    );
  }
}

function importProject(
  store: Store,
  spaceId: string,
  project: NonNullable<ReturnType<typeof validateProcess>['project']>,
  space: Space | undefined,
): string {
  const lifecycles = allInSpace<LifecycleResource>(store, 'lifecycles', spaceId);
  const byName = (name: string | undefined) =>
    name ? lifecycles.find((l) => l.Name.toLowerCase() === name.toLowerCase()) : undefined;
  const lifecycleId = (byName(project.lifecycle?.name) ?? lifecycles[0]).Id;
  const librarySets = allInSpace<LibraryVariableSetResource>(store, 'library_variable_sets', spaceId);
  const included = project.variableSets.flatMap((ref) =>
    librarySets.filter((s) => s.Name.toLowerCase() === ref.name.toLowerCase()).map((s) => s.Id),
  );

  const existing = findByName<ProjectResource>(store, 'projects', spaceId, project.name);
  const id = existing?.Id ?? store.nextId('Projects').id;
  const resource: ProjectResource = {
    ...projectResource(id, spaceId, project.name, lifecycleId, included, existing),
    Templates: templateResources(store, id, project.variableTemplates ?? []),
    // A project some tenant is connected to deploys tenanted (and untenanted, as before).
    TenantedDeploymentMode:
      space && connectedTenants(space, project.name).length ? 'TenantedOrUntenanted' : 'Untenanted',
  };
  saveNamed(store, 'projects', resource);

  const channels = store.docs<ChannelResource>('SELECT json FROM channels WHERE project_id = ?', id);
  // A rule names a step or an action; Octopus's rule names the action (a step stands for its
  // action that deploys the package).
  const actionOf = (stepOrAction: string, reference: string) => {
    const lower = stepOrAction.toLowerCase();
    const actions = project.process.steps.flatMap((s) => s.actions);
    if (actions.some((a) => a.name.toLowerCase() === lower))
      return actions.find((a) => a.name.toLowerCase() === lower)!.name;
    const step = project.process.steps.find((s) => s.name.toLowerCase() === lower);
    const action =
      step?.actions.find((a) => a.packages.some((p) => (p.name ?? '').toLowerCase() === reference.toLowerCase())) ??
      step?.actions[0];
    return action?.name ?? stepOrAction;
  };
  // Rules keep their ids across imports (by position in the channel), as steps keep theirs.
  const rulesOf = (channelName: string, rules: (typeof project.channels)[number]['rules']): ChannelRuleResource[] =>
    rules.map((rule, i) => {
      const old = channels.find((c) => c.Name.toLowerCase() === channelName.toLowerCase())?.Rules[i];
      return {
        Id: old?.Id ?? randomUUID(),
        VersionRange: rule.versionRange ?? '',
        Tag: rule.tag ?? '',
        ActionPackages: rule.packages.map((p) => ({
          DeploymentAction: actionOf(p.step, p.package),
          PackageReference: p.package,
        })),
      };
    });
  const saveChannel = (
    name: string,
    lifecycle: string | null,
    isDefault: boolean,
    rules: ChannelRuleResource[] = [],
    tenantTags: string[] = [],
  ) => {
    const old = channels.find((c) => c.Name.toLowerCase() === name.toLowerCase());
    const { id: channelId, seq } = old ? { id: old.Id, seq: 0 } : store.nextId('Channels');
    const channel = {
      ...channelResource(channelId, spaceId, id, name, lifecycle, isDefault),
      Rules: rules,
      TenantTags: tenantTags,
    };
    store.run(
      `INSERT INTO channels (id, seq, space_id, project_id, name, json) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json`,
      channelId,
      seq,
      spaceId,
      id,
      name,
      JSON.stringify(channel),
    );
  };
  const fileDefault = project.channels.find((c) => c.name.toLowerCase() === 'default');
  const tagsOf = (channel: (typeof project.channels)[number] | undefined) =>
    (channel?.tenantTags ?? []).map((t) => t.name);
  saveChannel('Default', null, true, rulesOf('Default', fileDefault?.rules ?? []), tagsOf(fileDefault));
  for (const channel of project.channels) {
    if (channel.name.toLowerCase() === 'default') continue;
    saveChannel(
      channel.name,
      byName(channel.lifecycle?.name)?.Id ?? null,
      false,
      rulesOf(channel.name, channel.rules),
      tagsOf(channel),
    );
  }

  const ids = nameIds(store, spaceId, id);
  const oldProcess = getProcess(store, spaceId, resource.DeploymentProcessId);
  const process = processResource(
    project,
    { id: resource.DeploymentProcessId, spaceId, projectId: id, ids },
    oldProcess,
  );
  saveProcess(store, process);
  const oldVariables = getVariableSet(store, spaceId, resource.VariableSetId);
  saveVariableSet(
    store,
    variableSetResource(
      project.variables,
      { id: resource.VariableSetId, spaceId, ownerId: id, ids, process },
      oldVariables,
    ),
  );
  importRunbooks(store, spaceId, id, project, ids);
  return id;
}
