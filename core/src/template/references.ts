/**
 * Every variable a template refers to, with spans, for "unknown variable" checks, go-to and
 * rename. Loop variables in scope travel with each reference so a check can tell `#{item.Name}`
 * inside `#{each item in Items}` from a real variable.
 */
import type { Span } from '../text';
import type { CalcExpression, Condition, Expression, Operand, SymbolExpression, TemplateNode } from './ast';

export interface TemplateReferenceSegment {
  kind: 'identifier' | 'index';
  /** Identifier name, index key, or for a symbol index the canonical `#{X}`. */
  text: string;
  span: Span;
}

export interface TemplateReference {
  /** Canonical text as Octostache prints it, e.g. `Octopus.Action[Step A].Output.X`. */
  name: string;
  segments: TemplateReferenceSegment[];
  span: Span;
  /** Names of the `#{each}` loop variables in scope where the reference appears, innermost last. */
  loopVariables: string[];
}

/** Collects references in document order (a symbol before the references inside its indexers). */
export function collectReferences(nodes: readonly TemplateNode[]): TemplateReference[] {
  const out: TemplateReference[] = [];
  walkNodes(nodes, [], out);
  return out;
}

/** True when the reference starts with a loop variable in scope (lookup is case-insensitive). */
export function isLoopVariableReference(ref: TemplateReference): boolean {
  const first = ref.segments[0];
  if (!first || first.kind !== 'identifier') return false;
  const name = first.text.toLowerCase();
  return ref.loopVariables.some((v) => v.toLowerCase() === name);
}

/** Fast check whether a string needs template processing at all (Octostache's own fast path). */
export function containsTemplate(text: string): boolean {
  return text.includes('#{');
}

/** Canonical text of a symbol, as Octostache's SymbolExpression.ToString prints it. */
export function symbolToString(symbol: SymbolExpression): string {
  let result = '';
  let join = '';
  for (const segment of symbol.segments) {
    if (segment.kind === 'identifier') {
      result += join + segment.name;
    } else {
      const index = segment.index;
      result += '[' + (index.kind === 'symbol' ? '#{' + symbolToString(index.symbol) + '}' : index.text) + ']';
    }
    join = '.';
  }
  return result;
}

function walkNodes(nodes: readonly TemplateNode[], loops: string[], out: TemplateReference[]): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        break;
      case 'substitution':
        walkExpression(node.expression, loops, out);
        break;
      case 'conditional':
        walkCondition(node.condition, loops, out);
        walkNodes(node.body, loops, out);
        walkNodes(node.elseBody, loops, out);
        break;
      case 'repetition':
        walkSymbol(node.collection, loops, out);
        walkNodes(node.body, [...loops, node.variable.name], out);
        break;
      case 'calculation':
        walkCalc(node.expression, loops, out);
        break;
    }
  }
}

function walkCondition(condition: Condition, loops: string[], out: TemplateReference[]): void {
  if (condition.kind === 'truthy') walkExpression(condition.operand, loops, out);
  else {
    walkOperand(condition.left, loops, out);
    walkOperand(condition.right, loops, out);
  }
}

function walkOperand(operand: Operand, loops: string[], out: TemplateReference[]): void {
  if (operand.kind === 'expression') walkExpression(operand.expression, loops, out);
}

function walkExpression(expression: Expression, loops: string[], out: TemplateReference[]): void {
  if (expression.kind === 'symbol') {
    walkSymbol(expression, loops, out);
    return;
  }
  if (expression.input) walkSymbol(expression.input, loops, out);
  for (const filter of expression.filters) {
    for (const option of filter.options) {
      if (option.kind === 'template') walkNodes([option.node], loops, out);
    }
  }
}

function walkCalc(expression: CalcExpression, loops: string[], out: TemplateReference[]): void {
  if (expression.kind === 'symbol') walkSymbol(expression.symbol, loops, out);
  else if (expression.kind === 'binary') {
    walkCalc(expression.left, loops, out);
    walkCalc(expression.right, loops, out);
  }
}

function walkSymbol(symbol: SymbolExpression, loops: string[], out: TemplateReference[]): void {
  const segments: TemplateReferenceSegment[] = symbol.segments.map((segment) =>
    segment.kind === 'identifier'
      ? { kind: 'identifier', text: segment.name, span: segment.span }
      : {
          kind: 'index',
          text: segment.index.kind === 'text' ? segment.index.text : '#{' + symbolToString(segment.index.symbol) + '}',
          span: segment.span,
        },
  );
  out.push({ name: symbolToString(symbol), segments, span: symbol.span, loopVariables: loops });
  for (const segment of symbol.segments) {
    if (segment.kind === 'index' && segment.index.kind === 'symbol') walkSymbol(segment.index.symbol, loops, out);
  }
}
