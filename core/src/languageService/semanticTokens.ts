/**
 * Semantic tokens for Octopus templates inside YAML strings, so a theme can tell a project
 * variable from a system variable, a loop variable, a filter or a keyword — which the TextMate
 * grammar, knowing nothing of the project, cannot.
 *
 * Legend (types): `variable` — a reference to a project or library-set variable, or with the
 * `defaultLibrary` modifier to an Octopus system variable (an unknown name gets no modifier);
 * `parameter` — an `#{each}` loop variable (where declared, with `declaration`); `enumMember` — a
 * step or action name inside `Octopus.Action[…]`; `function` — a filter (`defaultLibrary` when
 * built in); `keyword` — `if`, `unless`, `elseif`, `else`, `each`, `in`, `calc` and the closing
 * `/if`, `/unless`, `/each`; `macro` — the `#{` and `}` delimiters; `operator` — `|`, `==`, `!=`
 * and calc's `+ - * /`; `string` — quoted filter options, bare filter options and compared strings;
 * `number` — numbers in `#{calc}`; `comment` — a comment in a script step's body (OCL files lex
 * the script by its syntax: see `oclSemanticTokens.ts`, which also uses `string`, `keyword`,
 * `variable`, `number` and `operator` for the script's own words).
 */
import { isScalar, visit, type Scalar } from 'yaml';
import type { Project, TemplateText, Variable } from '../model/types';
import type { CalcExpression, Condition, Expression, SymbolExpression, TemplateNode } from '../template/ast';
import { isWhiteSpace } from '../template/chars';
import type { LineIndex, Range, Span } from '../text';
import { findSystemVariable, isRuntimeProvided } from '../variables/systemVariables';
import { parsedTemplateOf, stringAt, stringFromSource, type StringAt } from './stringOffsets';
import { findFilter } from './filterCatalog';
import { same } from './names';
import type { ServiceDocument } from './types';
import { visibleVariables } from './variableInfo';

export const SEMANTIC_TOKEN_TYPES = [
  'variable',
  'parameter',
  'enumMember',
  'function',
  'keyword',
  'macro',
  'operator',
  'string',
  'number',
  'comment',
] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['defaultLibrary', 'declaration'] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS],
};

export interface SemanticToken {
  line: number;
  character: number;
  length: number;
  type: SemanticTokenType;
  modifiers: SemanticTokenModifier[];
}

/** Tokens of every template in the document (or only in strings that touch `range`), in order. */
export function getSemanticTokens(document: ServiceDocument, range?: Range): SemanticToken[] {
  const { parsed } = document;
  if (!parsed.document) return [];
  const variables =
    document.kind === 'process'
      ? visibleVariables(document.project, document.space)
      : document.space.variableSets.flatMap((s) => s.variables);
  const strings: (StringAt | undefined)[] = [];
  if (document.kind === 'process') {
    // The model holds every string that may be a template, each with its source map.
    for (const text of templateTexts(document.project))
      if (text.source && text.value.includes('#{')) strings.push(stringFromSource(parsed, text.source));
  } else {
    visit(parsed.document, {
      Scalar(_key, node) {
        if (isScalar(node) && typeof node.value === 'string' && node.range && node.value.includes('#{'))
          strings.push(stringAt(parsed, node as Scalar));
      },
    });
  }
  return getTemplateTokens(strings, parsed.lines, variables, range);
}

/** Tokens of the templates in `strings` (of a document with `lines`), those touching `range` only when given. */
export function getTemplateTokens(
  strings: Iterable<StringAt | undefined>,
  lines: LineIndex,
  variables: readonly Variable[],
  range?: Range,
): SemanticToken[] {
  const tokens: SemanticToken[] = [];
  const names = new Set(variables.map((v) => v.name.toLowerCase()));
  const from = range ? lines.offsetAt(range.start) : 0;
  const to = range ? lines.offsetAt(range.end) : lines.text.length;
  for (const string of strings) {
    if (!string || string.span.end < from || string.span.start > to) continue;
    new TokenWriter(string, lines, tokens, (symbol, loops) => classify(symbol, loops, names)).nodes(
      parsedTemplateOf(string).nodes,
    );
  }
  tokens.sort((a, b) => a.line - b.line || a.character - b.character);
  // Drop overlaps (a nested template inside an option already tokenised its parts).
  const out: SemanticToken[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (last && last.line === t.line && t.character < last.character + last.length) continue;
    out.push(t);
  }
  return out;
}

/** LSP's relative encoding: five integers per token. */
export function encodeSemanticTokens(tokens: readonly SemanticToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const t of tokens) {
    const deltaLine = t.line - line;
    const deltaChar = deltaLine === 0 ? t.character - character : t.character;
    let modifiers = 0;
    for (const m of t.modifiers) modifiers |= 1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(m);
    data.push(deltaLine, deltaChar, t.length, SEMANTIC_TOKEN_TYPES.indexOf(t.type), modifiers);
    line = t.line;
    character = t.character;
  }
  return data;
}

type Classify = (
  symbol: SymbolExpression,
  loops: string[],
) => { type: SemanticTokenType; modifiers: SemanticTokenModifier[] };

function classify(
  symbol: SymbolExpression,
  loops: string[],
  names: Set<string>,
): { type: SemanticTokenType; modifiers: SemanticTokenModifier[] } {
  const first = symbol.segments[0];
  if (first?.kind === 'identifier' && loops.some((l) => same(l, first.name)))
    return { type: 'parameter', modifiers: [] };
  // A variable's name, or a path into one (its value as JSON, indexed children).
  let name = '';
  for (const s of symbol.segments) {
    name += s.kind === 'index' ? `[${s.index.kind === 'text' ? s.index.text : ''}]` : (name ? '.' : '') + s.name;
    if (names.has(name.toLowerCase())) return { type: 'variable', modifiers: [] };
  }
  if (/^Octopus\./i.test(name) || isRuntimeProvided(name) || findSystemVariable(name))
    return { type: 'variable', modifiers: ['defaultLibrary'] };
  return { type: 'variable', modifiers: [] };
}

/** Every templated string of a process: step conditions, action properties, variable values. */
function* templateTexts(project: Project): Generator<TemplateText> {
  for (const step of project.process.steps) {
    if (step.condition.expression) yield step.condition.expression;
    for (const action of step.actions) yield* action.properties.values();
  }
  for (const variable of project.variables)
    for (const value of variable.values) if (value.template) yield value.template;
}

class TokenWriter {
  constructor(
    private readonly string: StringAt,
    private readonly lines: LineIndex,
    private readonly out: SemanticToken[],
    private readonly classify: Classify,
  ) {}

  private emit(span: Span, type: SemanticTokenType, modifiers: SemanticTokenModifier[] = []): void {
    if (span.end <= span.start) return;
    const doc = this.string.toDocument(span);
    const range = this.lines.rangeOf(doc);
    if (range.start.line === range.end.line) {
      this.out.push({
        line: range.start.line,
        character: range.start.character,
        length: range.end.character - range.start.character,
        type,
        modifiers,
      });
      return;
    }
    // A token may not span lines: emit the part on each line.
    const text = this.lines.text;
    let start = doc.start;
    while (start < doc.end) {
      let end = start;
      while (end < doc.end && text[end] !== '\n' && text[end] !== '\r') end++;
      const p = this.lines.positionAt(start);
      if (end > start) this.out.push({ line: p.line, character: p.character, length: end - start, type, modifiers });
      start = end + 1;
    }
  }

  private delimiters(span: Span): void {
    this.emit({ start: span.start, end: span.start + 2 }, 'macro');
    if (this.string.value[span.end - 1] === '}') this.emit({ start: span.end - 1, end: span.end }, 'macro');
  }

  /** `#{ if`: the keyword after the opening delimiter (white space allowed). */
  private keywordAfterOpen(open: Span, keyword: string): number {
    let at = open.start + 2;
    while (at < open.end && isWhiteSpace(this.string.value.charCodeAt(at))) at++;
    this.emit({ start: at, end: at + keyword.length }, 'keyword');
    return at + keyword.length;
  }

  nodes(nodes: readonly TemplateNode[], loops: string[] = []): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'text':
          break;
        case 'substitution':
          this.delimiters(node.span);
          this.expression(node.expression, loops);
          break;
        case 'conditional':
          this.delimiters(node.openSpan);
          this.keywordAfterOpen(node.openSpan, node.elseIf ? 'elseif' : node.keyword);
          this.condition(node.condition, loops);
          this.nodes(node.body, loops);
          if (node.elseSpan) {
            this.delimiters(node.elseSpan);
            this.emit({ start: node.elseSpan.start + 2, end: node.elseSpan.end - 1 }, 'keyword');
          }
          this.nodes(node.elseBody, loops);
          if (node.closeSpan && !node.elseIf) {
            this.delimiters(node.closeSpan);
            this.emit({ start: node.closeSpan.start + 2, end: node.closeSpan.end - 1 }, 'keyword');
          }
          break;
        case 'repetition': {
          this.delimiters(node.openSpan);
          this.keywordAfterOpen(node.openSpan, 'each');
          this.emit(node.variable.span, 'parameter', ['declaration']);
          const inAt = this.string.value.slice(node.variable.span.end, node.collection.span.start).search(/in/i);
          if (inAt >= 0)
            this.emit({ start: node.variable.span.end + inAt, end: node.variable.span.end + inAt + 2 }, 'keyword');
          this.symbol(node.collection, loops);
          this.nodes(node.body, [...loops, node.variable.name]);
          if (node.closeSpan) {
            this.delimiters(node.closeSpan);
            this.emit({ start: node.closeSpan.start + 2, end: node.closeSpan.end - 1 }, 'keyword');
          }
          break;
        }
        case 'calculation':
          this.delimiters(node.span);
          this.keywordAfterOpen(node.span, 'calc');
          this.calc(node.expression, loops);
          break;
      }
    }
  }

  private condition(condition: Condition, loops: string[]): void {
    if (condition.kind === 'truthy') {
      this.expression(condition.operand, loops);
      return;
    }
    for (const operand of [condition.left, condition.right]) {
      if (operand.kind === 'expression') this.expression(operand.expression, loops);
      else this.emit(operand.span, 'string');
    }
    this.emit(condition.operatorSpan, 'operator');
  }

  private expression(expression: Expression, loops: string[]): void {
    if (expression.kind === 'symbol') {
      this.symbol(expression, loops);
      return;
    }
    if (expression.input) this.symbol(expression.input, loops);
    for (const filter of expression.filters) {
      this.emit({ start: filter.span.start, end: filter.span.start + 1 }, 'operator');
      this.emit(filter.nameSpan, 'function', findFilter(filter.name) ? ['defaultLibrary'] : []);
      for (const option of filter.options) {
        if (option.kind === 'template') this.nodes([option.node], loops);
        else this.emit(option.span, 'string');
      }
    }
  }

  private symbol(symbol: SymbolExpression, loops: string[]): void {
    const { type, modifiers } = this.classify(symbol, loops);
    const [octopus, kind] = symbol.segments;
    const stepIndex =
      octopus?.kind === 'identifier' &&
      same(octopus.name, 'Octopus') &&
      kind?.kind === 'identifier' &&
      /^(action|step)$/i.test(kind.name);
    symbol.segments.forEach((segment, i) => {
      if (segment.kind === 'identifier') this.emit(segment.span, type, modifiers);
      else if (segment.index.kind === 'symbol') this.symbol(segment.index.symbol, loops);
      else if (stepIndex && i === 2) this.emit(segment.index.span, 'enumMember');
    });
  }

  private calc(expression: CalcExpression, loops: string[]): void {
    if (expression.kind === 'number') this.emit(expression.span, 'number');
    else if (expression.kind === 'symbol') this.symbol(expression.symbol, loops);
    else {
      this.calc(expression.left, loops);
      const between = this.string.value.slice(expression.left.span.end, expression.right.span.start);
      const op = between.indexOf(expression.operator);
      if (op >= 0)
        this.emit({ start: expression.left.span.end + op, end: expression.left.span.end + op + 1 }, 'operator');
      this.calc(expression.right, loops);
    }
  }
}
