import {
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  visit,
  visitorFn,
  type Node,
} from 'yaml';
import { LineIndex } from '../text';
import { findExcessiveNesting, PARSE_OPTIONS, YAML_LIMITS, type ParsedYaml } from './parseYaml';

/**
 * Updates a parse after an edit that only changes one scalar value — typing in a script (a line
 * of a block scalar), a step name or a quoted value — without parsing the whole text again: the
 * scalar is replaced, every node after the edit moves by the edit's length, and the rest of the
 * tree is kept. Returns undefined whenever that cannot be shown to give the same result as a
 * full parse (the caller then parses in full); `reparseEdit.fuzz.test.ts` compares the two.
 *
 * Why the result equals a full parse: the previous text parsed without errors or warnings, the
 * edit replaces characters inside one scalar on one line, and the scalar's new source is parsed
 * in a context whose rules for that scalar are the ones of its place in the file — together with
 * the rest of its line and a line after it, so that a scalar which would now run on past its old
 * end (an unclosed quote, a `#` that is no longer a comment) is seen and declined. Only a scalar
 * that covers exactly the edited span, with the same style and no new properties, is accepted.
 *
 * Takes over `previous.document`: it is updated in place and `previous` loses it.
 */
export function reparseEdit(previous: ParsedYaml, text: string): ParsedYaml | undefined {
  const { document } = previous;
  const old = previous.text;
  if (!document || document.errors.length || document.warnings.length || previous.value === undefined) return undefined;
  if (text.length > YAML_LIMITS.maxBytes) return undefined;
  // Directives (`%YAML 1.1`, `%TAG`) change how scalars resolve; pieces parsed alone would not know them.
  if (/^%/m.test(old)) return undefined;

  // The edit: old[start, oldEnd) became text[start, newEnd).
  let start = 0;
  const shorter = Math.min(old.length, text.length);
  while (start < shorter && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix < shorter - start &&
    old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)
  )
    suffix++;
  const oldEnd = old.length - suffix;
  if (old === text) {
    previous.document = undefined;
    return { text, lines: previous.lines, document, value: previous.value, diagnostics: [] };
  }
  const newEnd = text.length - suffix;
  const removed = old.slice(start, oldEnd);
  const inserted = text.slice(start, newEnd);
  if (/[\r\n]/.test(removed) || /[\r\n\u0000-\u0008\u000E-\u001F\uFFFD]/.test(inserted)) return undefined;
  // A full parse first scans the text for runaway nesting (brackets, quotes and comments in
  // scalars count there too); a linear scan, cheap next to a parse.
  if (findExcessiveNesting(text, YAML_LIMITS.maxDepth) >= 0) return undefined;

  const found = scalarAround(document, start, oldEnd);
  if (!found?.scalar.range) return undefined;
  const { scalar } = found;
  const delta = text.length - old.length;
  const newScalar = found.block
    ? editBlockScalar(scalar, old, text, start, delta)
    : editFlowScalar(found, old, text, start, oldEnd, delta);
  if (!newScalar) return undefined;

  // A new node for the edited scalar (features cache per node), and every later offset moved.
  const shift = (node: Node) => {
    const range = node.range;
    if (range)
      node.range = [
        range[0] >= oldEnd ? range[0] + delta : range[0],
        range[1] >= oldEnd ? range[1] + delta : range[1],
        range[2] >= oldEnd ? range[2] + delta : range[2],
      ];
  };
  let replacement: Scalar | undefined;
  const visitor: visitorFn<unknown> = (_key, node) => {
    // `visit` goes on to visit a node it was handed as a replacement: that one is already done.
    if (!isNode(node) || node === replacement) return undefined;
    if (node === scalar) {
      replacement = newScalar;
      return replacement;
    }
    shift(node);
    return undefined;
  };
  visit(document, visitor);
  if (document.range) {
    const [a, b, c] = document.range;
    document.range = [a, b >= oldEnd ? b + delta : b, c >= oldEnd ? c + delta : c];
  }

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch {
    return undefined;
  }
  previous.document = undefined;
  return { text, lines: new LineIndex(text), document, value, diagnostics: [] };
}

interface FoundScalar {
  scalar: Scalar;
  block: boolean;
  /**
   * Where the scalar stands: the value of a block mapping entry whose key is on the same line
   * (`k: …`, the very context the pieces are re-parsed in), an item of a block sequence, or
   * somewhere else (a key, inside `[…]`/`{…}`, the whole document), where the in-place path
   * does not go.
   */
  place: { kind: 'mapValue'; keyStart: number; keyEnd: number } | { kind: 'seqItem' } | { kind: 'other' };
}

/** The scalar whose source holds the whole edit, with where it stands. */
function scalarAround(
  document: NonNullable<ParsedYaml['document']>,
  start: number,
  end: number,
): FoundScalar | undefined {
  let found: FoundScalar | undefined;
  visit(document, {
    Scalar(key, node, path) {
      const range = node.range;
      if (!range || range[0] > start || end > range[1]) return undefined;
      const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
      const inFlow = path.some((ancestor) => isCollection(ancestor) && ancestor.flow === true);
      const parent = path[path.length - 1];
      const grandparent = path[path.length - 2];
      let place: FoundScalar['place'] = { kind: 'other' };
      if (
        !inFlow &&
        key === 'value' &&
        isPair(parent) &&
        isMap(grandparent) &&
        isScalar(parent.key) &&
        parent.key.range
      ) {
        place = { kind: 'mapValue', keyStart: parent.key.range[0], keyEnd: parent.key.range[1] };
      } else if (!inFlow && typeof key === 'number' && isSeq(parent)) {
        place = { kind: 'seqItem' };
      }
      found = { scalar: node, block, place };
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * The block scalar after an edit inside one of its content lines, after the line's first
 * character: then the line keeps its indentation and stays non-empty, so the block keeps its shape.
 */
function editBlockScalar(scalar: Scalar, old: string, text: string, start: number, delta: number): Scalar | undefined {
  if (scalar.anchor || scalar.tag) return undefined;
  const [scalarStart, scalarEnd, nodeEnd] = scalar.range!;
  const lineStart = Math.max(old.lastIndexOf('\n', start - 1), old.lastIndexOf('\r', start - 1)) + 1;
  if (!/^[ ]+\S/.test(old.slice(lineStart, start))) return undefined;
  const headerEnd = old.indexOf('\n', scalarStart);
  if (headerEnd < 0 || lineStart <= headerEnd) return undefined;
  // An explicit indentation indicator (`|2`) is relative to the parent: not worth the risk.
  if (/^[|>][+-]?[1-9]|^[|>][1-9]/.test(old.slice(scalarStart, headerEnd))) return undefined;
  const before = parseAlone(old.slice(scalarStart, scalarEnd));
  const after = parseAlone(text.slice(scalarStart, scalarEnd + delta));
  if (
    !before ||
    !after ||
    before.value !== scalar.value ||
    before.source !== scalar.source ||
    before.type !== scalar.type
  )
    return undefined;
  if (
    after.type !== scalar.type ||
    typeof after.value !== 'string' ||
    after.range![1] !== scalarEnd + delta - scalarStart
  )
    return undefined;
  return adopt(scalar, after, [scalarStart, scalarEnd + delta, nodeEnd + delta]);
}

/**
 * A one-line plain or quoted value after an edit inside it. The scalar's new source, with the
 * rest of its line and one more line after it, must parse as one scalar of the same style that
 * ends exactly where the old one ended (moved by the edit) — so a `: `, ` #`, quote or other
 * indicator the edit brought in, or one that no longer ends the scalar, sends the caller to a
 * full parse.
 */
function editFlowScalar(
  found: FoundScalar,
  old: string,
  text: string,
  start: number,
  oldEnd: number,
  delta: number,
): Scalar | undefined {
  const { scalar, place } = found;
  const [scalarStart, scalarEnd, nodeEnd] = scalar.range!;
  if (place.kind === 'other' || scalar.anchor || scalar.tag) return undefined;
  // An empty value ends where its line ends, not where its source does: not in place.
  if (scalarEnd <= scalarStart || scalarEnd + delta <= scalarStart) return undefined;
  if (/[\r\n]/.test(old.slice(scalarStart, scalarEnd))) return undefined;
  const quoted = scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE;
  if (scalar.type !== Scalar.PLAIN && !quoted) return undefined;
  const lineStart = old.lastIndexOf('\n', scalarStart - 1) + 1;
  if (place.kind === 'mapValue') {
    // `key: value` on one line, the key after nothing but indentation and list markers.
    if (
      place.keyStart < lineStart ||
      !/^[ ]*(?:-[ ]+)*$/.test(old.slice(lineStart, place.keyStart)) ||
      !/^[ \t]*:[ \t]+$/.test(old.slice(place.keyEnd, scalarStart))
    )
      return undefined;
  } else if (!/^[ ]*(?:-[ ]+)+$/.test(old.slice(lineStart, scalarStart))) return undefined;
  // Quotes stay where they are. The first character of a plain value may change only where the
  // value is re-parsed in its own context (a mapping value: `k: …`), not as a list item.
  if (
    quoted
      ? start <= scalarStart || oldEnd >= scalarEnd
      : start < scalarStart || (start === scalarStart && place.kind !== 'mapValue')
  )
    return undefined;

  // The rest of the line is unchanged by the edit: trailing space and a comment, or nothing.
  const newScalarEnd = scalarEnd + delta;
  let lineEnd = text.indexOf('\n', newScalarEnd);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  // A lone `\r` is not a line break to the parser; it is to the editor. Not worth the risk.
  if (text.slice(newScalarEnd, lineEnd).includes('\r')) return undefined;
  const line = text.slice(scalarStart, lineEnd);
  const context = parseDocument(`k: ${line}\nz: 0\n`, PARSE_OPTIONS);
  if (
    context.errors.length ||
    context.warnings.length ||
    !isMap(context.contents) ||
    context.contents.items.length !== 2
  )
    return undefined;
  const [pair, sentinel] = context.contents.items;
  if (!isScalar(sentinel.value) || sentinel.value.value !== 0 || !isScalar(pair.value)) return undefined;
  const alone = pair.value;
  if (
    alone.type !== scalar.type ||
    alone.anchor ||
    alone.tag ||
    !alone.range ||
    alone.range[0] !== 3 ||
    alone.range[1] !== 3 + newScalarEnd - scalarStart
  )
    return undefined;
  return adopt(scalar, alone, [scalarStart, newScalarEnd, nodeEnd + delta]);
}

/**
 * The re-parsed scalar in the place of the old one: its value, source and style are new; what
 * surrounds it in the file (comments, blank lines before it) and where its node ends are not.
 */
function adopt(old: Scalar, parsed: Scalar, range: [number, number, number]): Scalar {
  parsed.range = range;
  for (const key of ['comment', 'commentBefore', 'spaceBefore'] as const) {
    if (old[key] === undefined) delete parsed[key];
    else (parsed as unknown as Record<string, unknown>)[key] = old[key];
  }
  return parsed;
}

/** A scalar's source parsed as the value of a one-key mapping; offsets made relative to the source. */
function parseAlone(source: string): Scalar | undefined {
  const doc = parseDocument(`k: ${source}`, PARSE_OPTIONS);
  if (doc.errors.length || doc.warnings.length) return undefined;
  const value = doc.get('k', true);
  if (!(value instanceof Scalar) || !value.range) return undefined;
  value.range = [value.range[0] - 3, value.range[1] - 3, value.range[2] - 3];
  return value;
}
