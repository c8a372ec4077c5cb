/**
 * What may be written where in Octopus's OCL files, with a line on each: the blocks and attributes
 * Octopus writes (read from the real files in `../ocl/testdata/samples` and Octopus's OCL schema),
 * and the action properties of the common action types. Completion and hover read it.
 */

export interface OclNameDoc {
  name: string;
  /** A block (`name {…}` or `name "label" {…}`) or an attribute (`name = value`). */
  block: boolean;
  description: string;
  /** Block labels: what the label holds. */
  label?: string;
}

const attr = (name: string, description: string): OclNameDoc => ({ name, block: false, description });
const block = (name: string, description: string, label?: string): OclNameDoc => ({
  name,
  block: true,
  description,
  label,
});

const ACTION_CHILDREN: OclNameDoc[] = [
  attr('action_type', 'The Octopus action type (`Octopus.Script`, `Octopus.TentaclePackage`, …).'),
  attr('properties', "The action's Octopus properties, as a dictionary of strings."),
  attr('environments', 'Run only in these environments (slugs or names).'),
  attr('excluded_environments', 'Skip in these environments (slugs or names).'),
  attr('channels', 'Run only for releases in these channels.'),
  attr('tenant_tags', 'Run only for tenants with these tags (`Set/Tag`).'),
  attr('condition', 'When the action runs: `Success`, `Failure`, `Always` or `Variable`.'),
  attr('is_disabled', 'Whether the action is skipped.'),
  attr('is_required', 'Whether the action cannot be skipped when deploying.'),
  attr('notes', 'Notes shown on the step in Octopus.'),
  attr('worker_pool', 'The worker pool the action runs on (slug or name).'),
  attr('worker_pool_variable', 'A variable holding the worker pool.'),
  attr('environments_variable', 'A variable holding the environments.'),
  attr('features', 'Enabled features of a package step.'),
  block('container', 'The execution container the action runs in (`feed`, `image`).'),
  block('packages', 'A package the action uses; unlabelled for the primary package.', 'the package reference name'),
  block('git_dependencies', 'A Git repository the action uses.', 'the dependency name'),
  block('inputs', 'Step-package inputs.'),
];

const STEP_CHILDREN: OclNameDoc[] = [
  attr('name', "The step's display name (the block label is its slug)."),
  attr('condition', 'When the step runs: `Success`, `Failure`, `Always` or `Variable`.'),
  attr('start_trigger', '`StartAfterPrevious` or `StartWithPrevious` (run in parallel).'),
  attr('package_requirement', '`LetOctopusDecide`, `BeforePackageAcquisition` or `AfterPackageAcquisition`.'),
  attr(
    'properties',
    'Step properties: `Octopus.Action.TargetRoles`, `Octopus.Action.MaxParallelism`, `Octopus.Step.ConditionVariableExpression`.',
  ),
  block('action', "The step's action; a step with several actions labels each with its slug.", 'the action slug'),
];

/** The names that may appear in a block (by block name), or at the top of a file (by file name). */
export const OCL_CHILDREN: Readonly<Record<string, OclNameDoc[]>> = {
  'deployment_process.ocl': [
    block('step', 'A step of the deployment process.', 'the step slug'),
    block('process_template', 'A process template used by the process.', 'its slug'),
  ],
  'runbooks/*.ocl': [
    attr('name', "The runbook's name."),
    attr('description', "The runbook's description."),
    attr('default_guided_failure_mode', '`EnvironmentDefault`, `Off` or `On`.'),
    attr('environment_scope', '`All`, `Specified` or `FromProjectLifecycles`.'),
    attr('environments', 'The environments the runbook may run in.'),
    attr('multi_tenancy_mode', '`Untenanted`, `TenantedOrUntenanted` or `Tenanted`.'),
    block('connectivity_policy', 'Which targets a run may use.'),
    block('run_retention_policy', 'How many runs are kept.'),
    block('process', "The runbook's steps."),
  ],
  'variables.ocl': [block('variable', 'A project variable; one `value` block per scoped value.', 'the variable name')],
  'deployment_settings.ocl': [
    attr('default_guided_failure_mode', '`EnvironmentDefault`, `Off` or `On`.'),
    attr('release_notes_template', 'The template for release notes.'),
    block('connectivity_policy', 'Which targets a deployment may use.'),
    block('versioning_strategy', 'How release numbers are chosen.'),
  ],
  'channels.ocl': [block('channel', 'A release channel.', 'the channel slug')],
  step: STEP_CHILDREN,
  process: [block('step', 'A step of the runbook process.', 'the step slug')],
  action: ACTION_CHILDREN,
  packages: [
    attr('acquisition_location', '`Server`, `ExecutionTarget` or `NotAcquired`.'),
    attr('feed', 'The feed (slug, name or id).'),
    attr('package_id', 'The package id in the feed.'),
    attr('properties', 'Package properties (`Extract`, `SelectionMode`, `PackageParameterName`).'),
  ],
  container: [attr('feed', 'The container registry feed.'), attr('image', 'The container image.')],
  variable: [
    attr('type', 'The value type: `String`, `Certificate`, `AmazonWebServicesAccount`, …'),
    block('value', 'A value of the variable, with its scope.', 'the value'),
    attr('value', 'The value (written as a `value` block label).'),
  ],
  value: [
    attr('environment', 'Scope: environments.'),
    attr('role', 'Scope: target roles.'),
    attr('machine', 'Scope: deployment targets.'),
    attr('action', 'Scope: steps (slugs).'),
    attr('channel', 'Scope: channels.'),
    attr('tenant_tag', 'Scope: tenant tags.'),
    attr('process', 'Scope: the deployment process or runbooks.'),
    attr('description', 'A description of the value.'),
    block('prompt', 'Ask for the value when creating a deployment.'),
  ],
  prompt: [
    attr('label', "The prompt's label."),
    attr('description', 'Help text under the prompt.'),
    attr('required', 'Whether a value must be given.'),
    block('display_settings', 'How the prompt is shown.'),
  ],
  channel: [
    attr('description', "The channel's description."),
    attr('is_default', 'Whether releases use this channel unless told otherwise.'),
    attr('lifecycle', 'The lifecycle (slug or name).'),
    attr('tenant_tags', 'Tenants this channel deploys to.'),
    block('rules', 'A version rule for packages.'),
  ],
  rules: [
    attr('version_range', 'A NuGet/Maven version range.'),
    attr('tag', 'A pre-release tag regex.'),
    block('deployment_action_packages', 'The packages the rule applies to.'),
  ],
  deployment_action_packages: [attr('step', 'The step (slug).'), attr('package', 'The package reference name.')],
  connectivity_policy: [
    attr('allow_deployments_to_no_targets', 'Whether a deployment may run with no targets.'),
    attr('exclude_unhealthy_targets', 'Whether unhealthy targets are left out.'),
    attr('skip_machine_behavior', '`None` or `SkipUnavailableMachines`.'),
    attr('target_roles', 'Roles the skip behaviour applies to.'),
  ],
  versioning_strategy: [
    attr('template', 'A release-number template (`#{Octopus.Version.LastMajor}.…`).'),
    block('donor_package', 'Take release numbers from a package.'),
  ],
  donor_package: [attr('step', 'The step (slug).'), attr('package', 'The package reference name.')],
  run_retention_policy: [attr('quantity_to_keep', 'How many runs to keep.'), attr('type', '`Count` or `Days`.')],
};

/** The action types Octopus ships that Stepwise knows by name. */
export const OCL_ACTION_TYPES: readonly { type: string; description: string }[] = [
  { type: 'Octopus.Script', description: 'Run a script.' },
  { type: 'Octopus.Manual', description: 'Manual intervention: a person approves.' },
  { type: 'Octopus.Email', description: 'Send an email.' },
  { type: 'Octopus.TentaclePackage', description: 'Deploy a package to targets.' },
  { type: 'Octopus.AzurePowerShell', description: 'Run an Azure PowerShell script.' },
  { type: 'Octopus.AzureWebApp', description: 'Deploy an Azure web app.' },
  { type: 'Octopus.KubernetesRunScript', description: 'Run a kubectl script.' },
  { type: 'Octopus.KubernetesDeployContainers', description: 'Deploy Kubernetes containers.' },
  { type: 'Octopus.KubernetesDeployRawYaml', description: 'Deploy raw Kubernetes YAML.' },
  { type: 'Octopus.TerraformApply', description: 'Apply a Terraform template.' },
];

const SCRIPT_PROPERTIES = [
  'Octopus.Action.Script.ScriptBody',
  'Octopus.Action.Script.ScriptSource',
  'Octopus.Action.Script.Syntax',
  'Octopus.Action.Script.ScriptFileName',
  'Octopus.Action.RunOnServer',
  'OctopusUseBundledTooling',
];
const PACKAGE_PROPERTIES = [
  'Octopus.Action.Package.PackageId',
  'Octopus.Action.Package.FeedId',
  'Octopus.Action.Package.DownloadOnTentacle',
  'Octopus.Action.Package.JsonConfigurationVariablesTargets',
  'Octopus.Action.EnabledFeatures',
];

/** Action property keys by action type (those Octopus writes for it in the real files). */
export const OCL_ACTION_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'Octopus.Script': SCRIPT_PROPERTIES,
  'Octopus.AzurePowerShell': [
    ...SCRIPT_PROPERTIES,
    'Octopus.Action.Azure.AccountId',
    'Octopus.Action.PowerShell.Edition',
  ],
  'Octopus.KubernetesRunScript': SCRIPT_PROPERTIES,
  'Octopus.Manual': [
    'Octopus.Action.Manual.Instructions',
    'Octopus.Action.Manual.ResponsibleTeamIds',
    'Octopus.Action.Manual.BlockConcurrentDeployments',
  ],
  'Octopus.Email': [
    'Octopus.Action.Email.To',
    'Octopus.Action.Email.ToTeamIds',
    'Octopus.Action.Email.Subject',
    'Octopus.Action.Email.Body',
    'Octopus.Action.Email.IsHtml',
    'Octopus.Action.RunOnServer',
  ],
  'Octopus.TentaclePackage': PACKAGE_PROPERTIES,
  'Octopus.AzureWebApp': [
    ...PACKAGE_PROPERTIES,
    'Octopus.Action.Azure.AppOffline',
    'Octopus.Action.Azure.RemoveAdditionalFiles',
    'Octopus.Action.Azure.UseChecksum',
  ],
};

/** Values of some attributes and action properties. */
export const OCL_VALUES: Readonly<Record<string, readonly string[]>> = {
  condition: ['Success', 'Failure', 'Always', 'Variable'],
  start_trigger: ['StartAfterPrevious', 'StartWithPrevious'],
  package_requirement: ['LetOctopusDecide', 'BeforePackageAcquisition', 'AfterPackageAcquisition'],
  acquisition_location: ['Server', 'ExecutionTarget', 'NotAcquired'],
  default_guided_failure_mode: ['EnvironmentDefault', 'Off', 'On'],
  'Octopus.Action.Script.Syntax': ['Bash', 'PowerShell', 'Python', 'CSharp', 'FSharp'],
  'Octopus.Action.Script.ScriptSource': ['Inline', 'Package', 'GitRepository'],
  'Octopus.Action.RunOnServer': ['true', 'false'],
};

/** The catalog key for a file's top level: its path relative to the project folder. */
export function oclFileKey(path: string): string {
  return path.startsWith('runbooks/') ? 'runbooks/*.ocl' : path;
}
