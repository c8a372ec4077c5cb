import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from './text';

describe('LineIndex', () => {
  it('maps offsets to positions over \\n, \\r\\n and \\r line breaks', () => {
    const lines = new LineIndex('ab\ncd\r\nef\rg');
    assert.deepEqual(
      [0, 2, 3, 5, 7, 9, 10, 11].map((o) => lines.positionAt(o)),
      [
        { line: 0, character: 0 },
        { line: 0, character: 2 },
        { line: 1, character: 0 },
        { line: 1, character: 2 },
        { line: 2, character: 0 },
        { line: 2, character: 2 },
        { line: 3, character: 0 },
        { line: 3, character: 1 },
      ],
    );
  });

  it('never puts a position between the \\r and the \\n of a line break: that offset is the end of the line', () => {
    const lines = new LineIndex('project: P\r\n\r\n- x\r\n');
    assert.deepEqual(lines.positionAt(11), { line: 0, character: 10 });
    assert.deepEqual(lines.positionAt(13), { line: 1, character: 0 });
    assert.deepEqual(lines.rangeOf({ start: 12, end: 13 }), {
      start: { line: 1, character: 0 },
      end: { line: 1, character: 0 },
    });
  });

  it('reads a character past the end of a line as the end of that line, not the next line', () => {
    const lines = new LineIndex('ab\r\ncd\nef');
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(lines.offsetAt({ line: 1, character: 99 }), 6);
    assert.equal(lines.offsetAt({ line: 2, character: 99 }), 9);
    assert.equal(lines.offsetAt({ line: 9, character: 0 }), 9);
    assert.equal(lines.offsetAt({ line: 1, character: 1 }), 5);
  });
});
