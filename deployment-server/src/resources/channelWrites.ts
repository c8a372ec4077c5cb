import { randomUUID } from 'node:crypto';
import { slugify } from '@stepwise/core/octopus/toApiResources';
import type { Store } from '../db/store';
import { badRequest } from '../errors';
import { parseVersionRange } from '@stepwise/core/octopus/versionRange';
import { channelResource } from './factories';
import { getProcess } from './documents';
import { FieldReader } from './fieldReader';
import { getDoc } from './repository';
import type { ChannelResource, ChannelRuleResource, LifecycleResource, ProjectResource } from './types';

/**
 * Creating, changing and deleting channels through the API (Octopus's `POST/PUT/DELETE
 * …/channels`). A rule's `ActionPackages` must name steps of the project that deploy that package
 * reference; its `VersionRange` is a NuGet range and its `Tag` a regular expression, both checked
 * here so a bad rule is refused when saved, not when a release is created. Call inside a transaction.
 */

export interface ChannelInput {
  name?: string;
  projectId?: string;
  lifecycleId?: string | null;
  description?: string;
  isDefault?: boolean;
  rules?: unknown;
  tenantTags?: string[];
}

function projectOf(store: Store, spaceId: string, projectId: string | undefined): ProjectResource {
  if (!projectId?.trim()) throw badRequest('ProjectId is required: the project the channel belongs to.');
  const project =
    getDoc<ProjectResource>(store, 'projects', spaceId, projectId) ??
    store.doc<ProjectResource>('SELECT json FROM projects WHERE space_id = ? AND name = ?', spaceId, projectId);
  if (!project) throw badRequest(`There is no project ${projectId} in this space.`);
  return project;
}

function lifecycleOf(store: Store, spaceId: string, lifecycleId: string | null | undefined): string | null {
  if (!lifecycleId) return null;
  const lifecycle =
    getDoc<LifecycleResource>(store, 'lifecycles', spaceId, lifecycleId) ??
    store.doc<LifecycleResource>('SELECT json FROM lifecycles WHERE space_id = ? AND name = ?', spaceId, lifecycleId);
  if (!lifecycle) throw badRequest(`There is no lifecycle ${lifecycleId} in this space.`);
  return lifecycle.Id;
}

function readRules(store: Store, project: ProjectResource, raw: unknown, reader: FieldReader): ChannelRuleResource[] {
  const process = getProcess(store, project.SpaceId, project.DeploymentProcessId);
  const actions = (process?.Steps ?? []).flatMap((s) => s.Actions);
  return reader.array(raw, 'Rules').flatMap((value, i): ChannelRuleResource[] => {
    const where = `Rules[${i}]`;
    const fields = reader.object(value, where);
    if (!fields) return [];
    const versionRange = reader.string(fields, 'VersionRange', where) ?? '';
    const tag = reader.string(fields, 'Tag', where) ?? '';
    const range = parseVersionRange(versionRange);
    if ('problem' in range) reader.errors.push(`${where}.VersionRange: ${range.problem}.`);
    if (tag) {
      try {
        new RegExp(tag);
      } catch (error) {
        reader.errors.push(`${where}.Tag '${tag}' is not a valid regular expression: ${(error as Error).message}.`);
      }
    }
    if (!versionRange.trim() && !tag) reader.errors.push(`${where} needs a VersionRange, a Tag, or both.`);
    const packages = reader.array(fields.get('actionpackages'), `${where}.ActionPackages`);
    if (!packages.length) reader.errors.push(`${where}.ActionPackages must name at least one step's package.`);
    const actionPackages = packages.flatMap((p, j) => {
      const at = `${where}.ActionPackages[${j}]`;
      const pf = reader.object(p, at);
      if (!pf) return [];
      const actionName = reader.string(pf, 'DeploymentAction', at) ?? '';
      const reference = reader.string(pf, 'PackageReference', at) ?? '';
      const action = actions.find((a) => a.Name.toLowerCase() === actionName.toLowerCase());
      if (!action) {
        reader.errors.push(
          `${at}.DeploymentAction: project '${project.Name}' has no step '${actionName}'. Steps that deploy packages: ${
            actions
              .filter((a) => a.Packages?.length)
              .map((a) => `'${a.Name}'`)
              .join(', ') || 'none'
          }.`,
        );
        return [];
      }
      if (!(action.Packages ?? []).some((r) => r.Name.toLowerCase() === reference.toLowerCase())) {
        reader.errors.push(
          `${at}.PackageReference: step '${action.Name}' has no package reference '${reference}'${
            action.Packages?.length
              ? `; its references: ${action.Packages.map((r) => `'${r.Name}'`).join(', ')}`
              : ' (it deploys no package)'
          }.`,
        );
        return [];
      }
      return [{ DeploymentAction: action.Name, PackageReference: reference }];
    });
    const id = reader.string(fields, 'Id', where);
    return [
      { Id: id?.trim() || randomUUID(), VersionRange: versionRange.trim(), Tag: tag, ActionPackages: actionPackages },
    ];
  });
}

function uniqueChannelName(store: Store, project: ProjectResource, name: string | undefined, selfId = ''): string {
  const trimmed = name?.trim();
  if (!trimmed) throw badRequest("Name is required: the channel's name.");
  if (trimmed.length > 200)
    throw badRequest(`The channel's name is ${trimmed.length} characters long; names have at most 200.`);
  const clash = store.value<string>(
    'SELECT id FROM channels WHERE project_id = ? AND name = ? COLLATE NOCASE AND id != ?',
    project.Id,
    trimmed,
    selfId,
  );
  if (clash) throw badRequest(`A channel named '${trimmed}' already exists in project '${project.Name}' (${clash}).`);
  return trimmed;
}

/** Canonical tag names (`Tag set/Tag`); tenanted deployments of the channel's releases need a tenant that has them. */
function checkTenantTags(tags: string[] | undefined): string[] {
  const bad = (tags ?? []).filter((tag) => !/^[^/]+\/[^/]+$/.test(tag.trim()));
  if (bad.length)
    throw badRequest(...bad.map((tag) => `TenantTags: '${tag}' is not a canonical tag name ('Tag set/Tag').`));
  return (tags ?? []).map((tag) => tag.trim());
}

function save(store: Store, channel: ChannelResource): void {
  // One default channel per project: the one just marked default takes it from the others.
  if (channel.IsDefault) {
    for (const other of store.docs<ChannelResource>(
      'SELECT json FROM channels WHERE project_id = ?',
      channel.ProjectId,
    )) {
      if (other.Id !== channel.Id && other.IsDefault)
        store.run(
          'UPDATE channels SET json = ? WHERE id = ?',
          JSON.stringify({ ...other, IsDefault: false }),
          other.Id,
        );
    }
  }
  store.run(
    `INSERT INTO channels (id, seq, space_id, project_id, name, json) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json`,
    channel.Id,
    Number(/-(\d+)$/.exec(channel.Id)?.[1] ?? 0),
    channel.SpaceId,
    channel.ProjectId,
    channel.Name,
    JSON.stringify(channel),
  );
}

export function createChannel(store: Store, spaceId: string, input: ChannelInput): ChannelResource {
  const project = projectOf(store, spaceId, input.projectId);
  const name = uniqueChannelName(store, project, input.name);
  const lifecycleId = lifecycleOf(store, spaceId, input.lifecycleId);
  const reader = new FieldReader();
  const rules = readRules(store, project, input.rules, reader);
  if (reader.errors.length) throw badRequest(...reader.errors);
  const channel: ChannelResource = {
    ...channelResource(store.nextId('Channels').id, spaceId, project.Id, name, lifecycleId, input.isDefault ?? false),
    Description: input.description ?? '',
    Rules: rules,
    TenantTags: checkTenantTags(input.tenantTags),
  };
  save(store, channel);
  return channel;
}

export function modifyChannel(store: Store, channel: ChannelResource, input: ChannelInput): ChannelResource {
  const project = projectOf(store, channel.SpaceId, channel.ProjectId);
  if (input.projectId && input.projectId.toLowerCase() !== channel.ProjectId.toLowerCase())
    throw badRequest(
      `Channel '${channel.Name}' belongs to ${channel.ProjectId}; a channel cannot move to another project.`,
    );
  if (channel.IsDefault && input.isDefault === false)
    throw badRequest(
      `Channel '${channel.Name}' is the default channel of project '${project.Name}': make another channel the default instead.`,
    );
  const name = input.name === undefined ? channel.Name : uniqueChannelName(store, project, input.name, channel.Id);
  const reader = new FieldReader();
  const rules =
    input.rules === undefined
      ? (channel.Rules as ChannelRuleResource[])
      : readRules(store, project, input.rules, reader);
  if (reader.errors.length) throw badRequest(...reader.errors);
  const updated: ChannelResource = {
    ...channel,
    Name: name,
    Slug: slugify(name),
    Description: input.description ?? channel.Description,
    LifecycleId:
      input.lifecycleId === undefined ? channel.LifecycleId : lifecycleOf(store, channel.SpaceId, input.lifecycleId),
    IsDefault: input.isDefault ?? channel.IsDefault,
    Rules: rules,
    TenantTags: input.tenantTags === undefined ? channel.TenantTags : checkTenantTags(input.tenantTags),
  };
  save(store, updated);
  return updated;
}

/** The default channel stays, and a channel with releases stays (their deployments name it). */
export function deleteChannel(store: Store, channel: ChannelResource): void {
  if (channel.IsDefault)
    throw badRequest(
      `Channel '${channel.Name}' is its project's default channel and cannot be deleted; make another channel the default first.`,
    );
  const releases = store.value<number>('SELECT COUNT(*) FROM releases WHERE channel_id = ?', channel.Id) ?? 0;
  if (releases)
    throw badRequest(`Channel '${channel.Name}' has ${releases} release(s); delete them before deleting the channel.`);
  store.run('DELETE FROM channels WHERE id = ?', channel.Id);
}
