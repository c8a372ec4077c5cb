import type { DiagnosticCode } from './diagnosticCodes';
import type { Range } from './text';

export type { DiagnosticCode };

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A finding of the engine, with a stable code users can search for and suppress by. */
export interface Diagnostic {
  severity: Severity;
  /** Stable, kebab-case identifier, e.g. `unknown-variable`: one of diagnosticCodes.ts. */
  code: DiagnosticCode;
  message: string;
  range: Range;
  /** Machine-readable details for quick fixes (e.g. the did-you-mean candidate). */
  data?: DiagnosticData;
}

export interface DiagnosticData {
  /** Names a quick fix may replace the flagged text with. */
  suggestions?: string[];
  /** For `template-cut-by-comment`: the text the quick fix writes over `range`. */
  replacement?: string;
  /** For fixes that act on a span other than the flagged one. */
  fixRange?: Range;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.code.localeCompare(b.code)
  );
}
