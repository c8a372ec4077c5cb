import type { Store } from '../db/store';

/**
 * Reading and writing the named, space-scoped documents (environments, lifecycles, machines,
 * library variable sets, projects, channels). Table names come from this code, never from input.
 */
export type NamedTable =
  'spaces' | 'environments' | 'lifecycles' | 'machines' | 'library_variable_sets' | 'projects' | 'channels' | 'tenants';

export function getDoc<T>(
  store: Store,
  table: NamedTable | 'releases' | 'deployments' | 'interruptions' | 'packages',
  spaceId: string,
  id: string,
): T | undefined {
  return store.doc<T>(`SELECT json FROM ${table} WHERE id = ? AND space_id = ?`, id, spaceId);
}

/** A project by its id or, as Octopus also accepts in routes, its slug. */
export function getProjectByIdOrSlug<T>(store: Store, spaceId: string, idOrSlug: string): T | undefined {
  return (
    getDoc<T>(store, 'projects', spaceId, idOrSlug) ??
    store.doc<T>(
      "SELECT json FROM projects WHERE space_id = ? AND json_extract(json, '$.Slug') = ? COLLATE NOCASE",
      spaceId,
      idOrSlug,
    )
  );
}

export function findByName<T>(
  store: Store,
  table: Exclude<NamedTable, 'spaces' | 'channels'>,
  spaceId: string,
  name: string,
): T | undefined {
  return store.doc<T>(`SELECT json FROM ${table} WHERE space_id = ? AND name = ?`, spaceId, name);
}

export function allInSpace<T>(store: Store, table: Exclude<NamedTable, 'spaces'>, spaceId: string): T[] {
  const order = table === 'environments' ? 'sort_order, seq' : 'seq';
  return store.docs<T>(`SELECT json FROM ${table} WHERE space_id = ? ORDER BY ${order}`, spaceId);
}

/** Inserts or replaces a named document; `extra` are further columns (e.g. sort_order). */
export function saveNamed(
  store: Store,
  table: Exclude<NamedTable, 'spaces' | 'channels'>,
  doc: { Id: string; SpaceId: string; Name: string },
  extra: Record<string, string | number> = {},
): void {
  const columns = Object.keys(extra);
  const seq = seqOf(doc.Id);
  store.run(
    `INSERT INTO ${table} (id, seq, space_id, name, json${columns.map((c) => `, ${c}`).join('')}) VALUES (?, ?, ?, ?, ?${columns.map(() => ', ?').join('')})
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json${columns.map((c) => `, ${c} = excluded.${c}`).join('')}`,
    doc.Id,
    seq,
    doc.SpaceId,
    doc.Name,
    JSON.stringify(doc),
    ...columns.map((c) => extra[c]),
  );
}

/** The number of a `Kind-N` id, for ordering. */
export function seqOf(id: string): number {
  const match = /-(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}
