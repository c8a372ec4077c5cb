/**
 * Writes a `Project` (from a process file or from OCL) as Octopus's OCL files, in the order
 * Octopus writes them: in each block `name` first, then the other attributes by name, then the
 * blocks (`action` after the step's attributes; `container`, then `packages` in an action).
 * Sensitive variables are not written: Octopus keeps their values in its database.
 */
import type {
  Action,
  DeploymentProcess,
  PlainValue,
  ProcessTemplateUse,
  Project,
  Step,
  Variable,
  VariableValue,
} from '../model/types';
import { slugify } from '../model/slug';
import { OCL_SCOPES } from './loadOclProject';
import { writeOcl, type OclAttributeNode, type OclBlockNode, type OclNode, type OclNodeValue } from './writeOcl';

export interface OclOutputFile {
  path: string;
  text: string;
}

/** The files with something to write; `deployment_process.ocl` always. */
export function projectToOcl(project: Project): OclOutputFile[] {
  const files: OclOutputFile[] = [{ path: 'deployment_process.ocl', text: writeOcl(processNodes(project.process)) }];
  const variables = project.variables.filter((v) => !v.sensitive).map(variableNode);
  if (variables.length) files.push({ path: 'variables.ocl', text: writeOcl(variables) });
  if (Object.keys(project.deploymentSettings).length)
    files.push({ path: 'deployment_settings.ocl', text: writeOcl(plainNodes(project.deploymentSettings)) });
  if (project.channels.length) files.push({ path: 'channels.ocl', text: writeOcl(project.channels.map(channelNode)) });
  for (const runbook of project.runbooks) {
    const nodes: OclNode[] = [attr('name', runbook.name)];
    if (runbook.description !== undefined) nodes.push(attr('description', runbook.description));
    nodes.push(...plainNodes(runbook.settings));
    files.push({
      path: `runbooks/${runbook.slug || slugify(runbook.name)}.ocl`,
      text: writeOcl(order([...nodes, block('process', [], processNodes(runbook.process))], true)),
    });
  }
  if (project.schemaVersion !== undefined)
    files.push({ path: 'schema_version.ocl', text: writeOcl([attr('version', { int: project.schemaVersion })]) });
  return files;
}

function attr(name: string, value: OclNodeValue): OclAttributeNode {
  return { type: 'attribute', name, value };
}

function block(name: string, labels: string[], children: OclNode[]): OclBlockNode {
  return { type: 'block', name, labels, children };
}

const BLOCK_ORDER = [
  'container',
  'git_dependencies',
  'packages',
  'inputs',
  'action',
  'prompt',
  'connectivity_policy',
  'run_retention_policy',
  'process',
];

/**
 * Attributes by name, then the blocks (in `BLOCK_ORDER`, each kind in its order). A runbook
 * file puts `name` first (real files show it); steps and actions sort it with the rest.
 */
function order(nodes: OclNode[], nameFirst = false): OclNode[] {
  const attributes = nodes.filter((n): n is OclAttributeNode => n.type === 'attribute');
  const blocks = nodes.filter((n): n is OclBlockNode => n.type === 'block');
  const first = (a: OclAttributeNode) => (nameFirst && a.name === 'name' ? 0 : 1);
  attributes.sort((a, b) => first(a) - first(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rank = (n: OclBlockNode) => {
    const i = BLOCK_ORDER.indexOf(n.name);
    return i < 0 ? BLOCK_ORDER.length : i;
  };
  const sortedBlocks = blocks
    .map((b, i) => ({ b, i }))
    .sort((x, y) => rank(x.b) - rank(y.b) || x.i - y.i)
    .map((x) => x.b);
  return [...attributes, ...sortedBlocks];
}

function processNodes(process: DeploymentProcess): OclNode[] {
  const nodes: OclNode[] = [];
  const templatesAt = (position: number) =>
    process.processTemplates.filter((t) => t.position === position).map(processTemplateNode);
  process.steps.forEach((step, index) => {
    nodes.push(...templatesAt(index));
    nodes.push(stepNode(step));
  });
  nodes.push(...process.processTemplates.filter((t) => t.position >= process.steps.length).map(processTemplateNode));
  return nodes;
}

const OCTOPUS_CONDITIONS: Record<string, string> = {
  success: 'Success',
  failure: 'Failure',
  always: 'Always',
  variable: 'Variable',
};

function kebabToPascal(value: string): string {
  return value.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

function stepNode(step: Step): OclBlockNode {
  const slug = step.slug?.value ?? slugify(step.name);
  const children: OclNode[] = [];
  if (step.name !== slug) children.push(attr('name', step.name));
  if (step.condition.kind !== 'success' || step.condition.range) {
    if (step.condition.kind !== 'success') children.push(attr('condition', OCTOPUS_CONDITIONS[step.condition.kind]));
  }
  if (step.packageRequirement && step.packageRequirement !== 'let-octopus-decide')
    children.push(attr('package_requirement', kebabToPascal(step.packageRequirement)));
  if (step.start === 'with-previous') children.push(attr('start_trigger', 'StartWithPrevious'));
  const properties: Record<string, OclNodeValue> = {};
  for (const [key, text] of step.properties) properties[key] = text.value;
  if (step.roles.length && properties['Octopus.Action.TargetRoles'] === undefined)
    properties['Octopus.Action.TargetRoles'] = step.roles.map((r) => r.name).join(',');
  if (step.condition.kind === 'variable' && step.condition.expression)
    properties['Octopus.Step.ConditionVariableExpression'] = step.condition.expression.value;
  if (Object.keys(properties).length) children.push(attr('properties', { dict: properties }));
  const single =
    step.actions.length === 1 &&
    step.actions[0].name === step.name &&
    (!step.actions[0].slug || step.actions[0].slug.value === slug);
  for (const action of step.actions)
    children.push(actionNode(action, single ? undefined : (action.slug?.value ?? slugify(action.name)), single));
  return block('step', [slug], order(children));
}

function actionNode(action: Action, label: string | undefined, single: boolean): OclBlockNode {
  const children: OclNode[] = [];
  if (!single && action.name !== label) children.push(attr('name', action.name));
  const type = action.actionType ?? action.type;
  if (type) children.push(attr('action_type', type));
  const names = (refs: { name: string }[]) => refs.map((r) => r.name);
  if (action.channels.length) children.push(attr('channels', names(action.channels)));
  if (action.condition) children.push(attr('condition', action.condition.value));
  if (action.environments.length || action.environmentsRange)
    children.push(attr('environments', names(action.environments)));
  if (action.environmentsVariable) children.push(attr('environments_variable', action.environmentsVariable.value));
  if (action.excludedEnvironments.length || action.excludedEnvironmentsRange)
    children.push(attr('excluded_environments', names(action.excludedEnvironments)));
  if (action.disabled) children.push(attr('is_disabled', true));
  if (action.required) children.push(attr('is_required', true));
  if (action.notes) children.push(attr('notes', action.notes.value));
  if (action.stepPackageVersion) children.push(attr('step_package_version', action.stepPackageVersion.value));
  if (action.tenantTags.length) children.push(attr('tenant_tags', names(action.tenantTags)));
  if (action.workerPool) children.push(attr('worker_pool', action.workerPool.name));
  if (action.workerPoolVariable) children.push(attr('worker_pool_variable', action.workerPoolVariable.value));
  const properties: Record<string, OclNodeValue> = {};
  for (const [key, text] of action.properties) {
    if (action.propertyKeys.get(key) === 'roles') continue; // a step property in OCL
    properties[key] = text.value;
  }
  if (Object.keys(properties).length) children.push(attr('properties', { dict: properties }));
  if (action.container) {
    const c: OclNode[] = [];
    if (action.container.feed !== undefined) c.push(attr('feed', action.container.feed));
    if (action.container.image !== undefined) c.push(attr('image', action.container.image));
    children.push(block('container', [], c));
  }
  for (const reference of action.packages) {
    const p: OclNode[] = [];
    if (reference.acquisitionLocation !== undefined)
      p.push(attr('acquisition_location', reference.acquisitionLocation));
    // A reference with no feed (a step package's empty one) is written without it, as Octopus does.
    if (reference.feed) p.push(attr('feed', reference.feed));
    p.push(attr('package_id', reference.id));
    if (reference.properties.size) p.push(attr('properties', { dict: Object.fromEntries(reference.properties) }));
    if (reference.stepPackageInputsReferenceId !== undefined)
      p.push(attr('step_package_inputs_reference_id', reference.stepPackageInputsReferenceId));
    children.push(block('packages', reference.name ? [reference.name] : [], p));
  }
  for (const dependency of action.gitDependencies)
    children.push(block('git_dependencies', dependency.name ? [dependency.name] : [], plainNodes(dependency.fields)));
  if (action.inputs) children.push(block('inputs', [], plainNodes(action.inputs, false)));
  return block('action', label === undefined ? [] : [label], order(children));
}

function processTemplateNode(use: ProcessTemplateUse): OclBlockNode {
  const children: OclNode[] = [];
  if (use.name !== undefined) children.push(attr('name', use.name));
  children.push(attr('process_template_slug', use.template));
  if (use.versionMask !== undefined) children.push(attr('version_mask', use.versionMask));
  // Package parameters come before the others, as Octopus writes them (112 of 112 real uses).
  for (const [name, p] of Object.entries(use.packageParameters)) {
    const c: OclNode[] = [];
    if (p.feed !== undefined) c.push(attr('feed', p.feed));
    if (p.packageId !== undefined) c.push(attr('package_id', p.packageId));
    children.push(block('package_parameter', [name], c));
  }
  for (const [name, value] of Object.entries(use.parameters))
    children.push(block('parameter', [name], [attr('value', value)]));
  return block('process_template', [use.slug], order(children));
}

function variableNode(variable: Variable): OclBlockNode {
  const children: OclNode[] = [];
  if (variable.type && variable.type !== 'String') children.push(attr('type', variable.type));
  for (const value of variable.values) children.push(valueNode(variable, value));
  return block('variable', [variable.name], children);
}

function valueNode(variable: Variable, value: VariableValue): OclBlockNode {
  const children: OclNode[] = [];
  // A label holds a one-line value; a multi-line one is an attribute, and an empty one is left out.
  const unlabeled = value.value === '' || value.value.includes('\n');
  if (value.value.includes('\n')) children.push(attr('value', value.value));
  for (const [name, key] of OCL_SCOPES) {
    const scope = value.scope[key];
    if (scope)
      children.push(
        attr(
          name,
          scope.map((s) => s.name),
        ),
      );
  }
  const description = value.description ?? variable.description;
  if (description !== undefined) children.push(attr('description', description));
  const prompt = value.prompt ?? variable.prompt;
  if (prompt) {
    const p: OclNode[] = [];
    if (prompt.description !== undefined) p.push(attr('description', prompt.description));
    if (prompt.displaySettings) p.push(attr('display_settings', { dict: prompt.displaySettings }));
    p.push(attr('label', prompt.label));
    if (prompt.required) p.push(attr('required', true));
    children.push(block('prompt', [], p));
  }
  return block('value', unlabeled ? [] : [value.value], order(children));
}

function channelNode(channel: Project['channels'][number]): OclBlockNode {
  const children: OclNode[] = [];
  if (channel.description !== undefined) children.push(attr('description', channel.description));
  if (channel.isDefault !== undefined) children.push(attr('is_default', channel.isDefault));
  if (channel.lifecycle) children.push(attr('lifecycle', channel.lifecycle.name));
  for (const rule of channel.rules) {
    const r: OclNode[] = [];
    if (rule.tag !== undefined) r.push(attr('tag', rule.tag));
    if (rule.versionRange !== undefined) r.push(attr('version_range', rule.versionRange));
    for (const p of rule.packages)
      r.push(block('deployment_action_packages', [], [attr('step', p.step), attr('package', p.package)]));
    children.push(block('rules', [], r));
  }
  return block('channel', [channel.name], children);
}

/** Attributes whose object value is an OCL dictionary; other objects are blocks. */
const DICTIONARY_KEYS = new Set(['properties', 'display-settings', 'display_settings']);

/** Plain data back to OCL (see `toPlainObject`): kebab names to snake case, objects to blocks. */
export function plainNodes(object: { [key: string]: PlainValue }, kebab = true): OclNode[] {
  const nodes: OclNode[] = [];
  for (const [key, value] of Object.entries(object)) {
    const name = kebab ? key.replace(/-/g, '_') : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !DICTIONARY_KEYS.has(key)) {
      nodes.push(block(name, [], plainNodes(value, kebab)));
    } else if (
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))
    ) {
      for (const item of value) nodes.push(block(name, [], plainNodes(item as { [key: string]: PlainValue }, kebab)));
    } else nodes.push(attr(name, plainToNodeValue(value)));
  }
  return order(nodes);
}

function plainToNodeValue(value: PlainValue): OclNodeValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? { int: value } : { decimal: String(value) };
  if (Array.isArray(value)) return value.map(plainToNodeValue);
  return { dict: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainToNodeValue(v)])) };
}
