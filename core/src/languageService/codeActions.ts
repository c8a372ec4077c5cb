/**
 * Code actions: the quick fixes the diagnostics carry (did-you-mean for every unknown name, quote
 * a value whose template YAML cut off as a comment), "Create variable X" for an unknown reference,
 * wrap a bare run condition in `#{…}`, remove a duplicate, and the step refactorings: split a
 * single-action step into a multi-action step, merge a step into the previous one or a
 * one-action step into a single-action step, and split an action out into a step of its own.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { isDiagnosticCode, type DiagnosticCode } from '../diagnosticCodes';
import type { DiagnosticData } from '../diagnostics';
import type { Range } from '../text';
import { templateElementAt } from '../template/cursor';
import { parsedTemplateOf, stringAt } from './stringOffsets';
import { nodePathAt } from './yamlPath';
import { same } from './names';
import { indexOf, occurrencesOf } from './symbolIndex';
import {
  conflictingStepSettings,
  mergeSingleAction,
  mergeSteps,
  splitActionOut,
  splitIntoActions,
  stepNode,
  stepsOf,
  blockOf,
  type StepNode,
} from './stepRefactors';
import type { CodeAction, ContextDiagnostic, ProcessDocument, ServiceDocument, TextEdit } from './types';
import { yamlScalar } from './yamlText';

export function getCodeActions<D extends ContextDiagnostic>(
  document: ServiceDocument,
  range: Range,
  diagnostics: readonly D[],
): CodeAction<D>[] {
  const actions: CodeAction<D>[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== undefined && diagnostic.source !== 'stepwise') continue;
    actions.push(...quickFixes(document, diagnostic));
  }
  if (document.kind === 'process') actions.push(...stepRefactorings<D>(document, range));
  return actions;
}

const REMOVABLE_DUPLICATES: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'duplicate-environment',
  'duplicate-target',
  'duplicate-lifecycle',
  'duplicate-variable-set',
  'duplicate-step-name',
  'duplicate-action-name',
]);

function quickFixes<D extends ContextDiagnostic>(document: ServiceDocument, diagnostic: D): CodeAction<D>[] {
  const { uri } = document;
  const data = diagnostic.data as DiagnosticData | undefined;
  // A code from another version of Stepwise (or none) gets only the fixes its data carries.
  const code: DiagnosticCode | undefined = isDiagnosticCode(diagnostic.code) ? diagnostic.code : undefined;
  const out: CodeAction<D>[] = [];
  const fix = (title: string, edits: TextEdit[], isPreferred = false): CodeAction<D> => ({
    title,
    kind: 'quickfix',
    diagnostics: [diagnostic],
    isPreferred,
    edit: { changes: { [uri]: edits } },
  });

  if (code === 'template-cut-by-comment' && data?.replacement && data.fixRange) {
    out.push(
      fix('Quote the value so the template is kept', [{ range: data.fixRange, newText: data.replacement }], true),
    );
  }
  if (code === 'step-template-outdated' && data?.replacement && data.fixRange) {
    out.push(
      fix(
        `Update to version ${data.replacement.replace(/"/g, '')}`,
        [{ range: data.fixRange, newText: data.replacement }],
        true,
      ),
    );
  }
  (data?.suggestions ?? []).forEach((suggestion, i) => {
    const range = nameRangeIn(document, diagnostic.range);
    out.push(
      fix(`Change to '${suggestion}'`, [{ range, newText: suggestionText(document, range, suggestion) }], i === 0),
    );
  });
  if (code === 'unknown-variable' && document.kind === 'process') {
    const name = referenceNameAt(document, diagnostic.range);
    const edit = name ? createVariableEdit(document, name) : undefined;
    if (edit) out.push(fix(`Create variable '${name}'`, [edit], !data?.suggestions?.length));
  }
  if (code === 'invalid-condition') {
    const offset = document.parsed.lines.offsetAt(diagnostic.range.start);
    const node = nodePathAt(document.parsed.document, offset).at(-1)?.node;
    if (
      isScalar(node) &&
      typeof node.value === 'string' &&
      node.value.trim() &&
      !node.value.includes('#{') &&
      node.range
    ) {
      out.push(
        fix(
          `Write it as '#{${node.value.trim()}}'`,
          [
            {
              range: document.parsed.lines.rangeOf({ start: node.range[0], end: node.range[1] }),
              newText: `"#{${node.value.trim()}}"`,
            },
          ],
          true,
        ),
      );
    }
  }
  if (
    code === 'yaml-syntax' &&
    /keys must be unique/i.test(typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value)
  ) {
    const edit = removeDuplicateKey(document, diagnostic.range);
    if (edit) out.push(fix('Remove the duplicate key', [edit], true));
  }
  if (code && REMOVABLE_DUPLICATES.has(code)) {
    out.push(...removeDuplicateEntry(document, diagnostic.range).map((e) => fix(e.title, [e.edit], true)));
  }
  return out;
}

/** The name inside a flagged `[Name]` index (the check flags the brackets too). */
function nameRangeIn(document: ServiceDocument, range: Range): Range {
  const { lines, text } = document.parsed;
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  if (end - start >= 2 && text[start] === '[' && text[end - 1] === ']')
    return lines.rangeOf({ start: start + 1, end: end - 1 });
  return range;
}

/** A suggestion written over a whole scalar keeps YAML's reading of it (quotes when needed). */
function suggestionText(document: ServiceDocument, range: Range, suggestion: string): string {
  const start = document.parsed.lines.offsetAt(range.start);
  const end = document.parsed.lines.offsetAt(range.end);
  const node = nodePathAt(document.parsed.document, start).at(-1)?.node;
  const wholePlainScalar =
    isScalar(node) && node.range && node.range[0] === start && node.range[1] === end && node.type === 'PLAIN';
  return wholePlainScalar ? yamlScalar(suggestion, true) : suggestion;
}

/** The canonical name of the template reference starting at `range`. */
function referenceNameAt(document: ProcessDocument, range: Range): string | undefined {
  const offset = document.parsed.lines.offsetAt(range.start);
  const node = nodePathAt(document.parsed.document, offset).at(-1)?.node;
  if (!isScalar(node)) return undefined;
  const string = stringAt(document.parsed, node);
  if (!string) return undefined;
  const element = templateElementAt(parsedTemplateOf(string).nodes, string.toValue(offset));
  if (element?.kind !== 'reference') return undefined;
  return element.symbol.segments
    .map((s, i) =>
      s.kind === 'identifier' ? (i ? '.' : '') + s.name : `[${s.index.kind === 'text' ? s.index.text : ''}]`,
    )
    .join('');
}

/** Adds `Name: ""` to the project's `variables:` (creating the section before `steps:` when missing). */
export function createVariableEdit(document: ProcessDocument, name: string): TextEdit | undefined {
  const { parsed } = document;
  const { text, lines } = parsed;
  const root = parsed.document?.contents;
  if (!isMap(root) || root.flow) return undefined;
  const entry = `${yamlScalar(name)}: ""`;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'variables');
  const at = (offset: number, newText: string): TextEdit => ({
    range: lines.rangeOf({ start: offset, end: offset }),
    newText,
  });
  if (pair) {
    const key = pair.key as Node;
    const value = pair.value as Node | null;
    if (isMap(value) && value.flow && value.range) {
      const close = text.lastIndexOf('}', value.range[1]);
      return at(close, value.items.length ? `, ${entry}` : entry);
    }
    if (isMap(value) && value.items.length) {
      const block = blockOf(parsed, value);
      if (!block) return undefined;
      return at(block.span.end, `\n${' '.repeat(block.column)}${entry}`);
    }
    const keyLineEnd = lineEnd(text, key.range![1]);
    const column = lines.positionAt(key.range![0]).character + 2;
    if (value && isScalar(value) && value.value !== null) return undefined;
    return at(keyLineEnd, `\n${' '.repeat(column)}${entry}`);
  }
  const steps = root.items.find((p) => isScalar(p.key) && p.key.value === 'steps');
  if (steps?.key && (steps.key as Node).range) {
    const start = (steps.key as Node).range![0];
    return at(start - lines.positionAt(start).character, `variables:\n  ${entry}\n\n`);
  }
  return at(text.length, `${text.endsWith('\n') || text === '' ? '' : '\n'}variables:\n  ${entry}\n`);
}

function removeDuplicateKey(document: ServiceDocument, range: Range): TextEdit | undefined {
  const offset = document.parsed.lines.offsetAt(range.start);
  const path = nodePathAt(document.parsed.document, offset);
  const last = path.at(-1);
  const parent = path.at(-2)?.node;
  if (!last?.pair || last.pair.key !== last.node || !isMap(parent) || parent.flow) return undefined;
  const block = blockOf(document.parsed, parent);
  if (!block) return undefined;
  const index = parent.items.indexOf(last.pair);
  if (index <= 0) return undefined;
  return deleteChunk(document, parent, index);
}

/** Deletes entry `index` of a block map, with the comment lines before it. */
function deleteChunk(document: ServiceDocument, map: YAMLMap, index: number): TextEdit | undefined {
  const block = blockOf(document.parsed, map);
  if (!block) return undefined;
  const { span } = block.chunks[index];
  // Delete the line break before the entry too, so no blank line is left.
  const previousEnd = block.chunks[index - 1]?.span.end ?? span.start;
  return { range: document.parsed.lines.rangeOf({ start: previousEnd, end: span.end }), newText: '' };
}

/** For a duplicated name: remove the list entry or, when the entry is identical to the first, the whole entry. */
function removeDuplicateEntry(document: ServiceDocument, range: Range): { title: string; edit: TextEdit }[] {
  const { parsed } = document;
  const offset = parsed.lines.offsetAt(range.start);
  const path = nodePathAt(parsed.document, offset);
  const last = path.at(-1)?.node;
  const parent = path.at(-2)?.node;
  // `[Test, Test]`: drop the later entry and its comma.
  if (isSeq(parent) && isScalar(last) && last.range) {
    const index = parent.items.indexOf(last);
    const previous = parent.items[index - 1] as Node | undefined;
    if (index > 0 && previous?.range) {
      const start = parent.flow ? previous.range[1] : lineStart(parsed.text, last.range[0]) - 1;
      const end = parent.flow ? last.range[1] : lineEnd(parsed.text, last.range[1]);
      return [
        {
          title: `Remove the duplicate '${String(last.value)}'`,
          edit: { range: parsed.lines.rangeOf({ start, end }), newText: '' },
        },
      ];
    }
  }
  // `- name: Build` twice: remove the later entry when it is the same as the first.
  const entry = path.at(-2);
  const list = path.at(-3)?.node;
  if (!entry || !isMap(entry.node) || !isSeq(list) || list.flow || !isScalar(last)) return [];
  const index = list.items.indexOf(entry.node);
  const entryText = (n: unknown) =>
    isMap(n) && n.range ? normalize(parsed.text.slice(n.range[0], n.range[1])) : undefined;
  const mine = entryText(entry.node);
  const first = list.items.findIndex(
    (item, i) =>
      i < index &&
      isMap(item) &&
      same(String((item.get('name', true) as { value?: unknown } | undefined)?.value ?? ''), String(last.value)),
  );
  if (first < 0 || entryText(list.items[first]) !== mine || !entry.node.range) return [];
  const startLine = lineStart(parsed.text, entry.node.range[0]);
  const end = lineEnd(parsed.text, trimBack(parsed.text, entry.node.range[1]));
  return [
    {
      title: 'Remove the duplicate (it is the same as the first)',
      edit: { range: parsed.lines.rangeOf({ start: startLine - 1, end }), newText: '' },
    },
  ];
}

// ── Step refactorings ──────────────────────────────────────────────────────

function stepRefactorings<D extends ContextDiagnostic>(document: ProcessDocument, range: Range): CodeAction<D>[] {
  const { parsed, uri } = document;
  const offset = parsed.lines.offsetAt(range.start);
  const path = nodePathAt(parsed.document, offset);
  const steps = stepsOf(parsed);
  if (!steps || path[1]?.segment !== 'steps' || typeof path[2]?.segment !== 'number') return [];
  const index = path[2].segment;
  const step = stepNode(parsed, index);
  if (!step) return [];
  const out: CodeAction<D>[] = [];
  const replace = (
    target: StepNode | { span: { start: number; end: number } },
    newText: string,
    title: string,
  ): CodeAction<D> => ({
    title,
    kind: 'refactor.rewrite',
    edit: { changes: { [uri]: [{ range: parsed.lines.rangeOf(target.span), newText }] } },
  });

  const split = splitIntoActions(step);
  if (split) out.push(replace(step, split, 'Split into a multi-action step'));

  if (step.actions?.items.length === 1) {
    const action = step.actions.items[0];
    const actionName = isMap(action)
      ? String((action.get('name', true) as { value?: unknown } | undefined)?.value ?? '')
      : '';
    const referenced =
      actionName &&
      !same(actionName, step.name ?? '') &&
      occurrencesOf(indexOf(document), 'step', actionName).some((o) => !o.definition);
    const merged = referenced ? undefined : mergeSingleAction(parsed, step);
    if (merged) out.push(replace(step, merged, 'Merge into a single-action step'));
  }

  if (index > 0) {
    const previous = stepNode(parsed, index - 1);
    if (previous && conflictingStepSettings(previous, step).length === 0) {
      const merged = mergeSteps(parsed, previous, step);
      if (merged)
        out.push(
          replace(
            { span: { start: previous.span.start, end: step.span.end } },
            merged,
            `Merge into the previous step '${previous.name ?? index}'`,
          ),
        );
    }
  }

  if (
    step.actions &&
    step.actions.items.length >= 2 &&
    path[3]?.segment === 'actions' &&
    typeof path[4]?.segment === 'number'
  ) {
    const actionIndex = path[4].segment;
    const action = step.actions.items[actionIndex];
    const name = isMap(action) ? (action.get('name', true) as { value?: unknown } | undefined)?.value : undefined;
    const text = splitActionOut(parsed, step, actionIndex);
    if (text && name !== undefined) out.push(replace(step, text, `Split '${String(name)}' out into its own step`));
  }
  return out;
}

function normalize(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  let e = offset;
  while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
  return e;
}

function trimBack(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}
