/**
 * Rename a variable, step or action, environment, role, target, channel, lifecycle or variable
 * set everywhere it is written — definitions, lists, scopes and references inside templates —
 * across the process file, the space file and the other process files deploying into that space.
 * A name that would clash with another of the same kind is refused with a clear message.
 */
import type { Range } from '../text';
import type { Position } from '../text';
import { parseSymbolPath } from '../template/parseTemplate';
import { symbolToString } from '../template/references';
import { findSystemVariable, isRuntimeProvided } from '../variables/systemVariables';
import { templateElementAt } from '../template/cursor';
import { parsedTemplateOf, stringAt } from './stringOffsets';
import { scalarAt } from './yamlPath';
import { occurrenceAtPosition } from './definition';
import { NAME_KIND_LABEL, same, type NameKind } from './names';
import { indexOf, resolveSymbol, type Occurrence, type ResolvedSymbol } from './symbolIndex';
import { slugify } from '../model/slug';
import { LanguageServiceError, type ServiceDocument, type TextEdit, type WorkspaceEdit } from './types';
import { visibleVariables } from './variableInfo';
import { escapeInside, replaceScalar } from './yamlText';

export interface PrepareRenameResult {
  range: Range;
  placeholder: string;
}

/** The name under the cursor and its range, or an error saying why it cannot be renamed. */
export function prepareRename(
  document: ServiceDocument,
  position: Position,
  workspace: readonly ServiceDocument[] = [],
): PrepareRenameResult {
  const occurrence = occurrenceAtPosition(document, position);
  if (!occurrence) {
    const system = systemVariableAt(document, position);
    if (system)
      throw new LanguageServiceError(
        `\`${system}\` is an Octopus system variable: Octopus sets it, so it cannot be renamed.`,
      );
    throw new LanguageServiceError(
      'Stepwise can rename variables, steps, actions, environments, roles, targets, channels, lifecycles and variable sets; there is none here.',
    );
  }
  const symbol = resolveSymbol(workspace, document, occurrence);
  if (!symbol.occurrences.some((o) => o.definition)) {
    throw new LanguageServiceError(
      `\`${occurrence.name}\` is not defined in this project or its space, so Stepwise cannot rename it.`,
    );
  }
  if (occurrence.slug !== undefined && occurrence.kind === 'step') checkSlugWritten(symbol, occurrence);
  return {
    range: nameRange(document, occurrence),
    placeholder: occurrence.kind === 'step' ? (occurrence.slug ?? occurrence.name) : occurrence.name,
  };
}

/** The edits renaming the symbol under the cursor to `newName`, in every file that uses it. */
export function rename(
  document: ServiceDocument,
  position: Position,
  newName: string,
  workspace: readonly ServiceDocument[] = [],
): WorkspaceEdit {
  const occurrence = occurrenceAtPosition(document, position);
  if (!occurrence) throw new LanguageServiceError('There is no name to rename here.');
  const symbol = resolveSymbol(workspace, document, occurrence);
  if (!symbol.occurrences.some((o) => o.definition)) {
    throw new LanguageServiceError(
      `\`${occurrence.name}\` is not defined in this project or its space, so Stepwise cannot rename it.`,
    );
  }
  const name = newName.trim();
  // A step renamed where its slug is written gets a new slug (its name stays), and the other way round.
  // Other things written by slug (an environment in an .ocl file) are renamed by name; their slugs follow it.
  const bySlug = occurrence.slug !== undefined && occurrence.kind === 'step';
  if (name === (bySlug ? occurrence.slug : occurrence.name)) return { changes: {} };
  if (bySlug) checkSlugWritten(symbol, occurrence);
  if (bySlug) checkNewSlug(symbol, name, document);
  else checkNewName(symbol, name, document);

  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  for (const o of symbol.occurrences) {
    const followsName = o.slug !== undefined && o.kind !== 'step';
    if ((o.slug !== undefined && !followsName) !== bySlug) continue;
    const key = `${o.uri}#${o.span.start}:${o.span.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const written = followsName ? slugify(name) : name;
    const newText = o.write === 'scalar' ? replaceScalar(written, o.style, true) : escapeInside(written, o.style);
    (changes[o.uri] ??= []).push({ range: o.range, newText });
  }
  return { changes };
}

function checkNewName(symbol: ResolvedSymbol, name: string, origin: ServiceDocument): void {
  const label = NAME_KIND_LABEL[symbol.kind];
  if (!name) throw new LanguageServiceError(`${/^[aeiou]/.test(label) ? 'An' : 'A'} ${label} needs a name.`);
  if (/[\r\n]/.test(name)) throw new LanguageServiceError('A name cannot span lines.');
  if (symbol.kind === 'variable') {
    if (/[#{}|"[\]]/.test(name) || !parseSymbolPath(name)) {
      throw new LanguageServiceError(
        `\`${name}\` cannot be referenced as \`#{${name}}\`: variable names may not contain \`# { } [ ] | "\`.`,
      );
    }
    if (findSystemVariable(name))
      throw new LanguageServiceError(
        `\`${name}\` is an Octopus system variable; a variable of that name would hide it.`,
      );
  }
  if (symbol.kind === 'step' && /[[\]]/.test(name)) {
    throw new LanguageServiceError(`A step name with \`[\` or \`]\` cannot be used in \`Octopus.Action[${name}]\`.`);
  }
  if (symbol.kind === 'channel' && same(name, 'Default') && !same(symbol.name, 'Default')) {
    throw new LanguageServiceError('Every project already has a channel named `Default`.');
  }
  const clash = existingNames(symbol.kind, symbol.documents.length ? symbol.documents : [origin]).find(
    (n) => same(n.name, name) && !same(n.name, symbol.name),
  );
  if (clash)
    throw new LanguageServiceError(
      `There is already ${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label} named \`${clash.name}\`${clash.where ? ` (${clash.where})` : ''}. Choose another name.`,
    );
}

/** A reference by a slug no file writes (Octopus derives it from the name) has nothing to rename with it. */
function checkSlugWritten(symbol: ResolvedSymbol, occurrence: Occurrence): void {
  if (symbol.occurrences.some((o) => o.definition && o.slug !== undefined)) return;
  throw new LanguageServiceError(
    `\`${occurrence.slug}\` is the slug Octopus derives from the name \`${occurrence.name}\`; no file writes it. Rename the step, or write its slug first.`,
  );
}

function checkNewSlug(symbol: ResolvedSymbol, slug: string, origin: ServiceDocument): void {
  if (slugify(slug) !== slug)
    throw new LanguageServiceError(
      `\`${slug}\` is not a slug: Octopus writes slugs in lower case, letters and digits joined by single hyphens (e.g. \`${slugify(slug) || 'deploy-web'}\`).`,
    );
  const documents = symbol.documents.length ? symbol.documents : [origin];
  for (const d of documents) {
    if (d.kind !== 'process') continue;
    const clash = indexOf(d)
      .steps.otherSlugs(symbol.name)
      .find((s) => same(s, slug));
    if (clash)
      throw new LanguageServiceError(`Another step or action already has the slug \`${clash}\`. Choose another slug.`);
  }
}

/** Names of one kind that exist in the documents, with where each is. */
function existingNames(kind: NameKind, documents: ServiceDocument[]): { name: string; where?: string }[] {
  const out: { name: string; where?: string }[] = [];
  const line = (range: Range) => `line ${range.start.line + 1}`;
  for (const d of documents) {
    const space = d.space;
    if (d.kind === 'process') {
      const project = d.project;
      if (kind === 'variable') {
        for (const v of visibleVariables(project, space))
          out.push({
            name: v.name,
            where: v.owner === 'Project' ? `project variable, ${line(v.nameRange)}` : `in variable set ${v.owner}`,
          });
      } else if (kind === 'step') {
        for (const s of project.process.steps) {
          out.push({ name: s.name, where: `step, ${line(s.nameRange)}` });
          if (!s.inlineAction)
            for (const a of s.actions) out.push({ name: a.name, where: `action, ${line(a.nameRange)}` });
        }
      } else if (kind === 'channel') {
        for (const c of project.channels) out.push({ name: c.name, where: line(c.nameRange) });
      }
    }
    if (!space) continue;
    if (kind === 'environment')
      for (const e of space.environments) out.push({ name: e.name, where: 'in the space file' });
    if (kind === 'target') for (const t of space.targets) out.push({ name: t.name, where: 'in the space file' });
    if (kind === 'role')
      for (const t of space.targets) for (const r of t.roles) out.push({ name: r.name, where: `a role of ${t.name}` });
    if (kind === 'lifecycle') for (const l of space.lifecycles) out.push({ name: l.name, where: 'in the space file' });
    if (kind === 'variableSet')
      for (const s of space.variableSets) out.push({ name: s.name, where: 'in the space file' });
    if (kind === 'variable' && d.kind === 'space')
      for (const s of space.variableSets)
        for (const v of s.variables) out.push({ name: v.name, where: `in variable set ${s.name}` });
  }
  return out;
}

/** The system variable referred to at the position, if that is what is there. */
function systemVariableAt(document: ServiceDocument, position: Position): string | undefined {
  const offset = document.parsed.lines.offsetAt(position);
  const at = scalarAt(document.parsed, offset);
  if (!at || at.isKey || typeof at.node.value !== 'string') return undefined;
  const string = stringAt(document.parsed, at.node);
  if (!string) return undefined;
  const element = templateElementAt(parsedTemplateOf(string).nodes, string.toValue(offset));
  if (element?.kind !== 'reference') return undefined;
  const name = symbolToString(element.symbol);
  return findSystemVariable(name) || isRuntimeProvided(name) ? name : undefined;
}

/** The range of the name itself: inside quotes for a quoted scalar. */
function nameRange(document: ServiceDocument, o: Occurrence): Range {
  if (o.write === 'scalar' && (o.style === 'double' || o.style === 'single')) {
    return document.parsed.lines.rangeOf({ start: o.span.start + 1, end: Math.max(o.span.start + 1, o.span.end - 1) });
  }
  return o.range;
}
