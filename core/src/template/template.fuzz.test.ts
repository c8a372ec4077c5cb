// Fuzzer: random templates and variable values through the Octostache parser and evaluator. Neither
// may throw, and evaluation must end: its work is bounded by the evaluation limits, and regular
// expressions by RE2 or the backtracking bound (dotnet/regex.ts). A hang shows as the test timeout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzIterations, fuzzSeed, Random, reproduce } from '../../../test/support/fuzz';
import { evaluateTemplate, evaluateTruthy } from './evaluate';
import { builtInFilterNames } from './filters/index';
import { parseTemplate } from './parseTemplate';

const FILE = 'core/src/template/template.fuzz.test.ts';
const NAMES = ['A', 'B', 'List', 'Octopus.Action[Step].Output', 'A[0]', 'x', 'Json'];
const PATTERNS = [
  '(a+)+$',
  '(a|aa)*b',
  '^(\\w+\\s?)*$',
  '(?=a)a',
  '(a)\\1',
  '\\s*\\s*\\s*x(?=y)',
  '(?<=a)b',
  '[a-',
  '(?>a)',
  '\\Z',
  '(?i)A',
  '(?m)^a$',
  '.*',
  '',
  '(',
  '\\p{L}+',
  '(?<n>a)\\k<n>',
  'a{2,5}?',
  '(?:x|y){3}',
  '\\uD83D',
];
const VALUES = [
  '',
  'a',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
  'true',
  'False',
  '1.5',
  '2030-05-22',
  '#{A}',
  '#{B}',
  '{"x":[1,2]}',
  'a\nb\n',
  'ñ😀',
  '1.2.3-beta.4+m',
  'https://x.example:8443/p?q=1',
];
const FRAGMENTS = [
  '#{',
  '}',
  '|',
  ' ',
  '"',
  '\\"',
  '#{if ',
  '#{/if}',
  '#{else}',
  '#{each x in List}',
  '#{/each}',
  '#{unless A}',
  '#{/unless}',
  '==',
  '!=',
  '#{x}',
  '##{',
  '$',
  '\n',
  '[',
  ']',
  '.',
  '(',
  ')',
  '#{calc 1 + A}',
];

function randomTemplate(r: Random): string {
  let out = '';
  const parts = 1 + r.int(8);
  for (let i = 0; i < parts; i++) {
    switch (r.int(4)) {
      case 0:
        out += r.pick(FRAGMENTS);
        break;
      case 1: {
        const filters = Array.from({ length: r.int(4) }, () => {
          const name = r.chance(0.1) ? r.string(1 + r.int(6), 'abcXYZ') : r.pick(builtInFilterNames);
          const options = Array.from({ length: r.int(3) }, () =>
            r.chance(0.4) ? `"${r.pick(PATTERNS)}"` : r.chance(0.5) ? r.pick(VALUES).replace(/\s/g, '') || 'x' : '#{A}',
          );
          return ` | ${name}${options.length ? ' ' + options.join(' ') : ''}`;
        });
        out += `#{${r.pick(NAMES)}${filters.join('')}}`;
        break;
      }
      case 2:
        out += r.chance(0.5)
          ? `#{if ${r.pick(NAMES)}}${r.pick(VALUES)}#{else}x#{/if}`
          : `#{each i in List}#{i}#{/each}`;
        break;
      default:
        out += r.string(r.int(6), 'ab#{}| "\\\n');
    }
  }
  return out;
}

function randomVariables(r: Random): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const name of NAMES) if (r.chance(0.6)) variables[name] = r.chance(0.8) ? r.pick(VALUES) : randomTemplate(r);
  if (r.chance(0.5)) variables.List = 'a,b,' + r.pick(VALUES);
  return variables;
}

describe('template fuzzer', () => {
  it('random templates never throw from the parser or the evaluator', { timeout: 600_000 }, () => {
    const seed = fuzzSeed();
    const r = new Random(seed);
    const iterations = fuzzIterations(500);
    let evaluated = 0;
    let failedCleanly = 0;
    for (let i = 0; i < iterations; i++) {
      const template = randomTemplate(r);
      const variables = randomVariables(r);
      try {
        parseTemplate(template);
        const { result, errors } = evaluateTemplate(template, variables, { haltOnError: r.chance(0.5) });
        assert.ok(result === null || typeof result === 'string');
        assert.ok(Array.isArray(errors) && errors.every((e) => typeof e === 'string'));
        if (errors.length) failedCleanly++;
        evaluateTruthy(template, variables);
        evaluated++;
      } catch (error) {
        assert.fail(
          `${(error as Error).stack}\ntemplate ${JSON.stringify(template)}\nvariables ${JSON.stringify(variables)}\n${reproduce(FILE, seed, i)}`,
        );
      }
    }
    console.log(
      `template fuzzer: ${evaluated} templates evaluated (${failedCleanly} with Octostache errors), seed ${seed}`,
    );
  });
});
