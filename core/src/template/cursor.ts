/**
 * Where a cursor is in a template: lexically, in the token being typed (completion), and
 * structurally, in the parsed AST (hover, go to definition, rename).
 */
import type {
  CalcExpression,
  ConditionalNode,
  Expression,
  FilterCall,
  RepetitionNode,
  SymbolExpression,
  TemplateNode,
} from './ast';
import { isIdentifierPunctuation, isLetterOrDigit, isWhiteSpace } from './chars';
import type { BlockKeyword, TemplateKeyword } from './keywords';
import { parseTemplate, parseTemplateCached, tokensOpenAtEnd } from './parseTemplate';
import { symbolText } from './print';
import type { Span } from '../text';

export type TemplateCursor =
  | {
      /** `#{Na|`, `#{if Na|`, `#{each x in Na|`, `#{calc 1 + Na|`: a variable path. */
      kind: 'symbol';
      /** The partial path before the cursor, e.g. `Octopus.Env`. */
      partial: string;
      /** Value span to replace (the whole path around the cursor). */
      replace: Span;
      /** Names usable right after `#{`: keywords too. */
      atTokenStart: boolean;
      /** Loop variables of `#{each}` blocks enclosing the cursor. */
      loopVariables: LoopVariable[];
      /** Blocks open at the cursor, innermost last (for `#{/if}`, `#{else}`). */
      openBlocks: BlockKeyword[];
      /** Text after the replaced span starts with `}`. */
      closed: boolean;
    }
  | { kind: 'closer'; partial: string; replace: Span; openBlocks: BlockKeyword[]; closed: boolean }
  | {
      /** `#{Octopus.Action[Dep|`: a step or action name inside an index. */
      kind: 'stepIndex';
      partial: string;
      replace: Span;
      /** Whether a `]` follows already. */
      bracketClosed: boolean;
    }
  | { kind: 'filter'; partial: string; replace: Span }
  | { kind: 'filterOption'; filter: string; optionIndex: number; partial: string; replace: Span };

export interface LoopVariable {
  name: string;
  collection: string;
}

/**
 * What is being typed at `cursor` in a template string: finds the innermost `#{` around the cursor
 * from the parser's spans (tokenStartAt), then reads the token's text up to the cursor.
 */
export function templateCursorAt(value: string, cursor: number): TemplateCursor | undefined {
  const open = tokenStartAt(value, cursor);
  if (open < 0) return undefined;
  const bodyStart = open + 2;
  const body = value.slice(bodyStart, cursor);
  const closedAfter = (end: number) => value[end] === '}';
  const blocks = () => blockContextAt(value, open);

  // Closing tags.
  const closer = /^\s*(\/\w*)$/.exec(body);
  if (closer) {
    const start = cursor - closer[1].length;
    const end = cursor + identifierLengthAfter(value, cursor);
    return {
      kind: 'closer',
      partial: closer[1],
      replace: { start, end },
      openBlocks: blocks().openBlocks,
      closed: closedAfter(end),
    };
  }

  // Filters: the last `|` outside brackets and quotes.
  const bar = lastTopLevelBar(body);
  if (bar >= 0) {
    const afterBar = body.slice(bar + 1);
    const name = /^\s*([^\s|}"]*)$/.exec(afterBar);
    if (name) {
      const start = cursor - name[1].length;
      return {
        kind: 'filter',
        partial: name[1],
        replace: { start, end: cursor + identifierLengthAfter(value, cursor, false) },
      };
    }
    const withOptions = /^\s*([^\s|}"]+)\s+(.*)$/s.exec(afterBar);
    if (withOptions) {
      const options = withOptions[2];
      const words = options.split(/\s+/);
      const partial = /\S*$/.exec(options)![0];
      return {
        kind: 'filterOption',
        filter: withOptions[1],
        optionIndex: words.length - 1,
        partial,
        replace: { start: cursor - partial.length, end: cursor + identifierLengthAfter(value, cursor, false) },
      };
    }
    return undefined;
  }

  // Keyword forms: what follows the keyword is an expression; find the partial path at the end.
  let expressionStart = 0;
  const keyword = /^\s*(if|unless|elseif|calc)\s+/i.exec(body) ?? /^\s*each\s+[^\s}]+\s+in\s+/i.exec(body);
  if (keyword) expressionStart = keyword[0].length;
  else if (/^\s*each\s+\S*$/i.test(body) || /^\s*each\s+\S+\s+\w*$/i.test(body)) return undefined; // naming the loop variable
  const expression = body.slice(expressionStart);
  let partialStart: number;
  if (keyword) {
    // After an operator (`==`, `!=`, calc's `+ - * / (`) a new path starts.
    const op = Math.max(expression.lastIndexOf('=='), expression.lastIndexOf('!='));
    let from = op >= 0 ? op + 2 : 0;
    if (/^calc/i.test(keyword[1] ?? '')) {
      const calcOp = Math.max(...['+', '*', '(', '{'].map((c) => expression.lastIndexOf(c)));
      from = Math.max(from, calcOp + 1);
    }
    partialStart = from;
    while (partialStart < expression.length && isWhiteSpace(expression.charCodeAt(partialStart))) partialStart++;
  } else {
    partialStart = 0;
    while (partialStart < expression.length && isWhiteSpace(expression.charCodeAt(partialStart))) partialStart++;
  }
  const partial = expression.slice(partialStart);
  if (partial.startsWith('"')) return undefined; // a string literal
  const partialOffset = bodyStart + expressionStart + partialStart;

  // Inside an index: `Octopus.Action[Dep|`.
  const bracket = partial.lastIndexOf('[');
  if (bracket >= 0 && partial.indexOf(']', bracket) < 0) {
    const before = partial.slice(0, bracket);
    const inside = partial.slice(bracket + 1);
    if (/^Octopus\.(Action|Step)$/i.test(before.trim())) {
      const start = partialOffset + bracket + 1;
      let end = cursor;
      while (end < value.length && value[end] !== ']' && value[end] !== '}' && value[end] !== '\n') end++;
      return { kind: 'stepIndex', partial: inside, replace: { start, end }, bracketClosed: value[end] === ']' };
    }
    return undefined;
  }
  if (!/^[^|}"]*$/.test(partial)) return undefined;
  const end = cursor + identifierLengthAfter(value, cursor);
  const context = blocks();
  return {
    kind: 'symbol',
    partial,
    replace: { start: partialOffset, end },
    atTokenStart: !keyword,
    loopVariables: context.loopVariables,
    openBlocks: context.openBlocks,
    closed: closedAfter(end),
  };
}

/**
 * The offset of the innermost `#{` around `cursor`, or -1. The parser decides where tokens are:
 * the innermost tag that the parse of the whole value completed around the cursor, else (a token
 * still being typed) the innermost one that the text before the cursor leaves open.
 */
export function tokenStartAt(value: string, cursor: number): number {
  const start = innermostTagAround(parseTemplateCached(value).nodes, cursor) ?? tokenOpenOnLine(value, cursor);
  if (start === undefined) return -1;
  // An editor rule, not the grammar's: a token never spans a line break in practice, so typing on
  // a later line starts afresh.
  for (let i = start; i < cursor; i++) {
    const c = value.charCodeAt(i);
    if (c === 10 || c === 13) return -1;
  }
  return start;
}

/**
 * The innermost token the text before `cursor` leaves open, when it starts on the cursor's line
 * (the editor rule below rejects any other). The line is parsed from its start, so a request in a
 * long script costs a line, not the whole text before it; the two differ only when a token left
 * open on an earlier line is still open there, and then the whole value does not parse either.
 */
function tokenOpenOnLine(value: string, cursor: number): number | undefined {
  const lineStart = Math.max(value.lastIndexOf('\n', cursor - 1), value.lastIndexOf('\r', cursor - 1)) + 1;
  if (value.lastIndexOf('#{', cursor - 2) < lineStart) return undefined;
  const open = tokensOpenAtEnd(value.slice(lineStart, cursor)).at(-1);
  return open === undefined ? undefined : lineStart + open;
}

/** Whether `at` is between a tag's `#{` and its `}`. */
function insideTag(span: Span, at: number): boolean {
  return at >= span.start + 2 && at < span.end;
}

function innermostTagAround(nodes: readonly TemplateNode[], at: number): number | undefined {
  for (const node of nodes) {
    if (at < node.span.start || at > node.span.end) continue;
    switch (node.kind) {
      case 'text':
        continue;
      case 'substitution':
        if (insideTag(node.span, at)) return tagInExpression(node.expression, at) ?? node.span.start;
        continue;
      case 'calculation':
        if (insideTag(node.span, at)) return tagInCalc(node.expression, at) ?? node.span.start;
        continue;
      case 'conditional': {
        if (insideTag(node.openSpan, at)) {
          const c = node.condition;
          const operands =
            c.kind === 'truthy'
              ? [c.operand]
              : [c.left, c.right].flatMap((o) => (o.kind === 'expression' ? [o.expression] : []));
          for (const operand of operands) {
            const inner = tagInExpression(operand, at);
            if (inner !== undefined) return inner;
          }
          return node.openSpan.start;
        }
        for (const tag of [node.elseSpan, node.closeSpan]) if (tag && insideTag(tag, at)) return tag.start;
        const inner = innermostTagAround(node.body, at) ?? innermostTagAround(node.elseBody, at);
        if (inner !== undefined) return inner;
        continue;
      }
      case 'repetition': {
        if (insideTag(node.openSpan, at)) return tagInSymbol(node.collection, at) ?? node.openSpan.start;
        if (node.closeSpan && insideTag(node.closeSpan, at)) return node.closeSpan.start;
        const inner = innermostTagAround(node.body, at);
        if (inner !== undefined) return inner;
        continue;
      }
    }
  }
  return undefined;
}

function tagInExpression(expression: Expression, at: number): number | undefined {
  if (expression.kind === 'symbol') return tagInSymbol(expression, at);
  const inInput = expression.input ? tagInSymbol(expression.input, at) : undefined;
  if (inInput !== undefined) return inInput;
  for (const filter of expression.filters)
    for (const option of filter.options)
      if (option.kind === 'template') {
        const inner = innermostTagAround([option.node], at);
        if (inner !== undefined) return inner;
      }
  return undefined;
}

function tagInCalc(expression: CalcExpression, at: number): number | undefined {
  if (expression.kind === 'symbol') return tagInSymbol(expression.symbol, at);
  if (expression.kind === 'binary') return tagInCalc(expression.left, at) ?? tagInCalc(expression.right, at);
  return undefined;
}

/** `[#{X}]` indexes are tags of their own. */
function tagInSymbol(symbol: SymbolExpression, at: number): number | undefined {
  for (const segment of symbol.segments) {
    if (segment.kind !== 'index' || segment.index.kind !== 'symbol' || !insideTag(segment.index.span, at)) continue;
    return tagInSymbol(segment.index.symbol, at) ?? segment.index.span.start;
  }
  return undefined;
}

function lastTopLevelBar(body: string): number {
  let depth = 0;
  let quoted = false;
  let bar = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '|' && depth === 0) bar = i;
  }
  return bar;
}

function identifierLengthAfter(value: string, at: number, dots = true): number {
  let n = 0;
  for (;;) {
    const c = value.charCodeAt(at + n);
    if (Number.isNaN(c)) break;
    if (isLetterOrDigit(c) || (c !== 58 && isIdentifierPunctuation(c)) || (dots && c === 46)) n++;
    else break;
  }
  return n;
}

/** The `#{each}` loop variables and open blocks before `at`, from a parse of the text before it. */
function blockContextAt(value: string, at: number): { loopVariables: LoopVariable[]; openBlocks: BlockKeyword[] } {
  const loopVariables: LoopVariable[] = [];
  const openBlocks: BlockKeyword[] = [];
  if (value.lastIndexOf('#{', at - 1) < 0) return { loopVariables, openBlocks };
  const { nodes } = parseTemplate(value.slice(0, at));
  let level: TemplateNode[] = nodes;
  for (;;) {
    const block = level[level.length - 1];
    if (!block || (block.kind !== 'conditional' && block.kind !== 'repetition') || block.closeSpan) break;
    if (block.kind === 'repetition') {
      loopVariables.push({ name: block.variable.name, collection: symbolText(block.collection) });
      openBlocks.push('each');
      level = block.body;
    } else {
      let conditional: ConditionalNode = block;
      // An `#{elseif}` chain nests in elseBody.
      while (
        conditional.elseBody.length &&
        conditional.elseBody[conditional.elseBody.length - 1].kind === 'conditional'
      ) {
        const inner = conditional.elseBody[conditional.elseBody.length - 1] as ConditionalNode;
        if (!inner.elseIf) break;
        conditional = inner;
      }
      openBlocks.push(block.keyword);
      level = conditional.elseSpan || conditional.elseBody.length ? conditional.elseBody : conditional.body;
    }
  }
  return { loopVariables, openBlocks };
}

// ── Inside a template, structurally (hover, go to definition) ──────────────

export type TemplateElement =
  | {
      kind: 'reference';
      symbol: SymbolExpression;
      /** The segment under the cursor. */
      segmentIndex: number;
      /** Loop variables in scope where the reference is. */
      loopVariables: string[];
    }
  | { kind: 'filter'; filter: FilterCall }
  | { kind: 'keyword'; keyword: Exclude<TemplateKeyword, 'in'>; span: Span }
  | { kind: 'loopVariable'; name: string; span: Span; block: RepetitionNode };

/** The reference, filter or keyword at value offset `at` of a parsed template. */
export function templateElementAt(nodes: readonly TemplateNode[], at: number): TemplateElement | undefined {
  return inNodes(nodes, at, []);
}

function inNodes(nodes: readonly TemplateNode[], at: number, loops: string[]): TemplateElement | undefined {
  for (const node of nodes) {
    if (at < node.span.start || at > node.span.end) continue;
    switch (node.kind) {
      case 'text':
        continue;
      case 'substitution': {
        const found = inExpression(node.expression, at, loops);
        if (found) return found;
        continue;
      }
      case 'conditional': {
        if (contains(node.openSpan, at)) {
          const kw = keywordSpan(node.openSpan.start, node.keyword);
          if (contains(kw, at)) return { kind: 'keyword', keyword: node.elseIf ? 'elseif' : node.keyword, span: kw };
          const c = node.condition;
          const found =
            c.kind === 'truthy'
              ? inExpression(c.operand, at, loops)
              : ((c.left.kind === 'expression' ? inExpression(c.left.expression, at, loops) : undefined) ??
                (c.right.kind === 'expression' ? inExpression(c.right.expression, at, loops) : undefined));
          if (found) return found;
        }
        if (node.elseSpan && contains(node.elseSpan, at))
          return { kind: 'keyword', keyword: 'else', span: node.elseSpan };
        if (node.closeSpan && contains(node.closeSpan, at))
          return { kind: 'keyword', keyword: `/${node.keyword}` as const, span: node.closeSpan };
        const found = inNodes(node.body, at, loops) ?? inNodes(node.elseBody, at, loops);
        if (found) return found;
        continue;
      }
      case 'repetition': {
        if (contains(node.openSpan, at)) {
          if (contains(node.variable.span, at))
            return { kind: 'loopVariable', name: node.variable.name, span: node.variable.span, block: node };
          const found = inSymbol(node.collection, at, loops);
          if (found) return found;
          return { kind: 'keyword', keyword: 'each', span: keywordSpan(node.openSpan.start, 'each') };
        }
        if (node.closeSpan && contains(node.closeSpan, at))
          return { kind: 'keyword', keyword: '/each', span: node.closeSpan };
        const found = inNodes(node.body, at, [...loops, node.variable.name]);
        if (found) return found;
        continue;
      }
      case 'calculation': {
        const found = inCalc(node.expression, at, loops);
        if (found) return found;
        return { kind: 'keyword', keyword: 'calc', span: keywordSpan(node.span.start, 'calc') };
      }
    }
  }
  return undefined;
}

function inCalc(expression: CalcExpression, at: number, loops: string[]): TemplateElement | undefined {
  if (!contains(expression.span, at)) return undefined;
  if (expression.kind === 'symbol') return inSymbol(expression.symbol, at, loops);
  if (expression.kind === 'binary') return inCalc(expression.left, at, loops) ?? inCalc(expression.right, at, loops);
  return undefined;
}

function inExpression(expression: Expression, at: number, loops: string[]): TemplateElement | undefined {
  if (expression.kind === 'symbol') return inSymbol(expression, at, loops);
  if (expression.input) {
    const found = inSymbol(expression.input, at, loops);
    if (found) return found;
  }
  for (const filter of expression.filters) {
    if (contains(filter.nameSpan, at)) return { kind: 'filter', filter };
    for (const option of filter.options) {
      if (option.kind === 'template' && contains(option.span, at)) {
        const found = inNodes([option.node], at, loops);
        if (found) return found;
      }
    }
    if (contains(filter.span, at) && at <= filter.nameSpan.end) return { kind: 'filter', filter };
  }
  return undefined;
}

function inSymbol(symbol: SymbolExpression, at: number, loops: string[]): TemplateElement | undefined {
  if (!contains(symbol.span, at)) return undefined;
  for (let i = 0; i < symbol.segments.length; i++) {
    const segment = symbol.segments[i];
    if (segment.kind === 'index' && segment.index.kind === 'symbol' && contains(segment.index.span, at)) {
      const inner = inSymbol(segment.index.symbol, at, loops);
      if (inner) return inner;
    }
    if (contains(segment.span, at)) return { kind: 'reference', symbol, segmentIndex: i, loopVariables: loops };
  }
  return { kind: 'reference', symbol, segmentIndex: symbol.segments.length - 1, loopVariables: loops };
}

function keywordSpan(tagStart: number, keyword: string): Span {
  return { start: tagStart + 2, end: tagStart + 2 + keyword.length };
}

function contains(span: Span, at: number): boolean {
  return at >= span.start && at <= span.end;
}
