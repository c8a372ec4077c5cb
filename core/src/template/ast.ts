/**
 * Syntax tree of an Octopus template (Octostache). Every node carries the UTF-16 span it was
 * parsed from, so editor features can point at the exact text. Grammar and semantics follow
 * docs/reference/octostache.md (Octostache's TemplateParser).
 */
import type { Span } from '../text';

export type TemplateNode = TextNode | SubstitutionNode | ConditionalNode | RepetitionNode | CalculationNode;

/** Literal text; `value` has `##{` escapes already resolved (`##{x}` → `#{x}`, `###{x}` → `#` + token). */
export interface TextNode {
  kind: 'text';
  span: Span;
  value: string;
}

/** `#{Expression}` */
export interface SubstitutionNode {
  kind: 'substitution';
  span: Span;
  expression: Expression;
}

export type Expression = SymbolExpression | FilterChain;

/** A variable path: `Octopus.Action[Step A].Output.X`. */
export interface SymbolExpression {
  kind: 'symbol';
  span: Span;
  segments: SymbolSegment[];
}

export type SymbolSegment = IdentifierSegment | IndexSegment;

/** One dotted name part; `name` is trimmed, inner spaces kept (`Foo Bar`). */
export interface IdentifierSegment {
  kind: 'identifier';
  name: string;
  span: Span;
}

/** `[text]`, `[]` or `[#{Symbol}]`; `span` covers the brackets. */
export interface IndexSegment {
  kind: 'index';
  span: Span;
  index: TextIndex | SymbolIndex;
}

export interface TextIndex {
  kind: 'text';
  /** The index key: leading whitespace dropped, nested `[..]` kept verbatim. */
  text: string;
  span: Span;
}

/** `[#{X}]`: the index is the value of another variable, resolved first. */
export interface SymbolIndex {
  kind: 'symbol';
  symbol: SymbolExpression;
  /** Span of the `#{X}` inside the brackets. */
  span: Span;
}

/** `Symbol? | Filter option* | Filter …`; `input` is null for `#{ | NowDate}`. */
export interface FilterChain {
  kind: 'filterChain';
  span: Span;
  input: SymbolExpression | null;
  filters: FilterCall[];
}

export interface FilterCall {
  /** As written; filter lookup is case-insensitive. */
  name: string;
  nameSpan: Span;
  /** From the `|` to the end of the last option. */
  span: Span;
  options: FilterOption[];
}

export type FilterOption = LiteralOption | TemplateOption;

/** A bare word, `"quoted"` or `\"escaped quoted\"` option; `value` is without quotes. */
export interface LiteralOption {
  kind: 'literal';
  style: 'bare' | 'quoted' | 'escapedQuoted';
  value: string;
  span: Span;
}

/** A nested `#{…}` (substitution, if, each or calc) whose output is the option's value. */
export interface TemplateOption {
  kind: 'template';
  node: TemplateNode;
  span: Span;
}

/**
 * `#{if C}body#{else}elseBody#{/if}` or `#{unless C}body#{else}elseBody#{/unless}`.
 * For `if` the body renders when C is truthy; for `unless` when it is falsy.
 * `#{elseif C2}` is desugared as Octostache does: elseBody holds one nested conditional with
 * `elseIf: true` (whose own closeSpan is the shared `#{/if}`).
 */
export interface ConditionalNode {
  kind: 'conditional';
  keyword: 'if' | 'unless';
  span: Span;
  /** The opening tag `#{if …}` (or `#{elseif …}` when elseIf). */
  openSpan: Span;
  condition: Condition;
  body: TemplateNode[];
  elseBody: TemplateNode[];
  elseSpan?: Span;
  /** Missing when the block is never closed (a syntax error is reported). */
  closeSpan?: Span;
  elseIf?: boolean;
}

export type Condition = TruthyCondition | ComparisonCondition;

export interface TruthyCondition {
  kind: 'truthy';
  span: Span;
  operand: Expression;
}

export interface ComparisonCondition {
  kind: 'comparison';
  span: Span;
  operator: '==' | '!=';
  operatorSpan: Span;
  left: Operand;
  right: Operand;
}

export type Operand =
  { kind: 'expression'; expression: Expression; span: Span } | { kind: 'string'; value: string; span: Span };

/** `#{each item in Collection}body#{/each}` */
export interface RepetitionNode {
  kind: 'repetition';
  span: Span;
  openSpan: Span;
  variable: { name: string; span: Span };
  collection: SymbolExpression;
  body: TemplateNode[];
  closeSpan?: Span;
}

/** `#{calc expr}` */
export interface CalculationNode {
  kind: 'calculation';
  span: Span;
  expression: CalcExpression;
}

export type CalcExpression =
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'symbol'; symbol: SymbolExpression; braced: boolean; span: Span }
  | { kind: 'binary'; operator: '+' | '-' | '*' | '/'; left: CalcExpression; right: CalcExpression; span: Span };

export interface TemplateSyntaxError {
  message: string;
  span: Span;
}
