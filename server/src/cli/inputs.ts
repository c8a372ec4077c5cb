import { readFileSync } from 'node:fs';
import { UsageError } from '@stepwise/core/cli/commandLine';

/** `--var K=V` options → a map; the first `=` separates name and value. */
export function parseVarOptions(options: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const option of options ?? []) {
    const at = option.indexOf('=');
    if (at <= 0) throw new UsageError(`--var needs NAME=VALUE, not '${option}'`);
    out[option.slice(0, at)] = option.slice(at + 1);
  }
  return out;
}

/** Reads a UTF-8 file, turning I/O failures into usage errors that name the file. */
export function readTextFile(file: string, shown: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read '${shown}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message}`,
    );
  }
}
