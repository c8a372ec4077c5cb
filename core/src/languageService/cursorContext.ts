/**
 * The cursor for completion: whether it sits on a key, a value, a new line or inside a template,
 * with the path, the partial text and the span completing replaces.
 */
import { isMap, isScalar, isSeq, Scalar, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { templateCursorAt, type TemplateCursor } from '../template/cursor';
import type { Span } from '../text';
import type { ParsedYaml } from '../yaml/parseYaml';
import { stringAt, type StringAt } from './stringOffsets';
import {
  containerAtColumn,
  keyText,
  keysOf,
  lastIndexBefore,
  nodePathAt,
  pathOf,
  start,
  type PathSegment,
} from './yamlPath';

export type CursorContext =
  | {
      kind: 'key';
      /** Path of the map the key goes into (for a new list entry: the entry's path). */
      path: PathSegment[];
      map: YAMLMap | undefined;
      /** Keys already in that map, except the one being typed. */
      presentKeys: string[];
      /** What completing replaces: the partial key. */
      replace: Span;
      /** Column the key starts at (for multi-line inserts). */
      column: number;
      /** The cursor is on a new list entry (`- |`), so a whole entry (snippet) fits. */
      newEntry: boolean;
      /** The cursor is on a blank line at a list's dash column: an entry needs its `- ` too. */
      insertDash?: boolean;
      /** Inside a flow mapping (`{ id: a, | }`): a key is written `key: ` on one line. */
      inFlow?: boolean;
    }
  | {
      kind: 'value';
      /** Path of the value; for a list entry it ends with the entry's index. */
      path: PathSegment[];
      /** The key the value belongs to (for list entries: the list's key). */
      key: string | undefined;
      /** The list the value is an entry of, when it is one. */
      list: YAMLSeq | undefined;
      /** The map holding the key. */
      map: YAMLMap | undefined;
      replace: Span;
      partial: string;
      /** How the value is written: completing a quoted value keeps its quotes. */
      style: 'plain' | 'quoted' | 'none';
      /** Column of the key (for multi-line inserts such as a type's fields). */
      keyColumn: number;
      /** An empty value of a block list entry (`- |`) whose schema may be a mapping. */
      newEntry: boolean;
    }
  | { kind: 'template'; scalar: StringAt; cursor: TemplateCursor; path: PathSegment[] }
  | { kind: 'none' };

/** Classifies the cursor for completion. */
export function cursorContext(parsed: ParsedYaml, offset: number): CursorContext {
  const { text, lines } = parsed;
  const position = lines.positionAt(offset);
  const lineStart = offset - position.character;
  const before = text.slice(lineStart, offset);
  if (inComment(before)) return templateInComment(parsed, offset, before) ?? { kind: 'none' };

  const steps = nodePathAt(parsed.document, offset);
  const last = steps[steps.length - 1];
  const path = pathOf(steps);

  // Inside a string: a template, or a value / key being typed.
  if (last && isScalar(last.node)) {
    const isKey = !!last.pair && last.pair.key === last.node;
    if (!isKey && typeof last.node.value === 'string') {
      const string = stringAt(parsed, last.node);
      if (string) {
        const cursor = templateCursorAt(string.value, string.toValue(offset));
        if (cursor) return { kind: 'template', scalar: string, cursor, path };
      }
    }
    const parentStep = steps[steps.length - 2];
    const parent = parentStep?.node;
    const span = { start: last.node.range![0], end: last.node.range![1] };
    if (isKey && isMap(parent)) {
      const mapPath = path.slice(0, -1);
      return {
        kind: 'key',
        path: mapPath,
        map: parent,
        presentKeys: keysOf(parent).filter((k) => k !== keyText(last.node)),
        replace: span,
        column: lines.positionAt(span.start).character,
        newEntry: false,
      };
    }
    // A lone word on its own line in a block map parses as a key with no value, or as a plain
    // scalar list entry: treat a word at line start as a key being typed.
    const lineRest = text.slice(offset, lineEndOf(text, offset));
    const keyTyping = /^\s*(?:-\s+)*[\w.-]*$/.test(before) && !/:/.test(lineRest) && last.node.type === Scalar.PLAIN;
    if (isSeq(parent)) {
      const listPath = path.slice(0, -1);
      const keyStep = steps[steps.length - 2];
      const map = steps[steps.length - 3]?.node;
      if (keyTyping && !parent.flow) {
        return {
          kind: 'value',
          path,
          key: typeof keyStep.segment === 'string' ? keyStep.segment : undefined,
          list: parent,
          map: isMap(map) ? map : undefined,
          replace: valueSpanOf(last.node, offset),
          partial: partialOf(text, last.node, offset),
          style: styleOf(last.node),
          keyColumn: lines.positionAt(parent.range![0]).character,
          newEntry: last.node.value === null,
        };
      }
      return {
        kind: 'value',
        path,
        key: typeof listPath[listPath.length - 1] === 'string' ? (listPath[listPath.length - 1] as string) : undefined,
        list: parent,
        map: isMap(map) ? map : undefined,
        replace: valueSpanOf(last.node, offset),
        partial: partialOf(text, last.node, offset),
        style: styleOf(last.node),
        keyColumn: lines.positionAt(parent.range![0]).character,
        newEntry: false,
      };
    }
    if (isMap(parent) && last.pair) {
      const keyNode = last.pair.key as Node | null;
      if (keyTyping && keyNode && lines.positionAt(start(keyNode)!).line !== position.line) {
        // `key:` then, on the next line, a word at a deeper indentation: a nested key.
        return keyAtColumn(parsed, offset, before) ?? { kind: 'none' };
      }
      return {
        kind: 'value',
        path,
        key: keyText(keyNode),
        list: undefined,
        map: parent,
        replace: valueSpanOf(last.node, offset),
        partial: partialOf(text, last.node, offset),
        style: styleOf(last.node),
        keyColumn: keyNode?.range ? lines.positionAt(keyNode.range[0]).character : 0,
        newEntry: false,
      };
    }
    if (!parent && keyTyping) return keyAtColumn(parsed, offset, before) ?? { kind: 'none' };
  }

  // A flow list (`[Test, |]`): a new entry.
  if (last && isSeq(last.node) && last.node.flow) {
    const keyStep = steps[steps.length - 1];
    const map = steps[steps.length - 2]?.node;
    const wordStart = scanBack(text, offset, (c) => c !== ',' && c !== '[' && c !== ' ');
    return {
      kind: 'value',
      path: [...path, last.node.items.length],
      key: typeof keyStep.segment === 'string' ? keyStep.segment : undefined,
      list: last.node,
      map: isMap(map) ? map : undefined,
      replace: { start: wordStart, end: offset },
      partial: text.slice(wordStart, offset),
      style: 'plain',
      keyColumn: lines.positionAt(last.node.range![0]).character,
      newEntry: false,
    };
  }

  // A flow mapping (`package: { id: a, feed: | }`): a key after `{` or `,`, else a value.
  if (last && isMap(last.node) && last.node.flow && last.node.range) {
    const inside = text.slice(last.node.range[0], offset);
    const entry = /[{,]\s*([^,{}:]*?)(?::\s*([^,{}]*))?$/.exec(inside);
    if (entry) {
      const map = last.node;
      const column = lines.positionAt(map.range![0]).character;
      if (entry[2] === undefined) {
        const partial = entry[1];
        return {
          kind: 'key',
          path,
          map,
          presentKeys: keysOf(map).filter((k) => k !== partial),
          replace: { start: offset - partial.length, end: offset },
          column,
          newEntry: false,
          inFlow: true,
        };
      }
      const key = entry[1].trim();
      return {
        kind: 'value',
        path: [...path, key],
        key,
        list: undefined,
        map,
        replace: { start: offset - entry[2].length, end: offset },
        partial: entry[2],
        style: 'plain',
        keyColumn: column,
        newEntry: false,
      };
    }
  }

  // `key: |` with nothing parsed as the value yet.
  const afterKey = /^(\s*)((?:-\s+)*)([^\s#'"][^:#]*?):\s+([^\s#'"[{]*)$/.exec(before);
  if (afterKey) {
    const column = afterKey[1].length + afterKey[2].length;
    const container = containerAtColumn(parsed, offset, column, false);
    if (container && isMap(container.node)) {
      const key = afterKey[3];
      const partialStart = offset - afterKey[4].length;
      return {
        kind: 'value',
        path: [...container.path, key],
        key,
        list: undefined,
        map: container.node,
        replace: { start: partialStart, end: offset },
        partial: afterKey[4],
        style: 'none',
        keyColumn: column,
        newEntry: false,
      };
    }
  }
  if (/^\s*(?:-\s+)*[\w.-]*$/.test(before)) return keyAtColumn(parsed, offset, before) ?? { kind: 'none' };
  return { kind: 'none' };
}

/** A key typed at the start of a line (maybe after `- `): its map found by indentation. */
function keyAtColumn(parsed: ParsedYaml, offset: number, before: string): CursorContext | undefined {
  const m = /^(\s*)((?:-\s+)*)([\w.-]*)$/.exec(before)!;
  const indent = m[1].length;
  const dashes = m[2];
  const partial = m[3];
  const column = indent + dashes.length;
  const replace = { start: offset - partial.length, end: offset + wordLengthAfter(parsed.text, offset) };
  if (dashes) {
    // `- |`: a new entry of the list whose dash is at `indent`.
    const container = containerAtColumn(parsed, offset, indent, true);
    if (!container || !isSeq(container.node)) return undefined;
    const index = entryIndexAt(container.node, offset);
    const entry = container.node.items[index] as Node | undefined;
    const map = entry && isMap(entry) ? entry : undefined;
    return {
      kind: 'key',
      path: [...container.path, index],
      map,
      presentKeys: map ? keysOf(map).filter((k) => k !== partial) : [],
      replace,
      column,
      newEntry: !map || keysOf(map).filter((k) => k !== partial).length === 0,
    };
  }
  const container = containerAtColumn(parsed, offset, column, false);
  if (!container && !partial) {
    // A blank line at a list's dash column: a new entry, dash and all.
    const list = containerAtColumn(parsed, offset, column, true);
    if (!list || !isSeq(list.node)) return undefined;
    return {
      kind: 'key',
      path: [...list.path, entryIndexAt(list.node, offset)],
      map: undefined,
      presentKeys: [],
      replace,
      column: column + 2,
      newEntry: true,
      insertDash: true,
    };
  }
  if (!container) return undefined;
  if (container.node && !isMap(container.node)) return undefined;
  const map = container.node as YAMLMap | undefined;
  return {
    kind: 'key',
    path: container.path,
    map,
    presentKeys: map ? keysOf(map).filter((k) => k !== partial) : [],
    replace,
    column,
    newEntry: false,
  };
}

function entryIndexAt(seq: YAMLSeq, offset: number): number {
  const index = lastIndexBefore(seq.items as Node[], offset, (n) => start(n));
  if (index < 0) return seq.items.length;
  const item = seq.items[index] as Node | null;
  if (item && item.range && offset <= item.range[2]) return index;
  return index + 1;
}

/** `script: echo #{Na|` unquoted: YAML made the template a comment; complete it all the same. */
function templateInComment(parsed: ParsedYaml, offset: number, before: string): CursorContext | undefined {
  const at = before.lastIndexOf('#{');
  if (at < 0) return undefined;
  const lineStart = offset - before.length;
  const lineText = parsed.text.slice(lineStart, lineEndOf(parsed.text, offset));
  const string: StringAt = {
    node: undefined,
    value: lineText,
    span: { start: lineStart, end: lineStart + lineText.length },
    style: 'comment',
    toValue: (o) => o - lineStart,
    toDocument: (s) => ({ start: s.start + lineStart, end: s.end + lineStart }),
  };
  const cursor = templateCursorAt(lineText, offset - lineStart);
  return cursor ? { kind: 'template', scalar: string, cursor, path: [] } : undefined;
}

function inComment(before: string): boolean {
  // A `#` at line start or after white space, outside quotes, starts a comment.
  let quote: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(before[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || before[i - 1] === ' ' || before[i - 1] === '\t')) return true;
  }
  return false;
}

function valueSpanOf(node: Scalar, offset: number): Span {
  const [s, e] = node.range!;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
    return { start: Math.min(s + 1, offset), end: Math.max(offset, e - 1) };
  }
  return { start: s, end: Math.max(e, offset) };
}

function partialOf(text: string, node: Scalar, offset: number): string {
  const span = valueSpanOf(node, offset);
  return text.slice(span.start, offset);
}

function styleOf(node: Scalar): 'plain' | 'quoted' | 'none' {
  if (node.value === null || node.value === '') return node.type === Scalar.PLAIN ? 'none' : 'quoted';
  return node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 'quoted' : 'plain';
}
function lineEndOf(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

function wordLengthAfter(text: string, offset: number): number {
  let n = 0;
  while (offset + n < text.length && /[\w.-]/.test(text[offset + n])) n++;
  return n;
}

function scanBack(text: string, offset: number, keep: (c: string) => boolean): number {
  let i = offset;
  while (i > 0 && keep(text[i - 1]) && text[i - 1] !== '\n') i--;
  return i;
}
