/**
 * Error-tolerant parser for Octopus templates (Octostache syntax), producing a tree with exact
 * source spans. The accepted language follows Octostache's TemplateParser (see
 * docs/reference/octostache.md); where Octostache would reject the whole template, this
 * parser reports the problem with a precise span and keeps going (like Octostache's
 * haltOnError=false), so an editor still sees every later reference.
 *
 * Blocks (`#{if}`, `#{each}`) are tracked on an explicit stack rather than by recursion, and all
 * remaining recursion (nested indexers, `#{…}` filter options) is depth-capped, so hostile input
 * can neither overflow the stack nor make the parser quadratic.
 */
import type { Span } from '../text';
import type {
  CalcExpression,
  CalculationNode,
  Condition,
  ConditionalNode,
  Expression,
  FilterCall,
  FilterChain,
  FilterOption,
  IdentifierSegment,
  IndexSegment,
  Operand,
  RepetitionNode,
  SubstitutionNode,
  SymbolExpression,
  SymbolSegment,
  TemplateNode,
  TemplateSyntaxError,
  TextNode,
} from './ast';
import * as chars from './chars';
import { BLOCK_KEYWORDS, type BlockKeyword } from './keywords';

// Local bindings: hot paths avoid re-reading module exports on every character.
const isWhiteSpace = chars.isWhiteSpace;
const isLetterOrDigit = chars.isLetterOrDigit;
const isIdentifierPunctuation = chars.isIdentifierPunctuation;
const trimBounds = chars.trimBounds;

export type { TemplateSyntaxError } from './ast';

export interface ParsedTemplate {
  nodes: TemplateNode[];
  errors: TemplateSyntaxError[];
}

/** Blocks nested deeper than this are reported and their tags treated as text. */
export const MAX_BLOCK_DEPTH = 100;
/** Cap on expression-level nesting: `[#{a[#{b…}]}]`, `[[[…]]]`, `#{…}` filter options. */
export const MAX_EXPRESSION_DEPTH = 16;

const parseCache = new Map<string, ParsedTemplate>();
const PARSE_CACHE_ENTRIES = 5000;
const PARSE_CACHE_CHARS = 4 * 1024 * 1024;
const PARSE_CACHE_MAX_TEXT = 64 * 1024;
let parseCacheChars = 0;

/**
 * `parseTemplate` with a least-recently-used cache: the same strings are parsed again and again
 * (every evaluation of a variable's value; every check of a file after a one-character edit).
 * The result is shared: callers must not change it.
 */
export function parseTemplateCached(text: string): ParsedTemplate {
  const cached = parseCache.get(text);
  if (cached) {
    parseCache.delete(text);
    parseCache.set(text, cached);
    return cached;
  }
  const parsed = parseTemplate(text);
  if (text.length <= PARSE_CACHE_MAX_TEXT) {
    parseCache.set(text, parsed);
    parseCacheChars += text.length;
    while (parseCache.size > PARSE_CACHE_ENTRIES || parseCacheChars > PARSE_CACHE_CHARS) {
      const oldest = parseCache.keys().next().value!;
      parseCacheChars -= oldest.length;
      parseCache.delete(oldest);
    }
  }
  return parsed;
}

export function parseTemplate(text: string): ParsedTemplate {
  const parser = new TemplateParser(text);
  const nodes = parser.parseDocument();
  return { nodes, errors: parser.errors };
}

/**
 * Starts of the `#{` tokens that the end of `text` cuts short, outermost first: what a cursor at
 * the end of `text` is typing inside. The parser decides, so `##{` escapes, nested templates,
 * calc's `{X}` braces and block tags count exactly as they do when the template is parsed.
 */
export function tokensOpenAtEnd(text: string): number[] {
  const parser = new TemplateParser(text);
  parser.parseDocument();
  return parser.openAtEnd;
}

/**
 * Parses a variable name such as `Octopus.Action[Step A].Output.X` into a symbol. With
 * `prefix: true` it reads as much as parses and ignores the rest, as Octostache does when it
 * binds a variable dictionary (PropertyListBinder); otherwise the whole (trimmed) name must parse.
 */
export function parseSymbolPath(name: string, options: { prefix?: boolean } = {}): SymbolExpression | null {
  const parser = new TemplateParser(name);
  return parser.parseWholeSymbol(options.prefix ?? false);
}

// Character codes used by the grammar.
const HASH = 35;
const LBRACE = 123;
const RBRACE = 125;
const SLASH = 47;
const PIPE = 124;
const DOT = 46;
const LBRACKET = 91;
const RBRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * What `##` at `pos` stands for: `###{` is `#` then a token, `##{` an escaped (literal) `#{`, any
 * other `##` itself.
 */
function hashHashAt(text: string, pos: number): { literal: string; end: number } {
  // Octostache's lookahead needs at least one character after the `#{`.
  if (text.charCodeAt(pos + 2) === HASH && text.charCodeAt(pos + 3) === LBRACE && pos + 2 < text.length - 2)
    return { literal: '#', end: pos + 2 };
  if (text.charCodeAt(pos + 2) === LBRACE) return { literal: '#{', end: pos + 3 };
  return { literal: '##', end: pos + 2 };
}

interface Parsed<T> {
  value: T;
  end: number;
}

interface Frame {
  nodes: TemplateNode[];
  block?: ConditionalNode | RepetitionNode;
  /** The opening tag's text, for messages. */
  openText?: string;
  inElse?: boolean;
  /** Created by `#{elseif}`: closed together with its parent by the shared `#{/if}`. */
  elseIf?: boolean;
}

/** Blocks opened beyond MAX_BLOCK_DEPTH; their closers are consumed silently. */
interface Overflow {
  overflow: number;
}

/** Signals that a strict (all-or-nothing) sub-parse hit an error. */
class StrictFailure {}

class TemplateParser {
  readonly errors: TemplateSyntaxError[] = [];
  /** Tokens whose parse ran out of input (see tokensOpenAtEnd). */
  readonly openAtEnd: number[] = [];
  private readonly length: number;
  private exprDepth = 0;
  private strict = 0;
  /** Furthest failure position and what was expected there, for the error message. */
  private failPos = -1;
  private failExpected: string[] = [];
  private readonly nextCache = new Map<string, { from: number; at: number }>();

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  parseDocument(): TemplateNode[] {
    const root: Frame = { nodes: [] };
    this.scan(0, [root], 0);
    return root.nodes;
  }

  parseWholeSymbol(prefix: boolean): SymbolExpression | null {
    const symbol = this.symbol(0, false);
    if (!symbol || (!prefix && this.skipWs(symbol.end) !== this.length)) return null;
    return symbol.value;
  }

  // ---------------------------------------------------------------------------------------
  // Template level: text, tags, blocks.

  /**
   * Scans template text from `pos`, appending to the frame stack. Returns when the stack shrinks
   * to `untilDepth` (a nested block option has closed) or at the end of input.
   */
  private scan(pos: number, frames: Frame[], untilDepth: number): number {
    const text = this.text;
    const len = this.length;
    const depth: Overflow = { overflow: 0 };
    while (pos < len) {
      if (untilDepth > 0 && frames.length <= untilDepth) return pos;
      const top = frames[frames.length - 1];
      const c = text.charCodeAt(pos);
      if (c !== HASH) {
        let next = text.indexOf('#', pos);
        if (next < 0) next = len;
        this.addText(top, pos, next, text.slice(pos, next));
        pos = next;
        continue;
      }
      if (pos + 1 >= len) {
        this.addText(top, pos, len, '#');
        pos = len;
        continue;
      }
      const c1 = text.charCodeAt(pos + 1);
      if (c1 === HASH) {
        const escape = hashHashAt(text, pos);
        this.addText(top, pos, escape.end, escape.literal);
        pos = escape.end;
        continue;
      }
      if (c1 !== LBRACE) {
        this.addText(top, pos, pos + 2, text.slice(pos, pos + 2));
        pos += 2;
        continue;
      }
      // `#{` …
      if (text.charCodeAt(pos + 2) === SLASH) {
        pos = this.closingTag(pos, frames, depth);
        continue;
      }
      if (text.startsWith('#{else}', pos)) {
        pos = this.elseTag(pos, frames);
        continue;
      }
      if (text.startsWith('#{elseif', pos) && isWhiteSpace(text.charCodeAt(pos + 8))) {
        pos = this.elseIfTag(pos, frames, depth.overflow);
        continue;
      }
      pos = this.openToken(pos, frames, depth);
    }
    if (untilDepth > 0 && frames.length <= untilDepth) return pos;
    // End of input with blocks still open.
    const stop = untilDepth > 0 ? untilDepth : 1;
    for (let i = frames.length - 1; i >= stop; i--) {
      const frame = frames[i];
      if (frame.elseIf) {
        this.finishBlock(frame, len);
        continue;
      }
      this.error(`\`${frame.openText}\` has no matching \`${closerFor(frame)}\``, frame.block!.openSpan);
      this.finishBlock(frame, len);
    }
    frames.length = stop;
    return pos;
  }

  private addText(frame: Frame, start: number, end: number, value: string): void {
    const last = frame.nodes[frame.nodes.length - 1];
    if (last && last.kind === 'text' && last.span.end === start) {
      last.value += value;
      last.span.end = end;
      return;
    }
    const node: TextNode = { kind: 'text', span: { start, end }, value };
    frame.nodes.push(node);
  }

  private closingTag(pos: number, frames: Frame[], depth: Overflow): number {
    const text = this.text;
    // Closers are matched exactly (lower case, no spaces), as Octostache does.
    const word = BLOCK_KEYWORDS.find(
      (k) => text.startsWith(k, pos + 3) && text.charCodeAt(pos + 3 + k.length) === RBRACE,
    );
    const top = frames[frames.length - 1];
    if (!word) {
      const end = this.tagEnd(pos);
      if (!this.strict && this.nextIndexOf('}', pos) < 0) this.openAtEnd.push(pos);
      this.error(
        `Unexpected \`${abbreviate(text.slice(pos, end))}\` — only \`#{/if}\`, \`#{/unless}\` and \`#{/each}\` close a block`,
        { start: pos, end },
      );
      this.addText(top, pos, end, text.slice(pos, end));
      return end;
    }
    const end = pos + word.length + 4;
    if (depth.overflow > 0) {
      depth.overflow--;
      return end;
    }
    // Find the block this closes; blocks above it were never closed.
    let match = -1;
    for (let i = frames.length - 1; i >= 1; i--) {
      const frame = frames[i];
      if (frame.elseIf) continue;
      if (matchesCloser(frame, word)) {
        match = i;
        break;
      }
    }
    if (match < 0) {
      this.error(`Unexpected \`#{/${word}}\` — there is no open \`#{${word === 'each' ? 'each' : word}}\` to close`, {
        start: pos,
        end,
      });
      this.addText(top, pos, end, text.slice(pos, end));
      return end;
    }
    for (let i = frames.length - 1; i > match; i--) {
      const frame = frames[i];
      if (frame.elseIf) {
        // An elseif branch ends with its chain's root: closed here only if that root is the match.
        let root = i;
        while (frames[root].elseIf) root--;
        if (root === match) this.finishBlock(frame, end, { start: pos, end });
        else this.finishBlock(frame, pos);
        continue;
      }
      this.error(`\`${frame.openText}\` has no matching \`${closerFor(frame)}\``, frame.block!.openSpan);
      this.finishBlock(frame, pos);
    }
    this.finishBlock(frames[match], end, { start: pos, end });
    frames.length = match;
    return end;
  }

  private finishBlock(frame: Frame, end: number, closeSpan?: Span): void {
    const block = frame.block!;
    block.span.end = end;
    if (closeSpan) block.closeSpan = closeSpan;
  }

  private elseTag(pos: number, frames: Frame[]): number {
    const end = pos + 7;
    const top = frames[frames.length - 1];
    const block = top.block;
    if (!block || block.kind !== 'conditional') {
      this.error('Unexpected `#{else}` — it must be inside `#{if}` or `#{unless}`', { start: pos, end });
      this.addText(top, pos, end, '#{else}');
      return end;
    }
    if (top.inElse) {
      this.error(`\`${top.openText}\` already has an \`#{else}\``, { start: pos, end });
      this.addText(top, pos, end, '#{else}');
      return end;
    }
    top.inElse = true;
    block.elseSpan = { start: pos, end };
    top.nodes = block.elseBody;
    return end;
  }

  private elseIfTag(pos: number, frames: Frame[], overflow: number): number {
    const text = this.text;
    const top = frames[frames.length - 1];
    const block = top.block;
    this.resetFailure();
    const condStart = this.skipWs(pos + 8);
    const cond = this.condition(condStart);
    let tagEndPos = -1;
    if (cond) {
      const close = this.skipWs(cond.end);
      if (text.charCodeAt(close) === RBRACE) tagEndPos = close + 1;
      else this.fail(close, '`}`');
    }
    if (tagEndPos < 0) return this.tokenError(pos, top);
    const openSpan = { start: pos, end: tagEndPos };
    if (overflow > 0) return tagEndPos;
    if (!block || block.kind !== 'conditional') {
      this.error('Unexpected `#{elseif}` — it must be inside `#{if}`', openSpan);
      this.addText(top, pos, tagEndPos, text.slice(pos, tagEndPos));
      return tagEndPos;
    }
    if (block.keyword === 'unless') {
      this.error('`#{elseif}` is not allowed inside `#{unless}`', openSpan);
      this.addText(top, pos, tagEndPos, text.slice(pos, tagEndPos));
      return tagEndPos;
    }
    if (top.inElse) {
      this.error('`#{elseif}` cannot come after `#{else}`', openSpan);
      this.addText(top, pos, tagEndPos, text.slice(pos, tagEndPos));
      return tagEndPos;
    }
    const nested: ConditionalNode = {
      kind: 'conditional',
      keyword: 'if',
      span: { start: pos, end: tagEndPos },
      openSpan,
      condition: cond!.value,
      body: [],
      elseBody: [],
      elseIf: true,
    };
    block.elseBody.push(nested);
    top.inElse = true;
    top.nodes = block.elseBody;
    frames.push({ nodes: nested.body, block: nested, openText: top.openText, elseIf: true });
    return tagEndPos;
  }

  /** `#{` that is not a closing tag: a block header, calc, or substitution. */
  private openToken(pos: number, frames: Frame[], depth: Overflow): number {
    const top = frames[frames.length - 1];
    this.resetFailure();
    const header = this.blockHeader(pos);
    if (header) {
      const block = header.value;
      if (depth.overflow > 0 || frames.length > MAX_BLOCK_DEPTH) {
        if (this.strict) throw new StrictFailure();
        if (depth.overflow === 0) {
          this.error(
            `Blocks are nested more than ${MAX_BLOCK_DEPTH} deep; deeper blocks are not checked`,
            block.openSpan,
          );
        }
        depth.overflow++;
        this.addText(top, pos, header.end, this.text.slice(pos, header.end));
        return header.end;
      }
      top.nodes.push(block);
      frames.push({
        nodes: block.body,
        block,
        openText: abbreviate(this.text.slice(block.openSpan.start, block.openSpan.end)),
      });
      return header.end;
    }
    const token = this.inlineToken(pos);
    if (token) {
      top.nodes.push(token.value);
      return token.end;
    }
    return this.tokenError(pos, top);
  }

  /** Reports the furthest failure of a `#{…}` at `pos`, emits the bad stretch as text and resumes. */
  private tokenError(pos: number, top: Frame): number {
    if (this.strict) throw new StrictFailure();
    const text = this.text;
    const len = this.length;
    const at = Math.max(this.failPos, pos + 2);
    const expected = describeExpected(this.failExpected);
    let resume: number;
    if (at >= len) this.openAtEnd.push(pos);
    if (at >= len || (text.charCodeAt(at) === HASH && text.charCodeAt(at + 1) === LBRACE)) {
      const what = this.failExpected.some((e) => e.includes('`}`')) || expected === '' ? '`}`' : expected;
      const bracket = this.failExpected.includes('`]`') ? lastOpenBracket(text, pos, at) : -1;
      if (bracket >= 0) this.error('Unclosed `[` — expected `]`', { start: bracket, end: bracket + 1 });
      else this.error(`Unclosed \`#{\` — expected ${what}`, { start: pos, end: pos + 2 });
      resume = pos + 2;
    } else {
      const ch = text[at];
      const inner = text.slice(pos + 2, at);
      if (ch === '}' && inner.trim() === '') {
        this.error('Empty `#{}` — expected a variable name', { start: pos, end: at + 1 });
      } else if (ch === '|' && text.charCodeAt(trimBounds(text, pos, at).end - 1) === RBRACE) {
        this.error(
          'Unexpected `|` — a filter whose last option is a nested `#{…}` cannot be followed by another filter',
          { start: at, end: at + 1 },
        );
      } else {
        this.error(`Unexpected \`${printable(ch)}\` in \`#{…}\`${expected ? ` — expected ${expected}` : ''}`, {
          start: at,
          end: at + 1,
        });
      }
      const nextClose = this.nextIndexOf('}', at);
      const nextOpen = this.nextIndexOf('#{', pos + 2);
      if (nextClose >= 0 && (nextOpen < 0 || nextClose < nextOpen)) resume = nextClose + 1;
      else resume = nextOpen >= 0 ? nextOpen : len;
    }
    this.addText(top, pos, resume, text.slice(pos, resume));
    return resume;
  }

  private error(message: string, span: Span): void {
    if (this.strict) throw new StrictFailure();
    this.errors.push({ message, span: { start: span.start, end: span.end } });
  }

  // ---------------------------------------------------------------------------------------
  // Tags.

  /** `#{if C}` / `#{unless C}` / `#{each x in C}` header, as a block node with an empty body. */
  private blockHeader(pos: number): Parsed<ConditionalNode | RepetitionNode> | null {
    const text = this.text;
    const q = this.skipWs(pos + 2);
    const keyword = BLOCK_KEYWORDS.find((k) => matchIgnoreCase(text, q, k));
    if (!keyword) return null;
    const afterKeyword = q + keyword.length;
    if (!isWhiteSpace(text.charCodeAt(afterKeyword))) return null;
    const start = this.skipWs(afterKeyword);
    if (keyword === 'each') {
      const variable = this.identifier(start, true, false);
      if (!variable) {
        this.fail(start, 'a loop variable name');
        return null;
      }
      const inAt = this.skipWs(variable.end);
      if (!matchIgnoreCase(text, inAt, 'in')) {
        this.fail(inAt, '`in`');
        return null;
      }
      const collection = this.symbol(this.skipWs(inAt + 2), false);
      if (!collection) return null;
      const close = this.skipWs(collection.end);
      if (text.charCodeAt(close) !== RBRACE) {
        this.fail(close, '`}`');
        return null;
      }
      const openSpan = { start: pos, end: close + 1 };
      const node: RepetitionNode = {
        kind: 'repetition',
        span: { start: pos, end: close + 1 },
        openSpan,
        variable: { name: variable.value.name, span: variable.value.span },
        collection: collection.value,
        body: [],
      };
      return { value: node, end: close + 1 };
    }
    const condition = this.condition(start);
    if (!condition) return null;
    const close = this.skipWs(condition.end);
    if (text.charCodeAt(close) !== RBRACE) {
      this.fail(close, '`}`');
      return null;
    }
    const openSpan = { start: pos, end: close + 1 };
    const node: ConditionalNode = {
      kind: 'conditional',
      keyword,
      span: { start: pos, end: close + 1 },
      openSpan,
      condition: condition.value,
      body: [],
      elseBody: [],
    };
    return { value: node, end: close + 1 };
  }

  /** `#{calc …}` or `#{Expression}`. */
  private inlineToken(pos: number): Parsed<TemplateNode> | null {
    return this.calculation(pos) ?? this.substitution(pos);
  }

  private substitution(pos: number): Parsed<SubstitutionNode> | null {
    const text = this.text;
    if (text.charCodeAt(pos) !== HASH || text.charCodeAt(pos + 1) !== LBRACE || text.charCodeAt(pos + 2) === SLASH) {
      this.fail(pos, '`#{`');
      return null;
    }
    const expression = this.expression(this.skipWs(pos + 2));
    if (!expression) return null;
    const close = this.skipWs(expression.end);
    if (text.charCodeAt(close) !== RBRACE) {
      this.fail(close, expression.value.kind === 'symbol' ? '`}` or `|`' : '`}`');
      return null;
    }
    return {
      value: { kind: 'substitution', span: { start: pos, end: close + 1 }, expression: expression.value },
      end: close + 1,
    };
  }

  private calculation(pos: number): Parsed<CalculationNode> | null {
    const text = this.text;
    const q = this.skipWs(pos + 2);
    if (!matchIgnoreCase(text, q, 'calc') || !isWhiteSpace(text.charCodeAt(q + 4))) return null;
    const expression = this.calcSum(this.skipWs(q + 4), 0);
    if (!expression) return null;
    const close = this.skipWs(expression.end);
    if (text.charCodeAt(close) !== RBRACE) {
      this.fail(close, 'an operator or `}`');
      return null;
    }
    return {
      value: { kind: 'calculation', span: { start: pos, end: close + 1 }, expression: expression.value },
      end: close + 1,
    };
  }

  // ---------------------------------------------------------------------------------------
  // Conditions.

  private condition(pos: number): Parsed<Condition> | null {
    const left = this.operand(pos);
    if (!left) return null;
    const opAt = this.skipWs(left.end);
    const text = this.text;
    let operator: '==' | '!=' | undefined;
    if (text.startsWith('==', opAt)) operator = '==';
    else if (text.startsWith('!=', opAt)) operator = '!=';
    if (!operator) {
      if (left.value.kind === 'string') {
        this.fail(opAt, '`==` or `!=`');
        return null;
      }
      return { value: { kind: 'truthy', span: left.value.span, operand: left.value.expression }, end: left.end };
    }
    const right = this.operand(this.skipWs(opAt + 2));
    if (!right) return null;
    if (left.value.kind === 'string' && right.value.kind === 'string') {
      this.fail(right.value.span.start, 'a variable');
      return null;
    }
    return {
      value: {
        kind: 'comparison',
        span: { start: left.value.span.start, end: right.value.span.end },
        operator,
        operatorSpan: { start: opAt, end: opAt + 2 },
        left: left.value,
        right: right.value,
      },
      end: right.end,
    };
  }

  private operand(pos: number): Parsed<Operand> | null {
    const quoted = this.quotedString(pos) ?? this.escapedQuotedString(pos);
    if (quoted)
      return { value: { kind: 'string', value: quoted.value.value, span: quoted.value.span }, end: quoted.end };
    const expression = this.expression(pos);
    if (!expression) return null;
    return {
      value: { kind: 'expression', expression: expression.value, span: expression.value.span },
      end: expression.end,
    };
  }

  // ---------------------------------------------------------------------------------------
  // Expressions: symbols and filter chains.

  private expression(pos: number): Parsed<Expression> | null {
    const symbol = this.symbol(pos, false);
    const barAt = symbol ? this.skipWs(symbol.end) : pos;
    if (this.text.charCodeAt(barAt) !== PIPE) {
      if (!symbol) this.fail(pos, 'a variable name or `|`');
      return symbol;
    }
    const filters: FilterCall[] = [];
    let at = barAt;
    while (this.text.charCodeAt(at) === PIPE) {
      const call = this.filterCall(at);
      if (!call) break;
      filters.push(call.value);
      at = call.end;
    }
    if (filters.length === 0) return null;
    const last = filters[filters.length - 1];
    const chain: FilterChain = {
      kind: 'filterChain',
      span: { start: symbol ? symbol.value.span.start : barAt, end: last.span.end },
      input: symbol ? symbol.value : null,
      filters,
    };
    return { value: chain, end: at };
  }

  /** `| Name option*`, starting at the bar; `end` is after trailing whitespace (Sprache's Token). */
  private filterCall(barAt: number): Parsed<FilterCall> | null {
    const nameAt = this.skipWs(barAt + 1);
    const name = this.identifier(nameAt, false, false);
    if (!name) {
      this.fail(nameAt, 'a filter name');
      return null;
    }
    let at = this.skipWs(name.end);
    let lastEnd = name.value.span.end;
    const options: FilterOption[] = [];
    for (;;) {
      const option = this.filterOption(at);
      if (!option) break;
      options.push(option.value);
      lastEnd = option.value.span.end;
      at = option.end;
    }
    return {
      value: { name: name.value.name, nameSpan: name.value.span, span: { start: barAt, end: lastEnd }, options },
      end: at,
    };
  }

  private filterOption(pos: number): Parsed<FilterOption> | null {
    const text = this.text;
    if (text.charCodeAt(pos) === HASH && text.charCodeAt(pos + 1) === LBRACE && text.charCodeAt(pos + 2) !== SLASH) {
      // A nested token option; note no whitespace is skipped after it (Octostache quirk:
      // `#{a} #{b}` or `#{a} | Next` do not parse).
      const nested = this.nestedToken(pos);
      if (nested) return { value: { kind: 'template', node: nested.value, span: nested.value.span }, end: nested.end };
    }
    const start = this.skipWs(pos);
    const bare = this.identifier(start, false, false);
    if (bare) {
      return {
        value: { kind: 'literal', style: 'bare', value: bare.value.name, span: bare.value.span },
        end: this.skipWs(bare.end),
      };
    }
    const quoted = this.quotedString(start);
    if (quoted)
      return {
        value: { kind: 'literal', style: 'quoted', value: quoted.value.value, span: quoted.value.span },
        end: quoted.end,
      };
    const escaped = this.escapedQuotedString(start);
    if (escaped)
      return {
        value: { kind: 'literal', style: 'escapedQuoted', value: escaped.value.value, span: escaped.value.span },
        end: escaped.end,
      };
    return null;
  }

  /** A complete `#{…}` token used as a filter option, parsed all-or-nothing. */
  private nestedToken(pos: number): Parsed<TemplateNode> | null {
    if (this.exprDepth >= MAX_EXPRESSION_DEPTH) {
      this.fail(pos, 'less deeply nested `#{…}`');
      return null;
    }
    this.exprDepth++;
    try {
      const header = this.blockHeader(pos);
      if (header) {
        const saved = {
          strict: this.strict,
          errors: this.errors.length,
          failPos: this.failPos,
          failExpected: this.failExpected,
        };
        this.strict++;
        try {
          const frames: Frame[] = [{ nodes: [] }];
          frames[0].nodes.push(header.value);
          frames.push({ nodes: header.value.body, block: header.value, openText: '' });
          this.scan(header.end, frames, 1);
          if (header.value.closeSpan) return { value: header.value, end: header.value.span.end };
        } catch (e) {
          if (!(e instanceof StrictFailure)) throw e;
        } finally {
          this.strict = saved.strict;
          this.errors.length = saved.errors;
          this.failPos = saved.failPos;
          this.failExpected = saved.failExpected;
        }
        this.fail(pos, 'a closed block');
      }
      return this.inlineToken(pos);
    } finally {
      this.exprDepth--;
    }
  }

  private quotedString(pos: number): Parsed<{ value: string; span: Span }> | null {
    const text = this.text;
    if (text.charCodeAt(pos) !== QUOTE) return null;
    let j = pos + 1;
    while (j < this.length) {
      const c = text.charCodeAt(j);
      if (c === QUOTE || c === HASH) break;
      j++;
    }
    if (text.charCodeAt(j) !== QUOTE) {
      this.fail(j, '`"`');
      return null;
    }
    return { value: { value: text.slice(pos + 1, j), span: { start: pos, end: j + 1 } }, end: this.skipWs(j + 1) };
  }

  private escapedQuotedString(pos: number): Parsed<{ value: string; span: Span }> | null {
    const text = this.text;
    if (text.charCodeAt(pos) !== BACKSLASH || text.charCodeAt(pos + 1) !== QUOTE) return null;
    const close = this.nextIndexOf('\\"', pos + 2);
    if (close < 0) {
      this.fail(this.length, '`\\"`');
      return null;
    }
    return {
      value: { value: text.slice(pos + 2, close), span: { start: pos, end: close + 2 } },
      end: this.skipWs(close + 2),
    };
  }

  /** Identifier ( `.` Identifier | Indexer )* */
  private symbol(pos: number, inCalcParens: boolean): Parsed<SymbolExpression> | null {
    const first = this.identifier(pos, true, inCalcParens);
    if (!first) {
      this.fail(pos, 'a variable name');
      return null;
    }
    const segments: SymbolSegment[] = [first.value];
    let at = first.end;
    for (;;) {
      const c = this.text.charCodeAt(at);
      if (c === DOT) {
        const next = this.identifier(at + 1, true, inCalcParens);
        if (!next) {
          this.fail(at + 1, 'a name after `.`');
          break;
        }
        segments.push(next.value);
        at = next.end;
      } else if (c === LBRACKET) {
        const index = this.indexer(at);
        if (!index) break;
        segments.push(index.value);
        at = index.end;
      } else break;
    }
    const lastSeg = segments[segments.length - 1];
    return {
      value: { kind: 'symbol', span: { start: first.value.span.start, end: lastSeg.span.end }, segments },
      end: at,
    };
  }

  /**
   * Octostache's Identifier: letters, digits, whitespace and `_ - : / ~ ( ) @`; whitespace stops
   * before `|`, `}` and before the keywords `in`, `==`, `!=` followed by whitespace. The name is
   * trimmed. Inside calc parentheses `)` ends the name so `(A+B)` works.
   */
  private identifier(pos: number, allowWhitespace: boolean, inCalcParens: boolean): Parsed<IdentifierSegment> | null {
    const text = this.text;
    const len = this.length;
    let q = pos;
    while (q < len) {
      const c = text.charCodeAt(q);
      if (isLetterOrDigit(c)) {
        q++;
        continue;
      }
      if (isIdentifierPunctuation(c)) {
        if (inCalcParens && (c === 41 || c === 40)) break;
        q++;
        continue;
      }
      if (!allowWhitespace || !isWhiteSpace(c)) break;
      // Sprache's FollowedBy needs a character after the lookahead; mirror that.
      const n = text.charCodeAt(q + 1);
      if ((n === PIPE || n === RBRACE) && q + 1 < len - 1) break;
      if (beforeKeyword(text, q)) break;
      q++;
    }
    if (q === pos) return null;
    const b = trimBounds(text, pos, q);
    const span = b.start < b.end ? b : { start: pos, end: pos };
    return { value: { kind: 'identifier', name: text.slice(b.start, b.end), span }, end: q };
  }

  /** `[#{Symbol}]`, `[text]` (nested `[..]` allowed) or `[]`. */
  private indexer(pos: number): Parsed<IndexSegment> | null {
    const text = this.text;
    if (this.exprDepth >= MAX_EXPRESSION_DEPTH) {
      this.fail(pos, 'less deeply nested indexers');
      return null;
    }
    this.exprDepth++;
    try {
      const inner = this.skipWs(pos + 1);
      if (text.startsWith('#{', inner) && text.charCodeAt(inner + 2) !== SLASH) {
        const sub = this.substitution(inner);
        if (sub && sub.value.expression.kind === 'symbol') {
          const close = this.skipWs(sub.end);
          if (text.charCodeAt(close) === RBRACKET) {
            return {
              value: {
                kind: 'index',
                span: { start: pos, end: close + 1 },
                index: { kind: 'symbol', symbol: sub.value.expression, span: sub.value.span },
              },
              end: close + 1,
            };
          }
          this.fail(close, '`]`');
        }
      }
      const plain = this.textIndex(pos);
      if (!plain) return null;
      return {
        value: {
          kind: 'index',
          span: { start: pos, end: plain.end },
          index: { kind: 'text', text: plain.value, span: { start: plain.contentStart, end: plain.end - 1 } },
        },
        end: plain.end,
      };
    } finally {
      this.exprDepth--;
    }
  }

  private textIndex(pos: number): { value: string; contentStart: number; end: number } | null {
    const text = this.text;
    const len = this.length;
    const contentStart = this.skipWs(pos + 1);
    if (this.nextIndexOf(']', pos) < 0) {
      this.fail(this.length, '`]`');
      return null;
    }
    let at = contentStart;
    let value = '';
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === LBRACKET) {
        if (this.exprDepth >= MAX_EXPRESSION_DEPTH) {
          this.fail(at, 'less deeply nested indexers');
          return null;
        }
        this.exprDepth++;
        const nested = this.textIndex(at);
        this.exprDepth--;
        if (!nested) break;
        value += '[' + nested.value + ']';
        at = nested.end;
      } else if (at < len && c !== RBRACKET) {
        let j = at;
        while (j < len) {
          const d = text.charCodeAt(j);
          if (d === LBRACKET || d === RBRACKET) break;
          j++;
        }
        value += text.slice(at, j);
        at = j;
      } else break;
    }
    if (text.charCodeAt(at) !== RBRACKET) {
      this.fail(at, '`]`');
      return null;
    }
    return { value, contentStart, end: at + 1 };
  }

  // ---------------------------------------------------------------------------------------
  // Calculations: + - * / with the usual precedence, parentheses, numbers, symbols, {Symbol}.

  private calcSum(pos: number, parens: number): Parsed<CalcExpression> | null {
    let left = this.calcProduct(pos, parens);
    if (!left) return null;
    for (;;) {
      const opAt = this.skipWs(left.end);
      const c = this.text[opAt];
      if (c !== '+' && c !== '-') return left;
      const right = this.calcProduct(this.skipWs(opAt + 1), parens);
      if (!right) return null;
      left = {
        value: {
          kind: 'binary',
          operator: c,
          left: left.value,
          right: right.value,
          span: { start: left.value.span.start, end: right.value.span.end },
        },
        end: right.end,
      };
    }
  }

  private calcProduct(pos: number, parens: number): Parsed<CalcExpression> | null {
    let left = this.calcFactor(pos, parens);
    if (!left) return null;
    for (;;) {
      const opAt = this.skipWs(left.end);
      const c = this.text[opAt];
      if (c !== '*' && c !== '/') return left;
      const right = this.calcFactor(this.skipWs(opAt + 1), parens);
      if (!right) return null;
      left = {
        value: {
          kind: 'binary',
          operator: c,
          left: left.value,
          right: right.value,
          span: { start: left.value.span.start, end: right.value.span.end },
        },
        end: right.end,
      };
    }
  }

  private calcFactor(pos: number, parens: number): Parsed<CalcExpression> | null {
    const text = this.text;
    const c = text.charCodeAt(pos);
    if (c === 40 /* ( */) {
      if (this.exprDepth >= MAX_EXPRESSION_DEPTH) {
        this.fail(pos, 'fewer parentheses');
        return null;
      }
      this.exprDepth++;
      try {
        const inner = this.calcSum(this.skipWs(pos + 1), parens + 1);
        if (!inner) return null;
        const close = this.skipWs(inner.end);
        if (text.charCodeAt(close) !== 41) {
          this.fail(close, '`)`');
          return null;
        }
        return { value: { ...inner.value, span: inner.value.span }, end: close + 1 };
      } finally {
        this.exprDepth--;
      }
    }
    if (c === LBRACE) {
      const symbol = this.symbol(this.skipWs(pos + 1), false);
      if (!symbol) return null;
      const close = this.skipWs(symbol.end);
      if (text.charCodeAt(close) !== RBRACE) {
        this.fail(close, '`}`');
        return null;
      }
      return {
        value: { kind: 'symbol', symbol: symbol.value, braced: true, span: { start: pos, end: close + 1 } },
        end: close + 1,
      };
    }
    const number = /^\d+(?:\.\d+)?/.exec(text.slice(pos, pos + 64));
    if (number) {
      const end = pos + number[0].length;
      return { value: { kind: 'number', value: Number(number[0]), span: { start: pos, end } }, end };
    }
    const symbol = this.symbol(pos, parens > 0);
    if (!symbol) {
      this.fail(pos, 'a number or variable');
      return null;
    }
    return { value: { kind: 'symbol', symbol: symbol.value, braced: false, span: symbol.value.span }, end: symbol.end };
  }

  // ---------------------------------------------------------------------------------------

  /** End of a malformed tag: its `}` if on the same stretch, else just the `#{/`. */
  private tagEnd(pos: number): number {
    const close = this.nextIndexOf('}', pos);
    const nextOpen = this.nextIndexOf('#{', pos + 2);
    if (close >= 0 && close - pos < 200 && (nextOpen < 0 || close < nextOpen)) return close + 1;
    return pos + 3;
  }

  /** `indexOf` remembering its last answer per needle, so repeated searches stay linear overall. */
  private nextIndexOf(needle: string, from: number): number {
    const cached = this.nextCache.get(needle);
    if (cached && from >= cached.from && (cached.at === -1 || cached.at >= from)) return cached.at;
    const at = this.text.indexOf(needle, from);
    this.nextCache.set(needle, { from, at });
    return at;
  }

  private skipWs(pos: number): number {
    while (pos < this.length && isWhiteSpace(this.text.charCodeAt(pos))) pos++;
    return pos;
  }

  private resetFailure(): void {
    this.failPos = -1;
    this.failExpected = [];
  }

  private fail(pos: number, expected: string): void {
    if (pos > this.failPos) {
      this.failPos = pos;
      this.failExpected = [expected];
    } else if (pos === this.failPos && !this.failExpected.includes(expected)) {
      this.failExpected.push(expected);
    }
  }
}

/** Whitespace at `q` followed by `in`, `==` or `!=` and more whitespace ends an identifier. */
function beforeKeyword(text: string, q: number): boolean {
  const a = text.charCodeAt(q + 1);
  const b = text.charCodeAt(q + 2);
  // `in`, `==` or `!=`: 105 is i, 110 n, 61 =, 33 !.
  const isKeyword = (a === 105 && b === 110) || (b === 61 && (a === 61 || a === 33));
  return isKeyword && q + 3 < text.length && isWhiteSpace(text.charCodeAt(q + 3));
}

/** ASCII case-insensitive match of a lower-case keyword at `pos`. */
function matchIgnoreCase(text: string, pos: number, word: string): boolean {
  if (pos + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) {
    if ((text.charCodeAt(pos + i) | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

function matchesCloser(frame: Frame, word: BlockKeyword): boolean {
  const block = frame.block;
  if (!block) return false;
  if (block.kind === 'repetition') return word === 'each';
  return block.keyword === word;
}

function closerFor(frame: Frame): string {
  const block = frame.block!;
  if (block.kind === 'repetition') return '#{/each}';
  return `#{/${block.keyword}}`;
}

function lastOpenBracket(text: string, from: number, to: number): number {
  const i = text.lastIndexOf('[', to - 1);
  return i >= from ? i : -1;
}

function abbreviate(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

function printable(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  if (ch === '`') return "'`'";
  return ch;
}

function describeExpected(expected: string[]): string {
  if (expected.length === 0) return '';
  // Entries may name alternatives themselves ('`}` or `|`'): each thing expected is named once.
  const unique = [...new Set(expected.flatMap((e) => e.split(' or ')))];
  if (unique.length === 1) return unique[0];
  return unique.slice(0, -1).join(', ') + ' or ' + unique[unique.length - 1];
}
