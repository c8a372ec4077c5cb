import { isMap, isSeq } from 'yaml';
import type { ParsedYaml } from '../yaml/parseYaml';
import type { Range } from '../text';
import { SCRIPT_SYNTAX_NAMES, SHORT_ACTION_TYPES, toOctopusActionType } from './actionTypes';
import { loadVariables } from './loadVariables';
import type {
  Action,
  Channel,
  DeploymentProcess,
  PlainValue,
  Project,
  RunOn,
  StartTrigger,
  Step,
  StepCondition,
  TemplateText,
  TextRef,
} from './types';
import { loadVariableTemplates } from './loadTenants';
import { YamlReader } from './yamlReader';

const STEP_ONLY_KEYS = new Set([
  'name',
  'roles',
  'condition',
  'start',
  'package-requirement',
  'actions',
  'step-properties',
]);
/** Keys that stand for properties Stepwise derives; without them an `Octopus.*` action's properties are taken as written. */
const SHORTHAND_KEYS = [
  'script',
  'syntax',
  'instructions',
  'responsible-teams',
  'to',
  'subject',
  'body',
  'package',
  'features',
  'run-on',
];

/** Loads a parsed process file into a Project. Tolerant: shapes the schema rejects are skipped. */
export function loadProcess(parsed: ParsedYaml): Project {
  const reader = new YamlReader(parsed.text, parsed.lines);
  const root = parsed.document?.contents;
  const projectNode = reader.get(root, 'project');
  const project: Project = {
    name: reader.string(projectNode) ?? '',
    nameRange: projectNode ? reader.range(projectNode) : undefined,
    lifecycle: reader.nameRef(reader.get(root, 'lifecycle')),
    channels: reader.items(reader.get(root, 'channels')).flatMap((node): Channel[] => {
      const name = reader.nameRef(reader.get(node, 'name'));
      if (!name) return [];
      const isDefault = reader.boolean(reader.get(node, 'is-default'));
      const tenantTags = reader.nameList(reader.get(node, 'tenant-tags'));
      return [
        {
          name: name.name,
          nameRange: name.range,
          lifecycle: reader.nameRef(reader.get(node, 'lifecycle')),
          description: reader.string(reader.get(node, 'description')),
          ...(isDefault === undefined ? {} : { isDefault }),
          ...(tenantTags.length ? { tenantTags } : {}),
          rules: reader
            .items(reader.get(node, 'rules'))
            .filter(isMap)
            .map((rule) => ({
              tag: reader.string(reader.get(rule, 'tag')),
              versionRange: reader.string(reader.get(rule, 'version-range')),
              packages: reader
                .items(reader.get(rule, 'packages'))
                .filter(isMap)
                .map((p) => ({
                  step: reader.string(reader.get(p, 'step')) ?? '',
                  package: reader.string(reader.get(p, 'package')) ?? '',
                })),
            })),
        },
      ];
    }),
    variableSets: reader.nameList(reader.get(root, 'variable-sets')),
    variables: loadVariables(reader, reader.get(root, 'variables'), 'Project'),
    process: loadStepList(reader, reader.get(root, 'steps')),
    runbooks: reader
      .items(reader.get(root, 'runbooks'))
      .filter(isMap)
      .map((node) => {
        const nameNode = reader.get(node, 'name');
        const settings = plainObject(reader.get(node, 'settings'));
        return {
          slug: reader.string(reader.get(node, 'slug')) ?? '',
          name: reader.string(nameNode) ?? '',
          nameRange: reader.range(nameNode ?? node),
          description: reader.string(reader.get(node, 'description')),
          settings,
          process: loadStepList(reader, reader.get(node, 'steps')),
        };
      }),
    deploymentSettings: plainObject(reader.get(root, 'deployment-settings')),
    schemaVersion: reader.number(reader.get(root, 'ocl-schema-version')),
  };
  const variableTemplates = loadVariableTemplates(reader, reader.get(root, 'variable-templates'));
  if (variableTemplates.length) project.variableTemplates = variableTemplates;
  return project;
}

/** Steps, with `process-template:` entries among them. */
function loadStepList(reader: YamlReader, node: unknown): DeploymentProcess {
  const process: DeploymentProcess = { steps: [], processTemplates: [] };
  for (const item of reader.items(node).filter(isMap)) {
    const template = reader.get(item, 'process-template');
    if (template !== undefined) {
      const parameters = plainObject(reader.get(item, 'parameters'));
      const packageParameters = plainObject(reader.get(item, 'package-parameters'));
      process.processTemplates.push({
        slug: reader.string(reader.get(item, 'slug')) ?? '',
        name: reader.string(reader.get(item, 'name')),
        template: reader.string(template) ?? '',
        versionMask: reader.string(reader.get(item, 'version-mask')),
        parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, String(v ?? '')])),
        packageParameters: Object.fromEntries(
          Object.entries(packageParameters).map(([k, v]) => {
            const p = (v && typeof v === 'object' && !Array.isArray(v) ? v : {}) as Record<string, PlainValue>;
            return [
              k,
              {
                feed: p.feed === undefined ? undefined : String(p.feed),
                packageId: p['package-id'] === undefined ? undefined : String(p['package-id']),
              },
            ];
          }),
        ),
        position: process.steps.length,
        range: reader.range(item),
      });
      continue;
    }
    process.steps.push(loadStep(reader, item));
  }
  return process;
}

/** A mapping as plain data (for the parts of the format Stepwise passes through). */
function plainObject(node: unknown): { [key: string]: PlainValue } {
  if (!isMap(node)) return {};
  const value = (node as { toJSON(): unknown }).toJSON();
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as { [key: string]: PlainValue }) : {};
}

function loadStep(reader: YamlReader, node: unknown): Step {
  const range = reader.range(node);
  const nameNode = reader.get(node, 'name');
  const name = reader.string(nameNode) ?? '';
  const nameRange = nameNode ? reader.range(nameNode) : reader.range(node, range);
  const actionsNode = reader.get(node, 'actions');
  const inlineAction = !isSeq(actionsNode);
  const step: Step = {
    name,
    nameRange,
    range,
    roles: reader.nameList(reader.get(node, 'roles')),
    condition: loadCondition(reader, node),
    start:
      reader.string(reader.get(node, 'start')) === 'with-previous'
        ? 'with-previous'
        : ('after-previous' as StartTrigger),
    startRange: reader.pair(node, 'start') ? reader.range(reader.get(node, 'start')) : undefined,
    packageRequirement: reader.string(reader.get(node, 'package-requirement')),
    slug: inlineAction ? undefined : reader.textRef(reader.get(node, 'slug')),
    properties: new Map(),
    inlineAction,
    actions: [],
  };
  for (const pair of reader.pairs(reader.get(node, 'step-properties'))) {
    const text = reader.template(pair.value);
    if (text) step.properties.set(String(pair.key.value), text);
  }
  step.actions = inlineAction
    ? [loadAction(reader, node, step, true)]
    : reader
        .items(actionsNode)
        .filter(isMap)
        .map((actionNode) => loadAction(reader, actionNode, step, false));
  return step;
}

function loadCondition(reader: YamlReader, node: unknown): StepCondition {
  const conditionNode = reader.get(node, 'condition');
  if (!conditionNode) return { kind: 'success', range: undefined };
  const range = reader.range(conditionNode);
  if (isMap(conditionNode)) {
    return { kind: 'variable', expression: reader.template(reader.get(conditionNode, 'variable')), range };
  }
  const kind = reader.string(conditionNode);
  if (kind === 'failure' || kind === 'always' || kind === 'success') return { kind, range };
  return { kind: 'success', range };
}

function loadAction(reader: YamlReader, node: unknown, step: Step, inline: boolean): Action {
  const nameNode = inline ? undefined : reader.get(node, 'name');
  const type = reader.string(reader.get(node, 'type')) ?? '';
  const presentKeys = new Set(
    reader
      .pairs(node)
      .map((p) => String(p.key.value))
      .filter((k) => !inline || !STEP_ONLY_KEYS.has(k)),
  );
  const verbatim = !Object.hasOwn(SHORT_ACTION_TYPES, type) && !SHORTHAND_KEYS.some((k) => presentKeys.has(k));
  const container = reader.get(node, 'container');
  const action: Action = {
    name: inline ? step.name : (reader.string(nameNode) ?? ''),
    nameRange: inline ? step.nameRange : nameNode ? reader.range(nameNode) : reader.range(node),
    range: reader.range(node),
    type,
    typeRange: reader.pair(node, 'type') ? reader.range(reader.get(node, 'type')) : undefined,
    // A step package's id (`kustomize`) is its type: known when its version is given.
    actionType: toOctopusActionType(type) ?? (type && reader.pair(node, 'step-package-version') ? type : undefined),
    environments: reader.nameList(reader.get(node, 'environments')),
    excludedEnvironments: reader.nameList(reader.get(node, 'excluded-environments')),
    environmentsRange: reader.keyRange(node, 'environments'),
    excludedEnvironmentsRange: reader.keyRange(node, 'excluded-environments'),
    channels: reader.nameList(reader.get(node, 'channels')),
    tenantTags: reader.nameList(reader.get(node, 'tenant-tags')),
    disabled: reader.boolean(reader.get(node, 'disabled')) ?? false,
    required: reader.boolean(reader.get(node, 'required')) ?? false,
    runOn: runOn(reader.string(reader.get(node, 'run-on'))),
    packages: [],
    properties: new Map(),
    propertyKeys: new Map(),
    presentKeys,
    slug: reader.textRef(reader.get(node, 'slug')),
    notes: reader.template(reader.get(node, 'notes')),
    workerPool: reader.nameRef(reader.get(node, 'worker-pool')),
    workerPoolVariable: reader.textRef(reader.get(node, 'worker-pool-variable')),
    environmentsVariable: reader.textRef(reader.get(node, 'environments-variable')),
    condition: octopusCase(reader.textRef(reader.get(node, 'action-condition'))),
    container: isMap(container)
      ? {
          feed: reader.string(reader.get(container, 'feed')),
          image: reader.string(reader.get(container, 'image')),
          range: reader.range(container),
        }
      : undefined,
    gitDependencies: reader
      .items(reader.get(node, 'git-dependencies'))
      .filter(isMap)
      .map((dep) => {
        const fields = plainObject(dep);
        const name = String(fields.name ?? '');
        delete fields.name;
        return { name, fields, range: reader.range(dep) };
      }),
    stepPackageVersion: reader.textRef(reader.get(node, 'step-package-version')),
    inputs: isMap(reader.get(node, 'inputs')) ? plainObject(reader.get(node, 'inputs')) : undefined,
    verbatim,
  };
  if (inline && step.slug === undefined) step.slug = action.slug;
  const set = (property: string, key: string, text: TemplateText | undefined) => {
    if (!text) return;
    action.properties.set(property, text);
    action.propertyKeys.set(property, key);
  };
  const fixed = (value: string, range: Range): TemplateText => ({ value, range, source: undefined });

  set('Octopus.Action.Script.ScriptBody', 'script', reader.template(reader.get(node, 'script')));
  const syntax = reader.template(reader.get(node, 'syntax'));
  if (syntax)
    set(
      'Octopus.Action.Script.Syntax',
      'syntax',
      fixed(SCRIPT_SYNTAX_NAMES[syntax.value] ?? syntax.value, syntax.range),
    );
  else if (action.actionType === 'Octopus.Script' && !verbatim)
    set('Octopus.Action.Script.Syntax', 'type', fixed('Bash', action.typeRange ?? action.range));
  if (action.actionType === 'Octopus.Script' && !verbatim)
    set('Octopus.Action.Script.ScriptSource', 'type', fixed('Inline', action.typeRange ?? action.range));
  set('Octopus.Action.Manual.Instructions', 'instructions', reader.template(reader.get(node, 'instructions')));
  const teams = reader.nameList(reader.get(node, 'responsible-teams'));
  if (teams.length)
    set(
      'Octopus.Action.Manual.ResponsibleTeamIds',
      'responsible-teams',
      fixed(teams.map((t) => t.name).join(','), reader.range(reader.get(node, 'responsible-teams'))),
    );
  set('Octopus.Action.Email.To', 'to', reader.template(reader.get(node, 'to')));
  set('Octopus.Action.Email.Subject', 'subject', reader.template(reader.get(node, 'subject')));
  set('Octopus.Action.Email.Body', 'body', reader.template(reader.get(node, 'body')));

  const roles = step.roles;
  if (roles.length)
    set('Octopus.Action.TargetRoles', 'roles', fixed(roles.map((r) => r.name).join(','), roles[0].range));
  if (!verbatim) {
    const effectiveRunOn = action.runOn ?? (roles.length ? 'targets' : 'server');
    set(
      'Octopus.Action.RunOnServer',
      'run-on',
      fixed(effectiveRunOn === 'targets' ? 'false' : 'true', reader.keyRange(node, 'run-on') ?? action.range),
    );
  }

  const packageNode = reader.get(node, 'package');
  if (isMap(packageNode)) {
    const id = reader.template(reader.get(packageNode, 'id'));
    const feed = reader.string(reader.get(packageNode, 'feed')) ?? 'octopus-server-built-in';
    if (id) {
      action.packages.push({
        id: id.value,
        feed,
        range: reader.range(packageNode),
        ...(reader.pair(packageNode, 'feed') ? { feedRange: reader.range(reader.get(packageNode, 'feed')) } : {}),
        name: '',
        properties: new Map(),
        explicit: false,
      });
      set('Octopus.Action.Package.PackageId', 'package.id', id);
      set('Octopus.Action.Package.FeedId', 'package.feed', fixed(feed, reader.range(packageNode)));
    }
  }
  const features = reader.get(node, 'features');
  const enabled: string[] = [];
  const directory = reader.template(reader.get(features, 'custom-install-directory'));
  if (directory) {
    enabled.push('Octopus.Features.CustomDirectory');
    set('Octopus.Action.Package.CustomInstallationDirectory', 'features.custom-install-directory', directory);
  }
  const substitute = reader.nameList(reader.get(features, 'substitute-variables-in-files'));
  if (substitute.length) {
    enabled.push('Octopus.Features.SubstituteInFiles');
    set(
      'Octopus.Action.SubstituteInFiles.TargetFiles',
      'features.substitute-variables-in-files',
      fixed(substitute.map((f) => f.name).join('\n'), substitute[0].range),
    );
  }
  const structured = reader.nameList(reader.get(features, 'structured-variables'));
  if (structured.length) {
    enabled.push('Octopus.Features.JsonConfigurationVariables');
    set(
      'Octopus.Action.Package.JsonConfigurationVariablesTargets',
      'features.structured-variables',
      fixed(structured.map((f) => f.name).join('\n'), structured[0].range),
    );
  }
  if (enabled.length)
    set(
      'Octopus.Action.EnabledFeatures',
      'features',
      fixed(enabled.join(','), reader.keyRange(node, 'features') ?? action.range),
    );

  for (const item of reader.items(reader.get(node, 'packages')).filter(isMap)) {
    const location = reader.string(reader.get(item, 'acquisition-location'));
    const inputsId = reader.string(reader.get(item, 'step-package-inputs-reference-id'));
    action.packages.push({
      id: reader.string(reader.get(item, 'id')) ?? '',
      feed: reader.string(reader.get(item, 'feed')) ?? '',
      range: reader.range(item),
      ...(reader.pair(item, 'feed') ? { feedRange: reader.range(reader.get(item, 'feed')) } : {}),
      name: reader.string(reader.get(item, 'name')) ?? '',
      ...(location === undefined ? {} : { acquisitionLocation: location }),
      properties: new Map(
        reader.pairs(reader.get(item, 'properties')).map((p) => [String(p.key.value), reader.string(p.value) ?? '']),
      ),
      ...(inputsId === undefined ? {} : { stepPackageInputsReferenceId: inputsId }),
      explicit: true,
    });
  }
  for (const pair of reader.pairs(reader.get(node, 'properties'))) {
    set(String(pair.key.value), `properties.${String(pair.key.value)}`, reader.template(pair.value));
  }
  return action;
}

/** `success` → `Success`: the file writes Octopus's enum values in lower case. */
function octopusCase(ref: TextRef | undefined): TextRef | undefined {
  return ref && { value: ref.value.charAt(0).toUpperCase() + ref.value.slice(1), range: ref.range };
}

function runOn(value: string | undefined): RunOn | undefined {
  return value === 'server' || value === 'targets' || value === 'worker' ? value : undefined;
}
