import { isCollection, isNode, parseDocument, Scalar, visit, visitorFn, type Node } from 'yaml';
import { LineIndex } from '../text';
import { PARSE_OPTIONS, YAML_LIMITS, type ParsedYaml } from './parseYaml';

/**
 * Updates a parse after an edit that only changes one scalar value — typing in a script (a line
 * of a block scalar), a step name or a quoted value — without parsing the whole text again: the
 * scalar is replaced, every node after the edit moves by the edit's length, and the rest of the
 * tree is kept. Returns undefined whenever that cannot be shown to give the
 * same result as a full parse (the caller then parses in full).
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
  while (suffix < shorter - start && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const oldEnd = old.length - suffix;
  if (old === text) {
    previous.document = undefined;
    return { text, lines: previous.lines, document, value: previous.value, diagnostics: [] };
  }
  const newEnd = text.length - suffix;
  const removed = old.slice(start, oldEnd);
  const inserted = text.slice(start, newEnd);
  if (/[\r\n]/.test(removed) || /[\r\n\u0000-\u0008\u000E-\u001F\uFFFD]/.test(inserted)) return undefined;

  const found = scalarAround(document, start, oldEnd);
  if (!found?.scalar.range) return undefined;
  const { scalar } = found;
  const delta = text.length - old.length;
  const newScalar = found.block ? editBlockScalar(scalar, old, text, start, delta) : editFlowScalar(found, old, text, start, oldEnd, delta);
  if (!newScalar) return undefined;

  // A new node for the edited scalar (features cache per node), and every later offset moved.
  const shift = (node: Node) => {
    const range = node.range;
    if (range) node.range = [range[0] >= oldEnd ? range[0] + delta : range[0], range[1] >= oldEnd ? range[1] + delta : range[1], range[2] >= oldEnd ? range[2] + delta : range[2]];
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
  /** A mapping key (editing one can clash with a sibling), or inside `[…]`/`{…}` (other rules for plain text). */
  keyOrFlow: boolean;
  /** The value of a block mapping entry: the very context `parseAlone` re-creates. */
  mapValue: boolean;
}

/** The scalar whose source holds the whole edit, with where it stands. */
function scalarAround(document: NonNullable<ParsedYaml['document']>, start: number, end: number): FoundScalar | undefined {
  let found: FoundScalar | undefined;
  visit(document, {
    Scalar(key, node, path) {
      const range = node.range;
      if (!range || range[0] > start || end > range[1]) return undefined;
      const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
      const keyOrFlow = key === 'key' || path.some((ancestor) => isCollection(ancestor) && ancestor.flow === true);
      found = { scalar: node, block, keyOrFlow, mapValue: key === 'value' };
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
  const [scalarStart, scalarEnd] = scalar.range!;
  const lineStart = Math.max(old.lastIndexOf('\n', start - 1), old.lastIndexOf('\r', start - 1)) + 1;
  if (!/^[ ]+\S/.test(old.slice(lineStart, start))) return undefined;
  const headerEnd = old.indexOf('\n', scalarStart);
  if (headerEnd < 0 || lineStart <= headerEnd) return undefined;
  // An explicit indentation indicator (`|2`) is relative to the parent: not worth the risk.
  if (/^[|>][+-]?[1-9]|^[|>][1-9]/.test(old.slice(scalarStart, headerEnd))) return undefined;
  const before = parseAlone(old.slice(scalarStart, scalarEnd));
  const after = parseAlone(text.slice(scalarStart, scalarEnd + delta));
  if (!before || !after || before.value !== scalar.value || typeof after.value !== 'string') return undefined;
  const replacement = scalar.clone() as Scalar;
  replacement.value = after.value;
  replacement.range = [scalar.range![0], scalar.range![1] + delta, scalar.range![2] + delta];
  return replacement;
}

/**
 * A one-line plain or quoted value after an edit inside it. The scalar's new source must parse,
 * alone, as one scalar of the same style covering all of it — so a `: `, ` #`, quote or other
 * indicator the edit brought in (which would change the structure) sends the caller to a full parse.
 */
function editFlowScalar(found: FoundScalar, old: string, text: string, start: number, oldEnd: number, delta: number): Scalar | undefined {
  const { scalar } = found;
  const [scalarStart, scalarEnd, nodeEnd] = scalar.range!;
  if (found.keyOrFlow || scalar.anchor || scalar.tag) return undefined;
  if (/[\r\n]/.test(old.slice(scalarStart, scalarEnd))) return undefined;
  const quoted = scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE;
  if (scalar.type !== Scalar.PLAIN && !quoted) return undefined;
  // Quotes stay where they are. The first character of a plain value may change only where the
  // value is re-parsed in its own context (a mapping value: `k: …`), not as a list item.
  if (quoted ? start <= scalarStart || oldEnd >= scalarEnd : start < scalarStart || (start === scalarStart && !found.mapValue)) return undefined;
  const source = text.slice(scalarStart, scalarEnd + delta);
  const alone = parseAlone(source);
  if (!alone || alone.type !== scalar.type || alone.range![0] !== 0 || alone.range![1] !== source.length) return undefined;
  alone.range = [scalarStart, scalarEnd + delta, nodeEnd + delta];
  return alone;
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
