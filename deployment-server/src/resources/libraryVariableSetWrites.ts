import type { Store } from '../db/store';
import { badRequest } from '../errors';
import { saveVariableSet } from './documents';
import { emptyVariableSet, libraryVariableSetResource } from './factories';
import { allInSpace, saveNamed } from './repository';
import type { LibraryVariableSetResource, ProjectResource, VariableTemplateResource } from './types';
import { uniqueName } from './writes';

/**
 * Creating, changing and deleting library variable sets through the API (Octopus's
 * `POST/PUT/DELETE …/libraryvariablesets`). A new set gets its empty variable set
 * (`variableset-LibraryVariableSets-N`), whose variables are then read and written at
 * `…/variables/{VariableSetId}`. Call inside a transaction.
 */

export interface LibraryVariableSetInput {
  name?: string;
  description?: string;
  contentType?: string;
  templates?: unknown[];
}

function contentType(value: string | undefined): 'Variables' {
  if (value === undefined || value === 'Variables') return 'Variables';
  throw badRequest(
    `ContentType '${value}' is not supported: this server keeps variable sets (ContentType 'Variables'), not script modules.`,
  );
}

export function createLibraryVariableSet(
  store: Store,
  spaceId: string,
  input: LibraryVariableSetInput,
): LibraryVariableSetResource {
  const name = uniqueName(store, 'library_variable_sets', spaceId, input.name, 'library variable set');
  contentType(input.contentType);
  const set: LibraryVariableSetResource = {
    ...libraryVariableSetResource(store.nextId('LibraryVariableSets').id, spaceId, name),
    Description: input.description ?? '',
    Templates: (input.templates ?? []) as VariableTemplateResource[],
  };
  saveNamed(store, 'library_variable_sets', set);
  saveVariableSet(store, emptyVariableSet(spaceId, set.Id));
  return set;
}

export function modifyLibraryVariableSet(
  store: Store,
  set: LibraryVariableSetResource,
  input: LibraryVariableSetInput,
): LibraryVariableSetResource {
  contentType(input.contentType);
  const updated: LibraryVariableSetResource = {
    ...set,
    Name:
      input.name === undefined
        ? set.Name
        : uniqueName(store, 'library_variable_sets', set.SpaceId, input.name, 'library variable set', set.Id),
    Description: input.description ?? set.Description,
    Templates: (input.templates as VariableTemplateResource[] | undefined) ?? set.Templates,
  };
  saveNamed(store, 'library_variable_sets', updated);
  return updated;
}

/**
 * Refused while a project includes the set, so no project silently loses variables; releases
 * keep their snapshots of it either way.
 */
export function deleteLibraryVariableSet(store: Store, set: LibraryVariableSetResource): void {
  const users = allInSpace<ProjectResource>(store, 'projects', set.SpaceId).filter((p) =>
    p.IncludedLibraryVariableSetIds.includes(set.Id),
  );
  if (users.length)
    throw badRequest(
      `Library variable set '${set.Name}' is included by ${users.map((p) => `project '${p.Name}'`).join(', ')}; remove it from them first.`,
    );
  store.run('DELETE FROM variable_sets WHERE id = ?', set.VariableSetId);
  store.run('DELETE FROM library_variable_sets WHERE id = ?', set.Id);
}
