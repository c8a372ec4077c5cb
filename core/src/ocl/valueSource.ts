/**
 * Maps the characters of an OCL string value back to the file: through the escapes of a quoted
 * string, and through the unindent of a heredoc, so a template error in a script points at the
 * exact characters. Offsets are computed on first use: most strings are never asked.
 */
import type { ValueSource } from '../model/types';
import type { Range, Span } from '../text';
import type { OclString } from './ast';
import { heredocBodyLines, heredocLayout } from './parseOcl';

/** Where a value's file text is read from: a loaded file's current parse (it moves on with in-place updates). */
export interface OclTextSource {
  readonly parsed: { readonly text: string };
}

export class OclValueSource implements ValueSource {
  private computed: Int32Array | null | undefined;
  /** The parse the offsets were computed on: after an in-place update they are computed again. */
  private computedFor: object | undefined;
  readonly value: string;
  /** The node's own span object: an in-place update moves it with the text. */
  readonly span: Span;

  constructor(
    private readonly node: OclString,
    private readonly file: string | OclTextSource,
    /** Ranges in the value's own file (see `fileOfRange`). */
    readonly rangeOf?: (span: Span) => Range,
  ) {
    this.value = node.value;
    this.span = node.span;
  }

  get offsets(): Int32Array | undefined {
    const file = this.file;
    const version = typeof file === 'string' ? this : file.parsed;
    if (this.computed === undefined || this.computedFor !== version) {
      const text = typeof file === 'string' ? file : file.parsed.text;
      const offsets = this.node.heredoc ? heredocOffsets(text, this.node) : quotedOffsets(text, this.node);
      this.computed = offsets && offsets.length === this.value.length + 1 ? offsets : null;
      this.computedFor = version;
    }
    return this.computed ?? undefined;
  }
}

function quotedOffsets(text: string, node: OclString): Int32Array {
  const out: number[] = [];
  let i = node.span.start + 1;
  const end = text.charCodeAt(node.span.end - 1) === 34 ? node.span.end - 1 : node.span.end;
  while (i < end) {
    out.push(i);
    i += text.charCodeAt(i) === 92 ? 2 : 1;
  }
  out.push(end);
  return Int32Array.from(out);
}

function heredocOffsets(text: string, node: OclString): Int32Array | undefined {
  const { lines, endTagIndent } = heredocBodyLines(text, node);
  const { unindent, crlf } = heredocLayout(text, lines, endTagIndent, node.heredoc?.indented ?? false);
  const out: number[] = [];
  lines.forEach((line, index) => {
    let end = line.end;
    while (end > line.start && text.charCodeAt(end - 1) === 13) end--;
    for (let at = line.start + unindent; at < end; at++) out.push(at);
    if (index < lines.length - 1) {
      if (crlf) out.push(end);
      out.push(line.end);
    }
  });
  out.push(lines.length ? lines[lines.length - 1].end : node.span.end);
  return Int32Array.from(out);
}
