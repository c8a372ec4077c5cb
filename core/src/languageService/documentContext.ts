/**
 * "What is at this offset": the YAML path of keys to the cursor, whether it sits on a key, a
 * value or a new line, and — inside a string — which template, reference or filter. Every lookup
 * descends the parsed document once, choosing each level's child by binary search over source
 * offsets, so a request on a 10,000-line file costs microseconds and never re-parses.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  Scalar,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { ValueSource } from '../model/types';
import type {
  ConditionalNode,
  Expression,
  FilterCall,
  RepetitionNode,
  SymbolExpression,
  TemplateNode,
} from '../template/ast';
import { isIdentifierPunctuation, isLetterOrDigit, isWhiteSpace } from '../template/chars';
import { parseTemplate, type ParsedTemplate } from '../template/parseTemplate';
import { symbolText } from '../template/print';
import type { Span } from '../text';
import type { ParsedYaml } from '../yaml/parseYaml';
import { scalarSource } from '../yaml/scalarSource';

export type PathSegment = string | number;

/** One level of the walk from the root to the cursor. */
export interface PathStep {
  node: Node;
  /** How the parent reaches `node`: a key of a map or an index of a sequence (absent for the root). */
  segment?: PathSegment;
  pair?: Pair;
}

/** The scalar under the cursor, with where it sits. */
export interface ScalarAt {
  node: Scalar;
  /** Path of the value (for a key: of the value it names). */
  path: PathSegment[];
  isKey: boolean;
  /** The map or sequence holding it. */
  parent: YAMLMap | YAMLSeq | undefined;
  pair: Pair | undefined;
  span: Span;
}

/** The nodes from the root down to the innermost node whose span holds `offset` (end inclusive). */
export function nodePathAt(document: Document.Parsed | undefined, offset: number): PathStep[] {
  const steps: PathStep[] = [];
  let node = document?.contents as Node | null | undefined;
  if (!node || !within(node, offset)) return steps;
  steps.push({ node });
  for (;;) {
    if (isMap(node)) {
      const pair = lastBefore(node.items, offset, (p) => start(p.key) ?? start(p.value));
      if (!pair) break;
      const key = pair.key as Node | null;
      if (key && within(key, offset)) {
        steps.push({ node: key, segment: keyText(key), pair });
        break;
      }
      const value = pair.value as Node | null;
      if (!value || !within(value, offset)) break;
      steps.push({ node: value, segment: keyText(key), pair });
      node = value;
    } else if (isSeq(node)) {
      const items = node.items as (Node | null)[];
      const index: number = lastIndexBefore(items, offset, (n) => start(n));
      const item: Node | null = index >= 0 ? items[index] : null;
      if (!item || !within(item, offset)) break;
      steps.push({ node: item, segment: index });
      node = item;
    } else break;
  }
  return steps;
}

/** The scalar under the cursor, if any. */
export function scalarAt(parsed: ParsedYaml, offset: number): ScalarAt | undefined {
  const steps = nodePathAt(parsed.document, offset);
  const last = steps[steps.length - 1];
  if (!last || !isScalar(last.node)) return undefined;
  const parentStep = steps[steps.length - 2];
  const parent =
    parentStep && (isMap(parentStep.node) || isSeq(parentStep.node))
      ? (parentStep.node as YAMLMap | YAMLSeq)
      : undefined;
  const isKey = !!last.pair && last.pair.key === last.node;
  return {
    node: last.node,
    path: pathOf(steps),
    isKey,
    parent,
    pair: last.pair,
    span: { start: last.node.range![0], end: last.node.range![1] },
  };
}

export function pathOf(steps: PathStep[]): PathSegment[] {
  return steps.filter((s) => s.segment !== undefined).map((s) => s.segment!);
}

// ── Where a new key or list entry goes (by indentation) ─────────────────────

export interface ContainerAt {
  /** The map or sequence a key typed at this column belongs to (undefined: the document is empty). */
  node: YAMLMap | YAMLSeq | undefined;
  path: PathSegment[];
}

/**
 * The block map (or, with `dash`, the block sequence) whose entries start at `column`, found by
 * descending into the last entry that starts before `offset`. This is how a key typed on a blank
 * line, or after `- `, finds its parent even though the parser has not given it one yet.
 */
export function containerAtColumn(
  parsed: ParsedYaml,
  offset: number,
  column: number,
  dash: boolean,
): ContainerAt | undefined {
  const root = parsed.document?.contents as Node | null | undefined;
  if (!root || !(isMap(root) || isSeq(root))) return column === 0 && !dash ? { node: undefined, path: [] } : undefined;
  const lines = parsed.lines;
  const columnOf = (n: Node): number => lines.positionAt(n.range![0]).character;
  let best: ContainerAt | undefined;
  let node: Node | null | undefined = root;
  const path: PathSegment[] = [];
  while (node && (isMap(node) || isSeq(node))) {
    if (!node.range || node.items.length === 0) break;
    const first = node.items[0] as Node | Pair;
    const firstStart = isPair(first) ? start(first.key) : start(first);
    if (firstStart === undefined) break;
    const col = lines.positionAt(firstStart).character;
    if (isSeq(node)) {
      // A block sequence's column is its dash's: the first item starts after `- `.
      const dashCol = node.flow ? -1 : dashColumn(parsed.text, firstStart);
      if (dash && dashCol === column) best = { node, path: [...path] };
      if (dashCol > column && !node.flow) break;
      const index = lastIndexBefore(node.items as Node[], offset, (n) => start(n));
      if (index < 0) break;
      path.push(index);
      node = node.items[index] as Node | null;
    } else {
      if (node.flow) break;
      if (col > column) break;
      if (!dash && col === column) best = { node, path: [...path] };
      const pair = lastBefore(node.items, offset, (p) => start(p.key));
      if (!pair || !pair.value) break;
      const value = pair.value as Node;
      if (!value.range || (columnOf(value) <= col && !isSeq(value))) break;
      path.push(keyText(pair.key as Node));
      node = value;
    }
  }
  return best;
}

function dashColumn(text: string, itemStart: number): number {
  let i = itemStart - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (text[i] !== '-') return -1;
  const lineStart = text.lastIndexOf('\n', i) + 1;
  return i - lineStart;
}

// ── The cursor for completion ───────────────────────────────────────────────

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

// ── Strings and their value offsets ─────────────────────────────────────────

/** A string value with maps between its value offsets and document offsets. */
export interface StringAt {
  node: Scalar | undefined;
  /** What parses of this string are cached on (its scalar node, or its source map). */
  cacheKey?: object;
  value: string;
  span: Span;
  style: 'plain' | 'quoted' | 'block' | 'comment';
  /** Document offset → value offset (the nearest character). */
  toValue(offset: number): number;
  /** Value span → document span. */
  toDocument(span: Span): Span;
}

/**
 * The string in a scalar with exact offset maps. When the scalar cannot be mapped exactly
 * (an unclosed quote while typing), its raw source text stands in, which is right for everything
 * but escapes.
 */
export function stringAt(parsed: ParsedYaml, node: Scalar): StringAt | undefined {
  if (!node.range || typeof node.value !== 'string') return undefined;
  const source = scalarSource(node, parsed.text);
  const style =
    node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED
      ? 'block'
      : node.type === Scalar.PLAIN
        ? 'plain'
        : 'quoted';
  const offsets = source?.offsets;
  const span = { start: node.range[0], end: node.range[1] };
  if (offsets) {
    return {
      node,
      value: node.value,
      span,
      style,
      toValue: (offset) => valueIndexOf(offsets, offset),
      toDocument: (s) => {
        const startAt = offsets[Math.min(s.start, offsets.length - 1)];
        const end = s.end > s.start ? offsets[Math.min(s.end - 1, offsets.length - 1)] + 1 : startAt;
        return { start: startAt, end: Math.max(startAt, end) };
      },
    };
  }
  const quoted = style === 'quoted';
  const rawStart = span.start + (quoted ? 1 : 0);
  let rawEnd = span.end;
  if (quoted && rawEnd > rawStart && parsed.text[rawEnd - 1] === parsed.text[span.start]) rawEnd--;
  const raw = parsed.text.slice(rawStart, rawEnd);
  return {
    node,
    value: raw,
    span,
    style,
    toValue: (offset) => Math.max(0, Math.min(raw.length, offset - rawStart)),
    toDocument: (s) => ({ start: s.start + rawStart, end: s.end + rawStart }),
  };
}

/** A model string (its scalar's source map) as a StringAt; undefined when it cannot be mapped exactly. */
export function stringFromSource(parsed: { text: string }, source: ValueSource): StringAt | undefined {
  const offsets = source.offsets;
  if (!offsets) return undefined;
  const first = parsed.text[source.span.start];
  const style = first === '|' || first === '>' ? 'block' : first === '"' || first === "'" ? 'quoted' : 'plain';
  return {
    node: undefined,
    cacheKey: source,
    value: source.value,
    span: source.span,
    style,
    toValue: (offset) => valueIndexOf(offsets, offset),
    toDocument: (s) => {
      const startAt = offsets[Math.min(s.start, offsets.length - 1)];
      const end = s.end > s.start ? offsets[Math.min(s.end - 1, offsets.length - 1)] + 1 : startAt;
      return { start: startAt, end: Math.max(startAt, end) };
    },
  };
}

/** The value index whose document offset is the last at or before `offset`. */
function valueIndexOf(offsets: Int32Array, offset: number): number {
  let low = 0;
  let high = offsets.length - 1;
  if (offset <= offsets[0]) return 0;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (offsets[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  // Right after a character counts as the position after it (the cursor at the end of a word).
  if (low < offsets.length - 1 && offsets[low] < offset) return low + 1;
  return low;
}

// ── Inside a template, lexically (for completion while typing) ──────────────

export type TemplateCursor =
  | {
      /** `#{Na|`, `#{if Na|`, `#{each x in Na|`, `#{calc 1 + Na|`: a variable path. */
      kind: 'symbol';
      /** The partial path before the cursor, e.g. `Octopus.Env`. */
      partial: string;
      /** Value span to replace (the whole path around the cursor). */
      replace: Span;
      /** Names usable right after `#{`: keywords too. */
      atTokenStart: boolean;
      /** Loop variables of `#{each}` blocks enclosing the cursor. */
      loopVariables: LoopVariable[];
      /** Blocks open at the cursor, innermost last (for `#{/if}`, `#{else}`). */
      openBlocks: ('if' | 'unless' | 'each')[];
      /** Text after the replaced span starts with `}`. */
      closed: boolean;
    }
  | { kind: 'closer'; partial: string; replace: Span; openBlocks: ('if' | 'unless' | 'each')[]; closed: boolean }
  | {
      /** `#{Octopus.Action[Dep|`: a step or action name inside an index. */
      kind: 'stepIndex';
      partial: string;
      replace: Span;
      /** Whether a `]` follows already. */
      bracketClosed: boolean;
    }
  | { kind: 'filter'; partial: string; replace: Span }
  | { kind: 'filterOption'; filter: string; optionIndex: number; partial: string; replace: Span };

export interface LoopVariable {
  name: string;
  collection: string;
}

/**
 * What is being typed at `cursor` in a template string: scans for the innermost `#{` still open
 * before the cursor (honouring `##{` escapes), then reads the token's text up to the cursor.
 */
export function templateCursorAt(value: string, cursor: number): TemplateCursor | undefined {
  const open = openTokenStart(value, cursor);
  if (open < 0) return undefined;
  const bodyStart = open + 2;
  const body = value.slice(bodyStart, cursor);
  const closedAfter = (end: number) => value[end] === '}';
  const blocks = () => blockContextAt(value, open);

  // Closing tags.
  const closer = /^\s*(\/\w*)$/.exec(body);
  if (closer) {
    const start = cursor - closer[1].length;
    const end = cursor + identifierLengthAfter(value, cursor);
    return {
      kind: 'closer',
      partial: closer[1],
      replace: { start, end },
      openBlocks: blocks().openBlocks,
      closed: closedAfter(end),
    };
  }

  // Filters: the last `|` outside brackets and quotes.
  const bar = lastTopLevelBar(body);
  if (bar >= 0) {
    const afterBar = body.slice(bar + 1);
    const name = /^\s*([^\s|}"]*)$/.exec(afterBar);
    if (name) {
      const start = cursor - name[1].length;
      return {
        kind: 'filter',
        partial: name[1],
        replace: { start, end: cursor + identifierLengthAfter(value, cursor, false) },
      };
    }
    const withOptions = /^\s*([^\s|}"]+)\s+(.*)$/s.exec(afterBar);
    if (withOptions) {
      const options = withOptions[2];
      const words = options.split(/\s+/);
      const partial = /\S*$/.exec(options)![0];
      return {
        kind: 'filterOption',
        filter: withOptions[1],
        optionIndex: words.length - 1,
        partial,
        replace: { start: cursor - partial.length, end: cursor + identifierLengthAfter(value, cursor, false) },
      };
    }
    return undefined;
  }

  // Keyword forms: what follows the keyword is an expression; find the partial path at the end.
  let expressionStart = 0;
  const keyword = /^\s*(if|unless|elseif|calc)\s+/i.exec(body) ?? /^\s*each\s+[^\s}]+\s+in\s+/i.exec(body);
  if (keyword) expressionStart = keyword[0].length;
  else if (/^\s*each\s+\S*$/i.test(body) || /^\s*each\s+\S+\s+\w*$/i.test(body)) return undefined; // naming the loop variable
  const expression = body.slice(expressionStart);
  let partialStart: number;
  if (keyword) {
    // After an operator (`==`, `!=`, calc's `+ - * / (`) a new path starts.
    const op = Math.max(expression.lastIndexOf('=='), expression.lastIndexOf('!='));
    let from = op >= 0 ? op + 2 : 0;
    if (/^calc/i.test(keyword[1] ?? '')) {
      const calcOp = Math.max(...['+', '*', '(', '{'].map((c) => expression.lastIndexOf(c)));
      from = Math.max(from, calcOp + 1);
    }
    partialStart = from;
    while (partialStart < expression.length && isWhiteSpace(expression.charCodeAt(partialStart))) partialStart++;
  } else {
    partialStart = 0;
    while (partialStart < expression.length && isWhiteSpace(expression.charCodeAt(partialStart))) partialStart++;
  }
  const partial = expression.slice(partialStart);
  if (partial.startsWith('"')) return undefined; // a string literal
  const partialOffset = bodyStart + expressionStart + partialStart;

  // Inside an index: `Octopus.Action[Dep|`.
  const bracket = partial.lastIndexOf('[');
  if (bracket >= 0 && partial.indexOf(']', bracket) < 0) {
    const before = partial.slice(0, bracket);
    const inside = partial.slice(bracket + 1);
    if (/^Octopus\.(Action|Step)$/i.test(before.trim())) {
      const start = partialOffset + bracket + 1;
      let end = cursor;
      while (end < value.length && value[end] !== ']' && value[end] !== '}' && value[end] !== '\n') end++;
      return { kind: 'stepIndex', partial: inside, replace: { start, end }, bracketClosed: value[end] === ']' };
    }
    return undefined;
  }
  if (!/^[^|}"]*$/.test(partial)) return undefined;
  const end = cursor + identifierLengthAfter(value, cursor);
  const context = blocks();
  return {
    kind: 'symbol',
    partial,
    replace: { start: partialOffset, end },
    atTokenStart: !keyword,
    loopVariables: context.loopVariables,
    openBlocks: context.openBlocks,
    closed: closedAfter(end),
  };
}

/** The offset of the innermost `#{` open at `cursor`, or -1. */
function openTokenStart(value: string, cursor: number): number {
  const stack: number[] = [];
  let i = 0;
  while (i < cursor) {
    const c = value.charCodeAt(i);
    if (c === 35 /* # */) {
      if (value.charCodeAt(i + 1) === 35) {
        if (value.charCodeAt(i + 2) === 35 && value.charCodeAt(i + 3) === 123)
          i += 2; // `###{`: `#` then a token
        else if (value.charCodeAt(i + 2) === 123)
          i += 3; // `##{`: an escaped, literal `#{`
        else i += 2;
        continue;
      }
      if (value.charCodeAt(i + 1) === 123 /* { */ && i + 1 < cursor) {
        stack.push(i);
        i += 2;
        continue;
      }
    } else if (c === 125 /* } */ && stack.length) {
      stack.pop();
    } else if ((c === 10 || c === 13) && stack.length) {
      // A token never spans a line break in practice; typing on a later line starts afresh.
      stack.length = 0;
    }
    i++;
  }
  return stack.length ? stack[stack.length - 1] : -1;
}

function lastTopLevelBar(body: string): number {
  let depth = 0;
  let quoted = false;
  let bar = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '|' && depth === 0) bar = i;
  }
  return bar;
}

function identifierLengthAfter(value: string, at: number, dots = true): number {
  let n = 0;
  for (;;) {
    const c = value.charCodeAt(at + n);
    if (Number.isNaN(c)) break;
    if (isLetterOrDigit(c) || (c !== 58 && isIdentifierPunctuation(c)) || (dots && c === 46)) n++;
    else break;
  }
  return n;
}

/** The `#{each}` loop variables and open blocks before `at`, from a parse of the text before it. */
function blockContextAt(
  value: string,
  at: number,
): { loopVariables: LoopVariable[]; openBlocks: ('if' | 'unless' | 'each')[] } {
  const loopVariables: LoopVariable[] = [];
  const openBlocks: ('if' | 'unless' | 'each')[] = [];
  if (value.lastIndexOf('#{', at - 1) < 0) return { loopVariables, openBlocks };
  const { nodes } = parseTemplate(value.slice(0, at));
  let level: TemplateNode[] = nodes;
  for (;;) {
    const block = level[level.length - 1];
    if (!block || (block.kind !== 'conditional' && block.kind !== 'repetition') || block.closeSpan) break;
    if (block.kind === 'repetition') {
      loopVariables.push({ name: block.variable.name, collection: symbolText(block.collection) });
      openBlocks.push('each');
      level = block.body;
    } else {
      let conditional: ConditionalNode = block;
      // An `#{elseif}` chain nests in elseBody.
      while (
        conditional.elseBody.length &&
        conditional.elseBody[conditional.elseBody.length - 1].kind === 'conditional'
      ) {
        const inner = conditional.elseBody[conditional.elseBody.length - 1] as ConditionalNode;
        if (!inner.elseIf) break;
        conditional = inner;
      }
      openBlocks.push(block.keyword);
      level = conditional.elseSpan || conditional.elseBody.length ? conditional.elseBody : conditional.body;
    }
  }
  return { loopVariables, openBlocks };
}

// ── Inside a template, structurally (hover, go to definition) ──────────────

export type TemplateElement =
  | {
      kind: 'reference';
      symbol: SymbolExpression;
      /** The segment under the cursor. */
      segmentIndex: number;
      /** Loop variables in scope where the reference is. */
      loopVariables: string[];
    }
  | { kind: 'filter'; filter: FilterCall }
  | { kind: 'keyword'; keyword: string; span: Span }
  | { kind: 'loopVariable'; name: string; span: Span; block: RepetitionNode };

const parsedTemplates = new WeakMap<object, ParsedTemplate>();

/** The parsed template of a string, cached on its scalar node for the document version's lifetime. */
export function parsedTemplateOf(string: StringAt): ParsedTemplate {
  const key = string.node ?? string.cacheKey ?? string;
  let parsed = parsedTemplates.get(key);
  if (!parsed) {
    parsed = parseTemplate(string.value);
    parsedTemplates.set(key, parsed);
  }
  return parsed;
}

/** The reference, filter or keyword at value offset `at` of a parsed template. */
export function templateElementAt(nodes: readonly TemplateNode[], at: number): TemplateElement | undefined {
  return inNodes(nodes, at, []);
}

function inNodes(nodes: readonly TemplateNode[], at: number, loops: string[]): TemplateElement | undefined {
  for (const node of nodes) {
    if (at < node.span.start || at > node.span.end) continue;
    switch (node.kind) {
      case 'text':
        continue;
      case 'substitution': {
        const found = inExpression(node.expression, at, loops);
        if (found) return found;
        continue;
      }
      case 'conditional': {
        if (contains(node.openSpan, at)) {
          const kw = keywordSpan(node.openSpan.start, node.keyword);
          if (contains(kw, at)) return { kind: 'keyword', keyword: node.elseIf ? 'elseif' : node.keyword, span: kw };
          const c = node.condition;
          const found =
            c.kind === 'truthy'
              ? inExpression(c.operand, at, loops)
              : ((c.left.kind === 'expression' ? inExpression(c.left.expression, at, loops) : undefined) ??
                (c.right.kind === 'expression' ? inExpression(c.right.expression, at, loops) : undefined));
          if (found) return found;
        }
        if (node.elseSpan && contains(node.elseSpan, at))
          return { kind: 'keyword', keyword: 'else', span: node.elseSpan };
        if (node.closeSpan && contains(node.closeSpan, at))
          return { kind: 'keyword', keyword: `/${node.keyword}`, span: node.closeSpan };
        const found = inNodes(node.body, at, loops) ?? inNodes(node.elseBody, at, loops);
        if (found) return found;
        continue;
      }
      case 'repetition': {
        if (contains(node.openSpan, at)) {
          if (contains(node.variable.span, at))
            return { kind: 'loopVariable', name: node.variable.name, span: node.variable.span, block: node };
          const found = inSymbol(node.collection, at, loops);
          if (found) return found;
          return { kind: 'keyword', keyword: 'each', span: keywordSpan(node.openSpan.start, 'each') };
        }
        if (node.closeSpan && contains(node.closeSpan, at))
          return { kind: 'keyword', keyword: '/each', span: node.closeSpan };
        const found = inNodes(node.body, at, [...loops, node.variable.name]);
        if (found) return found;
        continue;
      }
      case 'calculation': {
        const found = inCalc(node.expression, at, loops);
        if (found) return found;
        return { kind: 'keyword', keyword: 'calc', span: keywordSpan(node.span.start, 'calc') };
      }
    }
  }
  return undefined;
}

function inCalc(
  expression: import('../template/ast').CalcExpression,
  at: number,
  loops: string[],
): TemplateElement | undefined {
  if (!contains(expression.span, at)) return undefined;
  if (expression.kind === 'symbol') return inSymbol(expression.symbol, at, loops);
  if (expression.kind === 'binary') return inCalc(expression.left, at, loops) ?? inCalc(expression.right, at, loops);
  return undefined;
}

function inExpression(expression: Expression, at: number, loops: string[]): TemplateElement | undefined {
  if (expression.kind === 'symbol') return inSymbol(expression, at, loops);
  if (expression.input) {
    const found = inSymbol(expression.input, at, loops);
    if (found) return found;
  }
  for (const filter of expression.filters) {
    if (contains(filter.nameSpan, at)) return { kind: 'filter', filter };
    for (const option of filter.options) {
      if (option.kind === 'template' && contains(option.span, at)) {
        const found = inNodes([option.node], at, loops);
        if (found) return found;
      }
    }
    if (contains(filter.span, at) && at <= filter.nameSpan.end) return { kind: 'filter', filter };
  }
  return undefined;
}

function inSymbol(symbol: SymbolExpression, at: number, loops: string[]): TemplateElement | undefined {
  if (!contains(symbol.span, at)) return undefined;
  for (let i = 0; i < symbol.segments.length; i++) {
    const segment = symbol.segments[i];
    if (segment.kind === 'index' && segment.index.kind === 'symbol' && contains(segment.index.span, at)) {
      const inner = inSymbol(segment.index.symbol, at, loops);
      if (inner) return inner;
    }
    if (contains(segment.span, at)) return { kind: 'reference', symbol, segmentIndex: i, loopVariables: loops };
  }
  return { kind: 'reference', symbol, segmentIndex: symbol.segments.length - 1, loopVariables: loops };
}

function keywordSpan(tagStart: number, keyword: string): Span {
  return { start: tagStart + 2, end: tagStart + 2 + keyword.length };
}

function contains(span: Span, at: number): boolean {
  return at >= span.start && at <= span.end;
}

// ── Small helpers ───────────────────────────────────────────────────────────

export function keyText(node: unknown): string {
  if (isScalar(node)) return String(node.value ?? '');
  return '';
}

export function keysOf(map: YAMLMap): string[] {
  return map.items.map((p) => keyText(p.key)).filter(Boolean);
}

function start(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

function within(node: Node, offset: number): boolean {
  return !!node.range && offset >= node.range[0] && offset <= node.range[1];
}

/** The last item whose start is at or before `offset` (items are in document order). */
function lastBefore<T>(items: readonly T[], offset: number, startOf: (item: T) => number | undefined): T | undefined {
  const index = lastIndexBefore(items, offset, startOf);
  return index >= 0 ? items[index] : undefined;
}

function lastIndexBefore<T>(items: readonly T[], offset: number, startOf: (item: T) => number | undefined): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    let s = startOf(items[mid]);
    // Items without a position (a null value) take their neighbour's.
    let probe = mid;
    while (s === undefined && probe > low) s = startOf(items[--probe]);
    if (s === undefined || s <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
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
