import { isScalar, Scalar, visit } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import type { ParsedYaml } from '../yaml/parseYaml';

/**
 * In YAML, ` #` starts a comment, so `script: echo #{Name}` keeps only `echo`. A comment that
 * begins with `#{` is almost always such a cut-off template; the fix quotes the whole value.
 */
export function checkCutOffTemplates(parsed: ParsedYaml): Diagnostic[] {
  const { text, lines, document } = parsed;
  // Candidates: `#{` at a line start or after white space — where YAML may start a comment.
  const candidates: number[] = [];
  for (let at = text.indexOf('#{'); at >= 0; at = text.indexOf('#{', at + 2)) {
    const before = text.charCodeAt(at - 1);
    if (at === 0 || before === 32 || before === 9 || before === 10 || before === 13) candidates.push(at);
  }
  if (!candidates.length || !document) return [];

  // A candidate inside a scalar is text, not a comment. Scalars come in document order.
  const scalars: Scalar[] = [];
  visit(document, {
    Scalar(_key, node) {
      if (isScalar(node) && node.range) scalars.push(node);
    },
  });
  const diagnostics: Diagnostic[] = [];
  let s = 0;
  for (const at of candidates) {
    while (s < scalars.length && scalars[s].range![1] <= at) s++;
    if (s < scalars.length && scalars[s].range![0] <= at) continue;
    // Only the `#` that starts a comment: `# see #{Name}` is an ordinary comment.
    const previous = s > 0 ? scalars[s - 1] : undefined;
    const from = Math.max(startOfLine(text, at), previous?.range![1] ?? 0);
    if (text.slice(from, at).includes('#')) continue;
    const lineEnd = endOfLine(text, at);
    const range = lines.rangeOf({ start: at, end: lineEnd });
    const message =
      'This `#{…}` is a YAML comment, not a template: after a space, `#` starts a comment, so the value ends before it. Quote the value or use a block scalar (`|`).';
    // The plain value this comment cut short, when it sits on the same line.
    if (previous && previous.type === Scalar.PLAIN && lines.positionAt(previous.range![0]).line === range.start.line) {
      const start = previous.range![0];
      diagnostics.push({
        severity: 'warning',
        code: 'template-cut-by-comment',
        message,
        range,
        data: { replacement: quote(text.slice(start, lineEnd)), fixRange: lines.rangeOf({ start, end: lineEnd }) },
      });
    } else {
      diagnostics.push({ severity: 'warning', code: 'template-cut-by-comment', message, range });
    }
  }
  return diagnostics;
}

function startOfLine(text: string, at: number): number {
  return Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
}

function endOfLine(text: string, at: number): number {
  let end = at;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  while (end > at && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
