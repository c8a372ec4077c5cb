/**
 * A small lexer for the scripts Octopus runs (Bash, PowerShell, Python), so the body of a script
 * step in an OCL file can be coloured by its `Octopus.Action.Script.Syntax` through semantic
 * tokens: a TextMate grammar cannot, since Octopus writes the keys sorted and the syntax comes
 * after the body. It classifies only what a theme needs (comments, strings, keywords, variables,
 * numbers, PowerShell's `-eq`-style operators); it is not a parser, and never throws.
 *
 * Octostache templates (`#{…}`) are substituted before the script runs, so they are opaque here:
 * no token covers one (a string around a template is split around it), and `#{` never starts a
 * comment. Offsets are into the script's text; a token may span lines (a multi-line string).
 */
import type { Span } from '../text';

export type ScriptSyntax = 'bash' | 'powershell' | 'python';
export type ScriptTokenType = 'comment' | 'string' | 'keyword' | 'variable' | 'number' | 'operator';

export interface ScriptToken extends Span {
  type: ScriptTokenType;
}

/** The lexer for an `Octopus.Action.Script.Syntax` value (any case); undefined for the others (C#, F#). */
export function scriptSyntaxOf(value: string | undefined): ScriptSyntax | undefined {
  switch (value?.toLowerCase()) {
    case 'bash':
      return 'bash';
    case 'powershell':
      return 'powershell';
    case 'python':
      return 'python';
    default:
      return undefined;
  }
}

/** The tokens of `text`, sorted, not overlapping, none covering a `#{…}` template. */
export function lexScript(text: string, syntax: ScriptSyntax): ScriptToken[] {
  const lexer = new Lexer(text, templateSpans(text));
  if (syntax === 'bash') lexer.bash();
  else if (syntax === 'powershell') lexer.powershell();
  else lexer.python();
  return lexer.tokens;
}

/** The `#{…}` spans of `text` (braces nest, as in `#{if #{X}}`); an unclosed `#{` is plain text. */
export function templateSpans(text: string): Span[] {
  const spans: Span[] = [];
  let at = text.indexOf('#{');
  while (at >= 0) {
    let depth = 0;
    let end = -1;
    for (let i = at; i < text.length; i++) {
      if (text[i] === '#' && text[i + 1] === '{') {
        depth++;
        i++;
      } else if (text[i] === '}' && --depth === 0) {
        end = i + 1;
        break;
      } else if (text[i] === '\n') break;
    }
    if (end < 0) {
      at = text.indexOf('#{', at + 2);
      continue;
    }
    spans.push({ start: at, end });
    at = text.indexOf('#{', end);
  }
  return spans;
}

const BASH_KEYWORDS = new Set(
  'if then else elif fi case esac for select while until do done in function time return break continue local export readonly declare'.split(
    ' ',
  ),
);
const POWERSHELL_KEYWORDS = new Set(
  'begin break catch class continue data define do dynamicparam else elseif end enum exit filter finally for foreach from function if in param process return switch throw trap try until using var while workflow'.split(
    ' ',
  ),
);
const POWERSHELL_OPERATORS = new Set(
  'eq ne gt ge lt le like notlike match notmatch contains notcontains in notin replace split join is isnot as and or not xor band bor bxor bnot shl shr f'
    .split(' ')
    .flatMap((o) => [o, `c${o}`, `i${o}`]),
);
const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case'.split(
    ' ',
  ),
);

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isIdentStart = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isIdent = (c: string | undefined) => isIdentStart(c) || isDigit(c);

class Lexer {
  readonly tokens: ScriptToken[] = [];
  /** The next template span at or after the position last asked about (by `templateAt`, by `emit`). */
  private nextTemplate = 0;
  private nextEmitTemplate = 0;
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly templates: readonly Span[],
  ) {}

  /** The template starting at `offset`, if any (offsets are asked about in increasing order). */
  private templateAt(offset: number): Span | undefined {
    while (this.nextTemplate < this.templates.length && this.templates[this.nextTemplate].start < offset)
      this.nextTemplate++;
    const t = this.templates[this.nextTemplate];
    return t && t.start === offset ? t : undefined;
  }

  /** Emit [start, end) as `type`, split around the templates inside it. */
  private emit(start: number, end: number, type: ScriptTokenType): void {
    end = Math.min(end, this.text.length);
    if (end <= start) return;
    const last = this.tokens[this.tokens.length - 1];
    if (last && start < last.end) start = last.end;
    const { templates } = this;
    while (this.nextEmitTemplate < templates.length && templates[this.nextEmitTemplate].end <= start)
      this.nextEmitTemplate++;
    for (let i = this.nextEmitTemplate; i < templates.length; i++) {
      const t = templates[i];
      if (t.start >= end) break;
      if (t.start > start) this.tokens.push({ start, end: t.start, type });
      start = t.end;
    }
    if (end > start) this.tokens.push({ start, end, type });
  }

  private lineEnd(from: number): number {
    const n = this.text.indexOf('\n', from);
    const end = n < 0 ? this.text.length : n;
    return end > from && this.text[end - 1] === '\r' ? end - 1 : end;
  }

  /** Skip a template at the cursor; true when one was skipped. */
  private skipTemplate(): boolean {
    const t = this.templateAt(this.at);
    if (!t) return false;
    this.at = t.end;
    return true;
  }

  private word(from: number, isPart: (c: string | undefined) => boolean): number {
    let end = from;
    while (end < this.text.length && isPart(this.text[end])) end++;
    return end;
  }

  private number(from: number): number {
    const { text } = this;
    let end = from;
    if (text[end] === '0' && /[xXbBoO]/.test(text[end + 1] ?? '') && /[0-9a-fA-F]/.test(text[end + 2] ?? '')) {
      end += 2;
      while (end < text.length && /[0-9a-fA-F_]/.test(text[end])) end++;
      return end;
    }
    while (isDigit(text[end]) || text[end] === '_') end++;
    if (text[end] === '.' && isDigit(text[end + 1])) {
      end++;
      while (isDigit(text[end]) || text[end] === '_') end++;
    }
    if ((text[end] === 'e' || text[end] === 'E') && (isDigit(text[end + 1]) || /[+-]/.test(text[end + 1] ?? ''))) {
      let e = end + 1;
      if (text[e] === '+' || text[e] === '-') e++;
      if (isDigit(text[e])) {
        end = e;
        while (isDigit(text[end])) end++;
      }
    }
    return end;
  }

  // ---- Bash ---------------------------------------------------------------------------------

  bash(): void {
    const { text } = this;
    /** Heredoc bodies to read when the current line ends: tag and whether `<<-` (leading tabs). */
    const pendingHeredocs: { tag: string; tabs: boolean }[] = [];
    while (this.at < text.length) {
      if (this.skipTemplate()) continue;
      const c = text[this.at];
      const start = this.at;
      if (c === '\n') {
        this.at++;
        for (const heredoc of pendingHeredocs.splice(0)) this.bashHeredocBody(heredoc.tag, heredoc.tabs);
      } else if (c === '#' && (start === 0 || /[\s;&|()]/.test(text[start - 1]))) {
        this.at = this.lineEnd(start);
        this.emit(start, this.at, 'comment');
      } else if (c === '\\') {
        this.at += 2;
      } else if (c === "'") {
        const close = text.indexOf("'", start + 1);
        this.at = close < 0 ? text.length : close + 1;
        this.emit(start, this.at, 'string');
      } else if (c === '$' && text[start + 1] === "'") {
        this.at = start + 2;
        while (this.at < text.length && text[this.at] !== "'") this.at += text[this.at] === '\\' ? 2 : 1;
        this.at = Math.min(text.length, this.at + 1);
        this.emit(start, this.at, 'string');
      } else if (c === '"') {
        this.bashDoubleQuoted();
      } else if (c === '$') {
        if (!this.bashVariable()) this.at++;
      } else if (c === '<' && text[start + 1] === '<' && text[start + 2] !== '<') {
        const m = /^<<(-?)[ \t]*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(text.slice(start, start + 200));
        if (m) {
          pendingHeredocs.push({ tag: m[3], tabs: m[1] === '-' });
          this.at = start + m[0].length;
          this.emit(start + 2 + m[1].length, this.at, 'string');
        } else this.at += 2;
      } else if (isIdent(c) || c === '-' || c === '.' || c === '/') {
        this.at = this.word(start, (ch) => ch !== undefined && /[A-Za-z0-9_\-./:+=%@,]/.test(ch));
        const w = text.slice(start, this.at);
        if (BASH_KEYWORDS.has(w) && (start === 0 || !/[=]/.test(text[start - 1]))) this.emit(start, this.at, 'keyword');
        else if (/^[0-9]+$/.test(w)) this.emit(start, this.at, 'number');
      } else this.at++;
    }
  }

  private bashHeredocBody(tag: string, tabs: boolean): void {
    const { text } = this;
    const start = this.at;
    while (this.at < text.length) {
      const end = this.lineEnd(this.at);
      const line = text.slice(this.at, end);
      if ((tabs ? line.replace(/^\t+/, '') : line) === tag) {
        this.emit(start, this.at, 'string');
        this.at = end;
        return;
      }
      this.at = end < text.length ? text.indexOf('\n', end) + 1 || text.length : text.length;
    }
    this.emit(start, text.length, 'string');
  }

  /** `$name`, `${…}`, `$1`, `$@` and the other special parameters at the cursor. */
  private bashVariable(): boolean {
    const { text } = this;
    const start = this.at;
    const next = text[start + 1];
    if (next === '{') {
      let end = start + 2;
      while (end < text.length && text[end] !== '}' && text[end] !== '\n') end++;
      this.at = text[end] === '}' ? end + 1 : end;
    } else if (isIdentStart(next)) this.at = this.word(start + 1, isIdent);
    else if (next !== undefined && /[0-9@#?$!*-]/.test(next)) this.at = start + 2;
    else return false;
    this.emit(start, this.at, 'variable');
    return true;
  }

  private bashDoubleQuoted(): void {
    const { text } = this;
    let from = this.at;
    this.at++;
    while (this.at < text.length && text[this.at] !== '"') {
      if (this.skipTemplate()) continue;
      const c = text[this.at];
      if (c === '\\') this.at += 2;
      else if (
        c === '$' &&
        (text[this.at + 1] === '{' || isIdentStart(text[this.at + 1]) || /[0-9@#?$!*]/.test(text[this.at + 1] ?? ''))
      ) {
        this.emit(from, this.at, 'string');
        this.bashVariable();
        from = this.at;
      } else this.at++;
    }
    this.at = Math.min(text.length, this.at + 1);
    this.emit(from, this.at, 'string');
  }

  // ---- PowerShell ---------------------------------------------------------------------------

  powershell(): void {
    const { text } = this;
    while (this.at < text.length) {
      if (this.skipTemplate()) continue;
      const c = text[this.at];
      const start = this.at;
      if (c === '<' && text[start + 1] === '#') {
        const close = text.indexOf('#>', start + 2);
        this.at = close < 0 ? text.length : close + 2;
        this.emit(start, this.at, 'comment');
      } else if (c === '#') {
        this.at = this.lineEnd(start);
        this.emit(start, this.at, 'comment');
      } else if (c === '`') {
        this.at += 2;
      } else if (
        c === '@' &&
        (text[start + 1] === '"' || text[start + 1] === "'") &&
        /^[ \t]*\r?\n/.test(text.slice(start + 2, start + 40))
      ) {
        this.powershellHereString(text[start + 1]);
      } else if (c === "'") {
        this.at++;
        while (this.at < text.length) {
          if (text[this.at] === "'" && text[this.at + 1] === "'") this.at += 2;
          else if (text[this.at] === "'") break;
          else this.at++;
        }
        this.at = Math.min(text.length, this.at + 1);
        this.emit(start, this.at, 'string');
      } else if (c === '"') {
        this.at++;
        this.powershellExpandable(start, (at) => (text[at] === '"' ? 1 : 0), '"');
      } else if (c === '$') {
        if (!this.powershellVariable()) this.at++;
      } else if (
        c === '-' &&
        isIdentStart(text[start + 1]) &&
        (start === 0 || /[\s(){}[\],;=]/.test(text[start - 1]))
      ) {
        this.at = this.word(start + 1, isIdent);
        if (POWERSHELL_OPERATORS.has(text.slice(start + 1, this.at).toLowerCase()))
          this.emit(start, this.at, 'operator');
      } else if (isDigit(c) && !isIdent(text[start - 1])) {
        this.at = this.number(start);
        if (/^(kb|mb|gb|tb|pb)/i.test(text.slice(this.at, this.at + 2))) this.at += 2;
        if (isIdent(text[this.at])) this.at = this.word(this.at, isIdent);
        else this.emit(start, this.at, 'number');
      } else if (isIdentStart(c)) {
        this.at = this.word(start, (ch) => isIdent(ch) || ch === '-');
        const w = text.slice(start, this.at);
        // `Write-Host` is a command, `foreach` a keyword; `.Where` after a dot is a member.
        if (POWERSHELL_KEYWORDS.has(w.toLowerCase()) && text[start - 1] !== '.' && text[start - 1] !== '-')
          this.emit(start, this.at, 'keyword');
      } else this.at++;
    }
  }

  /**
   * The rest of an expandable string from the cursor, to its closing quote (`closeLength(at)`
   * characters long where one closes it, 0 elsewhere); a doubled quote is an escaped one.
   */
  private powershellExpandable(from: number, closeLength: (at: number) => number, doubled: string | undefined): void {
    const { text } = this;
    let closing = 0;
    while (this.at < text.length) {
      if (this.skipTemplate()) continue;
      const c = text[this.at];
      if (doubled && c === doubled && text[this.at + 1] === doubled) this.at += 2;
      else if ((closing = closeLength(this.at)) > 0) break;
      else if (c === '`') this.at += 2;
      else if (c === '$' && this.startsPowershellVariable(this.at)) {
        this.emit(from, this.at, 'string');
        this.powershellVariable();
        from = this.at;
      } else this.at++;
    }
    this.at = Math.min(text.length, this.at + closing);
    this.emit(from, this.at, 'string');
  }

  /** `@"`…`"@` (variables expand) or `@'`…`'@`, the closing quote at the start of a line. */
  private powershellHereString(quote: string): void {
    const { text } = this;
    const start = this.at;
    const closeLength = (at: number) =>
      text[at] === quote && text[at + 1] === '@' && (text[at - 1] === '\n' || text[at - 1] === '\r') ? 2 : 0;
    this.at += 2;
    if (quote === "'") {
      while (this.at < text.length && !closeLength(this.at)) this.at++;
      this.at = Math.min(text.length, this.at + 2);
      this.emit(start, this.at, 'string');
    } else this.powershellExpandable(start, closeLength, undefined);
  }

  private startsPowershellVariable(at: number): boolean {
    const next = this.text[at + 1];
    return next === '{' || isIdentStart(next) || next === '_' || next === '$' || next === '?' || next === '^';
  }

  /** `$name`, `$env:NAME`, `$script:x`, `${any name}`, `$_`, `$$`, `$?`, `$^` at the cursor. */
  private powershellVariable(): boolean {
    const { text } = this;
    const start = this.at;
    const next = text[start + 1];
    if (next === '{') {
      let end = start + 2;
      while (end < text.length && text[end] !== '}' && text[end] !== '\n') end += text[end] === '`' ? 2 : 1;
      this.at = text[end] === '}' ? end + 1 : Math.min(end, text.length);
    } else if (isIdentStart(next)) {
      this.at = this.word(start + 1, isIdent);
      // A scope or drive: `$env:PATH`, `$script:count` (not `$a::b`, a static member).
      if (text[this.at] === ':' && text[this.at + 1] !== ':' && isIdentStart(text[this.at + 1]))
        this.at = this.word(this.at + 1, isIdent);
    } else if (next === '$' || next === '?' || next === '^') this.at = start + 2;
    else return false;
    this.emit(start, this.at, 'variable');
    return true;
  }

  // ---- Python -------------------------------------------------------------------------------

  python(): void {
    const { text } = this;
    while (this.at < text.length) {
      if (this.skipTemplate()) continue;
      const c = text[this.at];
      const start = this.at;
      if (c === '#') {
        this.at = this.lineEnd(start);
        this.emit(start, this.at, 'comment');
      } else if (c === '"' || c === "'") {
        this.pythonString(start, start);
      } else if (isIdentStart(c)) {
        this.at = this.word(start, isIdent);
        const w = text.slice(start, this.at);
        if ((text[this.at] === '"' || text[this.at] === "'") && /^(r|u|b|f|br|rb|fr|rf)$/i.test(w))
          this.pythonString(start, this.at);
        else if (PYTHON_KEYWORDS.has(w) && text[start - 1] !== '.') this.emit(start, this.at, 'keyword');
      } else if (isDigit(c) || (c === '.' && isDigit(text[start + 1]))) {
        this.at = this.number(start);
        if (text[this.at] === 'j' || text[this.at] === 'J') this.at++;
        if (isIdent(text[this.at])) this.at = this.word(this.at, isIdent);
        else this.emit(start, this.at, 'number');
      } else this.at++;
    }
  }

  /** A string whose prefix starts at `start` and quote at `quoteAt`; single-quoted ones end at the line's end. */
  private pythonString(start: number, quoteAt: number): void {
    const { text } = this;
    const q = text[quoteAt];
    const triple = text[quoteAt + 1] === q && text[quoteAt + 2] === q;
    const raw = /r/i.test(text.slice(start, quoteAt));
    this.at = quoteAt + (triple ? 3 : 1);
    while (this.at < text.length) {
      if (this.skipTemplate()) continue;
      const c = text[this.at];
      if (c === '\\') {
        // A raw string keeps the backslash but still cannot end at `\"`.
        this.at += raw && text[this.at + 1] !== q && text[this.at + 1] !== '\\' ? 1 : 2;
      } else if (triple ? c === q && text[this.at + 1] === q && text[this.at + 2] === q : c === q) {
        this.at += triple ? 3 : 1;
        break;
      } else if (!triple && c === '\n') break;
      else this.at++;
    }
    this.at = Math.min(this.at, text.length);
    // An unclosed one-line string ends at its line's end (not on the `\r` of a CRLF).
    const end = !triple && text[this.at] === '\n' && text[this.at - 1] === '\r' ? this.at - 1 : this.at;
    this.emit(start, end, 'string');
  }
}
