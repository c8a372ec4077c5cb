/**
 * Positions and ranges in the shape LSP uses (0-based line, UTF-16 character), so the
 * language server passes them through untouched; the engine itself knows nothing of LSP.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** A half-open span of UTF-16 offsets into a document's text. */
export interface Span {
  start: number;
  end: number;
}

/** Converts offsets to positions for one text; built once per document version. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(
    readonly text: string,
    /** Line starts already known for `text` (see `afterEdit`). */
    lineStarts?: number[],
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /**
   * The index of `text`, this index's text after an edit at `at` that added or removed no line
   * break: the lines after the edit's line start `delta` characters later. Linear in lines, not characters.
   */
  afterEdit(text: string, at: number, delta: number): LineIndex {
    const starts = this.lineStarts.slice();
    if (delta !== 0) for (let i = starts.length - 1; i > 0 && starts[i] > at; i--) starts[i] += delta;
    return new LineIndex(text, starts);
  }

  /**
   * The index of `text`, this index's text with [start, oldEnd) replaced by `text`'s [start, newEnd),
   * line breaks and all. Neither end of the edit may split a `\r\n` (the caller checks): the line
   * starts inside the old stretch give way to those of the new one, and the ones after it move.
   */
  afterLinesEdit(text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const old = this.lineStarts;
    const delta = newEnd - oldEnd;
    let first = 1;
    while (first < old.length && old[first] <= start) first++;
    let after = first;
    while (after < old.length && old[after] <= oldEnd) after++;
    const starts = old.slice(0, first);
    for (let i = start; i < newEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    for (let i = after; i < old.length; i++) starts.push(old[i] + delta);
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /**
   * The position of an offset. An offset between the `\r` and `\n` of a line break is not a
   * place in the editor (it would be past the end of the line): it counts as the end of the line.
   */
  positionAt(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    if (clamped > 0 && this.text.charCodeAt(clamped - 1) === 13 && this.text.charCodeAt(clamped) === 10) clamped--;
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  /** The offset of a position; a character past the end of its line means the end of the line (as in LSP). */
  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  /** The offset where a line's content ends, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    const next = this.lineStarts[line + 1];
    return this.text.charCodeAt(next - 1) === 10 && this.text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}
