import { shorten } from '@stepwise/core/octopus/versions';
import type { Store } from '../db/store';
import { badRequest } from '../errors';
import { allInSpace } from '../resources/repository';
import type { ChannelResource, EnvironmentResource, ProjectResource, ReleaseResource } from '../resources/types';

/** Finding what a command names: by id or by name (case-insensitive), with the choices in the error. */

export function findProject(store: Store, spaceId: string, idOrName: string | undefined): ProjectResource {
  if (!idOrName) throw badRequest('ProjectName is required: the name (or id) of the project.');
  const project =
    store.doc<ProjectResource>('SELECT json FROM projects WHERE space_id = ? AND id = ?', spaceId, idOrName) ??
    store.doc<ProjectResource>('SELECT json FROM projects WHERE space_id = ? AND name = ?', spaceId, idOrName);
  if (project) return project;
  const names = store
    .rows<{ name: string }>('SELECT name FROM projects WHERE space_id = ? ORDER BY name', spaceId)
    .map((r) => r.name);
  throw badRequest(`There is no project named '${idOrName}' in this space.${choices('projects', names)}`);
}

export function findChannel(store: Store, project: ProjectResource, idOrName: string | undefined): ChannelResource {
  const channels = store.docs<ChannelResource>(
    'SELECT json FROM channels WHERE project_id = ? ORDER BY seq',
    project.Id,
  );
  if (!idOrName) {
    const fallback = channels.find((c) => c.IsDefault) ?? channels[0];
    if (!fallback) throw badRequest(`Project '${project.Name}' has no channel.`);
    return fallback;
  }
  const channel = channels.find((c) => c.Id === idOrName || c.Name.toLowerCase() === idOrName.toLowerCase());
  if (!channel)
    throw badRequest(
      `Project '${project.Name}' has no channel named '${idOrName}'.${choices(
        'channels',
        channels.map((c) => c.Name),
      )}`,
    );
  return channel;
}

export function findRelease(store: Store, project: ProjectResource, version: string | undefined): ReleaseResource {
  if (!version) throw badRequest('ReleaseVersion is required: the version of the release to deploy.');
  const release = store.doc<ReleaseResource>(
    'SELECT json FROM releases WHERE project_id = ? AND (version = ? OR id = ?)',
    project.Id,
    version,
    version,
  );
  if (!release) throw badRequest(`Project '${project.Name}' has no release ${shorten(version)}.`);
  return release;
}

export function findEnvironments(store: Store, spaceId: string, idsOrNames: string[]): EnvironmentResource[] {
  const all = allInSpace<EnvironmentResource>(store, 'environments', spaceId);
  const found: EnvironmentResource[] = [];
  const unknown: string[] = [];
  for (const wanted of idsOrNames) {
    const env = all.find((e) => e.Id === wanted || e.Name.toLowerCase() === wanted.toLowerCase());
    if (env) {
      if (!found.includes(env)) found.push(env);
    } else unknown.push(wanted);
  }
  if (unknown.length) {
    throw badRequest(
      `Unknown environment${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}.${choices(
        'environments',
        all.map((e) => e.Name),
      )}`,
    );
  }
  return found;
}

export function choices(what: string, names: string[]): string {
  return names.length ? ` Known ${what}: ${names.join(', ')}.` : ` There are no ${what}.`;
}
