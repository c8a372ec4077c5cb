import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_CODES, isDiagnosticCode } from './diagnosticCodes';

const checksDoc = path.join(__dirname, '..', '..', 'docs', 'checks.md');

/** The codes docs/checks.md names: back-quoted in the first cell of a table row, or in a sentence starting with one. */
function documentedCodes(markdown: string): Set<string> {
  const codes = new Set<string>();
  for (const line of markdown.split('\n')) {
    const cell = /^\|([^|]*)\|/.exec(line)?.[1] ?? /^(`[a-z-]+`) means/.exec(line)?.[1];
    if (!cell) continue;
    for (const [, code] of cell.matchAll(/`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`/g)) codes.add(code);
  }
  return codes;
}

describe('diagnostic codes', () => {
  it('docs/checks.md documents every code, and no other', () => {
    const documented = documentedCodes(readFileSync(checksDoc, 'utf8'));
    const declared = new Set<string>(DIAGNOSTIC_CODES);
    assert.deepEqual(
      [...declared].filter((c) => !documented.has(c)),
      [],
      'codes missing from docs/checks.md',
    );
    assert.deepEqual(
      [...documented].filter((c) => !declared.has(c)),
      [],
      'codes in docs/checks.md that no check reports',
    );
  });

  it('are unique and kebab-case', () => {
    assert.equal(new Set(DIAGNOSTIC_CODES).size, DIAGNOSTIC_CODES.length);
    for (const code of DIAGNOSTIC_CODES) assert.match(code, /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
    assert.equal(isDiagnosticCode('unknown-variable'), true);
    assert.equal(isDiagnosticCode('no-such-code'), false);
    assert.equal(isDiagnosticCode(42), false);
  });
});
