import { processResource, slugify, type NameIds } from '@stepwise/core/octopus/toApiResources';
import type { PlainValue, Project, Runbook } from '@stepwise/core';
import type { Store } from '../db/store';
import { publishRunbook } from '../runbooks/runbooks';
import { getProcess, saveProcess } from './documents';
import type { RunbookResource } from './types';

/**
 * Runbooks of a project imported from files (OCL `runbooks/<slug>.ocl`, or a process file's
 * `runbooks:`), stored so the API serves them read-only as Octopus does (`…/runbooks`,
 * `…/runbookProcesses/{id}`): what `stepwise pull` and other clients read. Each import publishes
 * the runbook when its steps changed (a snapshot, `PublishedRunbookSnapshotId`), so it can be run
 * at once. Settings come from the file's runbook settings by their OCL names.
 */

const GUIDED = ['EnvironmentDefault', 'Off', 'On'] as const;
const SCOPES = ['All', 'Specified', 'FromProjectLifecycles'] as const;
const TENANCY = ['Untenanted', 'TenantedOrUntenanted', 'Tenanted'] as const;

function pick<T extends string>(value: PlainValue | undefined, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string'
    ? (allowed.find((a) => a.toLowerCase() === value.toLowerCase().replace(/[-_]/g, '')) ?? fallback)
    : fallback;
}

function object(value: PlainValue | undefined): { [key: string]: PlainValue } {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

export function runbookResource(
  runbook: Runbook,
  id: string,
  projectId: string,
  spaceId: string,
  ids: NameIds,
): RunbookResource {
  const settings = runbook.settings;
  const connectivity = object(settings['connectivity-policy']);
  const retention = object(settings['run-retention-policy']);
  const environments = Array.isArray(settings.environments) ? settings.environments.map(String) : [];
  const environmentId = (ref: string) =>
    ids.environments.get(ref.toLowerCase())?.Id ??
    [...ids.environments.values()].find((e) => slugify(e.Name) === ref.toLowerCase())?.Id ??
    ref;
  return {
    Id: id,
    SpaceId: spaceId,
    ProjectId: projectId,
    Name: runbook.name,
    Slug: runbook.slug,
    Description: runbook.description ?? '',
    RunbookProcessId: `RunbookProcess-${id}`,
    PublishedRunbookSnapshotId: null,
    ConnectivityPolicy: {
      SkipMachineBehavior:
        typeof connectivity['skip-machine-behavior'] === 'string' ? connectivity['skip-machine-behavior'] : 'None',
      TargetRoles: Array.isArray(connectivity['target-roles']) ? connectivity['target-roles'].map(String) : [],
      AllowDeploymentsToNoTargets: connectivity['allow-deployments-to-no-targets'] !== false,
      ExcludeUnhealthyTargets: connectivity['exclude-unhealthy-targets'] === true,
    },
    DefaultGuidedFailureMode: pick(settings['default-guided-failure-mode'], GUIDED, 'EnvironmentDefault'),
    EnvironmentScope: pick(settings['environment-scope'], SCOPES, environments.length ? 'Specified' : 'All'),
    Environments: environments.map(environmentId),
    MultiTenancyMode: pick(settings['multi-tenancy-mode'], TENANCY, 'Untenanted'),
    RunRetentionPolicy: {
      QuantityToKeep: typeof retention['quantity-to-keep'] === 'number' ? retention['quantity-to-keep'] : 100,
      ShouldKeepForever: retention['should-keep-forever'] === true,
    },
  };
}

/** Saves the project's runbooks (matched by name, keeping their ids) and drops those the files no longer have. */
export function importRunbooks(store: Store, spaceId: string, projectId: string, project: Project, ids: NameIds): void {
  // A project whose files have no runbooks leaves the table alone (a data folder from before
  // migration 6 has none); runbooks it had stay until its files name runbooks again.
  if (!project.runbooks.length) return;
  const existing = store.docs<RunbookResource>('SELECT json FROM runbooks WHERE project_id = ?', projectId);
  const kept = new Set<string>();
  for (const runbook of project.runbooks) {
    const old = existing.find((r) => r.Name.toLowerCase() === runbook.name.toLowerCase());
    const { id, seq } = old ? { id: old.Id, seq: Number(/-(\d+)$/.exec(old.Id)?.[1] ?? 0) } : store.nextId('Runbooks');
    kept.add(id);
    const resource = {
      ...runbookResource(runbook, id, projectId, spaceId, ids),
      PublishedRunbookSnapshotId: old?.PublishedRunbookSnapshotId ?? null,
    };
    store.run(
      `INSERT INTO runbooks (id, seq, space_id, project_id, name, json) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json`,
      id,
      seq,
      spaceId,
      projectId,
      runbook.name,
      JSON.stringify(resource),
    );
    const oldProcess = getProcess(store, spaceId, resource.RunbookProcessId);
    const process = processResource(
      { ...project, process: runbook.process },
      { id: resource.RunbookProcessId, spaceId, projectId, ids },
      oldProcess,
    );
    saveProcess(store, { ...process, RunbookId: id } as typeof process);
    publishRunbook(store, resource);
  }
  for (const old of existing) {
    if (kept.has(old.Id)) continue;
    store.run('DELETE FROM deployment_processes WHERE id = ?', old.RunbookProcessId);
    store.run('DELETE FROM runbooks WHERE id = ?', old.Id);
  }
}
