/**
 * Evaluates Octopus templates with Octostache's semantics (TemplateEvaluator, EvaluationContext):
 * case-insensitive lookup, variable values evaluated as templates in a child scope, JSON values,
 * indexers and `[*]`, conditionals, `#{each}`, `#{calc}`, filters, missing values echoed in
 * normalised form, recursion detected with Octostache's exact message.
 *
 * Unlike Octostache, evaluation is bounded: nesting depth, loop iterations, output size and total
 * work are capped, and exceeding a cap stops evaluation with a clear error instead of hanging.
 */
import type {
  CalcExpression,
  ConditionalNode,
  Expression,
  FilterOption,
  Operand,
  RepetitionNode,
  SymbolExpression,
  TemplateNode,
} from './ast';
import { formatDouble, parseDouble } from './dotnet/number';
import { type FilterContext, type TemplateFilter, invokeFilter } from './filters/index';
import { type JsonValue, jsonScalarText, parseLenientJson, serializeJson } from './json';
import { LineIndex } from '../text';
import { parseTemplateCached } from './parseTemplate';
import { BindingNode, VariableDictionary } from './variables';

export interface EvaluationLimits {
  /** Nesting of variable values, blocks and filter options inside one another. */
  maxDepth: number;
  /** Total `#{each}` iterations in one evaluation. */
  maxIterations: number;
  /** Longest string any part of the evaluation may produce (UTF-16 units). */
  maxOutputLength: number;
  /** Total work: tokens evaluated plus variable lookups. */
  maxSteps: number;
}

export const DEFAULT_EVALUATION_LIMITS: Readonly<EvaluationLimits> = Object.freeze({
  maxDepth: 200,
  maxIterations: 10_000,
  maxOutputLength: 10_000_000,
  maxSteps: 1_000_000,
});

export interface EvaluateOptions {
  /** Default true: a template with a syntax error is returned unchanged, with the error. */
  haltOnError?: boolean;
  limits?: Partial<EvaluationLimits>;
  /** Clock for NowDate / NowDateUtc (default: the system clock). */
  now?: () => Date;
  /** Custom filters by name (Octostache's AddExtension), consulted when no built-in gives a value. */
  filters?: Record<string, TemplateFilter>;
}

export interface EvaluationResult {
  /** The output; null when the `null` filter ran, or when evaluation failed (see `failure`). */
  result: string | null;
  /** Octostache's error string(s), e.g. "The following tokens were unable to be evaluated: '#{Foo}'". */
  errors: string[];
  /** Set when evaluation could not finish: a self-referencing variable (Octostache throws) or a limit. */
  failure?: { kind: 'recursion' | 'limit'; message: string };
}

export type TemplateVariables = VariableDictionary | Record<string, string | null | undefined>;

/** Evaluates `template` against `variables` as Octostache's `VariableDictionary.Evaluate` does. */
export function evaluateTemplate(
  template: string | null,
  variables: TemplateVariables,
  options: EvaluateOptions = {},
): EvaluationResult {
  if (template === null || template === undefined) return { result: null, errors: [] };
  if (!template.includes('#{')) return { result: template, errors: [] };
  const haltOnError = options.haltOnError ?? true;
  const parsed = parseTemplateCached(template);
  const errors: string[] = [];
  if (parsed.errors.length) {
    const lines = new LineIndex(template);
    const messages = parsed.errors.map((e) => {
      const at = lines.positionAt(e.span.start);
      return `Parsing failure: ${e.message} (line ${at.line + 1}, column ${at.character + 1})`;
    });
    if (haltOnError) return { result: template, errors: messages };
    errors.push(...messages);
  }
  const binding =
    variables instanceof VariableDictionary ? variables.binding() : new VariableDictionary(variables).binding();
  const evaluator = new Evaluator(options);
  const acc: Accumulator = { missing: [], nulls: [] };
  const out = evaluator.output();
  try {
    evaluator.evaluateNodes(parsed.nodes, new Scope(binding, null), out, acc);
  } catch (e) {
    if (e instanceof EvaluationFailure)
      return { result: null, errors: [...errors, e.message], failure: { kind: e.kind, message: e.message } };
    throw e;
  }
  const missing = [...new Set(acc.missing)];
  if (missing.length)
    errors.push('The following tokens were unable to be evaluated: ' + missing.map((t) => `'${t}'`).join(', '));
  return { result: acc.nulls.length ? null : out.toString(), errors };
}

/** `VariableDictionary.EvaluateTruthy`: true only without errors, with a non-null truthy result. */
export function evaluateTruthy(template: string, variables: TemplateVariables, options: EvaluateOptions = {}): boolean {
  const { result, errors } = evaluateTemplate(template, variables, options);
  return errors.length === 0 && result !== null && isTruthy(result);
}

/** Octostache truthiness: falsy are "", "0", and (trimmed, any case) "no" and "false". */
export function isTruthy(value: string): boolean {
  if (value === '' || value === '0') return false;
  const trimmed = value.trim().toLowerCase();
  return trimmed !== 'no' && trimmed !== 'false';
}

// ---------------------------------------------------------------------------------------------

interface Accumulator {
  missing: string[];
  nulls: string[];
}

class EvaluationFailure extends Error {
  constructor(
    readonly kind: 'recursion' | 'limit',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A symbol path with indexers resolved or not; `text` is Octostache's ToString. `key` identifies
 * the path for recursion detection the way Octostache compares symbols: step text (case-sensitive)
 * plus where the step was written in its template, so the same name written elsewhere is a
 * different symbol (Octostache's SymbolExpressionStep equality includes the input position).
 */
interface Path {
  steps: Step[];
  text: string;
  key: string;
}

type Step =
  | { kind: 'id'; name: string; at: number }
  | { kind: 'index'; key: string; at: number | null }
  | { kind: 'symbolIndex'; path: Path; id: number };

class Scope {
  readonly stack: Path[] = [];
  constructor(
    readonly binding: BindingNode,
    readonly parent: Scope | null,
  ) {}
}

class Output {
  private parts: string[] = [];
  private length = 0;
  constructor(private readonly max: number) {}

  write(text: string): void {
    this.length += text.length;
    if (this.length > this.max) throw limitFailure(`the output is longer than ${this.max} characters`);
    this.parts.push(text);
  }

  toString(): string {
    return this.parts.join('');
  }
}

function limitFailure(what: string): EvaluationFailure {
  return new EvaluationFailure('limit', `Template evaluation stopped: ${what}.`);
}

const pathCache = new WeakMap<SymbolExpression, Path>();
let nextSymbolId = 0;

function pathOf(symbol: SymbolExpression): Path {
  let path = pathCache.get(symbol);
  if (!path) {
    const steps: Step[] = symbol.segments.map((s) =>
      s.kind === 'identifier'
        ? { kind: 'id', name: s.name, at: s.span.start }
        : s.index.kind === 'text'
          ? { kind: 'index', key: s.index.text, at: s.span.start }
          : { kind: 'symbolIndex', path: pathOf(s.index.symbol), id: nextSymbolId++ },
    );
    path = makePath(steps);
    pathCache.set(symbol, path);
  }
  return path;
}

function makePath(steps: Step[]): Path {
  let text = '';
  let key = '';
  steps.forEach((step, i) => {
    if (step.kind === 'id') {
      text += (i > 0 ? '.' : '') + step.name;
      key += `.${step.at}:${step.name.length}:${step.name}`;
    } else if (step.kind === 'index') {
      text += '[' + step.key + ']';
      key += `[${step.at ?? '-'}:${step.key.length}:${step.key}`;
    } else {
      text += '[#{' + step.path.text + '}]';
      key += `{${step.id}`;
    }
  });
  return { steps, text, key };
}

class Evaluator {
  private readonly limits: EvaluationLimits;
  private readonly filterContext: FilterContext;
  private readonly customFilters?: ReadonlyMap<string, TemplateFilter>;
  private steps = 0;
  private iterations = 0;
  private depth = 0;

  constructor(options: EvaluateOptions) {
    this.limits = { ...DEFAULT_EVALUATION_LIMITS, ...options.limits };
    const now = options.now ?? (() => new Date());
    this.filterContext = { now, maxOutputLength: this.limits.maxOutputLength };
    if (options.filters)
      this.customFilters = new Map(Object.entries(options.filters).map(([k, v]) => [k.toLowerCase(), v]));
  }

  output(): Output {
    return new Output(this.limits.maxOutputLength);
  }

  private step(): void {
    if (++this.steps > this.limits.maxSteps)
      throw limitFailure(`more than ${this.limits.maxSteps} evaluation steps (a variable may expand exponentially)`);
  }

  private enter(): void {
    if (++this.depth > this.limits.maxDepth)
      throw limitFailure(
        `templates are nested more than ${this.limits.maxDepth} levels deep (through variable values, blocks and filter options)`,
      );
  }

  private leave(): void {
    this.depth--;
  }

  evaluateNodes(nodes: readonly TemplateNode[], scope: Scope, out: Output, acc: Accumulator): void {
    this.enter();
    try {
      for (const node of nodes) this.evaluateNode(node, scope, out, acc);
    } finally {
      this.leave();
    }
  }

  private evaluateNode(node: TemplateNode, scope: Scope, out: Output, acc: Accumulator): void {
    this.step();
    switch (node.kind) {
      case 'text':
        out.write(node.value);
        return;
      case 'substitution': {
        const value = this.calculate(node.expression, scope, acc);
        if (value === null) {
          const expr = node.expression;
          if (expr.kind === 'filterChain' && expr.filters[expr.filters.length - 1].name === 'null') {
            acc.nulls.push(nodeText(node));
            return;
          }
          acc.missing.push(nodeText(node));
        }
        out.write(value ?? nodeText(node));
        return;
      }
      case 'conditional':
        this.evaluateConditional(node, scope, out, acc);
        return;
      case 'repetition':
        this.evaluateRepetition(node, scope, out, acc);
        return;
      case 'calculation': {
        const value = this.calc(node.expression, scope, acc);
        out.write(value === null ? nodeText(node) : formatDouble(value));
        return;
      }
    }
  }

  private evaluateConditional(node: ConditionalNode, scope: Scope, out: Output, acc: Accumulator): void {
    const condition = node.condition;
    const [whenTrue, whenFalse] = node.keyword === 'if' ? [node.body, node.elseBody] : [node.elseBody, node.body];
    const side = (operand: Operand): string | null => {
      if (operand.kind === 'string') return operand.value;
      const expression = operand.expression;
      if (expression.kind === 'symbol') return this.resolve(scope, pathOf(expression), acc) ?? '';
      return this.calculate(expression, scope, acc);
    };
    let truthy: boolean;
    if (condition.kind === 'truthy') {
      const value = side({ kind: 'expression', expression: condition.operand, span: condition.span });
      if (value === null) {
        out.write(nodeText(node));
        acc.missing.push(expressionText(condition.operand));
        return;
      }
      truthy = isTruthy(value);
    } else {
      // Octostache keeps the expression on the left; a string written first compares the same.
      const [left, right] =
        condition.left.kind === 'string' ? [condition.right, condition.left] : [condition.left, condition.right];
      const leftValue = side(left);
      if (leftValue === null) {
        out.write(nodeText(node));
        acc.missing.push(operandText(left));
        return;
      }
      const rightValue = side(right);
      if (rightValue === null) {
        out.write(nodeText(node));
        acc.missing.push(operandText(right));
        return;
      }
      truthy = (leftValue === rightValue) === (condition.operator === '==');
    }
    this.evaluateNodes(truthy ? whenTrue : whenFalse, scope, out, acc);
  }

  private evaluateRepetition(node: RepetitionNode, scope: Scope, out: Output, acc: Accumulator): void {
    const items = this.resolveAll(scope, pathOf(node.collection), acc);
    for (let i = 0; i < items.length; i++) {
      if (++this.iterations > this.limits.maxIterations)
        throw limitFailure(`more than ${this.limits.maxIterations} #{each} iterations`);
      const locals = BindingNode.fromEntries([
        ['Octopus.Template.Each.Index', String(i)],
        ['Octopus.Template.Each.First', i === 0 ? 'True' : 'False'],
        ['Octopus.Template.Each.Last', i === items.length - 1 ? 'True' : 'False'],
      ]);
      locals.setChild(node.variable.name, items[i]);
      this.evaluateNodes(node.body, new Scope(locals, scope), out, acc);
    }
  }

  /** Octostache's Calculate: a symbol's value, or a filter chain's result; null if unavailable. */
  private calculate(expression: Expression, scope: Scope, acc: Accumulator): string | null {
    if (expression.kind === 'symbol') return this.resolve(scope, pathOf(expression), acc);
    let argument = expression.input ? this.resolve(scope, pathOf(expression.input), acc) : null;
    for (const filter of expression.filters) {
      const options = filter.options.map((option) => this.optionValue(option, scope, acc));
      argument = invokeFilter(filter.name, argument, options, this.filterContext, this.customFilters);
      if (argument !== null && argument.length > this.limits.maxOutputLength) {
        throw limitFailure(`the ${filter.name} filter produced more than ${this.limits.maxOutputLength} characters`);
      }
    }
    return argument;
  }

  private optionValue(option: FilterOption, scope: Scope, acc: Accumulator): string {
    if (option.kind === 'literal') return option.value;
    const out = this.output();
    this.evaluateNodes([option.node], new Scope(new BindingNode(), scope), out, acc);
    return out.toString();
  }

  private calc(expression: CalcExpression, scope: Scope, acc: Accumulator): number | null {
    switch (expression.kind) {
      case 'number':
        return expression.value;
      case 'symbol': {
        const text = this.resolve(scope, pathOf(expression.symbol), acc);
        if (text === null) return null;
        const parsed = parseDouble(text);
        return parsed ? parsed.value : null;
      }
      case 'binary': {
        const left = this.calc(expression.left, scope, acc);
        if (left === null) return null;
        const right = this.calc(expression.right, scope, acc);
        if (right === null) return null;
        switch (expression.operator) {
          case '+':
            return left + right;
          case '-':
            return left - right;
          case '*':
            return left * right;
          case '/':
            return left / right;
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Variable lookup (EvaluationContext.WalkTo and friends).

  /** ResolveOptional: the evaluated value, or null when missing. Inner missing tokens are recorded. */
  private resolve(scope: Scope, path: Path, acc: Accumulator): string | null {
    const found = this.walkTo(scope, path);
    if (!found) return null;
    acc.missing.push(...found.missing);
    return found.binding.item;
  }

  private resolveAll(scope: Scope, path: Path, acc: Accumulator): BindingNode[] {
    const found = this.walkTo(scope, path);
    if (!found) return [];
    acc.missing.push(...found.missing);
    const value = found.binding;
    if (value.indexCount) return value.indexedChildren();
    if (value.item === null) return [];
    const json = parseLenientJson(value.item);
    if (json?.t === 'array') return json.items.map(jsonBinding);
    if (json?.t === 'object') {
      return [...json.props].map(([name, v]) => {
        const item = new BindingNode(name);
        item.setChild('Key', new BindingNode(name));
        item.setChild('Value', jsonBinding(v));
        return item;
      });
    }
    return value.item.split(',').map((part) => new BindingNode(part));
  }

  private walkTo(scope: Scope, path: Path): { binding: BindingNode; missing: string[] } | null {
    this.step();
    for (let ancestor: Scope | null = scope; ancestor; ancestor = ancestor.parent) {
      if (ancestor.stack.some((p) => p.key === path.key)) throw recursionFailure(path, ancestor.stack);
    }
    scope.stack.push(path);
    try {
      const resolved = this.resolveIndexers(scope, path);
      let value = scope.binding;
      for (const step of resolved.steps) {
        let next: BindingNode | undefined | null;
        if (step.kind === 'id') {
          next = value.child(step.name) ?? this.customParsers(scope, value, step.name);
        } else if (step.kind === 'index') {
          if (step.key === '*' && value.indexCount > 0) next = value.indexedChildren()[0];
          else next = value.index(step.key) ?? this.customParsers(scope, value, step.key);
        } else {
          return null; // an index variable that could not be resolved
        }
        if (next) {
          value = next;
          continue;
        }
        return scope.parent ? this.walkTo(scope.parent, resolved) : null;
      }
      return this.evaluateValue(scope, value);
    } finally {
      scope.stack.pop();
    }
  }

  /** Resolves `[#{X}]` indexers in the current scope (CopyExpression). */
  private resolveIndexers(scope: Scope, path: Path): Path {
    if (!path.steps.some((s) => s.kind === 'symbolIndex')) return path;
    const steps = path.steps.map((step): Step => {
      if (step.kind !== 'symbolIndex') return step;
      const index = this.walkTo(scope, step.path);
      if (!index) return { kind: 'symbolIndex', path: this.resolveIndexers(scope, step.path), id: step.id };
      if (index.binding.item === null) return step;
      return { kind: 'index', key: index.binding.item, at: null };
    });
    return makePath(steps);
  }

  /** A found value is itself a template: evaluate it in a child scope (ParseTemplate). */
  private evaluateValue(scope: Scope, value: BindingNode): { binding: BindingNode; missing: string[] } {
    const item = value.item;
    if (item === null || !item.includes('#{')) return { binding: value, missing: [] };
    const parsed = parseTemplateCached(item);
    if (parsed.errors.length) return { binding: value, missing: [] };
    const inner: Accumulator = { missing: [], nulls: [] };
    const out = this.output();
    this.evaluateNodes(parsed.nodes, new Scope(new BindingNode(), scope), out, inner);
    return { binding: new BindingNode(out.toString()), missing: inner.missing };
  }

  /** TryCustomParsers: a missing step looked up in the parent's value parsed as JSON. */
  private customParsers(scope: Scope, parent: BindingNode, property: string): BindingNode | null {
    let text = parent.item;
    if (!text || !property) return null;
    if (text.includes('#{')) {
      try {
        text = this.evaluateValue(scope, parent).binding.item ?? '';
      } catch (e) {
        if (e instanceof EvaluationFailure && e.kind === 'recursion') return null;
        throw e;
      }
    }
    const json = parseLenientJson(text);
    if (!json) return null;
    switch (json.t) {
      case 'object':
        return jsonBinding(json.props.get(property));
      case 'array': {
        if (!/^\s*[+-]?\d+\s*$/.test(property)) return null;
        const index = Number(property);
        return jsonBinding(index >= 0 && index < json.items.length ? json.items[index] : undefined);
      }
      default:
        // A scalar returns itself for any property (Octostache's TryParseJValue).
        return new BindingNode(jsonScalarText(json));
    }
  }
}

function jsonBinding(value: JsonValue | undefined): BindingNode {
  if (!value) return new BindingNode('');
  if (value.t === 'array' || value.t === 'object') return new BindingNode(serializeJson(value));
  return new BindingNode(jsonScalarText(value) ?? '');
}

function recursionFailure(path: Path, stack: Path[]): EvaluationFailure {
  const chain = [...stack.map((p) => p.text), path.text].join(' -> ');
  return new EvaluationFailure(
    'recursion',
    `An attempt to parse the variable symbol "${path.text}" appears to have resulted in a self referencing loop (${chain}). Ensure that recursive loops do not exist in the variable values.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Normalised text of tokens, as Octostache echoes what it could not evaluate (ToString()).

function echoedSymbolText(symbol: SymbolExpression): string {
  return pathOf(symbol).text;
}

function expressionText(expression: Expression): string {
  if (expression.kind === 'symbol') return echoedSymbolText(expression);
  let text = expression.input ? echoedSymbolText(expression.input) : '';
  for (const filter of expression.filters) {
    const options = filter.options.map((o) => (o.kind === 'literal' ? `"${o.value}"` : nodeText(o.node)));
    text = `${text} | ${filter.name}${options.length ? ' ' + options.join(' ') : ''}`;
  }
  return text;
}

function operandText(operand: Operand): string {
  return operand.kind === 'string' ? operand.value : expressionText(operand.expression);
}

function calcText(expression: CalcExpression): string {
  switch (expression.kind) {
    case 'number':
      return formatDouble(expression.value);
    case 'symbol':
      return echoedSymbolText(expression.symbol);
    case 'binary':
      return calcText(expression.left) + expression.operator + calcText(expression.right);
  }
}

function nodesText(nodes: readonly TemplateNode[]): string {
  return nodes.map(nodeText).join('');
}

/** Octostache's ToString of a token: the form echoed when it cannot be evaluated. */
export function nodeText(node: TemplateNode): string {
  switch (node.kind) {
    case 'text':
      return node.value.replace(/#\{/g, '##{');
    case 'substitution':
      return `#{${expressionText(node.expression)}}`;
    case 'calculation':
      return `#{${calcText(node.expression)}}`;
    case 'repetition':
      return `#{each ${node.variable.name} in ${echoedSymbolText(node.collection)}}${nodesText(node.body)}#{/each}`;
    case 'conditional': {
      const [whenTrue, whenFalse] = node.keyword === 'if' ? [node.body, node.elseBody] : [node.elseBody, node.body];
      const c = node.condition;
      let head: string;
      if (c.kind === 'truthy') head = expressionText(c.operand);
      else {
        const [left, right] = c.left.kind === 'string' ? [c.right, c.left] : [c.left, c.right];
        const rightText = right.kind === 'string' ? `"${right.value}"` : expressionText(right.expression);
        head = `${operandText(left)} ${c.operator} ${rightText} `;
      }
      return `#{if ${head}}${nodesText(whenTrue)}${whenFalse.length ? '#{else}' + nodesText(whenFalse) : ''}#{/if}`;
    }
  }
}
