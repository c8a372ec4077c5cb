// Time to an answer on hostile input: the goals that core/src/validate.test.ts and
// core/src/template/parseTemplate.test.ts guard only by limits and growth (tests assert no time).
// Run with `npm run bench` (or `npx tsx bench/hostileInput.bench.ts`). Ignores options.
import { performance } from 'node:perf_hooks';
import { parseTemplate } from '@stepwise/core/template/parseTemplate';
import { validateProcess } from '@stepwise/core/validate';

const GOALS = { validateMs: 1000, parseTemplateMs: 1000 };

/** Median of 3 runs, in ms. */
function median3(fn: () => unknown): number {
  const times = [0, 1, 2].map(() => {
    const started = performance.now();
    fn();
    return performance.now() - started;
  });
  return times.sort((a, b) => a - b)[1];
}

const validateCases: [string, string][] = [
  ['a 20 MB file', 'steps:\n' + '  - name: x\n    type: script\n    script: echo hi\n'.repeat((20 * 1024 * 1024) / 44)],
  ['10,000-deep flow nesting', 'steps: ' + '['.repeat(10_000) + ']'.repeat(10_000)],
  ['1,000-deep block nesting', Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
  ['10,000-deep block nesting', Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
  [
    'an alias bomb',
    [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
      'steps: *i',
    ].join('\n'),
  ],
];
const chunk =
  'Deploys the web tier # then ## the workers.\nUrl: #{Octopus.Action[Step A].Output.Value | ToLower} #{if Ready}#{Name}#{/if}\n';
const templateCases: [string, string][] = [
  ['1 MB with thousands of tokens', chunk.repeat(Math.ceil(1_000_000 / chunk.length))],
  ['1 MB of unclosed #{', '#{a[b '.repeat(170_000)],
];

let missed = 0;
const verdict = (ms: number, goal: number) => {
  if (ms >= goal) missed++;
  return `${ms < goal ? 'PASS' : 'MISS'} (${ms.toFixed(0)} ms, goal under ${goal} ms)`;
};
console.log('hostile input: time to the diagnostics');
for (const [name, text] of validateCases)
  console.log(
    `  validateProcess, ${name}: ${verdict(
      median3(() => validateProcess(text)),
      GOALS.validateMs,
    )}`,
  );
for (const [name, text] of templateCases)
  console.log(
    `  parseTemplate, ${name}: ${verdict(
      median3(() => parseTemplate(text)),
      GOALS.parseTemplateMs,
    )}`,
  );
if (missed) process.exitCode = 1;
