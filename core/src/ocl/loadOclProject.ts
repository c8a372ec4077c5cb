/**
 * Loads one project's OCL files (`.octopus/` or `.octopus/<project>/`: deployment_process.ocl,
 * variables.ocl, deployment_settings.ocl, channels.ocl, runbooks/<slug>.ocl, schema_version.ocl)
 * into the same `Project` model that process files load into, so every check and feature works
 * on both formats. Tolerant: shapes Octopus would not write are skipped, never thrown on.
 *
 * Ranges point into the file each thing came from: `fileOfRange(range)` gives that file's path
 * (relative to the project folder), so a diagnostic of a check lands in the right file.
 */
import { emptyProject } from '../model/emptyProject';
import type { Range, Span } from '../text';
import type {
  Action,
  Channel,
  DeploymentProcess,
  GitDependency,
  NameRef,
  PackageReference,
  PlainValue,
  ProcessTemplateUse,
  Project,
  Runbook,
  ScopeKey,
  Step,
  StepCondition,
  TemplateText,
  TextRef,
  Variable,
  VariablePrompt,
  VariableValue,
} from '../model/types';
import type { OclAttribute, OclBlock, OclElement, OclValue } from './ast';
import { parseOcl, type ParsedOcl } from './parseOcl';
import { editOf, reparseOclEdit } from './reparseOcl';
import { OclValueSource } from './valueSource';

export interface OclFile {
  /** Path relative to the project folder, with `/`: `deployment_process.ocl`, `runbooks/deploy.ocl`. */
  path: string;
  text: string;
}

export interface LoadedOclFile {
  path: string;
  parsed: ParsedOcl;
}

export interface LoadedOclProject {
  project: Project;
  files: LoadedOclFile[];
}

/** The files of a project folder Stepwise reads, by path relative to it. */
export function isOclProjectFile(path: string): boolean {
  return (
    /^(deployment_process|variables|deployment_settings|channels|schema_version)\.ocl$/.test(path) ||
    /^runbooks\/[^/]+\.ocl$/.test(path)
  );
}

// A hidden (non-enumerable) mark on each range: invisible to JSON and to deep equality, and far
// cheaper than a WeakMap over tens of thousands of ranges.
const FILE = Symbol('ocl file');

/** The project file a range of an OCL-loaded model points into, or undefined for other ranges. */
export function fileOfRange(range: Range): string | undefined {
  return (range as { [FILE]?: string })[FILE];
}

/**
 * `previous` holds parses of earlier versions of the files, by path; a file whose text is
 * unchanged is not parsed again (the language service reloads the project on every edit), and
 * after an edit inside one line of a string or heredoc the previous parse is updated in place
 * (`reparseOclEdit`: that parse is taken over and must not be used afterwards). Steps are loaded
 * again only from blocks the edit touched; the others are the previous load's.
 */
export function loadOclProject(
  files: readonly OclFile[],
  options: { name?: string; previous?: ReadonlyMap<string, ParsedOcl> } = {},
): LoadedOclProject {
  const loaded = files.map((file) => {
    const previous = options.previous?.get(file.path);
    const parsed =
      previous && previous.text === file.text
        ? previous
        : ((previous && reparseOclEdit(previous, file.text)) ?? parseOcl(file.text));
    return { path: file.path, parsed };
  });
  const project: Project = { ...emptyProject(options.name), unseen: { variableSets: true, channels: true } };
  for (const file of loaded) {
    const reader = readerFor(file.parsed, file.path);
    const children = file.parsed.document.children;
    if (file.path === 'deployment_process.ocl') project.process = loadProcess(reader, children);
    else if (file.path === 'variables.ocl') project.variables = loadVariables(reader, children);
    else if (file.path === 'deployment_settings.ocl') project.deploymentSettings = toPlainObject(children);
    else if (file.path === 'channels.ocl') {
      project.channels = loadChannels(reader, children);
      project.unseen = { ...project.unseen, channels: false };
    } else if (file.path === 'schema_version.ocl') {
      const version = attribute(children, 'version');
      if (version?.value.kind === 'number') project.schemaVersion = version.value.value;
    } else if (file.path.startsWith('runbooks/')) project.runbooks.push(loadRunbook(reader, children, file.path));
  }
  project.runbooks.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return { project, files: loaded };
}

/** The reader of each loaded parse; an in-place update moves a file's reader on to the new parse. */
const readers = new WeakMap<ParsedOcl, OclReader>();

function readerFor(parsed: ParsedOcl, path: string): OclReader {
  const same = readers.get(parsed);
  if (same && same.path === path && same.parsed === parsed) return same;
  const edit = editOf(parsed);
  const before = edit && readers.get(edit.from);
  let reader: OclReader;
  if (edit && before && before.path === path && before.parsed === edit.from) {
    // What was loaded from blocks off the edited lines still holds, once the ranges below them
    // move by the lines the edit added or removed.
    before.parsed = parsed;
    for (const block of edit.changed) before.forget(block);
    if (edit.lineDelta) before.moveLinesBelow(edit.editLine, edit.lineDelta);
    reader = before;
  } else reader = new OclReader(parsed, path);
  readers.set(parsed, reader);
  return reader;
}

class OclReader {
  /** Steps loaded from this file's blocks, reused while their blocks are unchanged. */
  readonly steps = new Map<OclBlock, Step>();
  /** The ranges made while loading each step, to move them when lines are added above it. */
  private readonly stepRanges = new Map<OclBlock, Range[]>();
  private collecting: Range[] | undefined;

  constructor(
    public parsed: ParsedOcl,
    readonly path: string,
  ) {}

  range(span: Span): Range {
    const range = this.parsed.lines.rangeOf(span);
    Object.defineProperty(range, FILE, { value: this.path });
    this.collecting?.push(range);
    return range;
  }

  /** The step of a block: the one loaded before while the block is unchanged, else loaded now. */
  step(block: OclBlock, load: () => Step): Step {
    let step = this.steps.get(block);
    if (step) return step;
    this.collecting = [];
    try {
      step = load();
    } finally {
      this.stepRanges.set(block, this.collecting);
      this.collecting = undefined;
    }
    this.steps.set(block, step);
    return step;
  }

  /** Forgets a step whose block the edit touched (or that is gone). */
  forget(block: OclBlock): void {
    this.steps.delete(block);
    this.stepRanges.delete(block);
  }

  /** Moves the kept steps' ranges that lie below `line` by `delta` lines. */
  moveLinesBelow(line: number, delta: number): void {
    for (const ranges of this.stepRanges.values())
      for (const range of ranges) {
        if (range.start.line > line) range.start.line += delta;
        if (range.end.line > line) range.end.line += delta;
      }
  }

  template(value: OclValue | undefined): TemplateText | undefined {
    if (!value) return undefined;
    if (value.kind === 'string')
      return {
        value: value.value,
        range: this.range(value.span),
        source: new OclValueSource(value, this, (span) => this.range(span)),
      };
    const text = scalarText(value);
    return text === undefined ? undefined : { value: text, range: this.range(value.span), source: undefined };
  }

  textRef(value: OclValue | undefined): TextRef | undefined {
    const text = value && scalarText(value);
    return text === undefined ? undefined : { value: text, range: this.range(value!.span) };
  }

  nameList(value: OclValue | undefined): NameRef[] {
    if (!value) return [];
    if (value.kind === 'array')
      return value.items.map((item) => ({ name: scalarText(item) ?? '', range: this.range(item.span) }));
    const single = this.textRef(value);
    return single ? [{ name: single.value, range: single.range }] : [];
  }
}

/** A scalar as text (numbers as written, booleans as `true`/`false`); undefined for other values. */
function scalarText(value: OclValue): string | undefined {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return value.text;
    case 'boolean':
      return String(value.value);
    default:
      return undefined;
  }
}

function attribute(children: readonly OclElement[], name: string): OclAttribute | undefined {
  for (const child of children) if (child.kind === 'attribute' && child.name === name) return child;
  return undefined;
}

function blocks(children: readonly OclElement[], name: string): OclBlock[] {
  return children.filter((c): c is OclBlock => c.kind === 'block' && c.name === name);
}

function stringOf(children: readonly OclElement[], name: string): string | undefined {
  const value = attribute(children, name)?.value;
  return value ? scalarText(value) : undefined;
}

function booleanOf(children: readonly OclElement[], name: string): boolean | undefined {
  const value = attribute(children, name)?.value;
  return value?.kind === 'boolean' ? value.value : undefined;
}

function dictionaryEntries(value: OclValue | undefined) {
  return value?.kind === 'dictionary' ? value.entries : [];
}

/** `BeforePackageAcquisition` → `before-package-acquisition` (the process file's spelling). */
export function pascalToKebab(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export function snakeToKebab(name: string): string {
  return name.replace(/_/g, '-');
}

function loadProcess(reader: OclReader, children: readonly OclElement[]): DeploymentProcess {
  const process: DeploymentProcess = { steps: [], processTemplates: [] };
  for (const child of children) {
    if (child.kind !== 'block') continue;
    // `steps "Name"` / `actions "Name"`: the first config-as-code files (Octopus 2021–22), labelled by name.
    if (child.name === 'step' || child.name === 'steps') {
      process.steps.push(reader.step(child, () => loadStep(reader, child)));
    } else if (child.name === 'process_template')
      process.processTemplates.push(loadProcessTemplate(reader, child, process.steps.length));
  }
  return process;
}

function loadStep(reader: OclReader, block: OclBlock): Step {
  const label = block.labels[0];
  const nameAttribute = attribute(block.children, 'name');
  const name = (nameAttribute && scalarText(nameAttribute.value)) ?? label?.value ?? '';
  const nameRange = reader.range(nameAttribute?.value.span ?? label?.span ?? block.nameSpan);
  const properties = new Map<string, TemplateText>();
  for (const entry of dictionaryEntries(attribute(block.children, 'properties')?.value)) {
    const text = reader.template(entry.value);
    if (text) properties.set(entry.key, text);
  }
  const roles: NameRef[] = [];
  const roleText = properties.get('Octopus.Action.TargetRoles');
  if (roleText) {
    // Each role's own characters in the file (so a rename edits `api` in "web, api"), where the
    // string maps back to the file character by character; else the whole string's range.
    const offsets = roleText.source?.offsets;
    let at = 0;
    for (const part of roleText.value.split(',')) {
      const name = part.trim();
      const start = at + part.indexOf(name);
      at += part.length + 1;
      if (!name) continue;
      roles.push({
        name,
        range: offsets ? reader.range({ start: offsets[start], end: offsets[start + name.length] }) : roleText.range,
      });
    }
  }
  const start = attribute(block.children, 'start_trigger');
  const requirement = stringOf(block.children, 'package_requirement');
  const step: Step = {
    name,
    nameRange,
    range: reader.range(block.span),
    roles,
    condition: loadCondition(reader, block, properties),
    start: start && scalarText(start.value) === 'StartWithPrevious' ? 'with-previous' : 'after-previous',
    startRange: start ? reader.range(start.value.span) : undefined,
    packageRequirement: requirement === undefined ? undefined : pascalToKebab(requirement),
    slug: label && block.name === 'step' ? { value: label.value, range: reader.range(label.span) } : undefined,
    properties,
    inlineAction: false,
    actions: [],
  };
  const preview = block.name === 'steps';
  const actionBlocks = blocks(block.children, preview ? 'actions' : 'action');
  step.inlineAction =
    actionBlocks.length === 1 &&
    (preview
      ? actionBlocks[0].labels[0]?.value === name
      : actionBlocks[0].labels.length === 0 && attribute(actionBlocks[0].children, 'name') === undefined);
  step.actions = actionBlocks.map((a) => loadAction(reader, a, step));
  return step;
}

function loadCondition(reader: OclReader, block: OclBlock, properties: Map<string, TemplateText>): StepCondition {
  const condition = attribute(block.children, 'condition');
  if (!condition) return { kind: 'success', range: undefined };
  const range = reader.range(condition.value.span);
  const kind = (scalarText(condition.value) ?? '').toLowerCase();
  if (kind === 'variable')
    return { kind, expression: properties.get('Octopus.Step.ConditionVariableExpression'), range };
  if (kind === 'failure' || kind === 'always' || kind === 'success') return { kind, range };
  return { kind: 'success', range };
}

function loadAction(reader: OclReader, block: OclBlock, step: Step): Action {
  const c = block.children;
  const label = block.labels[0];
  const nameAttribute = attribute(c, 'name');
  const name =
    (nameAttribute && scalarText(nameAttribute.value)) ?? (step.inlineAction ? step.name : (label?.value ?? step.name));
  const typeAttribute = attribute(c, 'action_type');
  const type = (typeAttribute && scalarText(typeAttribute.value)) ?? '';
  const environments = attribute(c, 'environments');
  const excluded = attribute(c, 'excluded_environments');
  const container = blocks(c, 'container')[0];
  const workerPool = reader.textRef((attribute(c, 'worker_pool') ?? attribute(c, 'worker_pool_id_or_name'))?.value);
  const action: Action = {
    name,
    nameRange: nameAttribute
      ? reader.range(nameAttribute.value.span)
      : label
        ? reader.range(label.span)
        : step.nameRange,
    range: reader.range(block.span),
    type,
    typeRange: typeAttribute ? reader.range(typeAttribute.value.span) : undefined,
    // Octopus wrote it: a step-package id (`kustomize`) is as valid as `Octopus.Script`.
    actionType: type || undefined,
    environments: reader.nameList(environments?.value),
    excludedEnvironments: reader.nameList(excluded?.value),
    environmentsRange: environments ? reader.range(environments.nameSpan) : undefined,
    excludedEnvironmentsRange: excluded ? reader.range(excluded.nameSpan) : undefined,
    channels: reader.nameList(attribute(c, 'channels')?.value),
    tenantTags: reader.nameList(attribute(c, 'tenant_tags')?.value),
    disabled: booleanOf(c, 'is_disabled') ?? false,
    required: booleanOf(c, 'is_required') ?? false,
    runOn: undefined,
    packages: blocks(c, 'packages').map((p) => loadPackage(reader, p)),
    properties: new Map(),
    propertyKeys: new Map(),
    presentKeys: new Set(c.map((child) => child.name)),
    slug: label && block.name === 'action' ? { value: label.value, range: reader.range(label.span) } : undefined,
    notes: reader.template(attribute(c, 'notes')?.value),
    workerPool: workerPool && { name: workerPool.value, range: workerPool.range },
    workerPoolVariable: reader.textRef(attribute(c, 'worker_pool_variable')?.value),
    environmentsVariable: reader.textRef(attribute(c, 'environments_variable')?.value),
    condition: reader.textRef(attribute(c, 'condition')?.value),
    container: container && {
      feed: stringOf(container.children, 'feed'),
      image: stringOf(container.children, 'image'),
      range: reader.range(container.span),
    },
    gitDependencies: blocks(c, 'git_dependencies').map((d): GitDependency => {
      const fields = toPlainObject(d.children);
      return { name: d.labels[0]?.value ?? '', fields, range: reader.range(d.span) };
    }),
    stepPackageVersion: reader.textRef(attribute(c, 'step_package_version')?.value),
    verbatim: true,
  };
  const inputs = blocks(c, 'inputs')[0];
  if (inputs) action.inputs = toPlainObject(inputs.children, false);
  for (const entry of dictionaryEntries(attribute(c, 'properties')?.value)) {
    const text = reader.template(entry.value);
    if (!text) continue;
    action.properties.set(entry.key, text);
    action.propertyKeys.set(entry.key, `properties.${entry.key}`);
  }
  // Checks and previews read an action's roles from its properties, as for process files.
  const roles = step.properties.get('Octopus.Action.TargetRoles');
  if (roles && !action.properties.has('Octopus.Action.TargetRoles')) {
    action.properties.set('Octopus.Action.TargetRoles', roles);
    action.propertyKeys.set('Octopus.Action.TargetRoles', 'roles');
  }
  const runOnServer = action.properties.get('Octopus.Action.RunOnServer')?.value.toLowerCase();
  action.runOn =
    runOnServer === 'true'
      ? action.workerPool || action.workerPoolVariable?.value
        ? 'worker'
        : 'server'
      : runOnServer === 'false'
        ? 'targets'
        : undefined;
  return action;
}

function loadPackage(reader: OclReader, block: OclBlock): PackageReference {
  const c = block.children;
  const reference: PackageReference = {
    id: stringOf(c, 'package_id') ?? '',
    // Older files write `feed_id_or_name`.
    feed: stringOf(c, 'feed') ?? stringOf(c, 'feed_id_or_name') ?? '',
    range: reader.range(block.span),
    name: block.labels[0]?.value ?? '',
    properties: new Map(
      dictionaryEntries(attribute(c, 'properties')?.value).map((e) => [e.key, scalarText(e.value) ?? '']),
    ),
    explicit: true,
  };
  const feedAttribute = attribute(c, 'feed') ?? attribute(c, 'feed_id_or_name');
  if (feedAttribute) reference.feedRange = reader.range(feedAttribute.value.span);
  const location = stringOf(c, 'acquisition_location');
  if (location !== undefined) reference.acquisitionLocation = location;
  const inputsId = stringOf(c, 'step_package_inputs_reference_id');
  if (inputsId !== undefined) reference.stepPackageInputsReferenceId = inputsId;
  return reference;
}

function loadProcessTemplate(reader: OclReader, block: OclBlock, position: number): ProcessTemplateUse {
  const c = block.children;
  return {
    slug: block.labels[0]?.value ?? '',
    name: stringOf(c, 'name'),
    template: stringOf(c, 'process_template_slug') ?? '',
    versionMask: stringOf(c, 'version_mask'),
    parameters: Object.fromEntries(
      blocks(c, 'parameter').map((p) => [p.labels[0]?.value ?? '', stringOf(p.children, 'value') ?? '']),
    ),
    packageParameters: Object.fromEntries(
      blocks(c, 'package_parameter').map((p) => [
        p.labels[0]?.value ?? '',
        { feed: stringOf(p.children, 'feed'), packageId: stringOf(p.children, 'package_id') },
      ]),
    ),
    position,
    range: reader.range(block.span),
  };
}

/** OCL scope attributes of a variable value and the model's scope keys. */
export const OCL_SCOPES: readonly [string, ScopeKey][] = [
  ['action', 'step'],
  ['channel', 'channel'],
  ['environment', 'environment'],
  ['machine', 'target'],
  ['process', 'process'],
  ['role', 'role'],
  ['tenant_tag', 'tenant-tag'],
];

function loadVariables(reader: OclReader, children: readonly OclElement[]): Variable[] {
  const byName = new Map<string, Variable>();
  for (const block of blocks(children, 'variable')) {
    const label = block.labels[0];
    if (!label) continue;
    let variable = byName.get(label.value);
    if (!variable) {
      variable = {
        name: label.value,
        nameRange: reader.range(label.span),
        values: [],
        sensitive: false,
        owner: 'Project',
      };
      byName.set(label.value, variable);
    }
    const type = stringOf(block.children, 'type');
    if (type !== undefined) {
      variable.type = type;
      variable.sensitive = type === 'Sensitive';
    }
    for (const valueBlock of blocks(block.children, 'value')) variable.values.push(loadValue(reader, valueBlock));
  }
  return [...byName.values()];
}

function loadValue(reader: OclReader, block: OclBlock): VariableValue {
  const c = block.children;
  const label = block.labels[0];
  const valueAttribute = attribute(c, 'value');
  const written = label ?? valueAttribute?.value;
  const template = label
    ? reader.template({ kind: 'string', value: label.value, span: label.span })
    : reader.template(valueAttribute?.value);
  const entryRange = reader.range(block.span);
  const value: VariableValue = {
    value: template?.value ?? '',
    range: written ? reader.range(written.span) : entryRange,
    entryRange,
    template,
    scope: {},
  };
  for (const [name, key] of OCL_SCOPES) {
    const scope = attribute(c, name);
    if (scope) value.scope[key] = reader.nameList(scope.value);
  }
  const description = stringOf(c, 'description');
  if (description !== undefined) value.description = description;
  const prompt = blocks(c, 'prompt')[0];
  if (prompt) {
    const p: VariablePrompt = {
      label: stringOf(prompt.children, 'label') ?? '',
      description: stringOf(prompt.children, 'description'),
      required: booleanOf(prompt.children, 'required') ?? false,
    };
    const settings = dictionaryEntries(attribute(prompt.children, 'display_settings')?.value);
    if (settings.length || attribute(prompt.children, 'display_settings'))
      p.displaySettings = Object.fromEntries(settings.map((e) => [e.key, scalarText(e.value) ?? '']));
    value.prompt = p;
  }
  return value;
}

function loadChannels(reader: OclReader, children: readonly OclElement[]): Channel[] {
  return blocks(children, 'channel').map((block): Channel => {
    const c = block.children;
    const label = block.labels[0];
    const lifecycle = reader.textRef(attribute(c, 'lifecycle')?.value);
    const channel: Channel = {
      name: label?.value ?? '',
      nameRange: reader.range(label?.span ?? block.nameSpan),
      lifecycle: lifecycle && { name: lifecycle.value, range: lifecycle.range },
      description: stringOf(c, 'description'),
      rules: blocks(c, 'rules').map((rule) => ({
        tag: stringOf(rule.children, 'tag'),
        versionRange: stringOf(rule.children, 'version_range'),
        packages: blocks(rule.children, 'deployment_action_packages').map((p) => ({
          step: stringOf(p.children, 'step') ?? '',
          package: stringOf(p.children, 'package') ?? '',
        })),
      })),
    };
    const isDefault = booleanOf(c, 'is_default');
    if (isDefault !== undefined) channel.isDefault = isDefault;
    return channel;
  });
}

function loadRunbook(reader: OclReader, children: readonly OclElement[], path: string): Runbook {
  const nameAttribute = attribute(children, 'name');
  const processBlock = blocks(children, 'process')[0];
  const settings = toPlainObject(
    children.filter((c) => c.name !== 'name' && c.name !== 'description' && c.name !== 'process'),
  );
  return {
    slug: path.slice('runbooks/'.length, -'.ocl'.length),
    name: stringOf(children, 'name') ?? '',
    nameRange: reader.range(nameAttribute?.value.span ?? { start: 0, end: 0 }),
    description: stringOf(children, 'description'),
    settings,
    process: processBlock ? loadProcess(reader, processBlock.children) : { steps: [], processTemplates: [] },
  };
}

/**
 * Parts Stepwise passes through (deployment settings, runbook settings, git dependencies,
 * step-package inputs) as plain data: attributes by their names in kebab case (`inputs` keep
 * theirs: they are the step package's camelCase names), dictionaries as objects, a block as an
 * object, and a block that repeats as a list of objects.
 */
export function toPlainObject(children: readonly OclElement[], kebab = true): { [key: string]: PlainValue } {
  const out: { [key: string]: PlainValue } = {};
  const counts = new Map<string, number>();
  for (const child of children) if (child.kind === 'block') counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
  for (const child of children) {
    const key = kebab ? snakeToKebab(child.name) : child.name;
    if (child.kind === 'attribute') {
      out[key] = toPlainValue(child.value);
      continue;
    }
    const object = toPlainObject(child.children, kebab);
    if ((counts.get(child.name) ?? 0) > 1) {
      const list = Array.isArray(out[key]) ? (out[key] as PlainValue[]) : [];
      list.push(object);
      out[key] = list;
    } else out[key] = object;
  }
  return out;
}

function toPlainValue(value: OclValue): PlainValue {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return value.value;
    case 'boolean':
      return value.value;
    case 'null':
    case 'invalid':
      return null;
    case 'array':
      return value.items.map(toPlainValue);
    case 'dictionary':
      return Object.fromEntries(value.entries.map((e) => [e.key, toPlainValue(e.value)]));
  }
}
