/**
 * Octopus REST resources as the engine's model: the inverse of `toApiResources.ts`, for bringing
 * a project that lives on a server into files (`stepwise pull`). The API refers to things by id;
 * files name them, so every id is turned into the name the server gives it (an id the lists do
 * not know stays an id, which validation then points at).
 *
 * The model is built so that `processResource` of it gives the server's process back field by
 * field: actions are kept as Octopus stores them (`verbatim`: full `ActionType`, every property,
 * named package references), and nothing is derived on the way back.
 */
import type { Range } from '../text';
import type {
  Action,
  Channel,
  Lifecycle,
  NameRef,
  PackageReference,
  PlainValue,
  Project,
  Step,
  Target,
  TemplateText,
  Variable,
  VariablePrompt,
  VariableScope,
  VariableValue,
} from '../model/types';
import type {
  DeploymentActionResource,
  DeploymentProcessResource,
  DeploymentStepResource,
  LifecycleResource,
  PropertyValue,
  ReferenceDataItem,
  VariableResource,
  VariableScopeResource,
  VariableSetResource,
} from './apiResources';
import { sensitivePlaceholder } from './sensitiveProperties';
import { slugify } from './toApiResources';

/** Files written from the API have no source text: every range is the file's start. */
const NOWHERE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Ids → names of what a space holds, as the API lists them (`{Id, Name}`). */
export interface IdNames {
  environments: ReferenceDataItem[];
  machines?: ReferenceDataItem[];
  channels?: ReferenceDataItem[];
  lifecycles?: ReferenceDataItem[];
}

export interface ApiChannel {
  Name: string;
  Description?: string | null;
  IsDefault?: boolean;
  LifecycleId?: string | null;
  TenantTags?: string[];
  Rules?: {
    VersionRange?: string | null;
    Tag?: string | null;
    ActionPackages?: { DeploymentAction: string; PackageReference?: string | null }[];
  }[];
}

/** A runbook as the API sends it (the fields a file keeps). */
export interface ApiRunbook {
  Name: string;
  Slug?: string;
  Description?: string | null;
  DefaultGuidedFailureMode?: string;
  EnvironmentScope?: string;
  Environments?: string[];
  MultiTenancyMode?: string;
  ConnectivityPolicy?: {
    SkipMachineBehavior?: string;
    TargetRoles?: string[];
    AllowDeploymentsToNoTargets?: boolean;
    ExcludeUnhealthyTargets?: boolean;
  };
  RunRetentionPolicy?: { QuantityToKeep?: number; ShouldKeepForever?: boolean };
}

export interface ProjectFromApi {
  name: string;
  process: DeploymentProcessResource;
  variables?: VariableSetResource;
  lifecycleId?: string;
  /** Names of the library variable sets the project includes. */
  libraryVariableSets?: string[];
  channels?: ApiChannel[];
  /** The project's runbooks, each with its process. */
  runbooks?: { runbook: ApiRunbook; process: DeploymentProcessResource }[];
  names: IdNames;
}

/** What a pull could not carry into the file, in words (a sensitive step property, say). */
export interface FromApiResult {
  project: Project;
  notes: string[];
}

export function projectFromApiResources(input: ProjectFromApi): FromApiResult {
  const notes: string[] = [];
  const name = lookup(input.names.environments);
  const channelName = lookup(input.names.channels ?? []);
  const lifecycleName = lookup(input.names.lifecycles ?? []);
  const actionNames = new Map(input.process.Steps.flatMap((s) => s.Actions).map((a) => [a.Id, a.Name]));
  const channels = input.channels ?? [];
  // One default channel on the project's own lifecycle says nothing a file needs.
  const onlyDefault =
    channels.length === 1 &&
    channels[0].IsDefault &&
    (!channels[0].LifecycleId || channels[0].LifecycleId === input.lifecycleId) &&
    !channels[0].Description &&
    !channels[0].TenantTags?.length &&
    !channels[0].Rules?.length;
  const project: Project = {
    name: input.name,
    nameRange: NOWHERE,
    lifecycle: input.lifecycleId ? ref(lifecycleName(input.lifecycleId)) : undefined,
    channels: onlyDefault
      ? []
      : channels.map((c): Channel => ({
          name: c.Name,
          nameRange: NOWHERE,
          lifecycle: c.LifecycleId ? ref(lifecycleName(c.LifecycleId)) : undefined,
          description: c.Description || undefined,
          isDefault: c.IsDefault || undefined,
          ...(c.TenantTags?.length ? { tenantTags: c.TenantTags.map(ref) } : {}),
          rules: (c.Rules ?? []).map((r) => ({
            tag: r.Tag || undefined,
            versionRange: r.VersionRange || undefined,
            packages: (r.ActionPackages ?? []).map((p) => ({
              step: p.DeploymentAction,
              package: p.PackageReference ?? '',
            })),
          })),
        })),
    variableSets: (input.libraryVariableSets ?? []).map(ref),
    variables: input.variables
      ? variablesFromApi(input.variables.Variables, 'Project', {
          environment: name,
          target: lookup(input.names.machines ?? []),
          channel: channelName,
          step: (id) => actionNames.get(id) ?? id,
        })
      : [],
    process: { steps: input.process.Steps.map((s) => stepFromApi(s, name, channelName, notes)), processTemplates: [] },
    runbooks: (input.runbooks ?? []).map(({ runbook, process }) => ({
      slug: runbook.Slug || slugify(runbook.Name),
      name: runbook.Name,
      nameRange: NOWHERE,
      description: runbook.Description || undefined,
      settings: runbookSettings(runbook, name),
      process: {
        steps: process.Steps.map((s) => stepFromApi(s, name, channelName, notes, `runbook '${runbook.Name}': `)),
        processTemplates: [],
      },
    })),
    deploymentSettings: {},
  };
  return { project, notes };
}

/**
 * A runbook's settings under their OCL names (`runbooks/<slug>.ocl`), only those that differ from
 * Octopus's defaults, so a plain runbook stays a name and its steps.
 */
function runbookSettings(runbook: ApiRunbook, environment: (id: string) => string): { [key: string]: PlainValue } {
  const out: { [key: string]: PlainValue } = {};
  if (runbook.DefaultGuidedFailureMode && runbook.DefaultGuidedFailureMode !== 'EnvironmentDefault')
    out['default-guided-failure-mode'] = runbook.DefaultGuidedFailureMode;
  if (runbook.EnvironmentScope && runbook.EnvironmentScope !== 'All')
    out['environment-scope'] = runbook.EnvironmentScope;
  if (runbook.Environments?.length) out.environments = runbook.Environments.map(environment);
  if (runbook.MultiTenancyMode && runbook.MultiTenancyMode !== 'Untenanted')
    out['multi-tenancy-mode'] = runbook.MultiTenancyMode;
  const c = runbook.ConnectivityPolicy;
  if (
    c &&
    ((c.SkipMachineBehavior ?? 'None') !== 'None' ||
      c.TargetRoles?.length ||
      c.AllowDeploymentsToNoTargets === false ||
      c.ExcludeUnhealthyTargets)
  ) {
    out['connectivity-policy'] = {
      'allow-deployments-to-no-targets': c.AllowDeploymentsToNoTargets ?? true,
      'exclude-unhealthy-targets': c.ExcludeUnhealthyTargets ?? false,
      'skip-machine-behavior': c.SkipMachineBehavior ?? 'None',
      'target-roles': c.TargetRoles ?? [],
    };
  }
  const r = runbook.RunRetentionPolicy;
  if (r && ((r.QuantityToKeep ?? 100) !== 100 || r.ShouldKeepForever))
    out['run-retention-policy'] = {
      'quantity-to-keep': r.QuantityToKeep ?? 100,
      'should-keep-forever': r.ShouldKeepForever ?? false,
    };
  return out;
}

function lookup(items: ReferenceDataItem[]): (id: string) => string {
  const byId = new Map(items.map((i) => [i.Id, i.Name]));
  return (id) => byId.get(id) ?? id;
}

function ref(name: string): NameRef {
  return { name, range: NOWHERE };
}

function text(value: string): TemplateText {
  return { value, range: NOWHERE, source: undefined };
}

/** String properties as templated text; a sensitive property's value never leaves the server. */
function properties(
  from: Record<string, PropertyValue>,
  skip: Set<string>,
  where: string,
  notes: string[],
): Map<string, TemplateText> {
  const out = new Map<string, TemplateText>();
  for (const [key, value] of Object.entries(from)) {
    if (skip.has(key)) continue;
    if (typeof value === 'string') out.set(key, text(value));
    else if (value && typeof value === 'object' && value.HasValue) {
      out.set(key, text(sensitivePlaceholder(key)));
      notes.push(
        `${where}: ${key} is sensitive; its value stays on the server. The file has the placeholder ${sensitivePlaceholder(key)}, which keeps the stored value when the file is pushed back.`,
      );
    }
  }
  return out;
}

const REQUIREMENTS: Record<string, string | undefined> = {
  LetOctopusDecide: undefined,
  BeforePackageAcquisition: 'before-package-acquisition',
  AfterPackageAcquisition: 'after-package-acquisition',
};

function stepFromApi(
  step: DeploymentStepResource,
  environment: (id: string) => string,
  channel: (id: string) => string,
  notes: string[],
  owner = '',
): Step {
  const roles =
    typeof step.Properties['Octopus.Action.TargetRoles'] === 'string'
      ? step.Properties['Octopus.Action.TargetRoles']
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean)
      : [];
  const kind =
    ({ Success: 'success', Failure: 'failure', Always: 'always', Variable: 'variable' } as const)[step.Condition] ??
    'success';
  const expression = step.Properties['Octopus.Step.ConditionVariableExpression'];
  const skip = new Set([
    'Octopus.Action.TargetRoles',
    ...(kind === 'variable' ? ['Octopus.Step.ConditionVariableExpression'] : []),
  ]);
  return {
    name: step.Name,
    nameRange: NOWHERE,
    range: NOWHERE,
    roles: roles.map(ref),
    condition: {
      kind,
      expression: kind === 'variable' ? text(typeof expression === 'string' ? expression : '') : undefined,
      range: undefined,
    },
    start: step.StartTrigger === 'StartWithPrevious' ? 'with-previous' : 'after-previous',
    startRange: undefined,
    packageRequirement: REQUIREMENTS[step.PackageRequirement],
    slug: step.Slug && step.Slug !== slugify(step.Name) ? { value: step.Slug, range: NOWHERE } : undefined,
    properties: properties(step.Properties, skip, `${owner}step '${step.Name}'`, notes),
    inlineAction: step.Actions.length === 1 && step.Actions[0].Name === step.Name,
    actions: step.Actions.map((a) => actionFromApi(a, environment, channel, notes, owner)),
  };
}

function actionFromApi(
  action: DeploymentActionResource,
  environment: (id: string) => string,
  channel: (id: string) => string,
  notes: string[],
  owner: string,
): Action {
  const packages = action.Packages.map((p): PackageReference => ({
    id: p.PackageId,
    feed: p.FeedId,
    range: NOWHERE,
    name: p.Name,
    acquisitionLocation: p.AcquisitionLocation,
    properties: new Map(Object.entries(p.Properties ?? {})),
    explicit: true,
  }));
  const container =
    action.Container?.FeedId || action.Container?.Image
      ? { feed: action.Container.FeedId ?? undefined, image: action.Container.Image ?? undefined, range: NOWHERE }
      : undefined;
  return {
    name: action.Name,
    nameRange: NOWHERE,
    range: NOWHERE,
    type: action.ActionType,
    typeRange: undefined,
    actionType: action.ActionType,
    environments: action.Environments.map((id) => ref(environment(id))),
    excludedEnvironments: action.ExcludedEnvironments.map((id) => ref(environment(id))),
    environmentsRange: undefined,
    excludedEnvironmentsRange: undefined,
    channels: action.Channels.map((id) => ref(channel(id))),
    tenantTags: action.TenantTags.map(ref),
    disabled: action.IsDisabled,
    required: action.IsRequired,
    runOn: undefined,
    packages,
    slug: action.Slug && action.Slug !== slugify(action.Name) ? { value: action.Slug, range: NOWHERE } : undefined,
    notes: action.Notes !== null && action.Notes !== undefined ? text(action.Notes) : undefined,
    workerPool: action.WorkerPoolId ? ref(action.WorkerPoolId) : undefined,
    workerPoolVariable: action.WorkerPoolVariable ? { value: action.WorkerPoolVariable, range: NOWHERE } : undefined,
    condition: action.Condition === 'Variable' ? { value: 'Variable', range: NOWHERE } : undefined,
    container,
    gitDependencies: [],
    verbatim: true,
    properties: properties(action.Properties, new Set(), `${owner}action '${action.Name}'`, notes),
    propertyKeys: new Map(),
    presentKeys: new Set(),
  };
}

type Names = {
  environment: (id: string) => string;
  target: (id: string) => string;
  channel: (id: string) => string;
  step: (id: string) => string;
};

/**
 * A variable set's entries grouped by name, in the order the set lists them. A sensitive value
 * is never written: the variable says `sensitive: true`, and its entries keep only their scopes.
 */
export function variablesFromApi(resources: VariableResource[], owner: string, names: Names): Variable[] {
  const byName = new Map<string, Variable>();
  for (const resource of resources) {
    let variable = byName.get(resource.Name);
    if (!variable) {
      variable = { name: resource.Name, nameRange: NOWHERE, values: [], sensitive: false, owner };
      if (resource.Type && resource.Type !== 'String' && resource.Type !== 'Sensitive') variable.type = resource.Type;
      byName.set(resource.Name, variable);
    }
    if (resource.IsSensitive) variable.sensitive = true;
    const value: VariableValue = {
      value: resource.IsSensitive ? '' : (resource.Value ?? ''),
      range: NOWHERE,
      entryRange: NOWHERE,
      template: undefined,
      scope: scopeFromApi(resource.Scope ?? {}, names),
    };
    if (resource.Description) value.description = resource.Description;
    if (resource.Prompt) value.prompt = promptFromApi(resource.Prompt);
    variable.values.push(value);
  }
  return [...byName.values()];
}

function promptFromApi(prompt: NonNullable<VariableResource['Prompt']>): VariablePrompt {
  const out: VariablePrompt = { label: prompt.Label, required: prompt.Required };
  if (prompt.Description) out.description = prompt.Description;
  if (prompt.DisplaySettings && Object.keys(prompt.DisplaySettings).length)
    out.displaySettings = { ...prompt.DisplaySettings };
  return out;
}

function scopeFromApi(scope: VariableScopeResource, names: Names): VariableScope {
  const out: VariableScope = {};
  const refs = (ids: string[] | undefined, name: (id: string) => string = (id) => id) =>
    ids?.map((id) => ref(name(id)));
  if (scope.Environment?.length) out.environment = refs(scope.Environment, names.environment);
  if (scope.Role?.length) out.role = refs(scope.Role);
  if (scope.Machine?.length) out.target = refs(scope.Machine, names.target);
  if (scope.Channel?.length) out.channel = refs(scope.Channel, names.channel);
  if (scope.Action?.length) out.step = refs(scope.Action, names.step);
  if (scope.TenantTag?.length) out['tenant-tag'] = refs(scope.TenantTag);
  if (scope.ProcessOwner?.length) out.process = refs(scope.ProcessOwner);
  return out;
}

/** A lifecycle as the space file writes it: phases with environment names. */
export function lifecycleFromApi(lifecycle: LifecycleResource, environments: ReferenceDataItem[]): Lifecycle {
  const name = lookup(environments);
  return {
    name: lifecycle.Name,
    nameRange: NOWHERE,
    phases: lifecycle.Phases.map((phase) => {
      const automatic = phase.AutomaticDeploymentTargets.map((id) => ref(name(id)));
      return {
        name: phase.Name,
        nameRange: NOWHERE,
        environments: [...automatic, ...phase.OptionalDeploymentTargets.map((id) => ref(name(id)))],
        automatic,
        minimumEnvironments: phase.MinimumEnvironmentsBeforePromotion || undefined,
        optional: phase.IsOptionalPhase,
      };
    }),
  };
}

/** A deployment target (Octopus machine) as the space file writes it. */
export function targetFromApi(
  machine: { Name: string; EnvironmentIds: string[]; Roles: string[] },
  environments: ReferenceDataItem[],
): Target {
  const name = lookup(environments);
  return {
    name: machine.Name,
    nameRange: NOWHERE,
    environments: machine.EnvironmentIds.map((id) => ref(name(id))),
    roles: machine.Roles.map(ref),
  };
}
