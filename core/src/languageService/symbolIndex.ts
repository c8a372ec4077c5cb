/**
 * Every place a name is defined or used in a document — variables (also inside templates),
 * steps and actions (also as `Octopus.Action[Name]` and `step:` scopes), environments, roles,
 * targets, channels, lifecycles and variable sets — with the exact text to replace on rename.
 * Built once per document version on first use, sorted by offset for binary search; shared by
 * go to definition, find references, rename and document highlights.
 *
 * A step is known by its name and, when written, its slug (OCL labels, YAML `slug:`): a reference
 * (`Octopus.Action[deploy-web]`, an OCL `action = ["deploy-web"]` scope) may use either. Every
 * occurrence of a step carries the step's name; those written as its slug also carry `slug`.
 *
 * An OCL project is several files over one model: each file is its own document (`ocl.path`), and
 * its index holds the occurrences whose ranges lie in that file (`fileOfRange`).
 */
import type { NameRef, Project, Space, TemplateText, TextRef, Variable, VariableValue } from '../model/types';
import { collectReferences } from '../template/references';
import { parseTemplate } from '../template/parseTemplate';
import type { TemplateReference } from '../template/references';
import { sameRange, type Range, type Span } from '../text';
import type { ParsedYaml } from '../yaml/parseYaml';
import { mapValueSpan } from '../yaml/scalarSource';
import { fileOfRange } from '../ocl/loadOclProject';
import { slugify, slugOf } from '../model/slug';
import { same, type NameKind } from './names';
import type { ServiceDocument } from './types';
import { variablesByName, variablesForReference, visibleVariables, type VariablesByName } from './variableInfo';
import { scalarStyleAt, type ScalarStyle } from './yamlText';

export interface Occurrence {
  kind: NameKind;
  /** The name as written (an index's text trimmed). */
  name: string;
  uri: string;
  /** Document offsets of the name's text (for a whole scalar: with its quotes). */
  span: Span;
  range: Range;
  definition: boolean;
  /** `scalar`: the occurrence is a whole YAML scalar; `inside`: text inside a string (a template). */
  write: 'scalar' | 'inside';
  style: ScalarStyle;
  /** For variable definitions: `Project` or the set's name. */
  owner?: string;
  /** For a step written as its slug: the slug as written (`name` is then the step's name). */
  slug?: string;
}

/** A templated string of the document, whose references are read only when asked for. */
interface TemplateEntry {
  text: TemplateText;
  /** Document span of the whole scalar. */
  span: Span;
  visible: VariablesByName;
  occurrences?: Occurrence[];
}

export interface DocumentIndex {
  document: ServiceDocument;
  /** Names written as YAML values and keys (definitions, lists, scopes), sorted by offset. */
  names: Occurrence[];
  /** Templated strings, sorted by offset; their references are parsed on first use. */
  templates: TemplateEntry[];
  /** The project's steps and actions by name and slug. */
  steps: StepNames;
}

// By model (project or space), then by document: an OCL project's files share one model.
const indexes = new WeakMap<object, Map<string, DocumentIndex>>();

/**
 * The document's index (cached for the document version's lifetime). Names come from the model
 * at once; a template is parsed only when the cursor is in it, or when a search for a name finds
 * the name in its text — so a highlight on a 10,000-line file does not parse every script.
 */
export function indexOf(document: ServiceDocument): DocumentIndex {
  const key = document.kind === 'process' ? document.project : document.space;
  let byDocument = indexes.get(key);
  const cached = byDocument?.get(document.uri);
  if (cached && cached.document.parsed === document.parsed) return cached;
  const steps = document.kind === 'process' ? stepNamesOf(document.project) : new StepNames();
  const builder = new IndexBuilder(document, steps);
  if (document.kind === 'process') builder.process(document.project, document.space);
  else builder.space(document.space);
  const index = {
    document,
    names: builder.occurrences.sort((a, b) => a.span.start - b.span.start),
    templates: builder.templates.sort((a, b) => a.span.start - b.span.start),
    steps,
  };
  if (!byDocument) indexes.set(key, (byDocument = new Map()));
  byDocument.set(document.uri, index);
  return index;
}

/** The occurrence under the cursor (end inclusive), innermost when several hold it. */
export function occurrenceAt(index: DocumentIndex, offset: number): Occurrence | undefined {
  const template = lastStartingBefore(index.templates, offset);
  if (template && offset <= template.span.end) {
    const inTemplate = innermost(templateOccurrences(index, template), offset);
    if (inTemplate) return inTemplate;
  }
  const name = lastStartingBefore(index.names, offset);
  return name && offset <= name.span.end ? name : undefined;
}

/** Every occurrence of a name of a kind in the document (case-insensitively, as Octopus compares names). */
export function occurrencesOf(index: DocumentIndex, kind: NameKind, name: string): Occurrence[] {
  const needle = name.toLowerCase();
  const out = index.names.filter((o) => o.kind === kind && o.name.toLowerCase() === needle);
  // A step's template references may be written with its slug instead of its name.
  const needles = kind === 'step' ? [needle, ...index.steps.slugsOf(name).map((s) => s.toLowerCase())] : [needle];
  for (const template of index.templates) {
    const text = template.text.value.toLowerCase();
    if (!needles.some((n) => text.includes(n))) continue;
    for (const o of templateOccurrences(index, template))
      if (o.kind === kind && o.name.toLowerCase() === needle) out.push(o);
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

function templateOccurrences(index: DocumentIndex, template: TemplateEntry): Occurrence[] {
  template.occurrences ??= readTemplate(index, template);
  return template.occurrences;
}

function innermost(occurrences: Occurrence[], offset: number): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const o of occurrences) {
    if (
      offset >= o.span.start &&
      offset <= o.span.end &&
      (!best || o.span.end - o.span.start < best.span.end - best.span.start)
    )
      best = o;
  }
  return best;
}

function lastStartingBefore<T extends { span: Span }>(list: T[], offset: number): T | undefined {
  let low = 0;
  let high = list.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (list[mid].span.start <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found >= 0 ? list[found] : undefined;
}

/** A project's steps and actions by name and by slug (case-insensitively, as Octopus compares them). */
export class StepNames {
  private readonly names = new Map<string, string>();
  private readonly slugs = new Map<string, string>();
  private readonly slugsByName = new Map<string, string[]>();

  add(name: string, slug: string | undefined): void {
    if (name && !this.names.has(name.toLowerCase())) this.names.set(name.toLowerCase(), name);
    if (!slug || !name) return;
    if (!this.slugs.has(slug.toLowerCase())) this.slugs.set(slug.toLowerCase(), name);
    const list = this.slugsByName.get(name.toLowerCase()) ?? [];
    list.push(slug);
    this.slugsByName.set(name.toLowerCase(), list);
  }

  /**
   * What a written reference names: a step's name (as written), or — when it is no step's name —
   * the name of the step whose slug it is. Unknown text is taken as a name.
   */
  resolve(written: string): { name: string; slug?: string } {
    const lower = written.toLowerCase();
    if (this.names.has(lower)) return { name: written };
    const named = this.slugs.get(lower);
    return named === undefined ? { name: written } : { name: named, slug: written };
  }

  slugsOf(name: string): string[] {
    return this.slugsByName.get(name.toLowerCase()) ?? [];
  }

  /** Every slug but those of the step named `except`. */
  otherSlugs(except: string): string[] {
    return [...this.slugs].filter(([, name]) => !same(name, except)).map(([slug]) => slug);
  }
}

const stepNamesCache = new WeakMap<Project, StepNames>();

export function stepNamesOf(project: Project): StepNames {
  let found = stepNamesCache.get(project);
  if (found) return found;
  found = new StepNames();
  for (const step of project.process.steps) {
    found.add(step.name, step.name ? slugOf(step) : undefined);
    for (const action of step.actions) if (!step.inlineAction && action.name) found.add(action.name, slugOf(action));
  }
  stepNamesCache.set(project, found);
  return found;
}

class IndexBuilder {
  readonly occurrences: Occurrence[] = [];
  readonly templates: TemplateEntry[] = [];
  private readonly parsed: ParsedYaml;
  private readonly uri: string;
  /** For an OCL file: its path in the project folder; only ranges in that file are indexed. */
  private readonly oclFile: string | undefined;

  constructor(
    document: ServiceDocument,
    private readonly steps: StepNames,
  ) {
    this.parsed = document.parsed;
    this.uri = document.uri;
    this.oclFile = document.kind === 'process' ? document.ocl?.path : undefined;
  }

  /** For an OCL file: the space's environments, lifecycles and targets by slug, where it differs from the name. */
  private spaceSlugs: Map<NameKind, Map<string, string>> | undefined;

  process(project: Project, space: Space | undefined): void {
    if (this.oclFile !== undefined && space) this.spaceSlugs = spaceSlugsOf(space);
    if (project.lifecycle) this.name('lifecycle', project.lifecycle, false);
    for (const channel of project.channels) {
      this.name('channel', { name: channel.name, range: channel.nameRange }, true);
      if (channel.lifecycle) this.name('lifecycle', channel.lifecycle, false);
    }
    for (const set of project.variableSets) this.name('variableSet', set, false);
    const variables = visibleVariables(project, space);
    for (const variable of project.variables) this.variable(variable, variables);
    for (const step of project.process.steps) {
      this.stepDefinition(step.name, step.nameRange, step.slug);
      for (const role of step.roles) this.name('role', role, false);
      if (step.condition.expression) this.template(step.condition.expression, variables);
      for (const action of step.actions) {
        if (!step.inlineAction) this.stepDefinition(action.name, action.nameRange, action.slug);
        for (const env of [...action.environments, ...action.excludedEnvironments])
          this.name('environment', env, false);
        for (const channel of action.channels) this.name('channel', channel, false);
        for (const text of action.properties.values()) this.template(text, variables);
      }
    }
  }

  space(space: Space): void {
    for (const env of space.environments) this.name('environment', env, true);
    for (const lifecycle of space.lifecycles) {
      this.name('lifecycle', { name: lifecycle.name, range: lifecycle.nameRange }, true);
      for (const phase of lifecycle.phases)
        for (const env of [...phase.environments, ...phase.automatic]) this.name('environment', env, false);
    }
    for (const target of space.targets) {
      this.name('target', { name: target.name, range: target.nameRange }, true);
      for (const env of target.environments) this.name('environment', env, false);
      // Roles have no declaration of their own: the targets that carry one define it.
      for (const role of target.roles) this.name('role', role, true);
    }
    for (const set of space.variableSets) {
      this.name('variableSet', { name: set.name, range: set.nameRange }, true);
      for (const variable of set.variables) this.variable(variable, set.variables);
    }
  }

  private variable(variable: Variable, visible: Variable[]): void {
    this.name('variable', { name: variable.name, range: variable.nameRange }, true, variable.owner);
    for (const value of variable.values) this.value(value, visible);
  }

  private value(value: VariableValue, visible: Variable[]): void {
    for (const env of value.scope.environment ?? []) this.name('environment', env, false);
    for (const role of value.scope.role ?? []) this.name('role', role, false);
    for (const target of value.scope.target ?? []) this.name('target', target, false);
    for (const channel of value.scope.channel ?? []) this.name('channel', channel, false);
    for (const step of value.scope.step ?? []) {
      const { name, slug } = this.steps.resolve(step.name);
      this.name('step', { name, range: step.range }, false, undefined, slug);
    }
    if (value.template) this.template(value.template, visible);
  }

  /** A step's (or action's) name and, when written apart from it, its slug. */
  private stepDefinition(name: string, nameRange: Range, slug: TextRef | undefined): void {
    if (!name) return;
    this.name('step', { name, range: nameRange }, true);
    if (slug && slug.value && !sameRange(slug.range, nameRange))
      this.name('step', { name, range: slug.range }, true, undefined, slug.value);
  }

  private name(kind: NameKind, ref: NameRef, definition: boolean, owner?: string, slug?: string): void {
    if (this.oclFile !== undefined && fileOfRange(ref.range) !== this.oclFile) return;
    if (this.oclFile !== undefined && slug === undefined && !definition) {
      // OCL refers to space things by slug (current files) or by name (older ones).
      const named = this.spaceSlugs?.get(kind)?.get(ref.name);
      if (named !== undefined) return this.name(kind, { name: named, range: ref.range }, definition, owner, ref.name);
    }
    const start = this.parsed.lines.offsetAt(ref.range.start);
    const end = this.parsed.lines.offsetAt(ref.range.end);
    // OCL ranges may cover more than the name (roles come from one comma-separated string):
    // only a value that is exactly the name can be renamed in place.
    if (this.oclFile !== undefined && oclStringText(this.parsed.text.slice(start, end)) !== (slug ?? ref.name)) return;
    // In OCL, a name that is part of a string (a role in "web, api") is written inside its quotes.
    const part = this.oclFile !== undefined && this.parsed.text.charCodeAt(start) !== 34;
    this.occurrences.push({
      kind,
      name: ref.name,
      uri: this.uri,
      span: { start, end },
      range: ref.range,
      definition,
      write: part ? 'inside' : 'scalar',
      style: part ? 'double' : scalarStyleAt(this.parsed.text, start),
      owner,
      slug,
    });
  }

  private template(text: TemplateText, visible: Variable[]): void {
    if (this.oclFile !== undefined && fileOfRange(text.range) !== this.oclFile) return;
    const source = text.source;
    // Without an exact offset map spans would be guesses: a rename must not guess.
    if (!source || !text.value.includes('#{')) return;
    this.templates.push({ text, span: source.span, visible: variablesByName(visible) });
  }
}

const spaceSlugsCache = new WeakMap<Space, Map<NameKind, Map<string, string>>>();

/**
 * A space's environments, lifecycles and targets by slug, where the slug is not written exactly
 * as a name: `test` is the slug of `Test` (a name in another case is still the name, as Octopus
 * compares names, but a lower-case slug-shaped text is what current OCL files write).
 */
function spaceSlugsOf(space: Space): Map<NameKind, Map<string, string>> {
  let found = spaceSlugsCache.get(space);
  if (found) return found;
  found = new Map();
  const add = (kind: NameKind, names: string[]) => {
    const taken = new Set(names);
    const bySlug = new Map<string, string>();
    for (const name of names) {
      const slug = slugify(name);
      if (slug && !taken.has(slug) && !bySlug.has(slug)) bySlug.set(slug, name);
    }
    found!.set(kind, bySlug);
  };
  add(
    'environment',
    space.environments.map((e) => e.name),
  );
  add(
    'lifecycle',
    space.lifecycles.map((l) => l.name),
  );
  add(
    'target',
    space.targets.map((t) => t.name),
  );
  spaceSlugsCache.set(space, found);
  return found;
}

/** An OCL string's text without its quotes and escapes (a label or a quoted value); other text as is. */
function oclStringText(raw: string): string {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) return raw;
  return raw.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** The variable and step references of one templated string. */
function readTemplate(index: DocumentIndex, entry: TemplateEntry): Occurrence[] {
  const { text, visible } = entry;
  const source = text.source!;
  if (!source.offsets) return [];
  const { parsed, uri } = index.document;
  const out: Occurrence[] = [];
  const style = scalarStyleAt(parsed.text, source.span.start);
  const add = (kind: NameKind, name: string, valueSpan: Span, slug?: string) => {
    const span = mapValueSpan(source, valueSpan);
    out.push({
      kind,
      name,
      uri,
      span,
      range: parsed.lines.rangeOf(span),
      definition: false,
      write: 'inside',
      style,
      slug,
    });
  };
  const addStep = (written: string, valueSpan: Span) => {
    const { name, slug } = index.steps.resolve(written);
    add('step', name, valueSpan, slug);
  };
  for (const ref of collectReferences(parseTemplate(text.value).nodes)) {
    if (stepReference(ref, text.value, addStep)) continue;
    const first = ref.segments[0];
    if (first?.kind === 'identifier' && ref.loopVariables.some((v) => same(v, first.text))) continue;
    const found = variablesForReference(visible, ref.segments);
    if (!found) continue;
    const last = ref.segments[found.segmentCount - 1];
    add('variable', found.variables[0].name, { start: ref.segments[0].span.start, end: last.span.end });
  }
  return out;
}

/** `Octopus.Action[Name]…` / `Octopus.Step[Name]…`: the name inside the brackets. */
function stepReference(ref: TemplateReference, value: string, add: (written: string, span: Span) => void): boolean {
  const [octopus, kind, index] = ref.segments;
  if (!octopus || !kind || !index || index.kind !== 'index' || kind.kind !== 'identifier') return false;
  if (!same(octopus.text, 'Octopus') || !/^(action|step)$/i.test(kind.text)) return false;
  if (index.text.includes('#{')) return true;
  let start = index.span.start + 1;
  let end = index.span.end - 1;
  while (start < end && /\s/.test(value[start])) start++;
  while (end > start && /\s/.test(value[end - 1])) end--;
  if (end > start) add(value.slice(start, end), { start, end });
  return true;
}

// ── Across files ────────────────────────────────────────────────────────────

export interface ResolvedSymbol {
  kind: NameKind;
  name: string;
  /** Every occurrence in the workspace, definitions included, in document order per file. */
  occurrences: Occurrence[];
  /** The documents the occurrences were looked for in (for clash checks). */
  documents: ServiceDocument[];
}

/**
 * All occurrences of the symbol `occurrence` names, across the workspace: steps and channels
 * live in one process file; environments, roles, targets, lifecycles and variable sets in the
 * space and every process file deploying into it; a variable in the process file that defines
 * it — or, for a library set's variable, in the space file and every process file including
 * that set (unless it has its own variable of that name).
 */
export function resolveSymbol(
  documents: readonly ServiceDocument[],
  origin: ServiceDocument,
  occurrence: Occurrence,
): ResolvedSymbol {
  const { kind, name } = occurrence;
  const matching = (document: ServiceDocument) => occurrencesOf(indexOf(document), kind, name);
  const all = uniqueDocuments([origin, ...documents]);
  let scope: ServiceDocument[];
  if (kind === 'step' || kind === 'channel') scope = all.filter((d) => sameProject(d, origin));
  else if (kind !== 'variable') scope = all;
  else scope = variableScope(all, origin, name);
  return { kind, name, occurrences: scope.flatMap(matching), documents: scope };
}

function variableScope(documents: ServiceDocument[], origin: ServiceDocument, name: string): ServiceDocument[] {
  const definesOwn = (d: ServiceDocument) =>
    d.kind === 'process' && d.project.variables.some((v) => same(v.name, name));
  const project = documents.filter((d) => sameProject(d, origin));
  if (origin.kind === 'process' && definesOwn(origin)) return project;
  // A library set's variable: the sets that define it, and the projects that include one of them.
  const space = origin.kind === 'space' ? origin.space : origin.space;
  const sets = (space?.variableSets ?? [])
    .filter((s) => s.variables.some((v) => same(v.name, name)))
    .map((s) => s.name.toLowerCase());
  if (origin.kind === 'process' && !origin.project.variableSets.some((r) => sets.includes(r.name.toLowerCase())))
    return project;
  return documents.filter((d) => {
    if (d.kind === 'space') return true;
    if (sameProject(d, origin)) return true;
    return !definesOwn(d) && d.project.variableSets.some((r) => sets.includes(r.name.toLowerCase()));
  });
}

/** The document itself, or another file of the same OCL project (they share one model). */
function sameProject(d: ServiceDocument, origin: ServiceDocument): boolean {
  return d === origin || (d.kind === 'process' && origin.kind === 'process' && d.project === origin.project);
}

function uniqueDocuments(documents: ServiceDocument[]): ServiceDocument[] {
  const seen = new Set<string>();
  return documents.filter((d) => (seen.has(d.uri) ? false : (seen.add(d.uri), true)));
}
