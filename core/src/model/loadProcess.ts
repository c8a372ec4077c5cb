import { isMap, isSeq } from 'yaml';
import type { ParsedYaml } from '../yaml/parseYaml';
import type { Range } from '../text';
import { SCRIPT_SYNTAX_NAMES, toOctopusActionType } from './actionTypes';
import { loadVariables } from './loadVariables';
import type { Action, Channel, Project, RunOn, StartTrigger, Step, StepCondition, TemplateText } from './types';
import { YamlReader } from './yamlReader';

const STEP_ONLY_KEYS = new Set(['name', 'roles', 'condition', 'start', 'package-requirement', 'actions']);

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
      return name ? [{ name: name.name, nameRange: name.range, lifecycle: reader.nameRef(reader.get(node, 'lifecycle')) }] : [];
    }),
    variableSets: reader.nameList(reader.get(root, 'variable-sets')),
    variables: loadVariables(reader, reader.get(root, 'variables'), 'Project'),
    process: { steps: reader.items(reader.get(root, 'steps')).filter(isMap).map((node) => loadStep(reader, node)) },
  };
  return project;
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
    start: reader.string(reader.get(node, 'start')) === 'with-previous' ? 'with-previous' : ('after-previous' as StartTrigger),
    startRange: reader.pair(node, 'start') ? reader.range(reader.get(node, 'start')) : undefined,
    packageRequirement: reader.string(reader.get(node, 'package-requirement')),
    inlineAction,
    actions: [],
  };
  step.actions = inlineAction
    ? [loadAction(reader, node, step, true)]
    : reader.items(actionsNode).filter(isMap).map((actionNode) => loadAction(reader, actionNode, step, false));
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
  const presentKeys = new Set(reader.pairs(node).map((p) => String(p.key.value)).filter((k) => !inline || !STEP_ONLY_KEYS.has(k)));
  const action: Action = {
    name: inline ? step.name : (reader.string(nameNode) ?? ''),
    nameRange: inline ? step.nameRange : nameNode ? reader.range(nameNode) : reader.range(node),
    range: reader.range(node),
    type,
    typeRange: reader.pair(node, 'type') ? reader.range(reader.get(node, 'type')) : undefined,
    actionType: toOctopusActionType(type),
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
  };
  const set = (property: string, key: string, text: TemplateText | undefined) => {
    if (!text) return;
    action.properties.set(property, text);
    action.propertyKeys.set(property, key);
  };
  const fixed = (value: string, range: Range): TemplateText => ({ value, range, source: undefined });

  set('Octopus.Action.Script.ScriptBody', 'script', reader.template(reader.get(node, 'script')));
  const syntax = reader.template(reader.get(node, 'syntax'));
  if (syntax) set('Octopus.Action.Script.Syntax', 'syntax', fixed(SCRIPT_SYNTAX_NAMES[syntax.value] ?? syntax.value, syntax.range));
  else if (action.actionType === 'Octopus.Script') set('Octopus.Action.Script.Syntax', 'type', fixed('Bash', action.typeRange ?? action.range));
  if (action.actionType === 'Octopus.Script') set('Octopus.Action.Script.ScriptSource', 'type', fixed('Inline', action.typeRange ?? action.range));
  set('Octopus.Action.Manual.Instructions', 'instructions', reader.template(reader.get(node, 'instructions')));
  const teams = reader.nameList(reader.get(node, 'responsible-teams'));
  if (teams.length) set('Octopus.Action.Manual.ResponsibleTeamIds', 'responsible-teams', fixed(teams.map((t) => t.name).join(','), reader.range(reader.get(node, 'responsible-teams'))));
  set('Octopus.Action.Email.To', 'to', reader.template(reader.get(node, 'to')));
  set('Octopus.Action.Email.Subject', 'subject', reader.template(reader.get(node, 'subject')));
  set('Octopus.Action.Email.Body', 'body', reader.template(reader.get(node, 'body')));

  const roles = step.roles;
  if (roles.length) set('Octopus.Action.TargetRoles', 'roles', fixed(roles.map((r) => r.name).join(','), roles[0].range));
  const effectiveRunOn = action.runOn ?? (roles.length ? 'targets' : 'server');
  set('Octopus.Action.RunOnServer', 'run-on', fixed(effectiveRunOn === 'targets' ? 'false' : 'true', reader.keyRange(node, 'run-on') ?? action.range));

  const packageNode = reader.get(node, 'package');
  if (isMap(packageNode)) {
    const id = reader.template(reader.get(packageNode, 'id'));
    const feed = reader.string(reader.get(packageNode, 'feed')) ?? 'octopus-server-built-in';
    if (id) {
      action.packages.push({ id: id.value, feed, range: reader.range(packageNode) });
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
    set('Octopus.Action.SubstituteInFiles.TargetFiles', 'features.substitute-variables-in-files', fixed(substitute.map((f) => f.name).join('\n'), substitute[0].range));
  }
  const structured = reader.nameList(reader.get(features, 'structured-variables'));
  if (structured.length) {
    enabled.push('Octopus.Features.JsonConfigurationVariables');
    set('Octopus.Action.Package.JsonConfigurationVariablesTargets', 'features.structured-variables', fixed(structured.map((f) => f.name).join('\n'), structured[0].range));
  }
  if (enabled.length) set('Octopus.Action.EnabledFeatures', 'features', fixed(enabled.join(','), reader.keyRange(node, 'features') ?? action.range));

  for (const pair of reader.pairs(reader.get(node, 'properties'))) {
    set(String(pair.key.value), `properties.${String(pair.key.value)}`, reader.template(pair.value));
  }
  return action;
}

function runOn(value: string | undefined): RunOn | undefined {
  return value === 'server' || value === 'targets' || value === 'worker' ? value : undefined;
}
