import { isNode, parseDocument, Scalar, visit, visitorFn, type Node } from 'yaml';
import { LineIndex } from '../text';
import { YAML_LIMITS, type ParsedYaml } from './parseYaml';

/**
 * Updates a parse after an edit that only changes text inside one line of a block scalar —
 * typing in a script, the most common edit in a process file — without parsing the whole text
 * again: the scalar gets its new value, every node after the edit moves by the edit's length,
 * and the rest of the tree is kept. Returns undefined whenever that cannot be shown to give the
 * same result as a full parse (the caller then parses in full).
 *
 * Takes over `previous.document`: it is updated in place and `previous` loses it.
 */
export function reparseEdit(previous: ParsedYaml, text: string): ParsedYaml | undefined {
  const { document } = previous;
  const old = previous.text;
  if (!document || document.errors.length || document.warnings.length || previous.value === undefined) return undefined;
  if (text.length > YAML_LIMITS.maxBytes) return undefined;

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

  // It must sit in a content line of a block scalar, after the line's first character: then the
  // line keeps its indentation and stays non-empty, so the block keeps its shape.
  const lineStart = Math.max(old.lastIndexOf('\n', start - 1), old.lastIndexOf('\r', start - 1)) + 1;
  const beforeEdit = old.slice(lineStart, start);
  if (!/^[ ]+\S/.test(beforeEdit)) return undefined;
  const scalar = blockScalarAround(document, start, oldEnd);
  if (!scalar?.range) return undefined;
  const [scalarStart, scalarEnd] = scalar.range;
  const headerEnd = old.indexOf('\n', scalarStart);
  if (headerEnd < 0 || lineStart <= headerEnd) return undefined;
  // An explicit indentation indicator (`|2`) is relative to the parent: not worth the risk.
  if (/^[|>][+-]?[1-9]|^[|>][1-9]/.test(old.slice(scalarStart, headerEnd))) return undefined;

  const delta = text.length - old.length;
  const oldValue = blockValue(old.slice(scalarStart, scalarEnd));
  const newValue = blockValue(text.slice(scalarStart, scalarEnd + delta));
  if (oldValue !== scalar.value || newValue === undefined) return undefined;

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
      replacement = scalar.clone() as Scalar;
      replacement.value = newValue;
      shift(replacement);
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

function blockScalarAround(document: NonNullable<ParsedYaml['document']>, start: number, end: number): Scalar | undefined {
  let found: Scalar | undefined;
  visit(document, {
    Scalar(_key, node) {
      const range = node.range;
      if (!range || range[0] >= start || end > range[1]) return undefined;
      if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** The value of a block scalar's source (`|…` with its content lines), parsed on its own. */
function blockValue(source: string): string | undefined {
  const doc = parseDocument(`k: ${source}`);
  if (doc.errors.length || doc.warnings.length) return undefined;
  const value = doc.get('k', true);
  return value instanceof Scalar && typeof value.value === 'string' ? value.value : undefined;
}
