import { randomUUID } from 'node:crypto';
import { slugify } from '@stepwise/core/octopus/toApiResources';
import { badRequest, conflict } from '../errors';
import type {
  ChannelResource,
  DeploymentActionResource,
  DeploymentProcessResource,
  DeploymentStepResource,
  EnvironmentResource,
  PackageReferenceResource,
  PropertyValue,
  StepConditionValue,
  VariableResource,
  VariableScopeResource,
  VariableSetResource,
} from '../resources/types';

type Json = Record<string, unknown>;

const CONDITIONS: StepConditionValue[] = ['Success', 'Failure', 'Always', 'Variable'];
const TRIGGERS = ['StartAfterPrevious', 'StartWithPrevious'] as const;
const REQUIREMENTS = ['LetOctopusDecide', 'BeforePackageAcquisition', 'AfterPackageAcquisition'] as const;

/** Looks up environments and channels a client names, by id or (leniently) by name. */
export interface ReferenceLookup {
  environments: EnvironmentResource[];
  channels: ChannelResource[];
}

/**
 * A deployment process a client PUTs, checked and completed with Octopus's defaults. Everything
 * wrong is reported at once; a stale `Version` is a 409, as Octopus's optimistic concurrency.
 */
export function processFromInput(
  input: unknown,
  current: DeploymentProcessResource,
  lookup: ReferenceLookup,
): DeploymentProcessResource {
  const errors: string[] = [];
  if (!isObject(input)) throw badRequest('The request body must be a DeploymentProcess JSON object.');
  if (input.Version !== undefined && input.Version !== null && input.Version !== current.Version) {
    throw conflict(
      `The deployment process has changed since you read it (it is at version ${current.Version}, you sent version ${String(input.Version)}). Read it again and reapply your change.`,
    );
  }
  if (!Array.isArray(input.Steps)) throw badRequest('Steps must be a list of steps.');
  const stepNames = new Set<string>();
  const actionNames = new Set<string>();
  const steps = input.Steps.map((raw, i): DeploymentStepResource => {
    const where = `Steps[${i}]`;
    if (!isObject(raw)) {
      errors.push(`${where} must be an object.`);
      return emptyStep();
    }
    const name = text(raw.Name);
    if (!name) errors.push(`${where}: Name is required.`);
    else if (stepNames.has(name.toLowerCase()))
      errors.push(`${where}: another step is already named '${name}'. Step names must be unique.`);
    stepNames.add((name ?? '').toLowerCase());
    const condition = (raw.Condition ?? 'Success') as StepConditionValue;
    if (!CONDITIONS.includes(condition)) errors.push(`${where}: Condition must be one of ${CONDITIONS.join(', ')}.`);
    const trigger = (raw.StartTrigger ?? 'StartAfterPrevious') as (typeof TRIGGERS)[number];
    if (!TRIGGERS.includes(trigger))
      errors.push(`${where}: StartTrigger must be StartAfterPrevious or StartWithPrevious.`);
    if (i === 0 && trigger === 'StartWithPrevious')
      errors.push(`${where}: the first step cannot start with the previous one.`);
    const requirement = (raw.PackageRequirement ?? 'LetOctopusDecide') as (typeof REQUIREMENTS)[number];
    if (!REQUIREMENTS.includes(requirement))
      errors.push(`${where}: PackageRequirement must be one of ${REQUIREMENTS.join(', ')}.`);
    if (!Array.isArray(raw.Actions) || raw.Actions.length === 0)
      errors.push(`${where}: Actions must list at least one action.`);
    const actions = (Array.isArray(raw.Actions) ? raw.Actions : []).map((a, j) =>
      actionFromInput(a, `${where}.Actions[${j}]`, lookup, actionNames, errors),
    );
    return {
      Id: text(raw.Id) ?? randomUUID(),
      Name: name ?? '',
      Slug: text(raw.Slug) ?? slugify(name ?? ''),
      PackageRequirement: requirement,
      Properties: properties(raw.Properties, `${where}.Properties`, errors),
      Condition: condition,
      StartTrigger: trigger,
      Actions: actions,
    };
  });
  if (errors.length) throw badRequest(...errors);
  keepSensitiveValues(steps, current.Steps);
  return { ...current, Version: current.Version + 1, Steps: steps };
}

function actionFromInput(
  raw: unknown,
  where: string,
  lookup: ReferenceLookup,
  names: Set<string>,
  errors: string[],
): DeploymentActionResource {
  if (!isObject(raw)) {
    errors.push(`${where} must be an object.`);
    return emptyStep().Actions[0];
  }
  const name = text(raw.Name);
  if (!name) errors.push(`${where}: Name is required.`);
  else if (names.has(name.toLowerCase()))
    errors.push(`${where}: another action is already named '${name}'. Action names must be unique in a process.`);
  names.add((name ?? '').toLowerCase());
  const actionType = text(raw.ActionType);
  if (!actionType) errors.push(`${where}: ActionType is required (e.g. Octopus.Script).`);
  const ids = (value: unknown, field: string, all: { Id: string; Name: string }[], kind: string): string[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      errors.push(`${where}: ${field} must be a list of ${kind} ids.`);
      return [];
    }
    return value.map((v) => {
      const found = all.find((x) => x.Id === v || x.Name.toLowerCase() === v.toLowerCase());
      if (!found)
        errors.push(
          `${where}: ${field} names an unknown ${kind} '${v}'.${all.length ? ` Known: ${all.map((x) => `${x.Name} (${x.Id})`).join(', ')}.` : ''}`,
        );
      return found?.Id ?? v;
    });
  };
  const packages = Array.isArray(raw.Packages)
    ? raw.Packages.flatMap((p, k): PackageReferenceResource[] => {
        if (!isObject(p) || !text(p.PackageId)) {
          errors.push(`${where}.Packages[${k}]: PackageId is required.`);
          return [];
        }
        return [
          {
            Id: text(p.Id) ?? randomUUID(),
            Name: text(p.Name) ?? '',
            PackageId: text(p.PackageId)!,
            FeedId: text(p.FeedId) ?? 'feeds-builtin',
            AcquisitionLocation:
              (text(p.AcquisitionLocation) as PackageReferenceResource['AcquisitionLocation']) ?? 'Server',
            Properties: isObject(p.Properties)
              ? Object.fromEntries(Object.entries(p.Properties).map(([k2, v]) => [k2, String(v)]))
              : {},
          },
        ];
      })
    : [];
  const tags = Array.isArray(raw.TenantTags) ? raw.TenantTags.filter((t): t is string => typeof t === 'string') : [];
  return {
    Id: text(raw.Id) ?? randomUUID(),
    Name: name ?? '',
    Slug: text(raw.Slug) ?? slugify(name ?? ''),
    ActionType: actionType ?? '',
    Notes: text(raw.Notes) ?? null,
    IsDisabled: raw.IsDisabled === true,
    IsRequired: raw.IsRequired === true,
    CanBeUsedForProjectVersioning: raw.CanBeUsedForProjectVersioning === true,
    Condition: raw.Condition === 'Variable' ? 'Variable' : 'Success',
    Environments: ids(raw.Environments, 'Environments', lookup.environments, 'environment'),
    ExcludedEnvironments: ids(raw.ExcludedEnvironments, 'ExcludedEnvironments', lookup.environments, 'environment'),
    Channels: ids(raw.Channels, 'Channels', lookup.channels, 'channel'),
    TenantTags: tags,
    Packages: packages,
    Properties: properties(raw.Properties, `${where}.Properties`, errors),
    WorkerPoolId: text(raw.WorkerPoolId) ?? null,
    WorkerPoolVariable: text(raw.WorkerPoolVariable) ?? null,
    Container: { FeedId: null, Image: null },
  };
}

function properties(value: unknown, where: string, errors: string[]): Record<string, PropertyValue> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    errors.push(`${where} must be an object of property names to values.`);
    return {};
  }
  const out: Record<string, PropertyValue> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
    else if (isObject(v) && typeof v.HasValue === 'boolean')
      out[key] = { HasValue: v.HasValue, NewValue: text(v.NewValue) ?? null, Hint: text(v.Hint) ?? null };
    else errors.push(`${where}.${key} must be text.`);
  }
  return out;
}

/**
 * A variable set a client PUTs. A sensitive variable sent with `Value: null` keeps its stored
 * value (Octopus never returns sensitive values, so clients send them back empty).
 */
export function variablesFromInput(
  input: unknown,
  current: VariableSetResource,
  lookup: ReferenceLookup & { actionIds: string[]; machineIds: string[] },
): VariableSetResource {
  if (!isObject(input)) throw badRequest('The request body must be a VariableSet JSON object.');
  if (input.Version !== undefined && input.Version !== null && input.Version !== current.Version) {
    throw conflict(
      `The variables have changed since you read them (version ${current.Version}, you sent ${String(input.Version)}). Read them again and reapply your change.`,
    );
  }
  if (!Array.isArray(input.Variables)) throw badRequest('Variables must be a list of variables.');
  const errors: string[] = [];
  const old = new Map(current.Variables.map((v) => [v.Id, v]));
  const variables = input.Variables.map((raw, i): VariableResource => {
    const where = `Variables[${i}]`;
    if (!isObject(raw)) {
      errors.push(`${where} must be an object.`);
      return {
        Id: '',
        Name: '',
        Value: null,
        Description: null,
        Type: 'String',
        IsSensitive: false,
        IsEditable: true,
        Scope: {},
        Prompt: null,
      };
    }
    const name = text(raw.Name);
    if (!name) errors.push(`${where}: Name is required.`);
    const sensitive = raw.IsSensitive === true || raw.Type === 'Sensitive';
    if (raw.Type !== undefined && raw.Type !== 'String' && raw.Type !== 'Sensitive')
      errors.push(`${where}: Type '${String(raw.Type)}' is not supported (String or Sensitive).`);
    const id = text(raw.Id) ?? randomUUID();
    let value = raw.Value === null || raw.Value === undefined ? null : String(raw.Value);
    if (value === null && sensitive) value = old.get(id)?.Value ?? null;
    const scope: VariableScopeResource = {};
    if (raw.Scope !== undefined && raw.Scope !== null) {
      if (!isObject(raw.Scope)) errors.push(`${where}: Scope must be an object.`);
      else {
        for (const [key, ids] of Object.entries(raw.Scope)) {
          if (!['Environment', 'Role', 'Machine', 'Channel', 'Action', 'TenantTag'].includes(key)) {
            errors.push(
              `${where}: scope '${key}' is not supported (Environment, Role, Machine, Channel, Action, TenantTag).`,
            );
            continue;
          }
          if (!Array.isArray(ids) || !ids.every((v) => typeof v === 'string')) {
            errors.push(`${where}: Scope.${key} must be a list of ids.`);
            continue;
          }
          const known: Record<string, string[] | undefined> = {
            Environment: lookup.environments.map((e) => e.Id),
            Channel: lookup.channels.map((c) => c.Id),
            Action: lookup.actionIds,
            Machine: lookup.machineIds,
          };
          const unknown = known[key] ? ids.filter((v) => !known[key]!.includes(v)) : [];
          if (unknown.length)
            errors.push(`${where}: Scope.${key} has unknown id${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}.`);
          if (ids.length) scope[key as keyof VariableScopeResource] = ids;
        }
      }
    }
    const prompt = isObject(raw.Prompt)
      ? {
          Label: text(raw.Prompt.Label) ?? name ?? '',
          Description: text(raw.Prompt.Description) ?? '',
          Required: raw.Prompt.Required === true,
          DisplaySettings: isObject(raw.Prompt.DisplaySettings)
            ? Object.fromEntries(Object.entries(raw.Prompt.DisplaySettings).map(([k, v]) => [k, String(v)]))
            : {},
        }
      : null;
    return {
      Id: id,
      Name: name ?? '',
      Value: value,
      Description: text(raw.Description) ?? null,
      Type: sensitive ? 'Sensitive' : 'String',
      IsSensitive: sensitive,
      IsEditable: true,
      Scope: scope,
      Prompt: prompt,
    };
  });
  if (errors.length) throw badRequest(...errors);
  return { ...current, Version: current.Version + 1, Variables: variables };
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function emptyStep(): DeploymentStepResource {
  return {
    Id: '',
    Name: '',
    Slug: '',
    PackageRequirement: 'LetOctopusDecide',
    Properties: {},
    Condition: 'Success',
    StartTrigger: 'StartAfterPrevious',
    Actions: [
      {
        Id: '',
        Name: '',
        Slug: '',
        ActionType: '',
        Notes: null,
        IsDisabled: false,
        IsRequired: false,
        CanBeUsedForProjectVersioning: false,
        Condition: 'Success',
        Environments: [],
        ExcludedEnvironments: [],
        Channels: [],
        TenantTags: [],
        Packages: [],
        Properties: {},
        WorkerPoolId: null,
        WorkerPoolVariable: null,
        Container: { FeedId: null, Image: null },
      },
    ],
  };
}

/** `{HasValue: true}` without a NewValue means "unchanged": keep what is stored (matched by id). */
function keepSensitiveValues(steps: DeploymentStepResource[], previous: DeploymentStepResource[]): void {
  const old = new Map(
    previous.flatMap((s) => [[s.Id, s.Properties] as const, ...s.Actions.map((a) => [a.Id, a.Properties] as const)]),
  );
  const merge = (id: string, properties: Record<string, PropertyValue>) => {
    for (const [key, value] of Object.entries(properties)) {
      if (value !== null && typeof value === 'object' && value.HasValue && !value.NewValue) {
        const stored = old.get(id)?.[key];
        if (stored !== undefined) properties[key] = stored;
      }
    }
  };
  for (const step of steps) {
    merge(step.Id, step.Properties);
    for (const action of step.Actions) merge(action.Id, action.Properties);
  }
}
