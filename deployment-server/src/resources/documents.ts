import type { Store } from '../db/store';
import { openProcess, openVariableSet, sealProcess, sealVariableSet } from '../secrets/sensitiveValues';
import type { DeploymentProcessResource, VariableSetResource } from './types';

/**
 * Deployment processes and variable sets: a project's current one and every release's snapshot.
 * Their sensitive values are encrypted in the database and decrypted here when read.
 */

export function getProcess(store: Store, spaceId: string, id: string): DeploymentProcessResource | undefined {
  const process = store.doc<DeploymentProcessResource>(
    'SELECT json FROM deployment_processes WHERE id = ? AND space_id = ?',
    id,
    spaceId,
  );
  return process && openProcess(process, store.secrets);
}

export function saveProcess(store: Store, process: DeploymentProcessResource): void {
  store.run(
    'INSERT INTO deployment_processes (id, space_id, owner_id, json) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    process.Id,
    process.SpaceId,
    process.ProjectId,
    JSON.stringify(sealProcess(process, store.secrets)),
  );
}

export function getVariableSet(store: Store, spaceId: string, id: string): VariableSetResource | undefined {
  const set = store.doc<VariableSetResource>(
    'SELECT json FROM variable_sets WHERE id = ? AND space_id = ?',
    id,
    spaceId,
  );
  return set && openVariableSet(set, store.secrets);
}

export function saveVariableSet(store: Store, set: VariableSetResource): void {
  store.run(
    'INSERT INTO variable_sets (id, space_id, owner_id, json) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    set.Id,
    set.SpaceId,
    set.OwnerId,
    JSON.stringify(sealVariableSet(set, store.secrets)),
  );
}
