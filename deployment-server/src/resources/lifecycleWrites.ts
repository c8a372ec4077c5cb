import { randomUUID } from 'node:crypto';
import { DEFAULT_RETENTION, slugify } from '@stepwise/core/octopus/toApiResources';
import type { Store } from '../db/store';
import { badRequest } from '../errors';
import { FieldReader } from './fieldReader';
import { allInSpace, saveNamed } from './repository';
import type {
  ChannelResource,
  EnvironmentResource,
  LifecycleResource,
  PhaseResource,
  ProjectResource,
  RetentionPeriod,
} from './types';
import { uniqueName } from './writes';

/**
 * Creating, changing and deleting lifecycles through the API (Octopus's `POST/PUT/DELETE
 * …/lifecycles`). Phases name environments by id (or, as the rest of this server accepts, by
 * name); an environment belongs to one phase at most. Call inside a transaction.
 */

export interface LifecycleInput {
  name?: string;
  description?: string;
  /** The body's `Phases`, unread: read against the space's environments. */
  phases?: unknown;
  releaseRetentionPolicy?: unknown;
  tentacleRetentionPolicy?: unknown;
}

function retention(reader: FieldReader, value: unknown, where: string): RetentionPeriod | undefined {
  const fields = reader.object(value, where);
  if (!fields) return undefined;
  const unit = reader.string(fields, 'Unit', where) ?? 'Days';
  if (unit !== 'Days' && unit !== 'Items') reader.errors.push(`${where}.Unit must be Days or Items, not '${unit}'.`);
  const keepForever = reader.boolean(fields, 'ShouldKeepForever', where) ?? false;
  const quantity = reader.count(fields, 'QuantityToKeep', where) ?? 0;
  if (!keepForever && quantity === 0)
    reader.errors.push(`${where}: QuantityToKeep must be at least 1 unless ShouldKeepForever is true.`);
  return {
    Unit: unit === 'Items' ? 'Items' : 'Days',
    QuantityToKeep: keepForever ? 0 : quantity,
    ShouldKeepForever: keepForever,
  };
}

function readPhases(store: Store, spaceId: string, raw: unknown, existing: PhaseResource[], reader: FieldReader) {
  const environments = allInSpace<EnvironmentResource>(store, 'environments', spaceId);
  const seenEnvironments = new Map<string, string>();
  const seenNames = new Set<string>();
  return reader.array(raw, 'Phases').flatMap((value, i): PhaseResource[] => {
    const where = `Phases[${i}]`;
    const fields = reader.object(value, where);
    if (!fields) return [];
    const name = reader.string(fields, 'Name', where)?.trim();
    if (!name) reader.errors.push(`${where}.Name is required: every phase has a name.`);
    else if (seenNames.has(name.toLowerCase()))
      reader.errors.push(`${where}: another phase of this lifecycle is already named '${name}'.`);
    else seenNames.add(name.toLowerCase());
    const resolve = (field: string) =>
      reader.strings(fields, field, where).flatMap((ref) => {
        const env = environments.find(
          (e) => e.Id.toLowerCase() === ref.toLowerCase() || e.Name.toLowerCase() === ref.toLowerCase(),
        );
        if (!env) {
          reader.errors.push(
            `${where}.${field}: there is no environment ${ref} in this space. Known environments: ${environments.map((e) => `${e.Name} (${e.Id})`).join(', ') || 'none'}.`,
          );
          return [];
        }
        const other = seenEnvironments.get(env.Id);
        if (other !== undefined && other !== where)
          reader.errors.push(
            `${where}: environment '${env.Name}' is already in ${other}; an environment can be in one phase of a lifecycle only.`,
          );
        seenEnvironments.set(env.Id, where);
        return [env.Id];
      });
    const automatic = resolve('AutomaticDeploymentTargets');
    const optional = resolve('OptionalDeploymentTargets').filter((id) => !automatic.includes(id));
    const minimum = reader.count(fields, 'MinimumEnvironmentsBeforePromotion', where) ?? 0;
    if (minimum > automatic.length + optional.length)
      reader.errors.push(
        `${where}.MinimumEnvironmentsBeforePromotion is ${minimum}, but the phase has ${automatic.length + optional.length} environment(s).`,
      );
    const id = reader.string(fields, 'Id', where);
    const policy = (field: string) =>
      fields.get(field.toLowerCase()) == null
        ? null
        : (retention(reader, fields.get(field.toLowerCase()), `${where}.${field}`) ?? null);
    return [
      {
        Id: id && existing.some((p) => p.Id === id) ? id : randomUUID(),
        Name: name ?? '',
        AutomaticDeploymentTargets: automatic,
        OptionalDeploymentTargets: optional,
        MinimumEnvironmentsBeforePromotion: minimum,
        IsOptionalPhase: reader.boolean(fields, 'IsOptionalPhase', where) ?? false,
        IsPriorityPhase: reader.boolean(fields, 'IsPriorityPhase', where) ?? false,
        ReleaseRetentionPolicy: policy('ReleaseRetentionPolicy'),
        TentacleRetentionPolicy: policy('TentacleRetentionPolicy'),
      },
    ];
  });
}

function build(store: Store, spaceId: string, input: LifecycleInput, base: LifecycleResource): LifecycleResource {
  const reader = new FieldReader();
  const phases =
    input.phases === undefined ? base.Phases : readPhases(store, spaceId, input.phases, base.Phases, reader);
  const policy = (value: unknown, field: string, current: RetentionPeriod) =>
    value == null ? current : (retention(reader, value, field) ?? current);
  const lifecycle: LifecycleResource = {
    ...base,
    Description: input.description ?? base.Description,
    Phases: phases,
    ReleaseRetentionPolicy: policy(input.releaseRetentionPolicy, 'ReleaseRetentionPolicy', base.ReleaseRetentionPolicy),
    TentacleRetentionPolicy: policy(
      input.tentacleRetentionPolicy,
      'TentacleRetentionPolicy',
      base.TentacleRetentionPolicy,
    ),
  };
  if (reader.errors.length) throw badRequest(...reader.errors);
  return lifecycle;
}

export function createLifecycle(store: Store, spaceId: string, input: LifecycleInput): LifecycleResource {
  const name = uniqueName(store, 'lifecycles', spaceId, input.name, 'lifecycle');
  const lifecycle = build(store, spaceId, input, {
    Id: '',
    SpaceId: spaceId,
    Name: name,
    Slug: slugify(name),
    Description: '',
    Phases: [],
    ReleaseRetentionPolicy: { ...DEFAULT_RETENTION },
    TentacleRetentionPolicy: { ...DEFAULT_RETENTION },
  });
  lifecycle.Id = store.nextId('Lifecycles').id;
  saveNamed(store, 'lifecycles', lifecycle);
  return lifecycle;
}

export function modifyLifecycle(store: Store, lifecycle: LifecycleResource, input: LifecycleInput): LifecycleResource {
  const name =
    input.name === undefined
      ? lifecycle.Name
      : uniqueName(store, 'lifecycles', lifecycle.SpaceId, input.name, 'lifecycle', lifecycle.Id);
  const updated = build(store, lifecycle.SpaceId, input, { ...lifecycle, Name: name, Slug: slugify(name) });
  saveNamed(store, 'lifecycles', updated);
  return updated;
}

/** Refused while a project or a channel uses the lifecycle, as Octopus refuses it. */
export function deleteLifecycle(store: Store, lifecycle: LifecycleResource): void {
  const projects = allInSpace<ProjectResource>(store, 'projects', lifecycle.SpaceId).filter(
    (p) => p.LifecycleId === lifecycle.Id,
  );
  const channels = store
    .docs<ChannelResource>('SELECT json FROM channels WHERE space_id = ? ORDER BY seq', lifecycle.SpaceId)
    .filter((c) => c.LifecycleId === lifecycle.Id);
  const users = [
    ...projects.map((p) => `project '${p.Name}'`),
    ...channels.map((c) => `channel '${c.Name}' of ${c.ProjectId}`),
  ];
  if (users.length)
    throw badRequest(
      `Lifecycle '${lifecycle.Name}' cannot be deleted: it is used by ${users.join(', ')}. Give them another lifecycle first.`,
    );
  store.run('DELETE FROM lifecycles WHERE id = ?', lifecycle.Id);
}
