/**
 * The typed model both file formats load into. It mirrors the Octopus API resources
 * (Project → DeploymentProcess → Steps → Actions; VariableSet; Lifecycle; deployment targets),
 * and every node keeps the source range it came from so each message points at exact text.
 */
import type { Range } from '../text';
import type { Span } from '../text';

/** A name as written in the file, with where it was written. */
export interface NameRef {
  name: string;
  range: Range;
}

export type ScopeKey = 'environment' | 'role' | 'target' | 'channel' | 'step' | 'tenant' | 'tenant-tag' | 'process';
/**
 * Octopus's specificity order, most specific first (see the spec's "Scopes"). `process`
 * (Octopus `ProcessOwner`: the deployment process or a runbook) is the least specific.
 */
export const SCOPE_KEYS_BY_SPECIFICITY: readonly ScopeKey[] = [
  'step',
  'target',
  'role',
  'tenant',
  'tenant-tag',
  'environment',
  'channel',
  'process',
];

/**
 * Where a string value's characters came from, to map a span of the value back to the text
 * (template errors inside escaped strings, block scalars or heredocs). YAML's `ScalarSource`
 * and OCL's `OclValueSource` both fit.
 */
export interface ValueSource {
  readonly value: string;
  /** Source span of the whole written value (quotes, block header or heredoc tag included). */
  readonly span: Span;
  /** Document offset of each value character plus one for the end, when it maps exactly. */
  readonly offsets: Int32Array | undefined;
  /**
   * The range of a span of the value's document, when the value may come from another file
   * than the one being checked (an OCL project is several files); else the checker's own.
   */
  rangeOf?(span: Span): Range;
}

/** A plain value of a part of the format Stepwise passes through without interpreting it. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

export type VariableScope = Partial<Record<ScopeKey, NameRef[]>>;

/** A string value in the file that may hold templates, with the map back to its source. */
export interface TemplateText {
  value: string;
  range: Range;
  source: ValueSource | undefined;
}

/** A string as written, with where (kept even when empty: Octopus writes `worker_pool_variable = ""`). */
export interface TextRef {
  value: string;
  range: Range;
}

export interface VariableValue {
  value: string;
  /** Range of the value itself (or of the entry when the value is absent). */
  range: Range;
  /** Range of the whole entry (`- { value: …, environment: … }`). */
  entryRange: Range;
  template: TemplateText | undefined;
  scope: VariableScope;
  /** Octopus keeps a description and a prompt per value (`VariableResource`); OCL writes them there. */
  description?: string;
  prompt?: VariablePrompt;
}

export interface VariablePrompt {
  label: string;
  description?: string;
  required: boolean;
  /** `Octopus.ControlType` and its options, e.g. `SingleLineText`. Octopus: `Prompt.DisplaySettings`. */
  displaySettings?: Record<string, string>;
}

export interface Variable {
  name: string;
  nameRange: Range;
  values: VariableValue[];
  sensitive: boolean;
  /** Octopus `Type` when it is not `String`/`Sensitive`: `Certificate`, `WorkerPool`, `AzureAccount`, … */
  type?: string;
  description?: string;
  prompt?: VariablePrompt;
  /** `Project` for a process file's own variables, else the library variable set's name. */
  owner: string;
}

export interface VariableSet {
  name: string;
  nameRange: Range;
  range: Range;
  variables: Variable[];
  /** Values each tenant supplies once (common variables). Octopus: `LibraryVariableSet.Templates`. */
  templates?: VariableTemplate[];
}

/**
 * A variable whose value each tenant supplies. Octopus: `ActionTemplateParameterResource` in
 * `Project.Templates` (per tenant, project and environment) and `LibraryVariableSet.Templates`
 * (per tenant: common variables).
 */
export interface VariableTemplate {
  /** Octopus `Name`: the variable name processes use. */
  name: string;
  nameRange: Range;
  /** Octopus `Label`. */
  label?: string;
  /** Octopus `HelpText`. */
  help?: string;
  /** Octopus `DefaultValue`: what a tenant that sets no value gets. */
  default?: string;
  /** Octopus `DisplaySettings['Octopus.ControlType']`. */
  controlType?: string;
  /** A `Sensitive` control: the value is masked. */
  sensitive: boolean;
}

/** A tag set and its tags. Octopus: `TagSetResource`; a tenant refers to a tag as `Set/Tag` (its `CanonicalTagName`). */
export interface TagSet {
  name: string;
  nameRange: Range;
  tags: NameRef[];
}

/** A value a tenant gives a variable template. */
export interface TenantVariableValue {
  /** The template's name. */
  template: NameRef;
  value: string;
  range: Range;
  /** For a project template: the environments the value is for; empty means every connected one. */
  environments: NameRef[];
}

/** A project a tenant is connected to. Octopus: an entry of `TenantResource.ProjectEnvironments`. */
export interface TenantProject {
  project: NameRef;
  /** The environments the tenant deploys the project to. */
  environments: NameRef[];
  /** Values for the project's variable templates. Octopus: `TenantVariables.ProjectVariables`. */
  variables: TenantVariableValue[];
}

/** A tenant. Octopus: `TenantResource`. */
export interface Tenant {
  name: string;
  nameRange: Range;
  description?: string;
  /** `Set/Tag`, as Octopus's `TenantTags`. */
  tags: NameRef[];
  projects: TenantProject[];
  /** Values for the included variable sets' templates, by set. Octopus: `TenantVariables.LibraryVariables`. */
  commonVariables: { variableSet: NameRef; values: TenantVariableValue[] }[];
  range: Range;
}

export type StepConditionKind = 'success' | 'failure' | 'always' | 'variable';
export interface StepCondition {
  kind: StepConditionKind;
  /** For `variable`: the expression, e.g. `#{RunSmokeTests}`. */
  expression?: TemplateText;
  range: Range | undefined;
}

export type StartTrigger = 'after-previous' | 'with-previous';
export type RunOn = 'server' | 'targets' | 'worker';

export interface PackageReference {
  id: string;
  feed: string;
  range: Range;
  /** Where the feed is written, when it is. */
  feedRange?: Range;
  /** Octopus `Name`: empty for the primary package (YAML `package:`), else the reference's name. */
  name: string;
  /** `Server`, `ExecutionTarget` or `NotAcquired`. Octopus: `AcquisitionLocation`. */
  acquisitionLocation?: string;
  /** `Extract`, `SelectionMode`, `Purpose`, `PackageParameterName`, … Octopus: `Properties`. */
  properties: Map<string, string>;
  /** For step-package actions. Octopus: `StepPackageInputsReferenceId`. */
  stepPackageInputsReferenceId?: string;
  /** Written as a named reference (`packages:`) rather than the primary-package shorthand (`package:`). */
  explicit: boolean;
}

/** The container an action runs in. Octopus: `Container { FeedId, Image }`. */
export interface ExecutionContainer {
  feed?: string;
  image?: string;
  range: Range;
}

/** A git repository an action uses. Octopus: `GitDependencies[]` (`Name`, `RepositoryUri`, …). */
export interface GitDependency {
  name: string;
  /** The other fields by their file names (`repository-uri`, `default-branch`, `git-credential-type`, …). */
  fields: Record<string, PlainValue>;
  range: Range;
}

/** A process template used in the process (Octopus `ProcessTemplate` step: OCL `process_template`). */
export interface ProcessTemplateUse {
  slug: string;
  name?: string;
  /** The template's slug in the space. */
  template: string;
  versionMask?: string;
  parameters: Record<string, string>;
  packageParameters: Record<string, { feed?: string; packageId?: string }>;
  /** How many steps come before it in the process. */
  position: number;
  range: Range;
}

export interface Action {
  name: string;
  nameRange: Range;
  range: Range;
  /** The type as written (`script`, `Octopus.Script`, …). */
  type: string;
  typeRange: Range | undefined;
  /** The Octopus `ActionType`, or undefined when the written type is unknown. */
  actionType: string | undefined;
  environments: NameRef[];
  excludedEnvironments: NameRef[];
  environmentsRange: Range | undefined;
  excludedEnvironmentsRange: Range | undefined;
  channels: NameRef[];
  tenantTags: NameRef[];
  disabled: boolean;
  required: boolean;
  runOn: RunOn | undefined;
  packages: PackageReference[];
  /** Octopus `Slug`, when written (OCL labels; YAML `slug:`), distinct from the name. */
  slug?: TextRef;
  notes?: TemplateText;
  /** Octopus `WorkerPoolId`: a slug, a name (older files) or an id. */
  workerPool?: NameRef;
  workerPoolVariable?: TextRef;
  environmentsVariable?: TextRef;
  /** The action's own run condition: `Success` (default) or `Variable`. Octopus: `DeploymentAction.Condition`. */
  condition?: TextRef;
  container?: ExecutionContainer;
  gitDependencies: GitDependency[];
  stepPackageVersion?: TextRef;
  /** Step-package inputs, as written (camelCase names, nested objects). */
  inputs?: { [key: string]: PlainValue };
  /**
   * True when the properties are written out as Octopus stores them (OCL, or a YAML `type:` with
   * the full `Octopus.*` name and no shorthand keys): nothing is derived, e.g. no default syntax.
   */
  verbatim: boolean;
  /** Octopus property name → templated text, e.g. `Octopus.Action.Script.ScriptBody`. */
  properties: Map<string, TemplateText>;
  /** The file key each property came from (`script`, `features.custom-install-directory`, …). */
  propertyKeys: Map<string, string>;
  /** Keys present on the action in the file, for "missing field" checks. */
  presentKeys: Set<string>;
}

export interface Step {
  name: string;
  nameRange: Range;
  range: Range;
  roles: NameRef[];
  condition: StepCondition;
  start: StartTrigger;
  startRange: Range | undefined;
  packageRequirement: string | undefined;
  /** Octopus `Slug`, when written, distinct from the name. */
  slug?: TextRef;
  /** Step properties other than roles and the condition expression (e.g. `Octopus.Action.MaxParallelism`). */
  properties: Map<string, TemplateText>;
  /** True when the action's fields sit on the step itself (single-action shorthand). */
  inlineAction: boolean;
  actions: Action[];
}

export interface DeploymentProcess {
  steps: Step[];
  /** Process templates used among the steps. */
  processTemplates: ProcessTemplateUse[];
}

/** A channel's version rule. Octopus: `ChannelVersionRule`. */
export interface ChannelRule {
  tag?: string;
  versionRange?: string;
  /** The packages the rule applies to: a step (or action) and a package reference of it. */
  packages: { step: string; package: string }[];
}

export interface Channel {
  name: string;
  nameRange: Range;
  lifecycle: NameRef | undefined;
  description?: string;
  isDefault?: boolean;
  rules: ChannelRule[];
  /**
   * Only tenants with these tags (`Set/Tag`) may deploy releases of the channel. Octopus:
   * `Channel.TenantTags`. Process files only: OCL's channels.ocl has no tenant tags.
   */
  tenantTags?: NameRef[];
}

/** A runbook (OCL `runbooks/<slug>.ocl`). */
export interface Runbook {
  slug: string;
  name: string;
  nameRange: Range;
  description?: string;
  /** Its other settings by file name (`default-guided-failure-mode`, `connectivity-policy`, `run-retention-policy`, …). */
  settings: { [key: string]: PlainValue };
  process: DeploymentProcess;
}

export interface Project {
  name: string;
  nameRange: Range | undefined;
  lifecycle: NameRef | undefined;
  channels: Channel[];
  variableSets: NameRef[];
  variables: Variable[];
  process: DeploymentProcess;
  runbooks: Runbook[];
  /**
   * Deployment settings by file name (`release-notes-template`, `default-guided-failure-mode`,
   * `connectivity-policy`, `versioning-strategy`, …). Octopus: `DeploymentSettings`.
   */
  deploymentSettings: { [key: string]: PlainValue };
  /** Values each connected tenant supplies per environment. Octopus: `Project.Templates`. */
  variableTemplates?: VariableTemplate[];
  /** OCL's `schema_version.ocl`. */
  schemaVersion?: number;
  /**
   * Parts Octopus keeps outside the files the project was read from, so a name of that kind is
   * never called unknown: an OCL project's included variable sets live on the server, and its
   * channels too when there is no channels.ocl.
   */
  unseen?: { variableSets?: boolean; channels?: boolean };
}

export interface Phase {
  name: string;
  nameRange: Range;
  environments: NameRef[];
  automatic: NameRef[];
  minimumEnvironments: number | undefined;
  optional: boolean;
}

export interface Lifecycle {
  name: string;
  nameRange: Range;
  phases: Phase[];
}

export interface Target {
  name: string;
  nameRange: Range;
  environments: NameRef[];
  roles: NameRef[];
}

/** A step template's parameter. Octopus: `ActionTemplateParameterResource`. */
export interface StepTemplateParameter {
  /** Octopus `Name`: the property the action sets, and the variable the template reads. */
  name: string;
  nameRange: Range;
  /** Octopus `Label`. */
  label?: string;
  /** Octopus `HelpText`. */
  help?: string;
  /** Octopus `DefaultValue`. */
  default?: string;
  /** Octopus `DisplaySettings['Octopus.ControlType']`: `SingleLineText`, `MultiLineText`, `Checkbox`, `Select`, `Sensitive`, … */
  controlType?: string;
  /** Octopus `DisplaySettings['Octopus.SelectOptions']` and any other display settings. */
  displaySettings?: Record<string, string>;
  /** A `Sensitive` control: its value is masked. */
  sensitive: boolean;
}

/** A step template of the space. Octopus: `ActionTemplateResource` (`/api/{space}/actiontemplates`). */
export interface StepTemplate {
  name: string;
  nameRange: Range;
  /** Octopus `Id` (`ActionTemplates-1241`), which processes write as `Octopus.Action.Template.Id`. */
  id?: string;
  /** Octopus `Version`: processes pin one as `Octopus.Action.Template.Version`. */
  version: number;
  description?: string;
  /** Octopus `ActionType` the template expands to, e.g. `Octopus.Script`. */
  actionType: string;
  /** Octopus `Properties`: the script, syntax, … the action gets. */
  properties: Map<string, string>;
  parameters: StepTemplateParameter[];
  range: Range;
}

/** A package feed of the space other than the built-in one. Octopus: `FeedResource`. */
export interface Feed {
  name: string;
  nameRange: Range;
  /** Octopus `Id` (`Feeds-1021`), which older files and API resources write as the feed. */
  id?: string;
  /** Octopus `FeedType`: `NuGet`, `Docker`, `Maven`, `GitHub`, `Helm`, … */
  type: string;
  /** Where the feed is (`FeedUri`). */
  url?: string;
}

/** A worker pool of the space. Octopus: `WorkerPoolResource`. */
export interface WorkerPool {
  name: string;
  nameRange: Range;
  id?: string;
  /** The space's default pool: actions that name no pool run on it. Octopus: `IsDefault`. */
  isDefault: boolean;
}

/** An account of the space. Octopus: `AccountResource` (`AccountType`). */
export interface Account {
  name: string;
  nameRange: Range;
  id?: string;
  /** Octopus `AccountType`: `AzureServicePrincipal`, `AmazonWebServicesAccount`, `UsernamePassword`, … */
  type: string;
}

/** A certificate of the space. Octopus: `CertificateResource`. */
export interface Certificate {
  name: string;
  nameRange: Range;
  id?: string;
}

export interface Space {
  name: string;
  /** Where the space came from (a file URI or a server URL), for messages. */
  origin: string;
  environments: NameRef[];
  lifecycles: Lifecycle[];
  targets: Target[];
  variableSets: VariableSet[];
  /** Step templates processes may use. Octopus: `ActionTemplates`. */
  stepTemplates?: StepTemplate[];
  /** Tag sets whose tags tenants carry and steps filter on. Octopus: `TagSets`. */
  tagSets?: TagSet[];
  /** Octopus: `Tenants`. */
  tenants?: Tenant[];
  /** External package feeds (the built-in feed always exists). Octopus: `Feeds`. */
  feeds?: Feed[];
  /** Worker pools. Octopus: `WorkerPools`. */
  workerPools?: WorkerPool[];
  /** Accounts (Azure, AWS, Google Cloud, username/password, SSH key, token, OIDC). Octopus: `Accounts`. */
  accounts?: Account[];
  /** Certificates. Octopus: `Certificates`. */
  certificates?: Certificate[];
  /** Which sections the space defines: names of a kind it does not define are never reported. */
  defines: {
    environments: boolean;
    lifecycles: boolean;
    targets: boolean;
    variableSets: boolean;
    stepTemplates?: boolean;
    tagSets?: boolean;
    tenants?: boolean;
    feeds?: boolean;
    workerPools?: boolean;
    accounts?: boolean;
    certificates?: boolean;
  };
}
