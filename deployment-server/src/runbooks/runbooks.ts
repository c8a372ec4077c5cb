import type { Store } from '../db/store';
import { badRequest, notFound } from '../errors';
import { getDoc } from '../resources/repository';
import type { EnvironmentResource, ProjectResource, RunbookResource } from '../resources/types';
import { insertTask } from '../tasks/taskStore';

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
 * Runbooks are in their own table (imported by resources/runbooks.ts, served by api/routes/runbooks.ts);
 * their runs are kept in the settings table, one row per run, beside the tasks that run them.
 */
const runKey = (id: string) => `runbook-run:${id}`;

export function spaceRunbooks(store: Store, spaceId: string): RunbookResource[] {
  return store.docs<RunbookResource>('SELECT json FROM runbooks WHERE space_id = ? ORDER BY seq', spaceId);
}

function saveSetting(store: Store, key: string, value: unknown): void {
  store.run(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    key,
    JSON.stringify(value),
  );
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
