/**
 * What every `stepwise` command shares, the language server's CLI and the deployment server's
 * `stepwise server` alike: injected I/O, usage errors (exit code 2), and the one line format of
 * a diagnostic. Here, below both, so neither command imports the other's entry point.
 */
import type { Diagnostic } from '../diagnostics';

/** A command's I/O, injected so tests run commands in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

/** A mistake in how the command was called: exit code 2 with the message (and by default a pointer to --help). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showHelpHint = true,
  ) {
    super(message);
  }
}

/** Node's `parseArgs` errors as usage errors, without its advice about positionals starting with `-`. */
export function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(
      (error as Error).message.replace(/\. To specify a positional argument starting with a '-'.*$/, ''),
    );
  }
}

/** `file:line:col severity code message`, 1-based, as compilers print it (editors link it). */
export function diagnosticLine(file: string, d: Pick<Diagnostic, 'range' | 'severity' | 'code' | 'message'>): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`;
}
