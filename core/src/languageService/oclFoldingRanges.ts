/**
 * Folding for OCL files: every block, dictionary, array and heredoc spanning several lines folds;
 * the closing line (`}`, `]`, the heredoc's end tag) stays visible.
 */
import type { OclElement, OclValue } from '../ocl/ast';
import type { ParsedOcl } from '../ocl/parseOcl';
import type { Span } from '../text';
import type { FoldingRange } from './types';

export function getOclFoldingRanges(parsed: ParsedOcl): FoldingRange[] {
  const out: FoldingRange[] = [];
  const fold = (span: Span) => {
    const startLine = parsed.lines.positionAt(span.start).line;
    // The span ends after the closing token: fold up to the line before it.
    const endLine = parsed.lines.positionAt(Math.max(span.start, span.end - 1)).line - 1;
    if (endLine > startLine) out.push({ startLine, endLine });
  };
  const value = (v: OclValue) => {
    if (v.kind === 'dictionary') {
      fold(v.span);
      for (const entry of v.entries) value(entry.value);
    } else if (v.kind === 'array' || (v.kind === 'string' && v.heredoc)) fold(v.span);
  };
  const elements = (list: readonly OclElement[]) => {
    for (const element of list) {
      if (element.kind === 'block') {
        fold(element.span);
        elements(element.children);
      } else value(element.value);
    }
  };
  elements(parsed.document.children);
  return out;
}
