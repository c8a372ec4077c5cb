import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateTemplate } from '../evaluate';
import { backtrackingWork, dotnetIsMatch, dotnetReplace, MAX_BACKTRACKING_WORK, planDotnetRegex } from './regex';

const as = (n: number) => 'a'.repeat(n) + '!';

describe('.NET regular expressions: catastrophic patterns stay linear', () => {
  it('runs (a+)+$ on RE2, which has no backtracking, and answers', () => {
    for (const n of [34, 10_000]) {
      assert.equal(planDotnetRegex('(a+)+$', as(n), true).engine, 'linear');
      assert.equal(dotnetReplace(as(n), '(a+)+$', 'x'), as(n));
      assert.equal(dotnetIsMatch(as(n), '(a+)+$'), false);
    }
  });

  it('evaluates the template from the report to its input, unchanged', () => {
    const { result, errors } = evaluateTemplate('#{As | Replace "(a+)+$" x}', { As: as(34) });
    assert.equal(result, as(34));
    assert.deepEqual(errors, []);
  });

  it('keeps .NET semantics on RE2: $ before a final newline, \\Z, \\s, \\u, named groups, inline options', () => {
    assert.equal(dotnetReplace('foo\n', 'o$', '0'), 'fo0\n');
    assert.equal(dotnetReplace('foo', 'o$', '0'), 'fo0');
    assert.equal(dotnetReplace('foo\n', 'o\\Z', '0'), 'fo0\n');
    assert.equal(dotnetReplace('a\u00a0b\u0085c', '\\s', '_'), 'a_b_c');
    assert.equal(dotnetReplace('A', '\\u0041', 'b'), 'b');
    assert.equal(dotnetReplace('ada@example', "(?'user'\\w+)@(?<host>\\w+)", '${host}/${user}'), 'example/ada');
    assert.equal(dotnetIsMatch('ABC', '(?i)abc'), true);
    assert.equal(planDotnetRegex('o$', 'foo\n', true).engine, 'linear');
  });

  it('falls back to JS RegExp for what RE2 lacks, with a bound on the work', () => {
    const lookahead = planDotnetRegex('a(?=b)', 'xab', true);
    assert.equal(lookahead.engine, 'backtracking');
    assert.equal(dotnetReplace('xab', 'a(?=b)', 'A'), 'xAb');
    assert.equal(dotnetReplace('aa-b', '(a)\\1', 'X'), 'X-b');
    // $ on an input with inner newlines: only before the final one.
    assert.equal(dotnetReplace('o\nfoo\n', 'o$', '0'), 'o\nfo0\n');
  });

  it('refuses a fallback whose backtracking could explode: the token is echoed with an error', () => {
    const pattern = '^(a+)+(?=!)';
    assert.equal(planDotnetRegex(pattern, as(34), true).engine, 'refused');
    assert.equal(dotnetReplace(as(34), pattern, 'x'), null);
    assert.equal(dotnetIsMatch(as(34), pattern), null);
    const template = `#{As | Replace "${pattern}" x}`;
    const { result, errors } = evaluateTemplate(template, { As: as(34) }, { haltOnError: false });
    assert.equal(result, `#{As | Replace "${pattern}" "x"}`);
    assert.ok(errors.length > 0);
  });

  it('refuses a polynomial fallback on a long input, runs it on a short one', () => {
    const pattern = '\\s*\\s*\\s*x(?=y)';
    assert.equal(planDotnetRegex(pattern, ' '.repeat(20), true).engine, 'backtracking');
    assert.equal(planDotnetRegex(pattern, ' '.repeat(10_000), true).engine, 'refused');
  });

  it('stops a replacement that outgrows the output limit (the evaluator reports the limit)', () => {
    const input = 'x'.repeat(1000);
    const out = dotnetReplace(input, '', input, 5000);
    assert.ok(out !== null && out.length > 5000 && out.length < 5000 + 2 * input.length);
    const { failure } = evaluateTemplate('#{S | Replace "" #{S}}', { S: input }, { limits: { maxOutputLength: 5000 } });
    assert.equal(failure?.kind, 'limit');
  });
});

describe('backtrackingWork', () => {
  it('is unbounded for a quantified group holding a quantifier, an alternation or a lookaround', () => {
    for (const source of ['(a+)+', '(a|aa)*', '(?:a*b)*', '(a(?=b))+', '(a?)*', '((a)*)*']) {
      assert.equal(backtrackingWork(source, 10), Infinity, source);
    }
  });

  it('grows with the input as a polynomial of the number of variable quantifiers', () => {
    const growth = (source: string) => backtrackingWork(source, 8000) / backtrackingWork(source, 1000);
    assert.ok(Math.abs(growth('abc') - 8) < 0.1); // each start position
    assert.ok(Math.abs(growth('a*b') - 64) < 1);
    assert.ok(Math.abs(growth('a*b+c{2,5}') - 512) < 10);
    assert.ok(Math.abs(growth('(a)\\1') - 64) < 1); // a backreference compares up to n characters
  });

  it('counts choices that do not depend on the input', () => {
    const ratio = (a: string, b: string) => backtrackingWork(a, 9) / backtrackingWork(b, 9);
    assert.ok(Math.abs(ratio('a?b', 'a.b') - 2) < 1e-9);
    assert.ok(Math.abs(ratio('(a|b|c)d', '(abcde)d') - 3) < 1e-9);
    assert.ok(Math.abs(ratio('a{2,4}b', 'a{2}.bc') - 3) < 1e-9);
    assert.ok(backtrackingWork('a{3}', 100) < MAX_BACKTRACKING_WORK);
  });
});
