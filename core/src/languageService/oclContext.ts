/**
 * Where the cursor is in an OCL file, from its syntax tree: which blocks enclose it, and whether it
 * is on a block name or label, an attribute name, a dictionary key, or a value (a string, with its
 * map to the document for templates). The OCL counterpart of `yamlPath.ts`.
 */
import type { OclAttribute, OclBlock, OclDictionaryEntry, OclElement, OclLabel, OclString, OclValue } from '../ocl/ast';
import type { ParsedOcl } from '../ocl/parseOcl';
import { OclValueSource } from '../ocl/valueSource';
import type { Project, Space } from '../model/types';
import type { Span } from '../text';
import { stringFromSource, type StringAt } from './stringOffsets';
import type { ProcessDocument } from './types';

export type OclCursor =
  | { kind: 'blockName'; blocks: OclBlock[]; block: OclBlock }
  | { kind: 'label'; blocks: OclBlock[]; block: OclBlock; label: OclLabel }
  | { kind: 'attributeName'; blocks: OclBlock[]; attribute: OclAttribute }
  | { kind: 'dictionaryKey'; blocks: OclBlock[]; attribute: OclAttribute; entry: OclDictionaryEntry }
  | {
      kind: 'value';
      blocks: OclBlock[];
      attribute: OclAttribute;
      entry: OclDictionaryEntry | undefined;
      value: OclValue;
    }
  /** Between elements of a block (or the file): where a new attribute or block may start. */
  | { kind: 'body'; blocks: OclBlock[]; dictionary: { attribute: OclAttribute } | undefined };

const inside = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

export function oclCursorAt(parsed: ParsedOcl, offset: number): OclCursor {
  const blocks: OclBlock[] = [];
  let elements: readonly OclElement[] = parsed.document.children;
  for (;;) {
    const element = elements.find((e) => inside(e.span, offset));
    if (!element) return { kind: 'body', blocks, dictionary: undefined };
    if (element.kind === 'block') {
      if (inside(element.nameSpan, offset)) return { kind: 'blockName', blocks, block: element };
      const label = element.labels.find((l) => inside(l.span, offset));
      if (label) return { kind: 'label', blocks, block: element, label };
      if (!element.open || offset <= element.open.start) return { kind: 'blockName', blocks, block: element };
      if (element.close && offset >= element.close.end) return { kind: 'body', blocks, dictionary: undefined };
      blocks.push(element);
      elements = element.children;
      continue;
    }
    if (inside(element.nameSpan, offset)) return { kind: 'attributeName', blocks, attribute: element };
    const value = element.value;
    if (
      value.kind === 'dictionary' &&
      offset > value.span.start &&
      (offset < value.span.end || parsed.text[value.span.end - 1] !== '}')
    ) {
      const entry = value.entries.find((e) => inside(e.span, offset));
      if (!entry) return { kind: 'body', blocks, dictionary: { attribute: element } };
      if (inside(entry.keySpan, offset)) return { kind: 'dictionaryKey', blocks, attribute: element, entry };
      return { kind: 'value', blocks, attribute: element, entry, value: entry.value };
    }
    return { kind: 'value', blocks, attribute: element, entry: undefined, value };
  }
}

/** A string value as a `StringAt` (escapes and heredoc unindent mapped), for the template features. */
export function oclStringAt(parsed: ParsedOcl, node: OclString): StringAt | undefined {
  return stringFromSource(parsed, new OclValueSource(node, parsed.text));
}

/**
 * An OCL file as the language service's process document: the template features (hover,
 * completion, tokens) read the project, the space and the file's text and lines; the YAML tree is
 * absent, as for a process file that did not parse, so YAML-path features find nothing.
 */
export function oclProcessDocument(
  uri: string,
  parsed: ParsedOcl,
  project: Project,
  space: Space | undefined,
  spaceUri: string | undefined,
  path?: string,
): ProcessDocument {
  let text = textOnly.get(parsed);
  if (!text) {
    text = { text: parsed.text, lines: parsed.lines, document: undefined, value: undefined, diagnostics: [] };
    textOnly.set(parsed, text);
  }
  return {
    kind: 'process',
    uri,
    parsed: text,
    project,
    space,
    spaceUri,
    ocl: path === undefined ? undefined : { path },
  };
}

// One text-only parse per OCL parse: the symbol index is cached by it.
const textOnly = new WeakMap<ParsedOcl, ProcessDocument['parsed']>();

/** The action type of the action block the cursor is in (its `action_type` attribute). */
export function actionTypeOf(blocks: readonly OclBlock[]): string | undefined {
  const action = [...blocks].reverse().find((b) => b.name === 'action' || b.name === 'actions');
  const type = action?.children.find((c): c is OclAttribute => c.kind === 'attribute' && c.name === 'action_type');
  return type?.value.kind === 'string' ? type.value.value : undefined;
}
