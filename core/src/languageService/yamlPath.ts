/**
 * The YAML path to an offset: the nodes from the root down to the cursor, and the map or list a new
 * key or entry at a column belongs to. Each level's child is found by binary search over source
 * offsets, so a lookup on a 10,000-line file costs microseconds and never re-parses.
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
import type { Span } from '../text';
import type { ParsedYaml } from '../yaml/parseYaml';

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
export function keyText(node: unknown): string {
  if (isScalar(node)) return String(node.value ?? '');
  return '';
}

export function keysOf(map: YAMLMap): string[] {
  return map.items.map((p) => keyText(p.key)).filter(Boolean);
}

export function start(node: unknown): number | undefined {
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

export function lastIndexBefore<T>(
  items: readonly T[],
  offset: number,
  startOf: (item: T) => number | undefined,
): number {
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
