/** An error in one log line: its message and where it was thrown, without the whole stack. */
export function errorLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const where = error.stack
    ?.split('\n')
    .find((line) => line.trimStart().startsWith('at '))
    ?.trim();
  return `${error.name}: ${error.message}${where ? ` (${where})` : ''}`.replace(/\s*\n\s*/g, ' ');
}
