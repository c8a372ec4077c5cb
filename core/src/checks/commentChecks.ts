import { CST, isScalar, Parser, Scalar, visit } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import type { ParsedYaml } from '../yaml/parseYaml';

/**
 * In YAML, ` #` starts a comment, so `script: echo #{Name}` keeps only `echo`. A comment that
 * begins with `#{` is almost always such a cut-off template; the fix quotes the whole value.
 */
export function checkCutOffTemplates(parsed: ParsedYaml): Diagnostic[] {
  const { text, lines } = parsed;
  if (!text.includes('#{')) return [];
  const comments: { offset: number; source: string }[] = [];
  for (const token of new Parser().parse(text)) collectComments(token, comments);
  const suspicious = comments.filter((c) => c.source.startsWith('#{'));
  if (!suspicious.length) return [];

  // Plain scalars that end on a line, so the fix can quote `value #{…}` as one string.
  const plainByLine = new Map<number, Scalar>();
  if (parsed.document) {
    visit(parsed.document, {
      Scalar(_key, node) {
        if (isScalar(node) && node.type === Scalar.PLAIN && node.range) {
          plainByLine.set(lines.positionAt(node.range[1]).line, node);
        }
      },
    });
  }

  return suspicious.map((comment): Diagnostic => {
    const range = lines.rangeOf({ start: comment.offset, end: comment.offset + comment.source.length });
    const scalar = plainByLine.get(range.start.line);
    const message =
      'This `#{…}` is a YAML comment, not a template: after a space, `#` starts a comment, so the value ends before it. Quote the value or use a block scalar (`|`).';
    if (scalar?.range && lines.positionAt(scalar.range[0]).line === range.start.line && scalar.range[1] <= comment.offset) {
      const start = scalar.range[0];
      const end = comment.offset + comment.source.length;
      const whole = text.slice(start, end);
      return {
        severity: 'warning',
        code: 'template-cut-by-comment',
        message,
        range,
        data: { replacement: quote(whole), fixRange: lines.rangeOf({ start, end }) },
      };
    }
    return { severity: 'warning', code: 'template-cut-by-comment', message, range };
  });
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function collectComments(token: unknown, out: { offset: number; source: string }[]): void {
  if (!token || typeof token !== 'object') return;
  if (Array.isArray(token)) {
    for (const t of token) collectComments(t, out);
    return;
  }
  const t = token as CST.Token & { [key: string]: unknown };
  if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
    out.push({ offset: t.offset, source: t.source });
    return;
  }
  for (const key of ['start', 'sep', 'end', 'items', 'key', 'value', 'props']) {
    if (key in t) collectComments(t[key], out);
  }
}
