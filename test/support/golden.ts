import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

interface DiagnosticLike {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number | string;
  code?: number | string;
  message: string | { value: string };
}

const SEVERITY_NAMES: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/**
 * One line per diagnostic, 1-based like a compiler, with the end of the range so goldens pin
 * exact spans: `12:7-12:15 warning unknown-variable Unknown variable …`.
 */
export function formatDiagnostics(diagnostics: readonly DiagnosticLike[]): string {
  return diagnostics
    .map((d) => {
      const severity = typeof d.severity === 'number' ? SEVERITY_NAMES[d.severity] : d.severity;
      const { start, end } = d.range;
      return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${severity} ${d.code} ${messageText(d.message)}`;
    })
    .sort(byPosition)
    .join('\n');
}

function byPosition(a: string, b: string): number {
  const [al, ac] = a.split(/[:-]/).map(Number);
  const [bl, bc] = b.split(/[:-]/).map(Number);
  return al - bl || ac - bc || a.localeCompare(b);
}

/** Compares with the golden file; `UPDATE_GOLDEN=1` rewrites it (then review the diff). */
export function assertGolden(goldenFile: string, actual: string): void {
  const text = actual.endsWith('\n') || actual === '' ? actual : `${actual}\n`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenFile)) {
    if (process.env.CI && !existsSync(goldenFile)) assert.fail(`missing golden file ${goldenFile}`);
    writeFileSync(goldenFile, text);
    return;
  }
  assert.equal(
    text,
    readFileSync(goldenFile, 'utf8'),
    `diagnostics differ from ${goldenFile} (UPDATE_GOLDEN=1 rewrites it)`,
  );
}

/** LSP 3.18 lets a diagnostic message be markup; tests compare its text. */
export function messageText(message: string | { value: string }): string {
  return typeof message === 'string' ? message : message.value;
}
