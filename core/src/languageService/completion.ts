/**
 * Completion: keys and enum values from the schemas with their descriptions, whole entries from
 * the schemas' snippets (a new step of each type), action types with the fields each needs,
 * names from the space (environments, roles, targets, channels, lifecycles, variable sets, steps),
 * and inside `#{…}`: variables, loop variables, system variables, filters with their options,
 * keywords, and step names inside `Octopus.Action[…]`.
 */
import { parameterMarkdown, templateOfPropertiesAt } from '../model/stepTemplates';
import type { YAMLMap } from 'yaml';
import { SHORT_ACTION_TYPES } from '../model/actionTypes';
import type { Space, Variable } from '../model/types';
import type { FileKind, JsonSchema } from '../schema/schemas';
import type { Position, Span } from '../text';
import { SYSTEM_VARIABLES } from '../variables/systemVariables';
import type { TemplateCursor } from '../template/cursor';
import { cursorContext, type CursorContext } from './cursorContext';
import type { StringAt } from './stringOffsets';
import { keysOf, type PathSegment } from './yamlPath';
import {
  FILTER_DOCS,
  filterMarkdown,
  filterSignature,
  filterSnippet,
  findFilter,
  TEMPLATE_KEYWORD_DOCS,
} from './filterCatalog';
import { knownNames, nameKindAt, NAME_KIND_LABEL } from './names';
import { outputVariables } from './outputVariables';
import { describe, enumValuesAt, examplesAt, propertiesAt, schemasAt, valueShape } from './schemaAt';
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  type CompletionItem,
  type CompletionList,
  type ServiceDocument,
} from './types';
import {
  valuesByEnvironment,
  valuesByEnvironmentMarkdown,
  valuesByEnvironmentSummary,
  siteDescription,
} from './valuesByEnvironment';
import { systemVariableMarkdown, variableMarkdown, variableSummary, visibleVariables } from './variableInfo';
import { escapeInside, snippetYaml, yamlScalar } from './yamlText';

/** Optional data a completion may show beside each variable (the preview's value per environment). */
export interface CompletionOptions {
  /** Extra markdown for a variable's documentation, e.g. which value wins in each environment. */
  describeVariable?: (variables: Variable[]) => string | undefined;
  /** A short line for a variable's detail, e.g. `Test: a · Production: b`. */
  summarizeVariable?: (variables: Variable[]) => string | undefined;
  /** The character whose typing asked for completion, if any (a space only opens it where a value or filter starts). */
  triggerCharacter?: string;
}

const TRIGGER_SUGGEST = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Keys of the single-action shorthand that belong to the step, not to its action. */
const STEP_KEYS = new Set(['name', 'roles', 'condition', 'start', 'package-requirement', 'actions']);

/** Fields each short action type uses, in the order they are offered. */
const TYPE_FIELDS: Record<string, string[]> = {
  script: ['syntax', 'script'],
  manual: ['instructions', 'responsible-teams'],
  email: ['to', 'subject', 'body'],
  'deploy-package': ['package', 'features'],
};
const TYPE_SPECIFIC = new Set(Object.values(TYPE_FIELDS).flat());

export function getCompletions(
  document: ServiceDocument,
  position: Position,
  options: CompletionOptions = {},
): CompletionList {
  const parsed = document.parsed;
  const offset = parsed.lines.offsetAt(position);
  const context = cursorContext(parsed, offset);
  if (options.triggerCharacter === ' ' && !startsValue(context)) return { isIncomplete: false, items: [] };
  const items = completionsFor(document, context, offset, options);
  return { isIncomplete: false, items };
}

/** After a typed space, only where a value, list entry or filter begins (`key: `, `- `, `| `). */
function startsValue(context: CursorContext): boolean {
  if (context.kind === 'value') return context.partial === '';
  if (context.kind === 'template') return context.cursor.kind === 'filter' || context.cursor.kind === 'filterOption';
  return context.kind === 'key' && context.newEntry;
}

function completionsFor(
  document: ServiceDocument,
  context: CursorContext,
  offset: number,
  options: CompletionOptions,
): CompletionItem[] {
  switch (context.kind) {
    case 'template':
      return templateCompletions(document, context.scalar, context.cursor, context.path, options);
    case 'key':
      if (context.insertDash) return entrySnippets(document, context.path, context.replace, context.column, '- ');
      return keyCompletions(
        document,
        context.path,
        context.map,
        context.presentKeys,
        context.replace,
        context.column,
        context.newEntry,
        context.inFlow,
      );
    case 'value':
      return valueCompletions(document, context, offset);
    case 'none':
      return [];
  }
}

// ── Keys ────────────────────────────────────────────────────────────────────

function keyCompletions(
  document: ServiceDocument,
  path: PathSegment[],
  map: YAMLMap | undefined,
  present: string[],
  replace: Span,
  column: number,
  newEntry: boolean,
  inFlow = false,
): CompletionItem[] {
  const kind: FileKind = document.kind;
  const range = document.parsed.lines.rangeOf(replace);
  const presentSet = new Set(present);
  let properties = propertiesAt(kind, path).filter((p) => !presentSet.has(p.name));
  const items: CompletionItem[] = [];

  const isStep = kind === 'process' && path.length === 2 && path[0] === 'steps';
  const isAction = kind === 'process' && path.length === 4 && path[0] === 'steps' && path[2] === 'actions';
  let actionType: string | undefined;
  if (isStep || isAction) {
    if (presentSet.has('actions')) properties = properties.filter((p) => STEP_KEYS.has(p.name));
    else if (presentSet.has('type')) properties = properties.filter((p) => p.name !== 'actions');
    actionType = map ? stringValue(map, 'type') : undefined;
  }

  for (const property of properties) {
    const schemas = schemasAt(kind, [...path, property.name]);
    const relevant =
      !actionType || !TYPE_SPECIFIC.has(property.name) || TYPE_FIELDS[actionType]?.includes(property.name);
    const rank = property.required
      ? 0
      : actionType && TYPE_FIELDS[actionType]?.includes(property.name)
        ? 1
        : relevant
          ? 2
          : 3;
    const description = describe(property.schema) ?? describe(schemas[0] ?? {});
    items.push({
      label: property.name,
      kind: CompletionItemKind.Property,
      detail: property.required ? 'required' : undefined,
      documentation: description ? { kind: 'markdown', value: description } : undefined,
      sortText: `${rank}-${property.name}`,
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      textEdit: {
        range,
        newText: inFlow ? `${property.name}: $0` : keySnippet(kind, path, property.name, schemas, column),
      },
      command: reopensSuggest(kind, [...path, property.name], schemas) ? TRIGGER_SUGGEST : undefined,
    });
  }

  // The parameters of the action's step template, under its `properties:`.
  const template =
    document.kind === 'process' ? templateOfPropertiesAt(document.project, document.space, path) : undefined;
  for (const parameter of template?.parameters ?? []) {
    if (presentSet.has(parameter.name)) continue;
    items.push({
      label: parameter.name,
      kind: CompletionItemKind.Property,
      detail: parameter.label ?? `parameter of ${template!.name}`,
      documentation: { kind: 'markdown', value: parameterMarkdown(template!, parameter) },
      sortText: `0-${parameter.name}`,
      textEdit: {
        range,
        newText: `${parameter.name}: ${parameter.default !== undefined && parameter.default !== '' ? JSON.stringify(parameter.default) : '""'}`,
      },
    });
  }

  // Whole entries: a new step of each type, a scoped variable, a channel…
  const mapSchemas = schemasAt(kind, path);
  const snippetsWanted =
    newEntry ||
    !map ||
    map.items.length === 0 ||
    mapSchemas.some((s) => s.additionalProperties && typeof s.additionalProperties === 'object');
  if (snippetsWanted && !inFlow && (path.length > 0 || present.length === 0))
    items.push(...entrySnippets(document, path, replace, column, ''));
  return items;
}

/** The schema's `defaultSnippets` for the mapping at `path`, as block YAML starting at `column`. */
function entrySnippets(
  document: ServiceDocument,
  path: PathSegment[],
  replace: Span,
  column: number,
  prefix: string,
): CompletionItem[] {
  const range = document.parsed.lines.rangeOf(replace);
  const items: CompletionItem[] = [];
  for (const schema of schemasAt(document.kind, path)) {
    const snippets = schema.defaultSnippets;
    if (!Array.isArray(snippets)) continue;
    for (const snippet of snippets as { label: string; description?: string; body: unknown }[]) {
      const text = prefix + snippetYaml(snippet.body, column);
      items.push({
        label: snippet.label,
        kind: CompletionItemKind.Snippet,
        detail: snippet.description,
        documentation: { kind: 'markdown', value: '```yaml\n' + previewOf(text, column - prefix.length) + '\n```' },
        sortText: `0-${snippet.label}`,
        filterText: document.parsed.text.slice(replace.start, replace.end) || snippet.label,
        insertTextFormat: InsertTextFormat.Snippet,
        insertTextMode: InsertTextMode.asIs,
        textEdit: { range, newText: text },
      });
    }
  }
  return items;
}

function keySnippet(kind: FileKind, path: PathSegment[], key: string, schemas: JsonSchema[], column: number): string {
  const child = ' '.repeat(column + 2);
  const enums = enumValuesAt(kind, [...path, key]);
  const shape = valueShape(schemas);
  if (enums.length && shape !== 'object' && !(key === 'type' && kind === 'process')) {
    const defaultFirst = [...enums].sort(
      (a, b) =>
        Number(b.description?.includes('The default') ?? 0) - Number(a.description?.includes('The default') ?? 0),
    );
    return `${key}: \${1|${defaultFirst.map((e) => e.value.replace(/[,|\\]/g, '\\$&')).join(',')}|}`;
  }
  if (shape === 'array') {
    const items = schemasAt(kind, [...path, key, 0]);
    if (valueShape(items) === 'object') return `${key}:\n${child}- $0`;
    return `${key}: [$0]`;
  }
  if (shape === 'object') return `${key}:\n${child}$0`;
  if (key === 'script') return `${key}: |\n${child}$0`;
  if (key === 'type' && kind === 'process') return `${key}: $0`;
  return `${key}: $0`;
}

/** After inserting a key whose value is a name or an enum, open completion again for the value. */
function reopensSuggest(kind: FileKind, path: PathSegment[], schemas: JsonSchema[]): boolean {
  const shape = valueShape(schemas);
  if (shape === 'array') return !!nameKindAt(kind, [...path, 0]);
  return !!nameKindAt(kind, path) || (path[path.length - 1] === 'type' && kind === 'process');
}

// ── Values ──────────────────────────────────────────────────────────────────

function valueCompletions(
  document: ServiceDocument,
  context: Extract<CursorContext, { kind: 'value' }>,
  offset: number,
): CompletionItem[] {
  const kind: FileKind = document.kind;
  const { path } = context;
  const range = document.parsed.lines.rangeOf(context.replace);
  const items: CompletionItem[] = [];
  const project = document.kind === 'process' ? document.project : undefined;
  const space = document.space;

  // `- |` in a list of mappings: a new entry, i.e. its keys and snippets.
  if (context.newEntry && context.list) {
    const entrySchemas = schemasAt(kind, path);
    if (valueShape(entrySchemas) === 'object') {
      const column = document.parsed.lines.positionAt(offset).character;
      return keyCompletions(document, path, undefined, [], context.replace, column, true);
    }
  }

  const inFlow = !!context.list?.flow;
  const quote = (name: string): string =>
    context.style === 'quoted' ? escapeInside(name, 'double') : yamlScalar(name, inFlow);

  // Names of other things.
  const nameKind = nameKindAt(kind, path);
  if (nameKind) {
    // Names the list already has, except the entry under the cursor: that one is being edited
    // (`[Pro|duction]` still offers Production). The path of a list entry ends with its index.
    const editing = path[path.length - 1];
    const siblings = new Set(
      (context.list?.items ?? [])
        .filter((_item, index) => index !== editing)
        .map((item) =>
          item && typeof item === 'object' && 'value' in item ? String((item as { value: unknown }).value ?? '') : '',
        )
        .filter((n) => n)
        .map((n) => n.toLowerCase()),
    );
    for (const { name, detail } of knownNames(nameKind, project, space) ?? []) {
      if (siblings.has(name.toLowerCase())) continue;
      items.push({
        label: name,
        kind: CompletionItemKind.EnumMember,
        detail: `${NAME_KIND_LABEL[nameKind]} — ${detail}`,
        sortText: `0-${name}`,
        filterText: name,
        textEdit: { range, newText: quote(name) },
      });
    }
    return items;
  }

  // Enum values with their descriptions.
  const key = path[path.length - 1];
  for (const value of enumValuesAt(kind, path)) {
    items.push({
      label: value.value,
      kind: CompletionItemKind.EnumMember,
      documentation: value.description ? { kind: 'markdown', value: value.description } : undefined,
      sortText: `0-${value.value}`,
      textEdit: { range, newText: value.value },
    });
  }

  // Action types, each with the fields it needs.
  if (kind === 'process' && key === 'type' && path[0] === 'steps' && context.map) {
    items.length = 0;
    const present = new Set(keysOf(context.map));
    const descriptions = enumValuesAt(kind, path);
    for (const [short, actionType] of Object.entries(SHORT_ACTION_TYPES)) {
      const fields = (TYPE_FIELDS[short] ?? []).filter((f) => !present.has(f));
      const newText = `${short}${fields.map((f) => `\n${' '.repeat(context.keyColumn)}${fieldSnippet(f, context.keyColumn, fields.indexOf(f) + 1)}`).join('')}`;
      items.push({
        label: short,
        kind: CompletionItemKind.EnumMember,
        detail: `${actionType}${fields.length ? ` — adds ${fields.join(', ')}` : ''}`,
        documentation: descriptionOf(descriptions, short),
        sortText: `0-${short}`,
        insertTextFormat: InsertTextFormat.Snippet,
        insertTextMode: InsertTextMode.asIs,
        textEdit: { range, newText },
      });
    }
    for (const example of examplesAt(kind, path)) {
      if (Object.hasOwn(SHORT_ACTION_TYPES, example)) continue;
      items.push({
        label: example,
        kind: CompletionItemKind.Value,
        detail: 'Octopus action type',
        sortText: `1-${example}`,
        textEdit: { range, newText: example },
      });
    }
    return items;
  }

  // Feeds: the built-in one is the only one known without a server.
  if (kind === 'process' && key === 'feed') {
    for (const example of examplesAt(kind, path))
      items.push({ label: example, kind: CompletionItemKind.Value, textEdit: { range, newText: example } });
  }
  return items;
}

function fieldSnippet(field: string, column: number, tabStop: number): string {
  const child = ' '.repeat(column + 2);
  switch (field) {
    case 'syntax':
      return `syntax: \${${tabStop}|bash,powershell,python,csharp,fsharp|}`;
    case 'script':
      return `script: |\n${child}\${${tabStop}:echo "Hello from #{Octopus.Machine.Name\\}"}`;
    case 'instructions':
      return `instructions: \${${tabStop}:Check the release before it goes out.}`;
    case 'responsible-teams':
      return `responsible-teams: [\${${tabStop}:Release Managers}]`;
    case 'to':
      return `to: \${${tabStop}:team@example.com}`;
    case 'subject':
      return `subject: "\${${tabStop}:#{Octopus.Project.Name\\} #{Octopus.Release.Number\\} deployed}"`;
    case 'body':
      return `body: \${${tabStop}}`;
    case 'package':
      return `package: { id: \${${tabStop}:Acme.Web}, feed: octopus-server-built-in }`;
    case 'features':
      return `features:\n${child}substitute-variables-in-files: [\${${tabStop}}]`;
    default:
      return `${field}: \${${tabStop}}`;
  }
}

function descriptionOf(values: { value: string; description: string | undefined }[], value: string) {
  const description = values.find((v) => v.value === value)?.description;
  return description ? { kind: 'markdown' as const, value: description } : undefined;
}

// ── Templates ───────────────────────────────────────────────────────────────

export function templateCompletions(
  document: ServiceDocument,
  string: StringAt,
  cursor: TemplateCursor,
  path: PathSegment[],
  options: CompletionOptions,
): CompletionItem[] {
  const lines = document.parsed.lines;
  const rangeOf = (span: Span) => lines.rangeOf(string.toDocument(span));
  const escape = (text: string) =>
    string.style === 'quoted' && document.parsed.text[string.span.start] === '"'
      ? escapeInside(text, 'double')
      : string.style === 'quoted'
        ? escapeInside(text, 'single')
        : text;
  const project = document.kind === 'process' ? document.project : undefined;
  const space = document.space;
  const items: CompletionItem[] = [];

  switch (cursor.kind) {
    case 'filter': {
      const range = rangeOf(cursor.replace);
      const before = string.value[cursor.replace.start - 1];
      const lead = before === '|' ? ' ' : '';
      for (const filter of FILTER_DOCS) {
        if (filter.name === 'null') continue;
        items.push({
          label: filter.name,
          kind: CompletionItemKind.Function,
          detail: filterSignature(filter),
          documentation: { kind: 'markdown', value: filterMarkdown(filter.name) },
          sortText: `${filter.category === 'text' ? 0 : 1}-${filter.name}`,
          filterText: filter.name,
          insertTextFormat: InsertTextFormat.Snippet,
          textEdit: { range, newText: lead + filterSnippet(filter) },
        });
      }
      return items;
    }
    case 'filterOption': {
      const filter = findFilter(cursor.filter);
      const values = filter?.optionValues?.[Math.min(cursor.optionIndex, (filter.optionValues?.length ?? 1) - 1)] ?? [];
      const range = rangeOf(cursor.replace);
      for (const value of values)
        items.push({
          label: value,
          kind: CompletionItemKind.EnumMember,
          detail: `${filter!.name} option`,
          textEdit: { range, newText: value },
        });
      return items;
    }
    case 'stepIndex': {
      const range = rangeOf(cursor.replace);
      for (const { name, detail } of knownNames('step', project, space) ?? []) {
        items.push({
          label: name,
          kind: CompletionItemKind.Reference,
          detail,
          sortText: `0-${name}`,
          filterText: name,
          textEdit: { range, newText: escape(name) + (cursor.bracketClosed ? '' : ']') },
        });
      }
      return items;
    }
    case 'closer': {
      const range = rangeOf(cursor.replace);
      const closers = [...new Set([...cursor.openBlocks].reverse())];
      closers.forEach((block, i) => {
        items.push({
          label: `/${block}`,
          kind: CompletionItemKind.Keyword,
          detail: TEMPLATE_KEYWORD_DOCS[`/${block}`].detail,
          preselect: i === 0,
          sortText: `${i}`,
          textEdit: { range, newText: `/${block}${cursor.closed ? '' : '}'}` },
        });
      });
      return items;
    }
    case 'symbol':
      break;
  }

  const range = rangeOf(cursor.replace);
  const close = cursor.closed ? '' : '}';

  // Loop variables first: they shadow everything else.
  for (const loop of [...cursor.loopVariables].reverse()) {
    items.push({
      label: loop.name,
      kind: CompletionItemKind.Variable,
      detail: `loop variable over ${loop.collection}`,
      sortText: `0-${loop.name}`,
      textEdit: { range, newText: escape(loop.name) },
    });
  }

  for (const item of variableItems(document, path, options))
    items.push({ ...item, textEdit: { range, newText: escape(item.label) } });

  // Output variables that earlier steps set (`set_octopusvariable`, `Set-OctopusVariable`).
  if (project) {
    for (const output of outputVariables(project)) {
      const name = `Octopus.Action[${output.action}].Output.${output.name}`;
      items.push({
        label: name,
        kind: CompletionItemKind.Variable,
        detail: `output of ${output.action}`,
        documentation: { kind: 'markdown', value: `Set by \`${output.action}\`'s script (line ${output.line + 1}).` },
        sortText: `3-${name}`,
        filterText: name,
        textEdit: { range, newText: escape(name) },
      });
    }
  }

  const inLoop = cursor.loopVariables.length > 0;
  for (const system of SYSTEM_VARIABLES) {
    if (system.category === 'Octostache iteration' && !inLoop) continue;
    const snippet = systemVariableSnippet(system.name, cursor.partial);
    items.push({
      label: system.name,
      kind: CompletionItemKind.Constant,
      detail: system.category,
      documentation: { kind: 'markdown', value: systemVariableMarkdown(system) },
      sortText: `${system.category === 'Octostache iteration' ? 0 : 4}-${system.name}`,
      filterText: snippet.filterText,
      insertTextFormat: snippet.isSnippet ? InsertTextFormat.Snippet : undefined,
      textEdit: { range, newText: snippet.isSnippet ? snippet.text : escape(snippet.text) },
    });
  }

  // Keywords right after `#{`.
  if (cursor.atTokenStart && !cursor.partial.includes('.')) {
    const keywordItem = (label: keyof typeof TEMPLATE_KEYWORD_DOCS, text: string, sort: string): CompletionItem => ({
      label,
      kind: CompletionItemKind.Keyword,
      detail: TEMPLATE_KEYWORD_DOCS[label].detail,
      documentation: { kind: 'markdown', value: TEMPLATE_KEYWORD_DOCS[label].description },
      sortText: sort,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: text },
    });
    const tail = cursor.closed ? '' : '}';
    // With `}` already after the cursor (auto-closed), the snippet ends just before it.
    items.push(keywordItem('if', `if \${1:Condition}}$0#{/if${tail}`, '5-if'));
    items.push(keywordItem('unless', `unless \${1:Condition}}$0#{/unless${tail}`, '5-unless'));
    items.push(keywordItem('each', `each \${1:item} in \${2:Collection}}$0#{/each${tail}`, '5-each'));
    items.push(keywordItem('calc', `calc \${1:Expression}${close}`, '5-calc'));
    const open = cursor.openBlocks[cursor.openBlocks.length - 1];
    if (open === 'if' || open === 'unless') {
      items.push(keywordItem('else', `else${close}`, '5-else'));
      if (open === 'if') items.push(keywordItem('elseif', `elseif \${1:Condition}${close}`, '5-elseif'));
    }
    for (const block of [...new Set([...cursor.openBlocks].reverse())])
      items.push(keywordItem(`/${block}`, `/${block}${close}`, `5-/${block}`));
  }
  return items;
}

type VariableItem = Omit<CompletionItem, 'textEdit'>;
const variableItemCache = new WeakMap<object, Map<string, VariableItem[]>>();

/**
 * The project's (or set's) variables as completion items for a template at `path`. Their
 * details depend only on the step and action the template is in, so they are built once per
 * document version and site: typing in one script asks for the same list again and again.
 */
function variableItems(document: ServiceDocument, path: PathSegment[], options: CompletionOptions): VariableItem[] {
  const owner = document.kind === 'process' ? document.project : document.space;
  const site =
    path[0] === 'steps'
      ? `${path[1]}/${path[2] === 'actions' ? path[3] : ''}`
      : path[0] === 'variable-sets'
        ? `set ${path[1]}`
        : '';
  const cacheable = !options.describeVariable && !options.summarizeVariable;
  let cache = variableItemCache.get(owner);
  if (cacheable && cache?.has(site)) return cache.get(site)!;
  const variables =
    document.kind === 'process'
      ? visibleVariables(document.project, document.space)
      : setVariablesAround(document.space, path);
  const byName = new Map<string, Variable[]>();
  for (const v of variables) {
    const key = v.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), v]);
  }
  const items: VariableItem[] = [];
  for (const group of byName.values()) {
    const first = group[0];
    // Which value wins in each environment, at this template's step — when there is a choice.
    const perEnvironment = valuesByEnvironment(group, document, path);
    items.push({
      label: first.name,
      kind: CompletionItemKind.Variable,
      detail:
        options.summarizeVariable?.(group) ?? valuesByEnvironmentSummary(perEnvironment) ?? variableSummary(first),
      documentation: {
        kind: 'markdown',
        value: variableMarkdown(
          group,
          options.describeVariable?.(group) ??
            valuesByEnvironmentMarkdown(perEnvironment, siteDescription(document, path)),
        ),
      },
      sortText: `${first.owner === 'Project' ? 1 : 2}-${first.name}`,
      filterText: first.name,
    });
  }
  if (cacheable) {
    if (!cache) variableItemCache.set(owner, (cache = new Map()));
    cache.set(site, items);
  }
  return items;
}

/** The set variables a template in a space file's set can see: those of its own set. */
function setVariablesAround(space: Space | undefined, path: PathSegment[]): Variable[] {
  if (!space || path[0] !== 'variable-sets' || typeof path[1] !== 'number')
    return space?.variableSets.flatMap((s) => s.variables) ?? [];
  return space.variableSets[path[1]]?.variables ?? [];
}

/**
 * A documented name with placeholders (`Octopus.Action[name].Output.property`) becomes a
 * snippet with a tab stop per placeholder, except where the user already typed that part.
 */
export function systemVariableSnippet(
  name: string,
  typed: string,
): { text: string; filterText: string; isSnippet: boolean } {
  const parts = name.split(/(\[(?:name|role)\]|(?<=\.)(?:type|property)(?=\.|$))/);
  if (parts.length === 1) return { text: name, filterText: name, isSnippet: false };
  // Reuse what the user typed inside brackets (`Octopus.Action[Deploy].Ou` keeps `Deploy`).
  const typedIndexes = [...typed.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
  let stop = 0;
  let bracket = 0;
  let text = '';
  let filter = '';
  for (const part of parts) {
    if (/^\[(name|role)\]$/.test(part)) {
      const given = typedIndexes[bracket++];
      if (given !== undefined) {
        text += `[${escapeSnippet(given)}]`;
        filter += `[${given}]`;
      } else {
        text += `[\${${++stop}:${part.slice(1, -1)}}]`;
        filter += part;
      }
    } else if (part === 'type' || part === 'property') {
      text += `\${${++stop}:${part}}`;
      filter += part;
    } else {
      text += escapeSnippet(part);
      filter += part;
    }
  }
  return { text, filterText: filter, isSnippet: true };
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

function previewOf(text: string, column: number): string {
  return text
    .replace(/\$\{\d+:((?:\\\}|[^}])*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{?\d+\}?/g, '')
    .replace(/\\\}/g, '}')
    .split('\n')
    .map((l, i) => (i === 0 ? l : l.slice(column)))
    .join('\n');
}

function stringValue(map: YAMLMap, key: string): string | undefined {
  for (const pair of map.items) {
    const k = pair.key as { value?: unknown } | null;
    if (k && k.value === key) {
      const v = pair.value as { value?: unknown } | null;
      return typeof v?.value === 'string' ? v.value : undefined;
    }
  }
  return undefined;
}
