/**
 * Writes a `Project` as a process file (`*.process.yaml`), keeping everything the model holds:
 * what OCL says about steps, actions, packages, variables, channels, runbooks and settings has a
 * key of its own (see docs/process-files.md). Actions are written as Octopus stores them (`type:
 * Octopus.Script` with their `properties:`), so nothing is derived when the file is read back.
 */
import { stringify } from 'yaml';
import type { Action, DeploymentProcess, PlainValue, Project, Step, Variable, VariableValue } from './types';

type Json = PlainValue | undefined;
type JsonObject = { [key: string]: Json };

export function projectToYaml(project: Project): string {
  const out: JsonObject = { project: project.name || 'Project' };
  if (project.lifecycle) out.lifecycle = project.lifecycle.name;
  if (project.schemaVersion !== undefined) out['ocl-schema-version'] = project.schemaVersion;
  if (project.channels.length) {
    out.channels = project.channels.map((c) =>
      compact({
        name: c.name,
        description: c.description,
        'is-default': c.isDefault,
        lifecycle: c.lifecycle?.name,
        'tenant-tags': c.tenantTags?.length ? c.tenantTags.map((t) => t.name) : undefined,
        rules: c.rules.length
          ? c.rules.map((r) =>
              compact({
                tag: r.tag,
                'version-range': r.versionRange,
                packages: r.packages.length ? r.packages.map((p) => ({ step: p.step, package: p.package })) : undefined,
              }),
            )
          : undefined,
      }),
    );
  }
  if (project.variableSets.length) out['variable-sets'] = project.variableSets.map((s) => s.name);
  if (project.variables.length)
    out.variables = Object.fromEntries(project.variables.map((v) => [v.name, variableYaml(v)]));
  out.steps = stepsYaml(project.process);
  if (project.runbooks.length) {
    out.runbooks = project.runbooks.map((r) =>
      compact({
        slug: r.slug,
        name: r.name,
        description: r.description,
        settings: Object.keys(r.settings).length ? r.settings : undefined,
        steps: stepsYaml(r.process),
      }),
    );
  }
  if (Object.keys(project.deploymentSettings).length) out['deployment-settings'] = project.deploymentSettings;
  return stringify(compact(out), { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Drops keys whose value is undefined. */
function compact(object: JsonObject): { [key: string]: PlainValue } {
  return Object.fromEntries(Object.entries(object).filter((e): e is [string, PlainValue] => e[1] !== undefined));
}

function scopeYaml(value: VariableValue): JsonObject {
  const out: JsonObject = {};
  for (const [key, names] of Object.entries(value.scope)) if (names) out[key] = names.map((n) => n.name);
  return out;
}

export function variableYaml(variable: Variable): PlainValue {
  const perValue = variable.values.some((v) => v.description !== undefined || v.prompt !== undefined);
  const simple = !variable.type && !variable.sensitive && !variable.description && !variable.prompt && !perValue;
  if (simple && variable.values.length === 1 && Object.keys(variable.values[0].scope).length === 0)
    return variable.values[0].value;
  // A sensitive value stays on the server: the file says `sensitive: true` and keeps the scopes.
  const secret = (v: VariableValue) => variable.sensitive && v.value === '';
  const values = variable.values.map((v) =>
    compact({
      value: secret(v) ? undefined : v.value,
      ...scopeYaml(v),
      description: v.description,
      prompt: v.prompt ? promptYaml(v.prompt) : undefined,
    }),
  );
  if (simple) return values;
  const onlySecret = values.length === 1 && Object.keys(values[0]).length === 0;
  return compact({
    type: variable.type && variable.type !== 'Sensitive' ? variable.type : undefined,
    sensitive: variable.sensitive || undefined,
    description: variable.description,
    prompt: variable.prompt ? promptYaml(variable.prompt) : undefined,
    values: onlySecret ? undefined : values,
  });
}

function promptYaml(prompt: NonNullable<Variable['prompt']>): PlainValue {
  return compact({
    label: prompt.label,
    description: prompt.description,
    required: prompt.required || undefined,
    'display-settings': prompt.displaySettings,
  });
}

function stepsYaml(process: DeploymentProcess): PlainValue[] {
  const out: PlainValue[] = [];
  const templatesAt = (position: number) =>
    process.processTemplates
      .filter((t) => (position < process.steps.length ? t.position === position : t.position >= position))
      .map((t) =>
        compact({
          'process-template': t.template,
          slug: t.slug,
          name: t.name,
          'version-mask': t.versionMask,
          parameters: Object.keys(t.parameters).length ? t.parameters : undefined,
          'package-parameters': Object.keys(t.packageParameters).length
            ? Object.fromEntries(
                Object.entries(t.packageParameters).map(([k, p]) => [
                  k,
                  compact({ feed: p.feed, 'package-id': p.packageId }),
                ]),
              )
            : undefined,
        }),
      );
  process.steps.forEach((step, index) => {
    out.push(...templatesAt(index));
    out.push(stepYaml(step));
  });
  out.push(...templatesAt(process.steps.length));
  return out;
}

function stepYaml(step: Step): PlainValue {
  const condition =
    step.condition.kind === 'variable'
      ? { variable: step.condition.expression?.value ?? '' }
      : step.condition.kind === 'success'
        ? undefined
        : step.condition.kind;
  const stepProperties: Record<string, string> = {};
  for (const [key, text] of step.properties) {
    if (key === 'Octopus.Action.TargetRoles' && text.value === step.roles.map((r) => r.name).join(',')) continue;
    if (key === 'Octopus.Step.ConditionVariableExpression' && step.condition.kind === 'variable') continue;
    stepProperties[key] = text.value;
  }
  const head = compact({
    name: step.name,
    slug: step.slug?.value,
    roles: step.roles.length ? step.roles.map((r) => r.name) : undefined,
    condition,
    start: step.start === 'with-previous' ? 'with-previous' : undefined,
    'package-requirement': step.packageRequirement,
    'step-properties': Object.keys(stepProperties).length ? stepProperties : undefined,
  });
  const inline =
    step.actions.length === 1 &&
    step.actions[0].name === step.name &&
    (!step.actions[0].slug || step.actions[0].slug.value === step.slug?.value);
  if (inline) return { ...head, ...actionYaml(step.actions[0], true) };
  return { ...head, actions: step.actions.map((a) => actionYaml(a, false)) };
}

function actionYaml(action: Action, inline: boolean): { [key: string]: PlainValue } {
  const names = (refs: { name: string }[]) => (refs.length ? refs.map((r) => r.name) : undefined);
  const properties: Record<string, string> = {};
  for (const [key, text] of action.properties)
    if (action.propertyKeys.get(key) !== 'roles') properties[key] = text.value;
  return compact({
    name: inline ? undefined : action.name,
    slug: inline ? undefined : action.slug?.value,
    type: action.actionType ?? (action.type || undefined),
    environments: names(action.environments) ?? (action.environmentsRange ? [] : undefined),
    'excluded-environments': names(action.excludedEnvironments) ?? (action.excludedEnvironmentsRange ? [] : undefined),
    'environments-variable': action.environmentsVariable?.value,
    channels: names(action.channels),
    'tenant-tags': names(action.tenantTags),
    disabled: action.disabled || undefined,
    required: action.required || undefined,
    'action-condition': action.condition ? action.condition.value.toLowerCase() : undefined,
    notes: action.notes?.value,
    'worker-pool': action.workerPool?.name,
    'worker-pool-variable': action.workerPoolVariable?.value,
    container: action.container ? compact({ feed: action.container.feed, image: action.container.image }) : undefined,
    packages: action.packages.length
      ? action.packages.map((p) =>
          compact({
            name: p.name || undefined,
            id: p.id,
            feed: p.feed,
            'acquisition-location': p.acquisitionLocation,
            properties: p.properties.size ? Object.fromEntries(p.properties) : undefined,
            'step-package-inputs-reference-id': p.stepPackageInputsReferenceId,
          }),
        )
      : undefined,
    'git-dependencies': action.gitDependencies.length
      ? action.gitDependencies.map((d) => ({ name: d.name, ...d.fields }))
      : undefined,
    'step-package-version': action.stepPackageVersion?.value,
    inputs: action.inputs,
    properties: Object.keys(properties).length ? properties : undefined,
  });
}
