import type { Store } from '../db/store';
import type { DeploymentProcessResource, VariableSetResource } from './types';

/** Deployment processes and variable sets: a project's current one and every release's snapshot. */

export function getProcess(store: Store, spaceId: string, id: string): DeploymentProcessResource | undefined {
  return store.doc<DeploymentProcessResource>('SELECT json FROM deployment_processes WHERE id = ? AND space_id = ?', id, spaceId);
}

export function saveProcess(store: Store, process: DeploymentProcessResource): void {
  store.run(
    'INSERT INTO deployment_processes (id, space_id, owner_id, json) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    process.Id,
    process.SpaceId,
    process.ProjectId,
    JSON.stringify(process),
  );
}

export function getVariableSet(store: Store, spaceId: string, id: string): VariableSetResource | undefined {
  return store.doc<VariableSetResource>('SELECT json FROM variable_sets WHERE id = ? AND space_id = ?', id, spaceId);
}

export function saveVariableSet(store: Store, set: VariableSetResource): void {
  store.run(
    'INSERT INTO variable_sets (id, space_id, owner_id, json) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    set.Id,
    set.SpaceId,
    set.OwnerId,
    JSON.stringify(set),
  );
}
