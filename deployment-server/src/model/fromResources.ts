import type {
  Action,
  Channel,
  Lifecycle,
  NameRef,
  Project,
  Range,
  ScopeKey,
  Space,
  Step,
  Target,
  TemplateText,
  Variable,
  VariableScope,
  VariableSet,
} from '@stepwise/core';
import { toOctopusActionType } from '@stepwise/core';
import type {
  ChannelResource,
  DeploymentActionResource,
  DeploymentProcessResource,
  DeploymentStepResource,
  EnvironmentResource,
  MachineResource,
  PropertyValue,
  ReferenceDataItem,
  VariableSetResource,
} from '../resources/types';

/**
 * Octopus resources as the engine's model, so the executor evaluates variables, scopes and run
 * conditions with exactly the code the preview uses. Resources have no source text, so every
 * range is empty.
 */
const NO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const ref = (name: string): NameRef => ({ name, range: NO_RANGE });
const text = (value: string): TemplateText => ({ value, range: NO_RANGE, source: undefined });

export function propertyText(value: PropertyValue | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return value.NewValue ?? undefined;
}

export interface ProjectInputs {
  name: string;
  process: DeploymentProcessResource;
  variables: VariableSetResource;
  /** Included library variable sets (their snapshots for a release), by name. */
  librarySets: { name: string; variables: VariableSetResource }[];
  channels: ChannelResource[];
  environments: EnvironmentResource[];
}

export function toProject(inputs: ProjectInputs): Project {
  const envNames = new Map(inputs.environments.map((e) => [e.Id, e.Name]));
  const channelNames = new Map(inputs.channels.map((c) => [c.Id, c.Name]));
  return {
    name: inputs.name,
    nameRange: NO_RANGE,
    lifecycle: undefined,
    channels: inputs.channels
      .filter((c) => !c.IsDefault)
      .map((c): Channel => ({ name: c.Name, nameRange: NO_RANGE, lifecycle: undefined, rules: [] })),
    variableSets: inputs.librarySets.map((s) => ref(s.name)),
    variables: toVariables(inputs.variables, 'Project'),
    process: { steps: inputs.process.Steps.map((s) => toStep(s, envNames, channelNames)), processTemplates: [] },
    runbooks: [],
    deploymentSettings: {},
  };
}

function toStep(step: DeploymentStepResource, envNames: Map<string, string>, channelNames: Map<string, string>): Step {
  const roles = (propertyText(step.Properties['Octopus.Action.TargetRoles']) ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const condition =
    step.Condition === 'Variable'
      ? {
          kind: 'variable' as const,
          expression: text(propertyText(step.Properties['Octopus.Step.ConditionVariableExpression']) ?? ''),
          range: NO_RANGE,
        }
      : { kind: (step.Condition?.toLowerCase() ?? 'success') as 'success' | 'failure' | 'always', range: NO_RANGE };
  const model: Step = {
    name: step.Name,
    nameRange: NO_RANGE,
    range: NO_RANGE,
    roles: roles.map(ref),
    condition,
    start: step.StartTrigger === 'StartWithPrevious' ? 'with-previous' : 'after-previous',
    startRange: undefined,
    packageRequirement: step.PackageRequirement,
    inlineAction: step.Actions.length === 1 && step.Actions[0].Name === step.Name,
    properties: new Map(),
    actions: [],
  };
  model.actions = step.Actions.map((a) => toAction(a, model, envNames, channelNames));
  return model;
}

function toAction(
  action: DeploymentActionResource,
  step: Step,
  envNames: Map<string, string>,
  channelNames: Map<string, string>,
): Action {
  const properties = new Map<string, TemplateText>();
  for (const [name, value] of Object.entries(action.Properties ?? {})) {
    const v = propertyText(value);
    if (v !== undefined) properties.set(name, text(v));
  }
  if (step.roles.length) properties.set('Octopus.Action.TargetRoles', text(step.roles.map((r) => r.name).join(',')));
  const runOnServer = propertyText(action.Properties?.['Octopus.Action.RunOnServer'])?.toLowerCase();
  const names = (ids: string[] | undefined, map: Map<string, string>) =>
    (ids ?? []).map((id) => ref(map.get(id) ?? id));
  return {
    name: action.Name,
    nameRange: NO_RANGE,
    range: NO_RANGE,
    type: action.ActionType,
    typeRange: undefined,
    actionType: toOctopusActionType(action.ActionType) ?? action.ActionType,
    environments: names(action.Environments, envNames),
    excludedEnvironments: names(action.ExcludedEnvironments, envNames),
    environmentsRange: undefined,
    excludedEnvironmentsRange: undefined,
    channels: names(action.Channels, channelNames),
    tenantTags: (action.TenantTags ?? []).map(ref),
    disabled: !!action.IsDisabled,
    required: !!action.IsRequired,
    runOn: runOnServer === 'true' ? 'server' : runOnServer === 'false' ? 'targets' : undefined,
    packages: (action.Packages ?? []).map((p) => ({
      id: p.PackageId,
      feed: p.FeedId,
      range: NO_RANGE,
      name: p.Name ?? '',
      ...(p.AcquisitionLocation ? { acquisitionLocation: p.AcquisitionLocation } : {}),
      properties: new Map(Object.entries(p.Properties ?? {})),
      explicit: !!p.Name,
    })),
    properties,
    propertyKeys: new Map(),
    presentKeys: new Set(),
    gitDependencies: [],
    verbatim: true,
  };
}

const SCOPE_KEYS: [
  keyof VariableSetResource['Variables'][number]['Scope'],
  ScopeKey,
  keyof VariableSetResource['ScopeValues'] | undefined,
][] = [
  ['Environment', 'environment', 'Environments'],
  ['Role', 'role', undefined],
  ['Machine', 'target', 'Machines'],
  ['Channel', 'channel', 'Channels'],
  ['Action', 'step', 'Actions'],
  ['TenantTag', 'tenant-tag', undefined],
];

/** A variable set's entries grouped back into variables with scoped values (names from `ScopeValues`). */
export function toVariables(set: VariableSetResource, owner: string): Variable[] {
  const lookup = new Map<string, Map<string, string>>();
  for (const [, , values] of SCOPE_KEYS) {
    if (values)
      lookup.set(
        values,
        new Map((set.ScopeValues?.[values] as ReferenceDataItem[] | undefined)?.map((i) => [i.Id, i.Name]) ?? []),
      );
  }
  const byName = new Map<string, Variable>();
  for (const entry of set.Variables) {
    const key = entry.Name.toLowerCase();
    let variable = byName.get(key);
    if (!variable) {
      variable = { name: entry.Name, nameRange: NO_RANGE, values: [], sensitive: false, owner };
      byName.set(key, variable);
    }
    variable.sensitive ||= entry.IsSensitive || entry.Type === 'Sensitive';
    if (entry.Description) variable.description = entry.Description;
    if (entry.Prompt)
      variable.prompt = {
        label: entry.Prompt.Label || entry.Name,
        description: entry.Prompt.Description,
        required: entry.Prompt.Required,
      };
    const scope: VariableScope = {};
    for (const [resourceKey, modelKey, values] of SCOPE_KEYS) {
      const ids = entry.Scope?.[resourceKey];
      if (!ids?.length) continue;
      const names = values ? lookup.get(values) : undefined;
      scope[modelKey] = ids.map((id) => ref(names?.get(id) ?? id));
    }
    const value = entry.Value ?? '';
    variable.values.push({ value, range: NO_RANGE, entryRange: NO_RANGE, template: text(value), scope });
  }
  return [...byName.values()];
}

export interface SpaceInputs {
  name: string;
  environments: EnvironmentResource[];
  machines: MachineResource[];
  librarySets: { name: string; variables: VariableSetResource }[];
  lifecycles?: Lifecycle[];
}

export function toSpace(inputs: SpaceInputs): Space {
  const envNames = new Map(inputs.environments.map((e) => [e.Id, e.Name]));
  const targets = inputs.machines
    .filter((m) => !m.IsDisabled)
    .map((m): Target => ({
      name: m.Name,
      nameRange: NO_RANGE,
      environments: m.EnvironmentIds.map((id) => ref(envNames.get(id) ?? id)),
      roles: m.Roles.map(ref),
    }));
  const variableSets = inputs.librarySets.map((s): VariableSet => ({
    name: s.name,
    nameRange: NO_RANGE,
    range: NO_RANGE,
    variables: toVariables(s.variables, s.name),
  }));
  return {
    name: inputs.name,
    origin: 'stepwise-server',
    environments: [...inputs.environments].sort((a, b) => a.SortOrder - b.SortOrder).map((e) => ref(e.Name)),
    lifecycles: inputs.lifecycles ?? [],
    targets,
    variableSets,
    defines: { environments: true, lifecycles: true, targets: inputs.machines.length > 0, variableSets: true },
  };
}
