/**
 * Parses OCL with the grammar of Octopus's own parser (OctopusDeploy/Ocl, `source/Ocl/Parsing`):
 * blocks with quoted labels, attributes whose name, `=` and value start share one line,
 * dictionaries with bare (dotted) or quoted keys, homogeneous arrays of strings, ints or
 * decimals, `null`/`true`/`false`, quoted strings with the escapes `\r \n \t \\ \"`, and heredocs
 * (`<<TAG`, `<<-TAG` with Octopus's unindent rule). There are no comments.
 *
 * Unlike Octopus's parser it never stops at the first error: it reports it with its span, skips
 * to a point it can resume from (the end of the line, or the braces of a block), and reports the
 * next ones. It never throws, and every loop advances, so hostile input costs linear time.
 * Only `\n` ends a line, as in Octopus's parser; `\r` is whitespace.
 */
import { LineIndex, type Span } from '../text';
import { isLetterOrDigit, isWhiteSpace } from '../template/chars';
import type {
  OclArray,
  OclAttribute,
  OclBlock,
  OclDictionary,
  OclDictionaryEntry,
  OclDocument,
  OclElement,
  OclLabel,
  OclNumber,
  OclString,
  OclSyntaxError,
  OclValue,
} from './ast';

export interface ParsedOcl {
  text: string;
  lines: LineIndex;
  document: OclDocument;
  errors: OclSyntaxError[];
}

/** Files larger than this are reported, not parsed (the same limit as process files). */
export const MAX_OCL_LENGTH = 8 * 1024 * 1024;
/** Blocks nest a few levels in real files; deeper input is skipped so recursion stays bounded. */
export const MAX_OCL_DEPTH = 64;
const MAX_ERRORS = 100;
const INT_MAX = 2147483647;

export function parseOcl(text: string): ParsedOcl {
  const lines = new LineIndex(text);
  if (text.length > MAX_OCL_LENGTH) {
    return {
      text,
      lines,
      document: { kind: 'document', children: [], span: { start: 0, end: text.length } },
      errors: [
        {
          message: `The file is larger than ${MAX_OCL_LENGTH / 1024 / 1024} MB and is not read.`,
          span: { start: 0, end: 0 },
        },
      ],
    };
  }
  const parser = new Parser(text);
  let children: OclElement[] = [];
  try {
    children = parser.parseDocument();
  } catch (error) {
    // A bug must not take the editor down with it: report it where parsing stopped.
    parser.error(`Internal error while reading OCL: ${(error as Error).message}`, {
      start: parser.pos,
      end: parser.pos,
    });
  }
  return {
    text,
    lines,
    document: { kind: 'document', children, span: { start: 0, end: text.length } },
    errors: parser.errors,
  };
}

/**
 * One string value read alone: the quoted string or heredoc that starts at `start` in `text`, read
 * exactly as the whole-file parse reads it there, with the errors it gives. For `reparseOclEdit`.
 */
export function parseOclStringAt(text: string, start: number): { value: OclValue; errors: OclSyntaxError[] } {
  const parser = new Parser(text);
  parser.pos = start;
  const value = parser.stringAt();
  return { value, errors: parser.errors };
}

/** `char.IsWhiteSpace` of .NET, which Octopus's parser uses. */
export const isOclWhitespace = isWhiteSpace;

/** A character of a block or attribute name: `_`, a letter or a digit (`char.IsLetterOrDigit`). */
export function isOclNameChar(c: number): boolean {
  return c === 95 || isLetterOrDigit(c);
}

const NL = 10;

class Parser {
  pos = 0;
  readonly errors: OclSyntaxError[] = [];
  private stopped = false;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1; // a byte-order mark is not content
  }

  error(message: string, at: Span): void {
    const end = Math.min(at.end, this.text.length);
    const span = { start: Math.min(at.start, end), end };
    if (this.errors.length >= MAX_ERRORS) {
      if (!this.stopped) this.errors.push({ message: 'Too many errors; the rest of the file is not checked.', span });
      this.stopped = true;
      this.pos = this.text.length;
      return;
    }
    this.errors.push({ message, span });
  }

  private code(at = this.pos): number {
    return at < this.text.length ? this.text.charCodeAt(at) : -1;
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  private skipSameLine(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === NL || !isOclWhitespace(c)) return;
      this.pos++;
    }
  }

  private skipAll(): void {
    while (this.pos < this.text.length && isOclWhitespace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  private skipLine(): void {
    const nl = this.text.indexOf('\n', this.pos);
    this.pos = nl < 0 ? this.text.length : nl;
  }

  /** A short, printable description of the text at `at`, for messages. */
  private describe(at = this.pos): string {
    if (at >= this.text.length) return 'the end of the file';
    const c = this.text.charCodeAt(at);
    if (c === NL) return 'the end of the line';
    if (isOclNameChar(c)) {
      let end = at;
      while (end < this.text.length && end - at < 40 && isOclNameChar(this.text.charCodeAt(end))) end++;
      return `'${this.text.slice(at, end)}'`;
    }
    return `'${JSON.stringify(this.text[at]).slice(1, -1)}'`;
  }

  stringAt(): OclValue {
    return this.code() === 34 ? this.parseQuoted() : this.parseHeredoc();
  }

  parseDocument(): OclElement[] {
    return this.parseElements(0, undefined);
  }

  /** Elements up to the end of the file, or (inside a block) up to its `}`, which is left unread. */
  private parseElements(depth: number, block: OclBlock | undefined): OclElement[] {
    const children: OclElement[] = [];
    for (;;) {
      this.skipAll();
      if (this.atEnd()) return children;
      const c = this.code();
      if (c === 125 /* } */) {
        if (block) return children;
        this.error("Unexpected '}': no block is open here.", { start: this.pos, end: this.pos + 1 });
        this.pos++;
        continue;
      }
      if (isOclNameChar(c)) {
        const element = this.parseElement(depth);
        if (element) children.push(element);
        continue;
      }
      this.error(`Expected a block or an attribute name, found ${this.describe()}.`, {
        start: this.pos,
        end: this.pos + 1,
      });
      this.pos++;
      this.skipLine();
    }
  }

  private parseName(): { name: string; span: Span } {
    const start = this.pos;
    while (this.pos < this.text.length && isOclNameChar(this.text.charCodeAt(this.pos))) this.pos++;
    return { name: this.text.slice(start, this.pos), span: { start, end: this.pos } };
  }

  private parseElement(depth: number): OclElement | undefined {
    const { name, span: nameSpan } = this.parseName();
    this.skipSameLine();
    if (this.code() === 61 /* = */) {
      this.pos++;
      this.skipSameLine();
      const value = this.parseAttributeValue(name);
      const attribute: OclAttribute = {
        kind: 'attribute',
        name,
        nameSpan,
        value,
        span: { start: nameSpan.start, end: Math.max(nameSpan.end, value.span.end) },
      };
      this.skipSameLine();
      return attribute;
    }
    const labels: OclLabel[] = [];
    while (this.code() === 34 /* " */) {
      const label = this.parseQuoted();
      labels.push({ value: label.value, span: label.span });
      this.skipSameLine();
    }
    if (this.code() !== 123 /* { */) {
      const at = this.pos;
      const what = labels.length ? `a label or '{'` : `'=', a label or '{'`;
      this.error(`Expected ${what} after '${name}', found ${this.describe(at)}.`, {
        start: at,
        end: at === this.text.length ? at : at + 1,
      });
      // When the line still opens a block (`step oops {`), read that block rather than its lines.
      const brace = this.openingBraceLater();
      if (brace < 0) {
        this.skipLine();
        return undefined;
      }
      this.pos = brace;
    }
    return this.parseBlockBody(name, nameSpan, labels, depth);
  }

  /** Offset of a `{` that ends the current line (outside strings), or -1. */
  private openingBraceLater(): number {
    let end = this.text.indexOf('\n', this.pos);
    if (end < 0) end = this.text.length;
    let last = end - 1;
    while (last >= this.pos && isOclWhitespace(this.text.charCodeAt(last))) last--;
    if (last < this.pos || this.text.charCodeAt(last) !== 123) return -1;
    let quotes = 0;
    for (let i = this.pos; i < last; i++)
      if (this.text.charCodeAt(i) === 34 && this.text.charCodeAt(i - 1) !== 92) quotes++;
    return quotes % 2 === 0 ? last : -1;
  }

  private parseBlockBody(name: string, nameSpan: Span, labels: OclLabel[], depth: number): OclBlock {
    const open = { start: this.pos, end: this.pos + 1 };
    this.pos++;
    const block: OclBlock = {
      kind: 'block',
      name,
      nameSpan,
      labels,
      children: [],
      span: { start: nameSpan.start, end: open.end },
      open,
      close: undefined,
    };
    this.skipSameLine();
    const newlineAfterOpen = this.code() === NL;
    this.skipAll();
    if (this.code() === 125) {
      block.close = { start: this.pos, end: this.pos + 1 };
      this.pos++;
      block.span.end = block.close.end;
      return block;
    }
    if (!newlineAfterOpen && !this.atEnd()) {
      this.error(
        `A block with content starts a new line after '{': write '${name} {', then each child on its own line.`,
        open,
      );
    }
    if (depth + 1 >= MAX_OCL_DEPTH) {
      this.error(`Blocks nest deeper than ${MAX_OCL_DEPTH} levels; this one is not read.`, nameSpan);
      this.skipToClosingBrace(block);
      return block;
    }
    block.children = this.parseElements(depth + 1, block);
    if (this.code() === 125) {
      block.close = { start: this.pos, end: this.pos + 1 };
      this.pos++;
      block.span.end = block.close.end;
    } else {
      this.error(`The block '${name}' is not closed: '}' is missing.`, open);
      block.span.end = this.pos;
    }
    return block;
  }

  /** Skips a block's content without recursing: braces are counted outside strings and heredocs. */
  private skipToClosingBrace(block: OclBlock): void {
    let depth = 1;
    while (!this.atEnd()) {
      const c = this.code();
      if (c === 34) {
        this.parseQuoted(true);
        continue;
      }
      if (c === 60 && this.code(this.pos + 1) === 60) {
        this.parseHeredoc(true);
        continue;
      }
      this.pos++;
      if (c === 123) depth++;
      else if (c === 125 && --depth === 0) {
        block.close = { start: this.pos - 1, end: this.pos };
        block.span.end = this.pos;
        return;
      }
    }
    block.span.end = this.pos;
  }

  private parseAttributeValue(name: string): OclValue {
    if (this.code() === 123) return this.parseDictionary();
    return this.parseLiteral(`'${name} ='`);
  }

  private parseLiteral(after: string): OclValue {
    const start = this.pos;
    const c = this.code();
    if (c === 34) return this.parseQuoted();
    if (c === 60 && this.code(start + 1) === 60) return this.parseHeredoc();
    if (c === 45 || (c >= 48 && c <= 57)) return this.parseNumber();
    if (c === 91 /* [ */) return this.parseArray();
    for (const [word, value] of [
      ['null', null],
      ['true', true],
      ['false', false],
    ] as const) {
      if (this.text.startsWith(word, start)) {
        this.pos += word.length;
        if (isOclNameChar(this.code())) {
          // `trueish`: Octopus's parser takes `true` and then fails on the rest; say what is wrong.
          while (isOclNameChar(this.code())) this.pos++;
          this.error(
            `Unexpected '${this.text.slice(start, this.pos)}': a value is null, true, false, a number, a quoted string, a heredoc or an array.`,
            { start, end: this.pos },
          );
          return { kind: 'invalid', span: { start, end: this.pos } };
        }
        const span = { start, end: this.pos };
        return value === null ? { kind: 'null', span } : { kind: 'boolean', value, span };
      }
    }
    if (c === NL || c < 0) {
      this.error(`Expected a value after ${after} on the same line.`, { start, end: start });
      // A value written on the next line is read (and was reported), so it is not taken for an element.
      this.skipAll();
      const next = this.code();
      if (
        next === 34 ||
        next === 45 ||
        next === 91 ||
        next === 123 ||
        isDigit(next) ||
        (next === 60 && this.code(this.pos + 1) === 60)
      ) {
        const before = this.errors.length;
        const value = next === 123 ? this.parseDictionary() : this.parseLiteral(after);
        this.errors.length = Math.min(this.errors.length, before + 1);
        return value;
      }
      this.pos = start;
      return { kind: 'invalid', span: { start, end: start } };
    }
    let end = start;
    while (end < this.text.length && !isOclWhitespace(this.text.charCodeAt(end)) && end - start < 80) end++;
    this.error(
      `Expected a value after ${after}, found '${this.text.slice(start, end)}': a value is null, true, false, a number, a quoted string, a heredoc or an array. Text is written in quotes.`,
      { start, end: Math.max(end, start + 1) },
    );
    this.skipLine();
    return { kind: 'invalid', span: { start, end } };
  }

  /** A quoted string; with `quiet`, errors are not reported (used while skipping). */
  private parseQuoted(quiet = false): OclString {
    const start = this.pos;
    this.pos++;
    let value = '';
    let runStart = this.pos;
    for (;;) {
      if (this.atEnd() || this.code() === NL || this.code() === 13) {
        value += this.text.slice(runStart, this.pos);
        if (!quiet)
          this.error(
            "The string is not closed: a quoted string ends with '\"' on the same line (use a heredoc for several lines).",
            { start, end: this.pos },
          );
        return { kind: 'string', value, span: { start, end: this.pos } };
      }
      const c = this.code();
      if (c === 34) {
        value += this.text.slice(runStart, this.pos);
        this.pos++;
        return { kind: 'string', value, span: { start, end: this.pos } };
      }
      if (c === 92 /* \ */) {
        value += this.text.slice(runStart, this.pos);
        const escaped = this.code(this.pos + 1);
        const decoded =
          escaped === 114
            ? '\r'
            : escaped === 110
              ? '\n'
              : escaped === 116
                ? '\t'
                : escaped === 92
                  ? '\\'
                  : escaped === 34
                    ? '"'
                    : undefined;
        if (decoded === undefined) {
          if (escaped === NL || escaped < 0) {
            this.pos++;
            runStart = this.pos;
            continue; // reported as an unclosed string next
          }
          if (!quiet)
            this.error(
              `Unrecognised character escape: \\${this.text[this.pos + 1]} (OCL strings allow \\r \\n \\t \\\\ \\").`,
              { start: this.pos, end: this.pos + 2 },
            );
          value += this.text[this.pos + 1];
        } else value += decoded;
        this.pos += 2;
        runStart = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private parseNumber(): OclValue {
    const start = this.pos;
    if (this.code() === 45) this.pos++;
    const digitsStart = this.pos;
    while (isDigit(this.code())) this.pos++;
    if (this.pos === digitsStart) {
      this.error("Expected digits after '-'.", { start, end: this.pos });
      return { kind: 'invalid', span: { start, end: this.pos } };
    }
    let integer = true;
    if (this.code() === 46 /* . */) {
      this.pos++;
      const fraction = this.pos;
      while (isDigit(this.code())) this.pos++;
      if (this.pos === fraction) {
        this.error("Expected digits after '.' in a decimal number.", { start, end: this.pos });
        return { kind: 'invalid', span: { start, end: this.pos } };
      }
      integer = false;
    }
    const span = { start, end: this.pos };
    const text = this.text.slice(start, this.pos);
    const value = Number(text);
    if (integer && Math.abs(value) > INT_MAX) {
      this.error(`The number ${text} is out of range: OCL integers are 32-bit (at most ${INT_MAX}).`, span);
    }
    return { kind: 'number', text, value, integer, span };
  }

  private parseArray(): OclValue {
    const start = this.pos;
    this.pos++;
    const array: OclArray = { kind: 'array', items: [], span: { start, end: start + 1 } };
    this.skipAll();
    if (this.code() === 93 /* ] */) {
      this.pos++;
      array.span.end = this.pos;
      return array;
    }
    let itemKind: 'string' | 'int' | 'decimal' | undefined;
    for (;;) {
      const at = this.pos;
      const c = this.code();
      let item: OclString | OclNumber | undefined;
      if (c === 34) item = this.parseQuoted();
      else if (c === 45 || isDigit(c)) {
        const number = this.parseNumber();
        if (number.kind !== 'number') return this.abandonArray(array);
        item = number;
      } else {
        this.error(
          `Expected a quoted string or a number in the array, found ${this.describe(at)}: arrays hold strings, integers or decimals.`,
          { start: at, end: at + 1 },
        );
        return this.abandonArray(array);
      }
      const kind = item.kind === 'string' ? 'string' : item.integer ? 'int' : 'decimal';
      if (itemKind && kind !== itemKind) {
        this.error(
          `An array holds one kind of value: this ${kind === 'int' ? 'integer' : kind} follows ${itemKind === 'int' ? 'integers' : itemKind + 's'}.`,
          item.span,
        );
      }
      itemKind ??= kind;
      array.items.push(item);
      this.skipAll();
      const next = this.code();
      if (next === 44 /* , */) {
        this.pos++;
        this.skipAll();
        continue;
      }
      if (next === 93) {
        this.pos++;
        array.span.end = this.pos;
        return array;
      }
      this.error(`Expected ',' or ']' in the array, found ${this.describe()}.`, { start: this.pos, end: this.pos + 1 });
      return this.abandonArray(array);
    }
  }

  /** After an error inside an array: resume after its `]` when it is on this line, else at the line's end. */
  private abandonArray(array: OclArray): OclValue {
    const nl = this.text.indexOf('\n', this.pos);
    const close = this.text.indexOf(']', this.pos);
    this.pos = close >= 0 && (nl < 0 || close < nl) ? close + 1 : nl < 0 ? this.text.length : nl;
    return { kind: 'invalid', span: { start: array.span.start, end: this.pos } };
  }

  private parseDictionary(): OclDictionary {
    const start = this.pos;
    this.pos++;
    const dictionary: OclDictionary = { kind: 'dictionary', entries: [], span: { start, end: start + 1 } };
    for (;;) {
      this.skipAll();
      if (this.atEnd()) {
        this.error("The dictionary is not closed: '}' is missing.", { start, end: start + 1 });
        dictionary.span.end = this.pos;
        return dictionary;
      }
      if (this.code() === 125) {
        this.pos++;
        dictionary.span.end = this.pos;
        return dictionary;
      }
      const entry = this.parseDictionaryEntry();
      if (entry) dictionary.entries.push(entry);
    }
  }

  private parseDictionaryEntry(): OclDictionaryEntry | undefined {
    const start = this.pos;
    let key: string;
    let quoted = false;
    if (this.code() === 34) {
      key = this.parseQuoted().value;
      quoted = true;
    } else {
      // A bare key is any run of characters but whitespace and '"': dots are fine, and so is '='.
      while (!this.atEnd() && !isOclWhitespace(this.code()) && this.code() !== 34) this.pos++;
      key = this.text.slice(start, this.pos);
    }
    const keySpan = { start, end: this.pos };
    this.skipSameLine();
    if (this.code() !== 61) {
      const bareEq = !quoted && key.includes('=');
      this.error(
        bareEq
          ? `Expected ' = ' after the key: a bare key runs to the next space, so '${key}' swallowed the '='. Write '${key.slice(0, key.indexOf('='))} = …'.`
          : `Expected '=' after the key '${key}', found ${this.describe()}.`,
        { start: keySpan.start, end: Math.max(keySpan.end, this.pos + (this.atEnd() ? 0 : 1)) },
      );
      // '}' ends the dictionary even on an error line (`Foo="x" }`); anything else up to the line's end is dropped.
      while (!this.atEnd() && this.code() !== NL && this.code() !== 125) this.pos++;
      return undefined;
    }
    this.pos++;
    this.skipSameLine();
    const value = this.code() === 123 ? this.nestedDictionary() : this.parseLiteral(`'${key} ='`);
    this.skipSameLine();
    return { key, keySpan, quoted, value, span: { start, end: Math.max(keySpan.end, value.span.end) } };
  }

  /** Dictionaries do not nest in OCL; a nested one is reported and skipped as a whole. */
  private nestedDictionary(): OclValue {
    const start = this.pos;
    this.error(
      'A dictionary value cannot be another dictionary: values are null, true, false, numbers, strings, heredocs or arrays.',
      { start, end: start + 1 },
    );
    const close = this.text.indexOf('}', start);
    this.pos = close < 0 ? this.text.length : close + 1;
    return { kind: 'invalid', span: { start, end: this.pos } };
  }

  /**
   * `<<TAG` or `<<-TAG`, a newline, body lines, and a line holding only the tag (spaces around
   * it allowed), ended by a newline or the end of the file. The value has no trailing newline.
   */
  private parseHeredoc(quiet = false): OclValue {
    const start = this.pos;
    this.pos += 2;
    const indented = this.code() === 45;
    if (indented) this.pos++;
    const tagStart = this.pos;
    while (!this.atEnd() && !isOclWhitespace(this.code())) this.pos++;
    const tag = this.text.slice(tagStart, this.pos);
    this.skipSameLine();
    if (this.code() !== NL) {
      if (!quiet) {
        this.error(
          this.atEnd()
            ? `The heredoc <<${indented ? '-' : ''}${tag} has no body: its lines start on the next line and end with a line holding only '${tag}'.`
            : `Expected a new line after the heredoc tag '<<${indented ? '-' : ''}${tag}', found ${this.describe()}: the tag cannot contain spaces.`,
          { start, end: this.pos },
        );
      }
      if (!tag || this.atEnd()) {
        this.skipLine();
        return { kind: 'invalid', span: { start, end: this.pos } };
      }
      this.skipLine(); // read the body anyway, so its lines are not taken for OCL
    }
    const bodyStart = Math.min(this.pos + 1, this.text.length);
    this.pos = bodyStart;
    const bodyLines: { start: number; end: number }[] = [];
    for (;;) {
      const nl = this.text.indexOf('\n', this.pos);
      const lineEnd = nl < 0 ? this.text.length : nl;
      const tagEnd = endTagLineEnd(this.text, this.pos, lineEnd, tag);
      if (tagEnd >= 0) {
        const endIndent = this.pos;
        const value = heredocValue(
          this.text,
          bodyLines,
          indented ? leadingWhitespace(this.text, endIndent, lineEnd) : 0,
          indented,
        );
        this.pos = lineEnd;
        return { kind: 'string', value, span: { start, end: tagEnd }, heredoc: { tag, indented } };
      }
      if (nl < 0) {
        if (!quiet)
          this.error(
            `The heredoc <<${indented ? '-' : ''}${tag} is not closed: no line holding only '${tag}' follows.`,
            { start, end: tagStart + tag.length },
          );
        this.pos = this.text.length;
        return {
          kind: 'string',
          value: heredocValue(this.text, bodyLines, 0, false),
          span: { start, end: this.pos },
          heredoc: { tag, indented },
        };
      }
      bodyLines.push({ start: this.pos, end: lineEnd });
      this.pos = lineEnd + 1;
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** When text[start, end) is an end-tag line (spaces, the tag, spaces), the offset after the tag; else -1. */
function endTagLineEnd(text: string, start: number, end: number, tag: string): number {
  let i = start;
  while (i < end && isOclWhitespace(text.charCodeAt(i))) i++;
  if (!text.startsWith(tag, i) || i + tag.length > end) return -1;
  const tagEnd = i + tag.length;
  for (let j = tagEnd; j < end; j++) if (!isOclWhitespace(text.charCodeAt(j))) return -1;
  return tagEnd;
}

/** Leading whitespace of a line; a line of only whitespace counts as infinitely indented. */
function leadingWhitespace(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) if (!isOclWhitespace(text.charCodeAt(i))) return i - start;
  return Number.MAX_SAFE_INTEGER;
}

export interface HeredocLayout {
  /** Characters removed from the start of every line (`<<-` only). */
  unindent: number;
  /** Lines joined with `\r\n` when any but the last ended with `\r`. */
  crlf: boolean;
}

/**
 * Octopus's HeredocParser: strip a trailing `\r` from each line; for `<<-`, remove
 * min(end-tag indent, least indent of a non-blank line) characters from each line (lines not
 * longer than that become empty); join with `\n` (or `\r\n`, see `HeredocLayout.crlf`).
 */
export function heredocLayout(
  text: string,
  bodyLines: readonly Span[],
  endTagIndent: number,
  indented: boolean,
): HeredocLayout {
  let crlf = false;
  for (let i = 0; i < bodyLines.length - 1; i++) if (text.charCodeAt(bodyLines[i].end - 1) === 13) crlf = true;
  if (!indented || bodyLines.length === 0) return { unindent: 0, crlf };
  let least = endTagIndent;
  for (const line of bodyLines) least = Math.min(least, leadingWhitespace(text, line.start, trimmedEnd(text, line)));
  return { unindent: least, crlf };
}

function trimmedEnd(text: string, line: Span): number {
  let end = line.end;
  while (end > line.start && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

function heredocValue(text: string, bodyLines: readonly Span[], endTagIndent: number, indented: boolean): string {
  const { unindent, crlf } = heredocLayout(text, bodyLines, endTagIndent, indented);
  const out: string[] = [];
  for (const line of bodyLines) {
    const end = trimmedEnd(text, line);
    out.push(end - line.start <= unindent ? '' : text.slice(line.start + unindent, end));
  }
  return out.join(crlf ? '\r\n' : '\n');
}

/** The body lines of a heredoc node, for mapping its value back to the text. */
export function heredocBodyLines(text: string, node: OclString): { lines: Span[]; endTagIndent: number } {
  const lines: Span[] = [];
  const firstNl = text.indexOf('\n', node.span.start);
  if (firstNl < 0 || !node.heredoc) return { lines, endTagIndent: 0 };
  let pos = firstNl + 1;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    if (endTagLineEnd(text, pos, lineEnd, node.heredoc.tag) >= 0)
      return { lines, endTagIndent: leadingWhitespace(text, pos, lineEnd) };
    if (nl < 0 || lineEnd >= node.span.end) return { lines, endTagIndent: 0 };
    lines.push({ start: pos, end: lineEnd });
    pos = lineEnd + 1;
  }
}
