// Checks that positions a feature returns are places in the document as an editor sees it.
import assert from 'node:assert/strict';
import type { Position, Range } from '@stepwise/core/text';

/** The text's lines without their line breaks (`\r\n`, `\n` or `\r`), as an editor shows them. */
export function editorLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Fails unless the position is on a line of the text and not past its end (so never inside a `\r\n`). */
export function assertPositionInside(lines: string[], position: Position, what: string): void {
  assert.ok(
    Number.isInteger(position.line) && Number.isInteger(position.character),
    `${what}: ${JSON.stringify(position)} is not a position`,
  );
  assert.ok(
    position.line >= 0 && position.line < lines.length,
    `${what}: line ${position.line} is outside the ${lines.length} lines`,
  );
  assert.ok(
    position.character >= 0 && position.character <= lines[position.line].length,
    `${what}: ${position.line}:${position.character} is past the end of the line (${lines[position.line].length} characters)`,
  );
}

/** Fails unless both ends of the range are inside the text and the range does not run backwards. */
export function assertRangeInside(lines: string[], range: Range, what: string): void {
  assertPositionInside(lines, range.start, what);
  assertPositionInside(lines, range.end, what);
  const backwards =
    range.end.line < range.start.line ||
    (range.end.line === range.start.line && range.end.character < range.start.character);
  assert.ok(!backwards, `${what}: range ${JSON.stringify(range)} ends before it starts`);
}
