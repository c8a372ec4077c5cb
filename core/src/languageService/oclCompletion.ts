/**
 * Completion in OCL files: block and attribute names that belong in the enclosing block (or the
 * file), action types, action property keys for the action's type, values of attributes and
 * properties that take one of a few, and inside strings and heredocs the `#{…}` variables,
 * filters and keywords process files get.
 */
import type { OclBlock, OclDictionaryEntry, OclElement } from '../ocl/ast';
import type { ParsedOcl } from '../ocl/parseOcl';
import type { Position, Span } from '../text';
import { templateCompletions, type CompletionOptions } from './completion';
import { templateCursorAt } from '../template/cursor';
import { OCL_ACTION_PROPERTIES, OCL_ACTION_TYPES, OCL_CHILDREN, OCL_VALUES, oclFileKey } from './oclCatalog';
import { actionTypeOf, oclCursorAt, oclStringAt } from './oclContext';
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type ProcessDocument,
} from './types';

export function getOclCompletions(
  parsed: ParsedOcl,
  path: string,
  document: ProcessDocument | undefined,
  position: Position,
  options: CompletionOptions = {},
): CompletionList {
  const offset = parsed.lines.offsetAt(position);
  return { isIncomplete: false, items: completionsAt(parsed, path, document, offset, options) };
}

function completionsAt(
  parsed: ParsedOcl,
  path: string,
  document: ProcessDocument | undefined,
  offset: number,
  options: CompletionOptions,
): CompletionItem[] {
  const at = oclCursorAt(parsed, offset);
  const word = wordBefore(parsed.text, offset);
  const rangeOf = (span: Span) => parsed.lines.rangeOf(span);
  switch (at.kind) {
    case 'body':
      if (at.dictionary)
        return at.dictionary.attribute.name === 'properties'
          ? propertyKeys(at.blocks, presentKeys(at.dictionary.attribute.value), word, rangeOf)
          : [];
      return names(at.blocks, path, at.blocks.at(-1)?.children ?? parsed.document.children, word, rangeOf);
    case 'blockName':
      return names(at.blocks, path, [], { start: at.block.nameSpan.start, end: offset }, rangeOf);
    case 'attributeName':
      return names(at.blocks, path, [], { start: at.attribute.nameSpan.start, end: offset }, rangeOf);
    case 'dictionaryKey':
      return at.attribute.name === 'properties'
        ? propertyKeys(at.blocks, new Set(), { start: at.entry.keySpan.start, end: offset }, rangeOf)
        : [];
    case 'label':
      return [];
    case 'value': {
      const value = at.value;
      if (value.kind === 'string' && document) {
        const string = oclStringAt(parsed, value);
        const cursor = string && templateCursorAt(string.value, string.toValue(offset));
        if (string && cursor) return templateCompletions(document, string, cursor, [], options);
      }
      const key = at.entry?.key ?? at.attribute.name;
      const choices =
        !at.entry && key === 'action_type'
          ? OCL_ACTION_TYPES.map((t) => ({ value: t.type, detail: t.description }))
          : (OCL_VALUES[key] ?? []).map((v) => ({ value: v, detail: undefined }));
      if (!choices.length || (value.kind !== 'string' && value.kind !== 'invalid')) return [];
      // Replace the whole string (quotes included), or what was typed after `=`.
      const replace =
        value.kind === 'string' && !value.heredoc
          ? value.span
          : { start: Math.min(value.span.start, offset), end: offset };
      return choices.map((c, i) => ({
        label: c.value,
        kind: CompletionItemKind.EnumMember,
        detail: c.detail,
        sortText: String(i).padStart(3, '0'),
        filterText: `"${c.value}"`,
        textEdit: { range: rangeOf(replace), newText: JSON.stringify(c.value) },
      }));
    }
  }
}

/** Block and attribute names for the block (or file) the cursor is in, without attributes already set. */
function names(
  blocks: readonly OclBlock[],
  path: string,
  siblings: readonly OclElement[],
  replace: Span,
  rangeOf: (span: Span) => import('../text').Range,
): CompletionItem[] {
  const docs = OCL_CHILDREN[blocks.at(-1)?.name ?? oclFileKey(path)] ?? [];
  const set = new Set(siblings.filter((s) => s.kind === 'attribute').map((s) => s.name));
  return docs
    .filter((d) => d.block || !set.has(d.name))
    .map((d) => ({
      label: d.name,
      kind: d.block ? CompletionItemKind.Module : CompletionItemKind.Property,
      detail: d.block ? 'block' : 'attribute',
      documentation: { kind: 'markdown' as const, value: d.description },
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: {
        range: rangeOf(replace),
        newText: d.block ? `${d.name}${d.label ? ' "$1"' : ''} {\n\t$0\n}` : `${d.name} = $0`,
      },
    }));
}

function propertyKeys(
  blocks: readonly OclBlock[],
  present: Set<string>,
  replace: Span,
  rangeOf: (span: Span) => import('../text').Range,
): CompletionItem[] {
  const type = actionTypeOf(blocks);
  const keys = (type && OCL_ACTION_PROPERTIES[type]) || [];
  return keys
    .filter((k) => !present.has(k))
    .map((key) => ({
      label: key,
      kind: CompletionItemKind.Field,
      detail: type,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: rangeOf(replace), newText: `${key} = "$0"` },
    }));
}

function presentKeys(value: { kind: string; entries?: OclDictionaryEntry[] }): Set<string> {
  return new Set((value.entries ?? []).map((e) => e.key));
}

/** The name being typed before the cursor (letters, digits, `_`, `.`, `-`). */
function wordBefore(text: string, offset: number): Span {
  let start = offset;
  while (start > 0 && /[\w.-]/.test(text[start - 1])) start--;
  return { start, end: offset };
}
