/**
 * Runs every Octostache test vector (testdata/octostache-vectors.json, see the README there). Fails when fewer
 * than 98% pass or when a vector fails that KNOWN_DIFFERENCES.md does not list.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluateTemplate, evaluateTruthy } from './evaluate';

interface Vector {
  id: string;
  template: string;
  variables: Record<string, string>;
  expected: string | null;
  expectError?: boolean;
  expectedError?: string;
  haltOnError?: boolean;
  compare?: 'trim' | 'strip-double-quotes';
  expectedOneOf?: (string | null)[];
  throws?: { type: string; message: string };
  mode?: 'truthy';
  expectedTruthy?: boolean;
}

const vectorsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata', 'octostache-vectors.json');

function knownDifferences(): Set<string> {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'KNOWN_DIFFERENCES.md');
  const ids = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    if (m) ids.add(m[1]);
  }
  return ids;
}

/** Checks one vector; returns a failure description or null. */
function check(v: Vector): string | null {
  if (v.mode === 'truthy') {
    const actual = evaluateTruthy(v.template, v.variables);
    return actual === v.expectedTruthy ? null : `truthy: expected ${v.expectedTruthy}, got ${actual}`;
  }
  const { result, errors, failure } = evaluateTemplate(v.template, v.variables, { haltOnError: v.haltOnError ?? true });
  if (v.throws) {
    if (failure?.kind !== 'recursion') return `expected ${v.throws.type}, got result ${JSON.stringify(result)}`;
    return failure.message === v.throws.message ? null : `message: ${failure.message}`;
  }
  const normalise = (s: string | null) =>
    s === null ? null : v.compare === 'trim' ? s.trim() : v.compare === 'strip-double-quotes' ? s.replace(/"/g, '') : s;
  const expected = v.expectedOneOf ?? [v.expected];
  if (!expected.some((e) => normalise(e) === normalise(result))) {
    return `expected ${JSON.stringify(v.expected)}, got ${JSON.stringify(result)}${errors.length ? ` (errors: ${errors.join('; ')})` : ''}`;
  }
  if (v.expectError !== undefined && v.expectError !== errors.length > 0) {
    return `expected ${v.expectError ? 'an error' : 'no error'}, got ${JSON.stringify(errors)}`;
  }
  if (v.expectedError !== undefined && !errors.includes(v.expectedError))
    return `expected error ${v.expectedError}, got ${JSON.stringify(errors)}`;
  return null;
}

describe('Octostache vectors', () => {
  const vectors: Vector[] = JSON.parse(readFileSync(vectorsFile, 'utf8'));
  const known = knownDifferences();

  it('pass at least 98%, and every failure is a known difference', () => {
    const failures: string[] = [];
    const unexpected: string[] = [];
    for (const v of vectors) {
      const failure = check(v);
      if (!failure) continue;
      failures.push(v.id);
      if (!known.has(v.id)) unexpected.push(`${v.id}: ${failure}\n    template ${JSON.stringify(v.template)}`);
    }
    const passed = vectors.length - failures.length;
    const rate = passed / vectors.length;
    console.log(
      `Octostache vectors: ${passed}/${vectors.length} pass (${(rate * 100).toFixed(1)}%), ${failures.length} known differences`,
    );
    assert.deepEqual(
      unexpected,
      [],
      `vectors failing that KNOWN_DIFFERENCES.md does not list:\n${unexpected.join('\n')}`,
    );
    assert.ok(rate >= 0.98, `only ${(rate * 100).toFixed(1)}% of vectors pass`);
  });

  it('lists no vector as a known difference that now passes', () => {
    const stale = [...known].filter((id) => {
      const v = vectors.find((x) => x.id === id);
      return !v || check(v) === null;
    });
    assert.deepEqual(stale, [], 'remove these from KNOWN_DIFFERENCES.md');
  });
});
