import { Scalar } from 'yaml';
import type { Span } from '../text';
import type { ValueSource } from '../model/types';

/**
 * Maps offsets in a scalar's parsed value back to offsets in the document text, so that a
 * template error inside a double-quoted string with escapes, or inside a block scalar, points at
 * the exact characters the user typed.
 */
export class ScalarSource implements ValueSource {
  private decoded: Int32Array | null | undefined;

  constructor(
    /** The parsed string value, as the YAML library returned it. */
    readonly value: string,
    /** Source span of the whole scalar (quotes and block header included). */
    readonly span: Span,
    private readonly type: Scalar.Type | undefined,
    private readonly text: string,
  ) {}

  /**
   * Document offset of each value character, plus one for the end; undefined when the scalar
   * cannot be mapped exactly. Computed on first use: most scalars are never asked.
   */
  get offsets(): Int32Array | undefined {
    if (this.decoded === undefined) {
      const decoded = decodeScalar(this.text, this.span.start, this.span.end, this.type);
      this.decoded = decoded && decoded.value === this.value ? decoded.offsets : null;
    }
    return this.decoded ?? undefined;
  }
}

export function scalarSource(node: Scalar, text: string): ScalarSource | undefined {
  if (!node.range || typeof node.value !== 'string') return undefined;
  return new ScalarSource(node.value, { start: node.range[0], end: node.range[1] }, node.type, text);
}

/** Maps a span of the scalar's value to a span of the document. */
export function mapValueSpan(source: ValueSource, span: Span): Span {
  const { offsets } = source;
  if (!offsets) return { start: source.span.start, end: source.span.end };
  const start = offsets[Math.min(span.start, offsets.length - 1)];
  const lastChar = Math.max(span.start, span.end - 1);
  const end = span.end > span.start ? offsets[Math.min(lastChar, offsets.length - 1)] + 1 : start;
  return { start, end: Math.max(start, end) };
}

interface Decoded {
  value: string;
  offsets: Int32Array;
}

class Builder {
  chars: string[] = [];
  offs: number[] = [];
  push(ch: string, at: number) {
    this.chars.push(ch);
    this.offs.push(at);
  }
  finish(endOffset: number): Decoded {
    this.offs.push(endOffset);
    return { value: this.chars.join(''), offsets: Int32Array.from(this.offs) };
  }
}

function decodeScalar(text: string, start: number, end: number, type: Scalar.Type | undefined): Decoded | undefined {
  switch (type) {
    case Scalar.PLAIN:
      return decodeFlow(text, start, end, 'plain');
    case Scalar.QUOTE_SINGLE:
      return decodeFlow(text, start + 1, end - 1, 'single');
    case Scalar.QUOTE_DOUBLE:
      return decodeFlow(text, start + 1, end - 1, 'double');
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      return decodeBlock(text, start, end, type === Scalar.BLOCK_FOLDED);
    default:
      return undefined;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Plain and quoted scalars: line folding, `''` in single quotes, escapes in double quotes. */
function decodeFlow(
  text: string,
  start: number,
  end: number,
  style: 'plain' | 'single' | 'double',
): Decoded | undefined {
  const out = new Builder();
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      // Fold: drop trailing white space already emitted on this line, count empty lines.
      while (
        out.chars.length &&
        (out.chars[out.chars.length - 1] === ' ' || out.chars[out.chars.length - 1] === '\t') &&
        out.offs[out.offs.length - 1] >= lineStartOf(text, i)
      ) {
        if (style === 'double' && isEscapedSpace(text, out.offs[out.offs.length - 1])) break;
        out.chars.pop();
        out.offs.pop();
      }
      const breakAt = i;
      let emptyLines = 0;
      i = skipBreak(text, i);
      for (;;) {
        while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
        if (i < end && (text[i] === '\n' || text[i] === '\r')) {
          emptyLines++;
          i = skipBreak(text, i);
        } else break;
      }
      if (emptyLines === 0) out.push(' ', breakAt);
      else for (let k = 0; k < emptyLines; k++) out.push('\n', breakAt);
      continue;
    }
    if (style === 'single' && c === "'" && text[i + 1] === "'") {
      out.push("'", i);
      i += 2;
      continue;
    }
    if (style === 'double' && c === '\\') {
      const e = text[i + 1];
      if (e === '\n' || e === '\r') {
        // Escaped line break: joins lines without a space.
        i = skipBreak(text, i + 1);
        while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
        continue;
      }
      if (e in SIMPLE_ESCAPES) {
        out.push(SIMPLE_ESCAPES[e], i);
        i += 2;
        continue;
      }
      const hexLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (!hexLength) return undefined;
      const code = parseInt(text.slice(i + 2, i + 2 + hexLength), 16);
      if (Number.isNaN(code)) return undefined;
      for (const ch of String.fromCodePoint(code)) out.push(ch, i);
      i += 2 + hexLength;
      continue;
    }
    out.push(c, i);
    i++;
  }
  return out.finish(end);
}

function isEscapedSpace(text: string, at: number): boolean {
  return text[at - 1] === '\\';
}

function lineStartOf(text: string, i: number): number {
  const nl = text.lastIndexOf('\n', i - 1);
  return nl + 1;
}

function skipBreak(text: string, i: number): number {
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  return i + 1;
}

/** Block scalars: `|` keeps line breaks, `>` folds them; indentation is stripped. */
function decodeBlock(text: string, start: number, end: number, folded: boolean): Decoded | undefined {
  let i = start + 1;
  let explicitIndent = 0;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  while (i < end && text[i] !== '\n' && text[i] !== '\r' && text[i] !== ' ' && text[i] !== '#') {
    const h = text[i];
    if (h === '-') chomp = 'strip';
    else if (h === '+') chomp = 'keep';
    else if (h >= '1' && h <= '9') explicitIndent = Number(h);
    i++;
  }
  while (i < end && text[i] !== '\n' && text[i] !== '\r') i++;
  if (i >= end) return { value: '', offsets: Int32Array.from([end]) };
  i = skipBreak(text, i);

  // Split the body into lines with their offsets.
  const lines: { at: number; text: string }[] = [];
  while (i < end) {
    let j = i;
    while (j < end && text[j] !== '\n' && text[j] !== '\r') j++;
    lines.push({ at: i, text: text.slice(i, j) });
    i = j < end ? skipBreak(text, j) : j;
  }
  let indent = explicitIndent;
  if (!indent) {
    const first = lines.find((l) => l.text.trim() !== '');
    if (!first) return undefined;
    indent = first.text.length - first.text.trimStart().length;
  } else {
    const parentIndent = lineIndentBefore(text, start);
    indent += parentIndent;
  }

  const out = new Builder();
  let pendingBreaks: number[] = [];
  let sawContent = false;
  let previousMoreIndented = false;
  for (const line of lines) {
    const isEmpty =
      line.text.slice(0, indent).trim() === '' && line.text.length <= indent
        ? true
        : line.text.trim() === '' && line.text.length <= indent;
    if (isEmpty) {
      pendingBreaks.push(line.at + line.text.length);
      continue;
    }
    const content = line.text.slice(indent);
    const moreIndented = content.startsWith(' ') || content.startsWith('\t');
    if (sawContent) {
      // The break that ended the previous content line, then the empty lines.
      const [first, ...rest] = pendingBreaks;
      if (folded && !moreIndented && !previousMoreIndented) {
        if (rest.length === 0) out.push(' ', first);
        else for (const at of rest) out.push('\n', at);
      } else {
        out.push('\n', first);
        for (const at of rest) out.push('\n', at);
      }
    } else {
      for (const at of pendingBreaks) out.push('\n', at);
    }
    pendingBreaks = [];
    for (let k = 0; k < content.length; k++) out.push(content[k], line.at + indent + k);
    pendingBreaks.push(line.at + line.text.length);
    sawContent = true;
    previousMoreIndented = moreIndented;
  }
  if (sawContent) {
    if (chomp === 'clip') out.push('\n', pendingBreaks[0]);
    else if (chomp === 'keep') for (const at of pendingBreaks) out.push('\n', at);
  } else if (chomp === 'keep') {
    for (const at of pendingBreaks) out.push('\n', at);
  }
  return out.finish(end);
}

function lineIndentBefore(text: string, at: number): number {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let n = 0;
  while (text[lineStart + n] === ' ') n++;
  return n;
}
