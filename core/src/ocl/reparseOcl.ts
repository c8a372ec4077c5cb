/**
 * Updates the parse of an OCL file after an edit inside one line of a quoted string, or anywhere
 * inside a heredoc's body lines (adding or removing lines too) — typing in a script or a value —
 * without parsing the whole text again: that string is read again alone, replaces the old one in
 * the tree, and every span after the edit moves by the edit's length. Returns undefined whenever that cannot be shown to give the same
 * result as a full parse (the caller then parses in full); `reparseOcl.fuzz.test.ts` compares the two.
 *
 * Why the result equals a full parse: the previous text parsed without errors, so every token
 * sits where the grammar put it and no error recovery scanned across lines; the edit changes
 * characters of one string token only (line breaks only inside a heredoc's body, where a line
 * break is one more character of the string until a line holds the end tag); and the string,
 * read again from its start with the same reader, ends exactly where the old one ended (moved by
 * the edit) without an error. The tokens before and after it are then the same characters as
 * before, read in the same state, so the parser reads them the same way.
 *
 * Takes `previous` over: its tree is updated in place and `previous` must not be used afterwards.
 */
import type { Span } from '../text';
import type { OclBlock, OclElement, OclString, OclValue } from './ast';
import { MAX_OCL_LENGTH, parseOclStringAt, type ParsedOcl } from './parseOcl';

/** What an in-place update changed, for the loader to reuse what it loaded from the parse before. */
export interface OclEdit {
  /** The parse this one was updated from (taken over: its tree is this one's). */
  from: ParsedOcl;
  /** Blocks on the edited lines: everything loaded from them is loaded again. */
  changed: ReadonlySet<OclBlock>;
  /** Lines the edit added (or, below 0, removed) in a heredoc: what was loaded below it moves down by as many. */
  lineDelta: number;
  /** The line (in the text before) where the edit starts: ranges kept from below it move by `lineDelta`. */
  editLine: number;
}

/** Parses taken over by an update: their tree now belongs to a newer parse. */
const takenOver = new WeakSet<ParsedOcl>();
/** How each updated parse came from the one before (a weak map: the parse type stays plain data). */
const edits = new WeakMap<ParsedOcl, OclEdit>();

export function editOf(parsed: ParsedOcl): OclEdit | undefined {
  return edits.get(parsed);
}

export function reparseOclEdit(previous: ParsedOcl, text: string): ParsedOcl | undefined {
  const old = previous.text;
  if (takenOver.has(previous) || previous.errors.length || text.length > MAX_OCL_LENGTH) return undefined;
  if (old === text) return undefined;

  // The edit: old[start, oldEnd) became text[start, newEnd).
  const shorter = Math.min(old.length, text.length);
  const start = commonPrefix(old, text, shorter);
  const suffix = commonSuffix(old, text, shorter - start);
  const oldEnd = old.length - suffix;
  const newEnd = text.length - suffix;
  const delta = text.length - old.length;
  // Line breaks may come or go only inside a heredoc's body. Next to a `\r`, a character decides
  // whether `\r\n` is one break or two: an edit that starts after a `\r` or ends on one is left alone.
  const breaks = hasLineBreak(old, start, oldEnd) || hasLineBreak(text, start, newEnd);
  if (old.charCodeAt(start - 1) === 13) return undefined;
  if (breaks && ((oldEnd > start && old.charCodeAt(oldEnd - 1) === 13) || text.charCodeAt(newEnd - 1) === 13))
    return undefined;

  const found = stringAround(previous.document.children, old, start, oldEnd);
  if (!found) return undefined;
  const { node } = found;
  if (breaks && !node.heredoc) return undefined;
  const reread = parseOclStringAt(text, node.span.start);
  const value = reread.value;
  if (
    reread.errors.length ||
    value.kind !== 'string' ||
    value.span.end !== node.span.end + delta ||
    !!value.heredoc !== !!node.heredoc ||
    (node.heredoc && (value.heredoc!.tag !== node.heredoc.tag || value.heredoc!.indented !== node.heredoc.indented))
  )
    return undefined;

  // The edited lines, in the new text: blocks on them are loaded again.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', newEnd);
  if (lineEnd < 0) lineEnd = text.length;
  const changed = new Set<OclBlock>();
  const move = (span: Span) => {
    if (span.start >= oldEnd) span.start += delta;
    if (span.end >= oldEnd) span.end += delta;
  };
  if (delta !== 0) move(previous.document.span);
  shiftElements(previous.document.children, move, delta !== 0, lineStart, lineEnd, changed);
  found.replace(value);

  takenOver.add(previous);
  // Only the last step is kept: a chain of earlier parses would hold every version's text.
  edits.delete(previous);
  const lines = breaks
    ? previous.lines.afterLinesEdit(text, start, oldEnd, newEnd)
    : previous.lines.afterEdit(text, start, delta);
  const parsed: ParsedOcl = { text, lines, document: previous.document, errors: [] };
  const lineDelta = lines.lineCount - previous.lines.lineCount;
  edits.set(parsed, { from: previous, changed, lineDelta, editLine: previous.lines.positionAt(start).line });
  return parsed;
}

/** Compared a chunk at a time first (a native comparison of two slices), then a character at a time. */
const CHUNK = 2048;

function commonPrefix(a: string, b: string, limit: number): number {
  let at = 0;
  while (at + CHUNK <= limit && a.slice(at, at + CHUNK) === b.slice(at, at + CHUNK)) at += CHUNK;
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let n = 0;
  while (
    n + CHUNK <= limit &&
    a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)
  )
    n += CHUNK;
  while (n < limit && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

function hasLineBreak(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

interface FoundString {
  node: OclString;
  /** Puts the re-read string in the old one's place. */
  replace: (value: OclString) => void;
}

const within = (span: Span, start: number, end: number) => span.start <= start && end <= span.end;

/**
 * The string token whose inside holds the whole edit: between a quoted string's quotes, or in
 * a heredoc's body lines (not its `<<TAG` line, nor its end-tag line).
 */
function stringAround(
  elements: readonly OclElement[],
  text: string,
  start: number,
  end: number,
): FoundString | undefined {
  // Elements are in text order: a binary search finds the one that holds the edit.
  const element = elementAt(elements, start, end);
  if (!element) return undefined;
  if (element.kind === 'block') {
    for (const label of element.labels)
      if (insideQuotes(label.span, text, start, end))
        return {
          node: { kind: 'string', value: label.value, span: label.span },
          replace: (value) => {
            label.value = value.value;
            label.span = value.span;
          },
        };
    return stringAround(element.children, text, start, end);
  }
  const value = element.value;
  if (value.kind === 'dictionary') {
    for (const entry of value.entries) {
      if (!within(entry.span, start, end)) continue;
      if (entry.quoted && insideQuotes(entry.keySpan, text, start, end))
        return {
          node: { kind: 'string', value: entry.key, span: entry.keySpan },
          replace: (key) => {
            entry.key = key.value;
            entry.keySpan = key.span;
          },
        };
      return inValue(entry.value, text, start, end, (v) => (entry.value = v));
    }
    return undefined;
  }
  return inValue(value, text, start, end, (v) => (element.value = v));
}

function inValue(
  value: OclValue,
  text: string,
  start: number,
  end: number,
  set: (value: OclString) => void,
): FoundString | undefined {
  if (value.kind === 'array') {
    const items = value.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.kind === 'string' && insideQuotes(item.span, text, start, end))
        return { node: item, replace: (v) => (items[i] = v) };
    }
    return undefined;
  }
  if (value.kind !== 'string') return undefined;
  if (value.heredoc) {
    // Body lines run from the line after `<<TAG` to the end tag; the end tag line's indentation
    // counts too (an editor adding a line above the tag often inserts after that indentation).
    const bodyStart = text.indexOf('\n', value.span.start) + 1;
    const endTagLine = text.lastIndexOf('\n', value.span.end - 1) + 1;
    let tagStart = endTagLine;
    while (text.charCodeAt(tagStart) === 32 || text.charCodeAt(tagStart) === 9) tagStart++;
    if (bodyStart <= 0 || start < bodyStart || end > tagStart || endTagLine <= bodyStart) return undefined;
    return { node: value, replace: set };
  }
  return insideQuotes(value.span, text, start, end) ? { node: value, replace: set } : undefined;
}

/** Strictly between a closed quoted string's quotes. */
function insideQuotes(span: Span, text: string, start: number, end: number): boolean {
  return (
    text.charCodeAt(span.start) === 34 &&
    span.end - span.start >= 2 &&
    text.charCodeAt(span.end - 1) === 34 &&
    start > span.start &&
    end < span.end
  );
}

function elementAt(elements: readonly OclElement[], start: number, end: number): OclElement | undefined {
  let low = 0;
  let high = elements.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = elements[mid].span;
    if (span.end < start) low = mid + 1;
    else if (span.start > end) high = mid - 1;
    else return within(span, start, end) ? elements[mid] : undefined;
  }
  return undefined;
}

/** Moves every span after the edit, and collects the blocks that reach onto the edited line. */
function shiftElements(
  elements: readonly OclElement[],
  move: (span: Span) => void,
  shift: boolean,
  lineStart: number,
  lineEnd: number,
  changed: Set<OclBlock>,
): void {
  for (const element of elements) {
    if (element.kind === 'block') {
      if (shift) {
        move(element.span);
        move(element.nameSpan);
        for (const label of element.labels) move(label.span);
        if (element.open) move(element.open);
        if (element.close) move(element.close);
      }
      // Only blocks whose span reaches the edited line are walked for `changed`; the others just move.
      if (element.span.start <= lineEnd && element.span.end >= lineStart) changed.add(element);
      if (shift || changed.has(element)) shiftElements(element.children, move, shift, lineStart, lineEnd, changed);
      continue;
    }
    if (!shift) continue;
    move(element.span);
    move(element.nameSpan);
    shiftValue(element.value, move);
  }
}

function shiftValue(value: OclValue, move: (span: Span) => void): void {
  move(value.span);
  if (value.kind === 'array') for (const item of value.items) move(item.span);
  else if (value.kind === 'dictionary')
    for (const entry of value.entries) {
      move(entry.span);
      move(entry.keySpan);
      shiftValue(entry.value, move);
    }
}
