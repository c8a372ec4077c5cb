import { slugify } from '@stepwise/core/octopus/toApiResources';
import type { Store } from '../db/store';
import type { SpaceResource } from './types';

/** Octopus always has a default space; clients look it up by the name `Default` and expect `Spaces-1`. */
export const DEFAULT_SPACE_ID = 'Spaces-1';

export function spaceResource(id: string, name: string, isDefault: boolean): SpaceResource {
  return {
    Id: id,
    Name: name,
    Slug: slugify(name),
    Description: '',
    IsDefault: isDefault,
    IsPrivate: false,
    TaskQueueStopped: false,
    SpaceManagersTeams: [],
    SpaceManagersTeamMembers: [],
    ExtensionSettings: [],
    LastModifiedOn: new Date().toISOString(),
  };
}

export function ensureDefaultSpace(store: Store): void {
  if (store.value('SELECT 1 FROM spaces WHERE id = ?', DEFAULT_SPACE_ID)) return;
  store.transaction(() => {
    const { id, seq } = store.nextId('Spaces');
    const space = spaceResource(id, 'Default', true);
    store.run(
      'INSERT INTO spaces (id, seq, name, json) VALUES (?, ?, ?, ?)',
      id,
      seq,
      space.Name,
      JSON.stringify(space),
    );
  });
}

export function getSpace(store: Store, id: string): SpaceResource | undefined {
  return store.doc<SpaceResource>('SELECT json FROM spaces WHERE id = ?', id);
}

/** The space with this name, created when missing. */
export function spaceNamed(store: Store, name: string): SpaceResource {
  const existing = store.doc<SpaceResource>('SELECT json FROM spaces WHERE name = ?', name);
  if (existing) return existing;
  const { id, seq } = store.nextId('Spaces');
  const space = spaceResource(id, name, false);
  store.run('INSERT INTO spaces (id, seq, name, json) VALUES (?, ?, ?, ?)', id, seq, space.Name, JSON.stringify(space));
  return space;
}
