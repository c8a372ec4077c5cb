/**
 * A YAML string's value offsets and document offsets, mapped both ways (escapes, folding and
 * quotes make them differ), and the parsed template of the string.
 */
import { Scalar } from 'yaml';
import type { ValueSource } from '../model/types';
import { parseTemplate, type ParsedTemplate } from '../template/parseTemplate';
import type { Span } from '../text';
import type { ParsedYaml } from '../yaml/parseYaml';
import { scalarSource } from '../yaml/scalarSource';

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
