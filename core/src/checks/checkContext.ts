import type { Diagnostic, DiagnosticCode, DiagnosticData, Severity } from '../diagnostics';
import type { Project, Space } from '../model/types';
import type { LineIndex, Range } from '../text';

/** What every check of a process file sees; checks only read it and report. */
export class ProcessCheckContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    /** The checked file's text (a process file, or an OCL project's deployment_process.ocl). */
    readonly parsed: { text: string; lines: LineIndex },
    readonly project: Project,
    /** The space the project deploys into, when a space file (or server) provides one. */
    readonly space: Space | undefined,
  ) {}

  report(severity: Severity, code: DiagnosticCode, message: string, range: Range, data?: DiagnosticData): void {
    this.diagnostics.push(data ? { severity, code, message, range, data } : { severity, code, message, range });
  }
}
