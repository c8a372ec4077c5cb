import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Span } from '../text';

/** Where the value at an instance path (JSON pointer segments) sits in the YAML source. */
export interface InstanceLocation {
  /** The value's node; undefined when the path does not reach the document (or `key:` has nothing after it). */
  value: Node | undefined;
  /** The mapping key holding the value, when the path's last segment is a key. */
  key: Node | undefined;
  /** The value is an entry of a sequence (the last segment is an index). */
  inSequence: boolean;
}

export function instancePathSegments(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function locateInstance(document: Document.Parsed, segments: readonly string[]): InstanceLocation {
  let node: unknown = document.contents;
  let key: Node | undefined;
  let inSequence = false;
  for (const segment of segments) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === segment);
      if (!pair) return { value: undefined, key: undefined, inSequence: false };
      key = isNode(pair.key) ? pair.key : undefined;
      node = pair.value;
      inSequence = false;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
      key = undefined;
      inSequence = true;
    } else {
      return { value: undefined, key: undefined, inSequence: false };
    }
  }
  return { value: (node ?? undefined) as Node | undefined, key, inSequence };
}

/** The span of a node's value, or undefined when it has none or it is empty (`key:` alone). */
export function valueSpan(node: Node | undefined): Span | undefined {
  if (!node?.range) return undefined;
  const [start, end] = node.range;
  return end > start ? { start, end } : undefined;
}

/**
 * The span that names an object as a whole, for messages about it (such as a missing property):
 * the key holding it, or for a sequence entry its `- firstKey`, or for the root its first key.
 */
export function handleSpan(location: InstanceLocation, text: string): Span | undefined {
  if (location.key) return valueSpan(location.key);
  const node = location.value;
  if (isMap(node) && node.items.length > 0) {
    const first = valueSpan(node.items[0].key as Node | undefined);
    if (first && location.inSequence) return { start: dashBefore(text, first.start), end: first.end };
    if (first) return first;
  }
  const whole = valueSpan(node);
  if (whole && location.inSequence) return { start: dashBefore(text, whole.start), end: firstLineEnd(text, whole) };
  if (whole) return { start: whole.start, end: firstLineEnd(text, whole) };
  // An empty entry (`-` and nothing after it): its dash.
  const at = node?.range?.[0];
  if (at !== undefined && location.inSequence) {
    const dash = dashBefore(text, at);
    if (dash < at) return { start: dash, end: dash + 1 };
  }
  return undefined;
}

/** The span to flag for a bad value: the value itself, but its key when it spans several lines. */
export function badValueSpan(location: InstanceLocation, text: string): Span | undefined {
  const value = valueSpan(location.value);
  const key = valueSpan(location.key);
  if (
    value &&
    key &&
    text.slice(value.start, value.end).trimEnd().includes('\n') &&
    (isMap(location.value) || isSeq(location.value))
  ) {
    return key;
  }
  if (value) return trimTrailingSpace(text, value);
  return key ?? handleSpan(location, text);
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

/** The offset of the `-` that starts the sequence entry at `start`, or `start` for flow entries. */
function dashBefore(text: string, start: number): number {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i >= 0 && text[i] === '-' ? i : start;
}

function firstLineEnd(text: string, span: Span): number {
  const newline = text.indexOf('\n', span.start);
  const end = newline < 0 || newline > span.end ? span.end : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function trimTrailingSpace(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1])) end--;
  return { start: span.start, end };
}
