/**
 * Folding: every mapping entry and list entry that spans lines (steps, actions, variables,
 * scripts), `#{if}`/`#{each}` blocks that span lines inside a string, runs of comment lines, and
 * `# region` / `# endregion` markers.
 */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { TemplateNode } from '../template/ast';
import { parseTemplate } from '../template/parseTemplate';
import type { ParsedYaml } from '../yaml/parseYaml';
import { stringAt } from './stringOffsets';
import type { FoldingRange, ServiceDocument } from './types';

export function getFoldingRanges(document: ServiceDocument | { parsed: ParsedYaml }, limit = 5000): FoldingRange[] {
  const { parsed } = document;
  const out: FoldingRange[] = [];
  const lines = parsed.lines;
  const lineOf = (offset: number) => lines.positionAt(offset).line;
  /** The last line holding content: a range ending right after a line break ends on the line before. */
  const endLineOf = (end: number) => {
    let e = end;
    while (e > 0 && /\s/.test(parsed.text[e - 1])) e--;
    return lineOf(e);
  };
  const add = (startLine: number, endLine: number, kind?: FoldingRange['kind']) => {
    if (endLine > startLine && out.length < limit)
      out.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };

  const walk = (node: unknown): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (key?.range && value?.range) add(lineOf(key.range[0]), endLineOf(value.range[1]));
        if (isScalar(value)) templateFolds(value);
        walk(value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items as (Node | null)[]) {
        if (!item?.range) continue;
        if (isMap(item) || isSeq(item)) add(lineOf(item.range[0]), endLineOf(item.range[1]));
        if (isScalar(item)) templateFolds(item);
        walk(item);
      }
    }
  };

  const templateFolds = (scalar: Node) => {
    if (
      !isScalar(scalar) ||
      typeof scalar.value !== 'string' ||
      !scalar.value.includes('#{') ||
      !scalar.value.includes('\n')
    )
      return;
    const string = stringAt(parsed, scalar);
    if (!string) return;
    const visit = (nodes: readonly TemplateNode[]) => {
      for (const n of nodes) {
        if (n.kind === 'conditional' || n.kind === 'repetition') {
          const start = string.toDocument(n.openSpan).start;
          const end = string.toDocument(n.closeSpan ?? n.span).start;
          // Fold up to the line before the closing tag, so `#{/if}` stays visible.
          add(lineOf(start), lineOf(end) - 1, 'region');
          visit(n.body);
          if (n.kind === 'conditional') visit(n.elseBody);
        }
      }
    };
    visit(parseTemplate(string.value).nodes);
  };

  walk(parsed.document?.contents);
  commentFolds(parsed.text, add);
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function commentFolds(text: string, add: (start: number, end: number, kind?: FoldingRange['kind']) => void): void {
  const lines = text.split(/\r?\n|\r/);
  let runStart = -1;
  const regions: number[] = [];
  for (let i = 0; i <= lines.length; i++) {
    const line = i < lines.length ? lines[i] : '';
    const isComment = i < lines.length && /^\s*#/.test(line);
    if (/^\s*#\s*region\b/.test(line)) regions.push(i);
    else if (/^\s*#\s*endregion\b/.test(line) && regions.length) add(regions.pop()!, i, 'region');
    if (isComment && runStart < 0) runStart = i;
    if (!isComment && runStart >= 0) {
      if (i - 1 > runStart) add(runStart, i - 1, 'comment');
      runStart = -1;
    }
  }
}
