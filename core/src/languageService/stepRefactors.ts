/**
 * Restructuring steps as text, for the code actions: turn a single-action step into a step with
 * `actions:` (and back), merge a step into the one before it, split an action out into a step of
 * its own. Each works on a block mapping's entries as "chunks" — an entry with the comment and
 * blank lines before it — re-indented to their new place, so comments and block scalars survive.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from '../text';
import type { ParsedYaml } from '../yaml/parseYaml';
import { yamlScalar } from './yamlText';

/** Keys that stay on the step when its action moves under `actions:`. */
export const STEP_ONLY_KEYS = new Set(['name', 'roles', 'condition', 'start', 'package-requirement', 'actions']);

interface Chunk {
  key: string;
  pair: Pair;
  /** Full lines, with their original indentation (the first entry's first line too). */
  lines: string[];
  /** From the start of its first line to the end of its last (without the line break). */
  span: Span;
}

export interface StepNode {
  map: YAMLMap;
  index: number;
  /** Column of the step's keys. */
  column: number;
  /** Column of its `-`. */
  dashColumn: number;
  chunks: Chunk[];
  /** Span from the first key to the end of the last entry (its last line, without the line break). */
  span: Span;
  name: string | undefined;
  actions: YAMLSeq | undefined;
}

export function stepsOf(parsed: ParsedYaml): YAMLSeq | undefined {
  const root = parsed.document?.contents;
  const steps = isMap(root) ? root.get('steps', true) : undefined;
  return isSeq(steps) && !steps.flow ? steps : undefined;
}

export function stepNode(parsed: ParsedYaml, index: number): StepNode | undefined {
  const steps = stepsOf(parsed);
  const map = steps?.items[index];
  if (!isMap(map) || map.flow || !map.range || map.items.length === 0) return undefined;
  const block = blockOf(parsed, map);
  if (!block) return undefined;
  const nameNode = map.get('name', true);
  const actions = map.get('actions', true);
  return {
    map,
    index,
    ...block,
    name: isScalar(nameNode) && nameNode.value !== null ? String(nameNode.value) : undefined,
    actions: isSeq(actions) && !actions.flow ? actions : undefined,
  };
}

/** A block mapping's entries as chunks of whole lines, its columns and its span. */
export function blockOf(
  parsed: ParsedYaml,
  map: YAMLMap,
): { column: number; dashColumn: number; chunks: Chunk[]; span: Span } | undefined {
  const { text, lines } = parsed;
  const first = map.items[0]?.key as Node | null;
  if (!first?.range) return undefined;
  const start = first.range[0];
  const column = lines.positionAt(start).character;
  const lineStart = start - column;
  const dashColumn = text.slice(lineStart, start).lastIndexOf('-');
  const chunks: Chunk[] = [];
  let chunkStart = lineStart;
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    if (!key?.range || !isScalar(key)) return undefined;
    const value = pair.value as Node | null;
    const end = lineEndOf(text, trimBack(text, value?.range ? value.range[1] : key.range[1]));
    const raw = text.slice(chunkStart, end).split(/\r?\n/);
    // The first entry shares its line with the `- `: blank that prefix out, keeping the column.
    if (chunks.length === 0) raw[0] = ' '.repeat(column) + raw[0].slice(column);
    chunks.push({ key: String(key.value), pair, lines: raw, span: { start: chunkStart, end } });
    chunkStart = end + 1;
    if (text[end] === '\r') chunkStart++;
  }
  const last = chunks.length ? chunkStart - 1 : start;
  return {
    column,
    dashColumn,
    chunks,
    span: { start, end: Math.max(start, last - (text[last - 1] === '\r' ? 1 : 0)) },
  };
}

/** Lines moved from column `from` to column `to`; blank lines stay blank. */
export function reindent(lines: string[], from: number, to: number): string[] {
  return lines.map((line) => {
    if (line.trim() === '') return '';
    const indent = line.length - line.trimStart().length;
    return ' '.repeat(Math.max(0, to + (indent - from))) + line.trimStart();
  });
}

/** Joined lines to write over a span that starts at the first key (its indentation is already there). */
export function joinFromKey(lines: string[]): string {
  return lines.map((l, i) => (i === 0 ? l.trimStart() : l)).join('\n');
}

/** `- name: X` + `type: …`: the step's action fields moved under `actions:`. */
export function splitIntoActions(step: StepNode): string | undefined {
  if (step.actions || step.name === undefined) return undefined;
  const stepChunks = step.chunks.filter((c) => STEP_ONLY_KEYS.has(c.key));
  const actionChunks = step.chunks.filter((c) => !STEP_ONLY_KEYS.has(c.key));
  if (!actionChunks.length) return undefined;
  const c = step.column;
  return joinFromKey([
    ...stepChunks.flatMap((ch) => ch.lines),
    `${' '.repeat(c)}actions:`,
    `${' '.repeat(c + 2)}- name: ${yamlScalar(step.name)}`,
    ...actionChunks.flatMap((ch) => reindent(ch.lines, c, c + 4)),
  ]);
}

/** A step whose `actions:` holds one action, written as a single-action step. */
export function mergeSingleAction(parsed: ParsedYaml, step: StepNode): string | undefined {
  const action = step.actions?.items.length === 1 ? step.actions.items[0] : undefined;
  if (!isMap(action) || action.flow) return undefined;
  const block = blockOf(parsed, action);
  if (!block) return undefined;
  const c = step.column;
  return joinFromKey([
    ...step.chunks.filter((ch) => ch.key !== 'actions').flatMap((ch) => ch.lines),
    ...block.chunks.filter((ch) => ch.key !== 'name').flatMap((ch) => reindent(ch.lines, block.column, c)),
  ]);
}

/** The action entries of a step as lines for an `actions:` list whose dashes are at `dashColumn`. */
function actionEntries(parsed: ParsedYaml, step: StepNode, dashColumn: number): string[] | undefined {
  if (!step.actions) {
    if (step.name === undefined) return undefined;
    const actionChunks = step.chunks.filter((c) => !STEP_ONLY_KEYS.has(c.key));
    return [
      `${' '.repeat(dashColumn)}- name: ${yamlScalar(step.name)}`,
      ...actionChunks.flatMap((ch) => reindent(ch.lines, step.column, dashColumn + 2)),
    ];
  }
  const out: string[] = [];
  for (const item of step.actions.items) {
    if (!isMap(item) || item.flow) return undefined;
    const block = blockOf(parsed, item);
    if (!block) return undefined;
    const lines = block.chunks.flatMap((ch) => reindent(ch.lines, block.column, dashColumn + 2));
    lines[0] = ' '.repeat(dashColumn) + '- ' + lines[0].trimStart();
    out.push(...lines);
  }
  return out;
}

/**
 * Step-level settings that differ between the steps (one having a setting the other leaves at its
 * default counts): merged, the later step's actions would run with the earlier step's settings.
 */
export function conflictingStepSettings(earlier: StepNode, later: StepNode): string[] {
  const textOf = (step: StepNode, key: string) => {
    const chunk = step.chunks.find((c) => c.key === key);
    return chunk
      ? chunk.lines
          .map((l) => l.trim())
          .filter((l) => l && !l.startsWith('#'))
          .join(' ')
      : undefined;
  };
  return ['roles', 'condition', 'start', 'package-requirement'].filter(
    (key) => textOf(later, key) !== textOf(earlier, key),
  );
}

/** `earlier` and `later` as one step whose actions are both steps' actions. */
export function mergeSteps(parsed: ParsedYaml, earlier: StepNode, later: StepNode): string | undefined {
  const c = earlier.column;
  let head: string[];
  let dashColumn: number;
  if (earlier.actions) {
    head = earlier.chunks.flatMap((ch) => ch.lines);
    const firstAction = earlier.actions.items[0] as Node | undefined;
    dashColumn = firstAction?.range ? parsed.lines.positionAt(firstAction.range[0]).character - 2 : c + 2;
  } else {
    dashColumn = c + 2;
    const entries = actionEntries(parsed, earlier, dashColumn);
    if (!entries) return undefined;
    head = [
      ...earlier.chunks.filter((ch) => STEP_ONLY_KEYS.has(ch.key)).flatMap((ch) => ch.lines),
      `${' '.repeat(c)}actions:`,
      ...entries,
    ];
  }
  const tail = actionEntries(parsed, later, dashColumn);
  if (!tail) return undefined;
  return joinFromKey([...head, ...tail]);
}

/** `step` without its action `actionIndex`, followed by a new step holding that action. */
export function splitActionOut(parsed: ParsedYaml, step: StepNode, actionIndex: number): string | undefined {
  const actions = step.actions;
  const action = actions?.items[actionIndex];
  if (!actions || actions.items.length < 2 || !isMap(action) || action.flow) return undefined;
  const block = blockOf(parsed, action);
  const nameNode = action.get('name', true);
  if (!block || !isScalar(nameNode) || nameNode.value === null) return undefined;
  const { text } = parsed;
  // The step's own text, with the action's lines cut out.
  const dashLineStart = block.span.start - (block.column - block.dashColumn) - block.dashColumn;
  const before = text.slice(step.span.start, Math.max(step.span.start, dashLineStart - 1));
  const after = text.slice(block.span.end, step.span.end);
  const remaining = before + after;
  const roles = step.chunks.find((c) => c.key === 'roles');
  const newStep = [
    `${' '.repeat(step.dashColumn)}- name: ${yamlScalar(String(nameNode.value))}`,
    ...(roles ? roles.lines.filter((l) => l.trim()) : []),
    ...block.chunks.filter((ch) => ch.key !== 'name').flatMap((ch) => reindent(ch.lines, block.column, step.column)),
  ];
  return `${remaining}\n${newStep.join('\n')}`;
}

function trimBack(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}

function lineEndOf(text: string, offset: number): number {
  let e = offset;
  while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
  return e;
}
