import type { Store } from '../db/store';
import { badRequest, notFound } from '../errors';
import { getProcess, saveProcess } from '../resources/documents';
import { getDoc } from '../resources/repository';
import type { EnvironmentResource, ProjectResource, RunbookResource } from '../resources/types';
import { insertTask } from '../tasks/taskStore';

/** One run of a runbook. Octopus: `RunbookRunResource` (`/api/{space}/runbookRuns/{id}`). */
export interface RunbookRunResource {
  Id: string;
  SpaceId: string;
  ProjectId: string;
  RunbookId: string;
  /** The snapshot run: the runbook's published one unless the request names another. */
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

/**
 * A published copy of a runbook's process (Octopus: `RunbookSnapshotResource`). A run runs a
 * snapshot, never the process being edited; the project's variables are read when the run starts
 * (the local server does not freeze them with the snapshot).
 */
export interface RunbookSnapshotResource {
  Id: string;
  SpaceId: string;
  ProjectId: string;
  RunbookId: string;
  Name: string;
  Notes: string;
  Assembled: string;
  FrozenRunbookProcessId: string;
  /** The project's own variable set: the local server reads it when a run starts, it does not freeze it. */
  FrozenProjectVariableSetId: string;
  ProjectVariableSetSnapshotId: string;
  LibraryVariableSetSnapshotIds: string[];
  SelectedPackages: never[];
  VersionControlReference: Record<string, never>;
  Links: Record<string, string>;
}

/*
 * Runbooks are in their own table (imported by resources/runbooks.ts, served by api/routes/runbooks.ts);
 * their runs are kept in the settings table, one row per run, beside the tasks that run them.
 */
const runKey = (id: string) => `runbook-run:${id}`;
const snapshotKey = (id: string) => `runbook-snapshot:${id}`;

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

export function getRunbookSnapshot(store: Store, id: string): RunbookSnapshotResource | undefined {
  const json = store.value<string>('SELECT value FROM settings WHERE key = ?', snapshotKey(id));
  return json ? (JSON.parse(json) as RunbookSnapshotResource) : undefined;
}

/** The steps of a process as they run: what decides whether a new snapshot is needed. */
function stepsOf(store: Store, spaceId: string, processId: string): string | undefined {
  const process = getProcess(store, spaceId, processId);
  return process && JSON.stringify(process.Steps);
}

/**
 * Publishes the runbook's current process, as "Publish" in Octopus does: a snapshot with a frozen
 * copy of the process, which becomes the runbook's `PublishedRunbookSnapshotId`. Nothing is
 * created when the published snapshot already has the same steps. Returns the runbook as saved.
 */
export function publishRunbook(store: Store, runbook: RunbookResource): RunbookResource {
  const { SpaceId: spaceId } = runbook;
  const published = runbook.PublishedRunbookSnapshotId
    ? getRunbookSnapshot(store, runbook.PublishedRunbookSnapshotId)
    : undefined;
  const current = stepsOf(store, spaceId, runbook.RunbookProcessId);
  if (current === undefined) return runbook;
  if (published && stepsOf(store, spaceId, published.FrozenRunbookProcessId) === current) return runbook;
  const process = getProcess(store, spaceId, runbook.RunbookProcessId)!;
  const project = getDoc<ProjectResource>(store, 'projects', spaceId, runbook.ProjectId);
  const { id, seq } = store.nextId('RunbookSnapshots');
  const frozen = { ...process, Id: `${process.Id}-s-${seq}`, LastSnapshotId: null };
  saveProcess(store, frozen);
  const snapshot: RunbookSnapshotResource = {
    Id: id,
    SpaceId: spaceId,
    ProjectId: runbook.ProjectId,
    RunbookId: runbook.Id,
    Name: `Snapshot ${seq}`,
    Notes: '',
    Assembled: new Date().toISOString(),
    FrozenRunbookProcessId: frozen.Id,
    FrozenProjectVariableSetId: project?.VariableSetId ?? '',
    ProjectVariableSetSnapshotId: project?.VariableSetId ?? '',
    LibraryVariableSetSnapshotIds: [],
    SelectedPackages: [],
    VersionControlReference: {},
    Links: {
      Self: `/api/${spaceId}/runbookSnapshots/${id}`,
      Runbook: `/api/${spaceId}/runbooks/${runbook.Id}`,
      Project: `/api/${spaceId}/projects/${runbook.ProjectId}`,
      FrozenRunbookProcess: `/api/${spaceId}/runbookProcesses/${frozen.Id}`,
    },
  };
  saveSetting(store, snapshotKey(id), snapshot);
  const saved = { ...runbook, PublishedRunbookSnapshotId: id };
  store.run('UPDATE runbooks SET json = ? WHERE id = ?', JSON.stringify(saved), runbook.Id);
  return saved;
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
  snapshotId?: string,
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
  const wantedSnapshot = snapshotId?.trim() || runbook.PublishedRunbookSnapshotId;
  if (!wantedSnapshot)
    throw badRequest(
      `Runbook '${runbook.Name}' has no published snapshot to run. Publish it (import its project again), or name a RunbookSnapshotId.`,
    );
  const snapshot = getRunbookSnapshot(store, wantedSnapshot);
  if (!snapshot || snapshot.SpaceId !== spaceId) throw badRequest(`There is no runbook snapshot ${wantedSnapshot}.`);
  if (snapshot.RunbookId !== runbook.Id)
    throw badRequest(
      `Runbook snapshot ${snapshot.Id} belongs to runbook ${snapshot.RunbookId}, not to ${runbook.Name}.`,
    );
  const project = getDoc<ProjectResource>(store, 'projects', spaceId, runbook.ProjectId)!;
  const run = store.nextId('RunbookRuns');
  const task = store.nextId('ServerTasks');
  const resource: RunbookRunResource = {
    Id: run.id,
    SpaceId: spaceId,
    ProjectId: project.Id,
    RunbookId: runbook.Id,
    RunbookSnapshotId: snapshot.Id,
    FrozenRunbookProcessId: snapshot.FrozenRunbookProcessId,
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
    description: `Run runbook ${runbook.Name} (${snapshot.Name}) of ${project.Name} in ${environment.Name}`,
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
