import type { Project } from '@stepwise/core';
import { runbookEnvironmentScope, runbookProject, runbookRetention } from '@stepwise/core/model/runbooks';
import { processResource, slugify, type NameIds } from '@stepwise/core/octopus/toApiResources';
import type { Store } from '../db/store';
import { badRequest, notFound } from '../errors';
import { getProcess, saveProcess } from '../resources/documents';
import { getDoc } from '../resources/repository';
import type { EnvironmentResource, ProjectResource } from '../resources/types';
import { insertTask } from '../tasks/taskStore';

/** A project's runbook. Octopus: `RunbookResource` (`/api/{space}/runbooks/{id}`). */
export interface RunbookResource {
  Id: string;
  SpaceId: string;
  ProjectId: string;
  Name: string;
  Slug: string;
  Description: string;
  RunbookProcessId: string;
  /** `All`, `Specified` or `FromProjectLifecycles`. */
  EnvironmentScope: string;
  Environments: string[];
  RunRetentionPolicy: { QuantityToKeep: number; ShouldKeepForever: boolean; Unit: string };
  ConnectivityPolicy: {
    SkipMachineBehavior: string;
    TargetRoles: string[];
    AllowDeploymentsToNoTargets: boolean;
    ExcludeUnhealthyTargets: boolean;
  };
  DefaultGuidedFailureMode: string;
  MultiTenancyMode: string;
  Links: Record<string, string>;
}

/** One run of a runbook. Octopus: `RunbookRunResource` (`/api/{space}/runbookRuns/{id}`). */
export interface RunbookRunResource {
  Id: string;
  SpaceId: string;
  ProjectId: string;
  RunbookId: string;
  /** The server runs the runbook's current process: there are no snapshots, so this is the process's id. */
  RunbookSnapshotId: string;
  FrozenRunbookProcessId: string;
  EnvironmentId: string;
  TaskId: string;
  Name: string;
  Created: string;
  Comments: string;
  FormValues: Record<string, string>;
  Changes: never[];
  ChangesMarkdown: string;
  ExcludedMachineIds: string[];
  SpecificMachineIds: string[];
  SkipActions: string[];
  ForcePackageDownload: boolean;
  UseGuidedFailure: boolean;
  ManifestVariableSetId: string;
  Links: Record<string, string>;
}

/*
 * Runbooks and their runs are kept in the settings table (one row per space for the runbooks,
 * one per run), beside the processes they run (`deployment_processes`, owned by the project):
 * the server has no other use for them, so they need no tables of their own.
 */
const runbooksKey = (spaceId: string) => `runbooks:${spaceId}`;
const runKey = (id: string) => `runbook-run:${id}`;

export function spaceRunbooks(store: Store, spaceId: string): RunbookResource[] {
  const json = store.value<string>('SELECT value FROM settings WHERE key = ?', runbooksKey(spaceId));
  return json ? (JSON.parse(json) as RunbookResource[]) : [];
}

function saveSetting(store: Store, key: string, value: unknown): void {
  store.run(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    key,
    JSON.stringify(value),
  );
}

/** Imports a project's runbooks (ids kept by name across imports), each with its process. */
export function importRunbooks(store: Store, spaceId: string, projectId: string, project: Project, ids: NameIds): void {
  const all = spaceRunbooks(store, spaceId);
  const old = all.filter((r) => r.ProjectId === projectId);
  const imported = project.runbooks.map((runbook): RunbookResource => {
    const id = old.find((r) => r.Name.toLowerCase() === runbook.name.toLowerCase())?.Id ?? store.nextId('Runbooks').id;
    const processId = `RunbookProcess-${id}`;
    saveProcess(
      store,
      processResource(
        runbookProject(project, runbook),
        { id: processId, spaceId, projectId, ids },
        getProcess(store, spaceId, processId),
      ),
    );
    const scope = runbookEnvironmentScope(runbook);
    const retention = runbookRetention(runbook);
    return {
      Id: id,
      SpaceId: spaceId,
      ProjectId: projectId,
      Name: runbook.name,
      Slug: runbook.slug || slugify(runbook.name),
      Description: runbook.description ?? '',
      RunbookProcessId: processId,
      EnvironmentScope: scope.scope,
      Environments: scope.environments.map((e) => ids.environments.get(e.toLowerCase())?.Id ?? e),
      RunRetentionPolicy: {
        QuantityToKeep: retention?.quantity ?? 100,
        ShouldKeepForever: false,
        Unit: retention?.unit ?? 'Items',
      },
      ConnectivityPolicy: {
        SkipMachineBehavior: 'None',
        TargetRoles: [],
        AllowDeploymentsToNoTargets: true,
        ExcludeUnhealthyTargets: false,
      },
      DefaultGuidedFailureMode: 'EnvironmentDefault',
      MultiTenancyMode: 'Untenanted',
      // Octopus's links; the server serves Self, Project and CreateRunbookRun (POST …/runbookRuns).
      Links: {
        Self: `/api/${spaceId}/runbooks/${id}`,
        Project: `/api/${spaceId}/projects/${projectId}`,
        Template: `/api/${spaceId}/runbooks/${id}/runbookRunTemplate`,
        TaskRunDashboardItemsTemplate: `/api/${spaceId}/progression/runbooks/taskRuns{?skip,take,runbookIds}`,
        CreateRunbookRun: `/api/${spaceId}/runbookRuns`,
        RunbookProcesses: `/api/${spaceId}/runbookProcesses/${processId}`,
        Progression: `/api/${spaceId}/progression/runbooks/${id}`,
        RunbookRunPreview: `/api/${spaceId}/runbooks/${id}/runbookRuns/preview/{environment}`,
        RunbookRunTemplate: `/api/${spaceId}/runbooks/${id}/runbookRunTemplate`,
        RunbookRunTenantPreview: `/api/${spaceId}/runbooks/${id}/runbookRuns/previews`,
        RunbookSnapshotTemplate: `/api/${spaceId}/runbooks/${id}/runbookSnapshotTemplate`,
        RunbookSnapshots: `/api/${spaceId}/runbooks/${id}/runbookSnapshots{/id}{?skip,take,searchByName}`,
      },
    };
  });
  saveSetting(store, runbooksKey(spaceId), [...all.filter((r) => r.ProjectId !== projectId), ...imported]);
}

export function getRunbookRun(store: Store, id: string): RunbookRunResource | undefined {
  const json = store.value<string>('SELECT value FROM settings WHERE key = ?', runKey(id));
  return json ? (JSON.parse(json) as RunbookRunResource) : undefined;
}

/**
 * Queues a run of a runbook in an environment its scope allows: a `RunbookRun` server task that
 * runs the runbook's process as a deployment runs a release's.
 */
export function createRunbookRun(
  store: Store,
  spaceId: string,
  runbookIdOrName: string,
  environmentIdOrName: string,
): RunbookRunResource {
  const runbooks = spaceRunbooks(store, spaceId);
  const wanted = runbookIdOrName.trim().toLowerCase();
  const runbook = runbooks.find((r) => r.Id.toLowerCase() === wanted || r.Name.toLowerCase() === wanted);
  if (!runbook)
    throw notFound(
      `There is no runbook ${runbookIdOrName}. Runbooks: ${runbooks.map((r) => `${r.Name} (${r.Id})`).join(', ') || 'none'}.`,
    );
  const environment =
    getDoc<EnvironmentResource>(store, 'environments', spaceId, environmentIdOrName) ??
    store.doc<EnvironmentResource>(
      'SELECT json FROM environments WHERE space_id = ? AND lower(name) = lower(?)',
      spaceId,
      environmentIdOrName,
    );
  if (!environment) throw badRequest(`There is no environment ${environmentIdOrName} in ${spaceId}.`);
  if (runbook.EnvironmentScope.toLowerCase() === 'specified' && !runbook.Environments.includes(environment.Id))
    throw badRequest(
      `Runbook '${runbook.Name}' may run only in the environments of its scope (${runbook.Environments.join(', ') || 'none'}), not in ${environment.Name}.`,
    );
  const project = getDoc<ProjectResource>(store, 'projects', spaceId, runbook.ProjectId)!;
  const run = store.nextId('RunbookRuns');
  const task = store.nextId('ServerTasks');
  const resource: RunbookRunResource = {
    Id: run.id,
    SpaceId: spaceId,
    ProjectId: project.Id,
    RunbookId: runbook.Id,
    RunbookSnapshotId: runbook.RunbookProcessId,
    FrozenRunbookProcessId: runbook.RunbookProcessId,
    EnvironmentId: environment.Id,
    TaskId: task.id,
    Name: `Run ${runbook.Name}`,
    Created: new Date().toISOString(),
    Comments: '',
    FormValues: {},
    Changes: [],
    ChangesMarkdown: '',
    ExcludedMachineIds: [],
    SpecificMachineIds: [],
    SkipActions: [],
    ForcePackageDownload: false,
    UseGuidedFailure: false,
    ManifestVariableSetId: project.VariableSetId,
    Links: { Self: `/api/${spaceId}/runbookRuns/${run.id}`, Task: `/api/tasks/${task.id}` },
  };
  saveSetting(store, runKey(run.id), resource);
  insertTask(store, {
    id: task.id,
    seq: task.seq,
    spaceId,
    name: RUNBOOK_RUN_TASK,
    description: `Run runbook ${runbook.Name} of ${project.Name} in ${environment.Name}`,
    concurrencyTag: `${project.Id}/${runbook.Id}/${environment.Id}`,
    projectId: project.Id,
    environmentId: environment.Id,
    deploymentId: null,
    arguments: { RunbookRunId: run.id, RunbookId: runbook.Id },
  });
  return resource;
}

/** The server task name of a runbook run (Octopus's `RunbookRun`). */
export const RUNBOOK_RUN_TASK = 'RunbookRun';
