/**
 * The typed model both file formats load into. It mirrors the Octopus API resources
 * (Project → DeploymentProcess → Steps → Actions; VariableSet; Lifecycle; deployment targets),
 * and every node keeps the source range it came from so each message points at exact text.
 */
import type { Range } from '../text';
import type { ScalarSource } from '../yaml/scalarSource';

/** A name as written in the file, with where it was written. */
export interface NameRef {
  name: string;
  range: Range;
}

export type ScopeKey = 'environment' | 'role' | 'target' | 'channel' | 'step' | 'tenant-tag';
/** Octopus's specificity order, most specific first (see the spec's "Scopes"). */
export const SCOPE_KEYS_BY_SPECIFICITY: readonly ScopeKey[] = ['step', 'target', 'role', 'tenant-tag', 'environment', 'channel'];

export type VariableScope = Partial<Record<ScopeKey, NameRef[]>>;

/** A string value in the file that may hold templates, with the map back to its source. */
export interface TemplateText {
  value: string;
  range: Range;
  source: ScalarSource | undefined;
}

export interface VariableValue {
  value: string;
  /** Range of the value itself (or of the entry when the value is absent). */
  range: Range;
  /** Range of the whole entry (`- { value: …, environment: … }`). */
  entryRange: Range;
  template: TemplateText | undefined;
  scope: VariableScope;
}

export interface VariablePrompt {
  label: string;
  description?: string;
  required: boolean;
}

export interface Variable {
  name: string;
  nameRange: Range;
  values: VariableValue[];
  sensitive: boolean;
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
  /** True when the action's fields sit on the step itself (single-action shorthand). */
  inlineAction: boolean;
  actions: Action[];
}

export interface DeploymentProcess {
  steps: Step[];
}

export interface Channel {
  name: string;
  nameRange: Range;
  lifecycle: NameRef | undefined;
}

export interface Project {
  name: string;
  nameRange: Range | undefined;
  lifecycle: NameRef | undefined;
  channels: Channel[];
  variableSets: NameRef[];
  variables: Variable[];
  process: DeploymentProcess;
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

export interface Space {
  name: string;
  /** Where the space came from (a file URI or a server URL), for messages. */
  origin: string;
  environments: NameRef[];
  lifecycles: Lifecycle[];
  targets: Target[];
  variableSets: VariableSet[];
  /** Which sections the space defines: names of a kind it does not define are never reported. */
  defines: { environments: boolean; lifecycles: boolean; targets: boolean; variableSets: boolean };
}
