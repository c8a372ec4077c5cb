/**
 * The engine's model as Octopus REST resources: a process file's steps as a DeploymentProcess,
 * its variables as a VariableSet, a space file's lifecycles as Lifecycles. One conversion for
 * everyone who needs the API shape — the local deployment server importing a workspace, and the
 * language server answering `stepwise/deploymentProcess` so the extension can push a file.
 *
 * Files name things; the API refers to them by id. `NameIds` carries the ids a server knows;
 * a name without an id stays a name (harmless for a comparison, and what an import fixes up).
 */
import type { Action, Lifecycle, Project, Step, Variable } from '../model/types';
import { keepSensitive } from './sensitiveProperties';
import {
  BUILT_IN_FEED_ID,
  type DeploymentActionResource,
  type DeploymentProcessResource,
  type DeploymentStepResource,
  type LifecycleResource,
  type PackageReferenceResource,
  type PackageRequirement,
  type PhaseResource,
  type PropertyValue,
  type ReferenceDataItem,
  type VariableResource,
  type VariableScopeResource,
  type VariableSetResource,
} from './apiResources';

/** Ids of what a file refers to by name, keyed by lower-case name. */
export interface NameIds {
  environments: Map<string, ReferenceDataItem>;
  machines: Map<string, ReferenceDataItem>;
  channels: Map<string, ReferenceDataItem>;
}

/** NameIds from lists of `{Id, Name}` as the API returns them. */
export function nameIds(
  items: { environments?: ReferenceDataItem[]; machines?: ReferenceDataItem[]; channels?: ReferenceDataItem[] } = {},
): NameIds {
  const map = (list: ReferenceDataItem[] = []) =>
    new Map(list.map((i) => [i.Name.toLowerCase(), { Id: i.Id, Name: i.Name }]));
  return { environments: map(items.environments), machines: map(items.machines), channels: map(items.channels) };
}

/** Makes ids for new steps, actions, packages and variables (Octopus uses GUIDs). */
export type NewId = () => string;
const randomId: NewId = () => globalThis.crypto.randomUUID();

// Older OCL files name the built-in feed by its display name.
const FILE_FEED_NAMES = new Set([
  'octopus-server-built-in',
  'builtin',
  'built-in',
  'octopus server (built-in)',
  BUILT_IN_FEED_ID,
]);

export const DEFAULT_RETENTION = { Unit: 'Days', QuantityToKeep: 30, ShouldKeepForever: false } as const;

/** Octopus's slug: lower case, runs of other characters become one dash. */
export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'item'
  );
}

export function lifecycleResource(
  lifecycle: Lifecycle,
  id: string,
  spaceId: string,
  ids: NameIds,
  existing?: LifecycleResource,
  newId: NewId = randomId,
): LifecycleResource {
  const envIds = (refs: { name: string }[]) =>
    refs.map((r) => ids.environments.get(r.name.toLowerCase())?.Id ?? r.name);
  return {
    Id: id,
    SpaceId: spaceId,
    Name: lifecycle.name,
    Slug: slugify(lifecycle.name),
    Description: existing?.Description ?? '',
    Phases: lifecycle.phases.map((phase, i): PhaseResource => {
      const automatic = envIds(phase.automatic);
      return {
        Id: existing?.Phases[i]?.Id ?? newId(),
        Name: phase.name,
        AutomaticDeploymentTargets: automatic,
        OptionalDeploymentTargets: envIds(phase.environments).filter((e) => !automatic.includes(e)),
        MinimumEnvironmentsBeforePromotion: phase.minimumEnvironments ?? 0,
        IsOptionalPhase: phase.optional,
        IsPriorityPhase: false,
        ReleaseRetentionPolicy: null,
        TentacleRetentionPolicy: null,
      };
    }),
    ReleaseRetentionPolicy: { ...DEFAULT_RETENTION },
    TentacleRetentionPolicy: { ...DEFAULT_RETENTION },
  };
}

const CONDITIONS = { success: 'Success', failure: 'Failure', always: 'Always', variable: 'Variable' } as const;
const PACKAGE_REQUIREMENTS: Record<string, PackageRequirement> = {
  'let-octopus-decide': 'LetOctopusDecide',
  'before-package-acquisition': 'BeforePackageAcquisition',
  'after-package-acquisition': 'AfterPackageAcquisition',
};

export interface ProcessContext {
  id: string;
  spaceId: string;
  projectId: string;
  ids: NameIds;
  newId?: NewId;
}

/**
 * A process file's steps as an Octopus DeploymentProcess. Steps and actions keep the ids they
 * had in `existing` (matched by name), so re-importing a file does not break variable scopes;
 * `Version` is the existing one, plus one when the steps changed.
 */
export function processResource(
  project: Project,
  ctx: ProcessContext,
  existing?: DeploymentProcessResource,
): DeploymentProcessResource {
  const newId = ctx.newId ?? randomId;
  const oldSteps = new Map(existing?.Steps.map((s) => [s.Name.toLowerCase(), s]));
  const oldActions = new Map(existing?.Steps.flatMap((s) => s.Actions).map((a) => [a.Name.toLowerCase(), a]));
  const steps = project.process.steps.map((step) =>
    stepResource(step, ctx.ids, newId, oldSteps.get(step.name.toLowerCase()), (name) =>
      oldActions.get(name.toLowerCase()),
    ),
  );
  const changed = !existing || JSON.stringify(withoutIds(existing.Steps)) !== JSON.stringify(withoutIds(steps));
  return {
    Id: ctx.id,
    SpaceId: ctx.spaceId,
    ProjectId: ctx.projectId,
    Version: existing ? existing.Version + (changed ? 1 : 0) : 1,
    LastSnapshotId: existing?.LastSnapshotId ?? null,
    Steps: steps,
  };
}

function withoutIds(steps: DeploymentStepResource[]): unknown {
  return steps.map(({ Id: _s, ...step }) => ({
    ...step,
    Actions: step.Actions.map(({ Id: _a, Packages, ...action }) => ({
      ...action,
      Packages: Packages.map(({ Id: _p, ...p }) => p),
    })),
  }));
}

function stepResource(
  step: Step,
  ids: NameIds,
  newId: NewId,
  old: DeploymentStepResource | undefined,
  oldAction: (name: string) => DeploymentActionResource | undefined,
): DeploymentStepResource {
  const properties: Record<string, PropertyValue> = {};
  for (const [name, text] of step.properties) properties[name] = keepSensitive(name, text.value, old?.Properties[name]);
  if (step.roles.length) properties['Octopus.Action.TargetRoles'] = step.roles.map((r) => r.name).join(',');
  if (step.condition.kind === 'variable')
    properties['Octopus.Step.ConditionVariableExpression'] = step.condition.expression?.value ?? '';
  return {
    Id: old?.Id ?? newId(),
    Name: step.name,
    Slug: step.slug?.value ?? slugify(step.name),
    PackageRequirement: PACKAGE_REQUIREMENTS[step.packageRequirement ?? ''] ?? 'LetOctopusDecide',
    Properties: properties,
    Condition: CONDITIONS[step.condition.kind],
    StartTrigger: step.start === 'with-previous' ? 'StartWithPrevious' : 'StartAfterPrevious',
    Actions: step.actions.map((action) => actionResource(action, ids, newId, oldAction(action.name))),
  };
}

function actionResource(
  action: Action,
  ids: NameIds,
  newId: NewId,
  old: DeploymentActionResource | undefined,
): DeploymentActionResource {
  // A package reference keeps its id (matched by name and package), as steps and actions do.
  const oldPackageId = (name: string, packageId: string) =>
    old?.Packages.find((p) => p.Name === name && p.PackageId === packageId)?.Id ?? newId();
  const properties: Record<string, PropertyValue> = {};
  for (const [name, text] of action.properties) {
    // Roles belong to the step in Octopus's model.
    if (name !== 'Octopus.Action.TargetRoles')
      properties[name] = keepSensitive(name, text.value, old?.Properties[name]);
  }
  const packages = action.packages.map((p): PackageReferenceResource => {
    const feedId = FILE_FEED_NAMES.has(p.feed.toLowerCase()) ? BUILT_IN_FEED_ID : p.feed;
    if (p.explicit) {
      // A reference as OCL (or `packages:`) wrote it: kept as it is.
      const location =
        p.acquisitionLocation === 'ExecutionTarget' || p.acquisitionLocation === 'NotAcquired'
          ? p.acquisitionLocation
          : ('Server' as const);
      return {
        Id: oldPackageId(p.name, p.id),
        Name: p.name,
        PackageId: p.id,
        FeedId: feedId,
        AcquisitionLocation: location,
        Properties: Object.fromEntries(p.properties),
      };
    }
    return {
      Id: oldPackageId('', p.id),
      Name: '',
      PackageId: p.id,
      FeedId: feedId,
      AcquisitionLocation: 'Server' as const,
      Properties: { SelectionMode: 'immediate' },
    };
  });
  if (packages.length && !action.verbatim) {
    properties['Octopus.Action.Package.FeedId'] = packages[0].FeedId;
    properties['Octopus.Action.Package.DownloadOnTentacle'] = 'False';
  }
  const environmentIds = (refs: { name: string }[]) =>
    refs.map((r) => ids.environments.get(r.name.toLowerCase())?.Id ?? r.name);
  return {
    Id: old?.Id ?? newId(),
    Name: action.name,
    Slug: action.slug?.value ?? slugify(action.name),
    ActionType: action.actionType ?? action.type,
    Notes: action.notes?.value ?? null,
    IsDisabled: action.disabled,
    IsRequired: action.required,
    CanBeUsedForProjectVersioning: packages.length > 0,
    Condition: action.condition?.value === 'Variable' ? 'Variable' : 'Success',
    Environments: environmentIds(action.environments),
    ExcludedEnvironments: environmentIds(action.excludedEnvironments),
    Channels: action.channels.map((c) => ids.channels.get(c.name.toLowerCase())?.Id ?? c.name),
    TenantTags: action.tenantTags.map((t) => t.name),
    Packages: packages,
    Properties: properties,
    WorkerPoolId: action.workerPool?.name ?? null,
    WorkerPoolVariable: action.workerPoolVariable?.value || null,
    Container: { FeedId: action.container?.feed ?? null, Image: action.container?.image ?? null },
  };
}

export interface VariableSetContext {
  id: string;
  spaceId: string;
  ownerId: string;
  ids: NameIds;
  /** The process the variables belong to, for `step:` scopes (by action id). */
  process?: DeploymentProcessResource;
  newId?: NewId;
}

/**
 * Variables as Octopus holds them: one entry per value, each with its scope by id. A `step:`
 * scope names a step or an action; Octopus scopes by action, so a step stands for its actions.
 */
export function variableSetResource(
  variables: Variable[],
  ctx: VariableSetContext,
  existing?: VariableSetResource,
): VariableSetResource {
  const newId = ctx.newId ?? randomId;
  const actionsByName = new Map<string, ReferenceDataItem[]>();
  for (const step of ctx.process?.Steps ?? []) {
    const items = step.Actions.map((a) => ({ Id: a.Id, Name: a.Name }));
    for (const item of items) actionsByName.set(item.Name.toLowerCase(), [item]);
    if (!actionsByName.has(step.Name.toLowerCase())) actionsByName.set(step.Name.toLowerCase(), items);
  }
  const oldIds = new Map<string, string[]>();
  for (const v of existing?.Variables ?? [])
    oldIds.set(v.Name.toLowerCase(), [...(oldIds.get(v.Name.toLowerCase()) ?? []), v.Id]);

  const resources: VariableResource[] = [];
  for (const variable of variables) {
    const reuse = oldIds.get(variable.name.toLowerCase()) ?? [];
    variable.values.forEach((value, i) => {
      const scope: VariableScopeResource = {};
      const byId = (refs: { name: string }[] | undefined, map: Map<string, ReferenceDataItem>) =>
        refs?.map((r) => map.get(r.name.toLowerCase())?.Id ?? r.name);
      if (value.scope.environment) scope.Environment = byId(value.scope.environment, ctx.ids.environments);
      if (value.scope.role) scope.Role = value.scope.role.map((r) => r.name);
      if (value.scope.target) scope.Machine = byId(value.scope.target, ctx.ids.machines);
      if (value.scope.channel) scope.Channel = byId(value.scope.channel, ctx.ids.channels);
      if (value.scope.step)
        scope.Action = value.scope.step.flatMap(
          (s) => actionsByName.get(s.name.toLowerCase())?.map((a) => a.Id) ?? [s.name],
        );
      if (value.scope['tenant-tag']) scope.TenantTag = value.scope['tenant-tag'].map((t) => t.name);
      if (value.scope.process) scope.ProcessOwner = value.scope.process.map((p) => p.name);
      const prompt = value.prompt ?? variable.prompt;
      resources.push({
        Id: reuse[i] ?? newId(),
        Name: variable.name,
        // No value in the file for a secret: null keeps the server's (an empty secret means nothing).
        Value: variable.sensitive && value.value === '' ? null : value.value,
        Description: value.description ?? variable.description ?? null,
        Type: variable.sensitive ? 'Sensitive' : (variable.type ?? 'String'),
        IsSensitive: variable.sensitive,
        IsEditable: true,
        Scope: scope,
        Prompt: prompt
          ? {
              Label: prompt.label,
              Description: prompt.description ?? '',
              Required: prompt.required,
              DisplaySettings: prompt.displaySettings ?? {
                'Octopus.ControlType': variable.sensitive ? 'Sensitive' : 'SingleLineText',
              },
            }
          : null,
      });
    });
  }
  const set: VariableSetResource = {
    Id: ctx.id,
    SpaceId: ctx.spaceId,
    OwnerId: ctx.ownerId,
    Version: existing?.Version ?? 1,
    Variables: resources,
    ScopeValues: scopeValues(ctx.ids, ctx.process, resources),
  };
  if (existing && JSON.stringify(existing.Variables) !== JSON.stringify(set.Variables))
    set.Version = existing.Version + 1;
  return set;
}

/** The names behind the ids a variable set's scopes use (Octopus's `ScopeValues`). */
export function scopeValues(
  ids: NameIds,
  process: DeploymentProcessResource | undefined,
  variables: VariableResource[],
): VariableSetResource['ScopeValues'] {
  const roles = new Set<string>();
  for (const step of process?.Steps ?? []) {
    const value = step.Properties['Octopus.Action.TargetRoles'];
    if (typeof value === 'string') for (const role of value.split(',')) if (role.trim()) roles.add(role.trim());
  }
  for (const v of variables) for (const role of v.Scope.Role ?? []) roles.add(role);
  const tags = new Set(variables.flatMap((v) => v.Scope.TenantTag ?? []));
  return {
    Environments: [...ids.environments.values()],
    Machines: [...ids.machines.values()],
    Roles: [...roles].map((r) => ({ Id: r, Name: r })),
    Channels: [...ids.channels.values()],
    Actions: (process?.Steps ?? []).flatMap((s) => s.Actions.map((a) => ({ Id: a.Id, Name: a.Name }))),
    TenantTags: [...tags].map((t) => ({ Id: t, Name: t })),
    Processes: process ? [{ Id: process.ProjectId, Name: 'Deployment process', ProcessType: 'Deployment' }] : [],
  };
}
