// Preview speed: a 10,000-line process previewed for one environment, against the floor of
// parsing the same text with the `yaml` library; and template evaluations per second against
// a naive regex substitution of the same templates (the least any evaluator must do).
// Run with `npm run bench` (or `node --import tsx bench/preview.bench.ts`).
import { parseDocument } from 'yaml';
import { readSpace, validateProcess } from '@stepwise/core';
import { previewProcess } from '@stepwise/core/preview';
import { evaluateTemplate, VariableDictionary } from '@stepwise/core/template';
import { BENCH_SPACE, generateProcess, generateSpace } from './generateProcess';
import { time } from './timing';

const space = readSpace(generateSpace(), 'space.yaml')!;
const environment = BENCH_SPACE.environments[1] ?? BENCH_SPACE.environments[0];
console.log('\nPreview (median of 15 runs, ms)');
console.log('lines   | floor: parse | validate | preview only | parse+load+preview | preview/floor');
for (const lines of [1_000, 10_000]) {
  const { text } = generateProcess(lines);
  const floor = time(15, () => parseDocument(text));
  const validation = validateProcess(text, { space });
  const validate = time(15, () => validateProcess(text, { space }));
  const preview = time(15, () =>
    previewProcess(validation.project!, space, { environment, releaseNumber: '1.0.0' }, validation.parsed.lines),
  );
  const whole = validate + preview;
  console.log(
    `${String(lines).padEnd(7)} | ${floor.toFixed(1).padStart(12)} | ${validate.toFixed(1).padStart(8)} | ${preview.toFixed(1).padStart(12)} | ${whole.toFixed(1).padStart(18)} | ${(preview / floor).toFixed(2)}×`,
  );
  if (lines === 10_000)
    console.log(
      `goal: preview well under 100 ms at 10,000 lines — ${preview < 100 ? 'PASS' : 'MISS'} (${preview.toFixed(1)} ms)`,
    );
}

const variables = new VariableDictionary({
  Greeting: 'Hello',
  Name: 'world',
  'Octopus.Environment.Name': 'Production',
  'Octopus.Release.Number': '1.2.3',
  Servers: 'web1,web2,web3,web4',
  Enabled: 'True',
  Url: 'https://#{Name}.example.com/#{Octopus.Environment.Name}',
});
const templates = [
  'echo "#{Greeting}, #{Name} in #{Octopus.Environment.Name}"',
  '#{Name | ToUpper} #{Octopus.Release.Number | VersionMajor}',
  '#{if Enabled}on#{else}off#{/if} #{Url}',
  '#{each s in Servers}#{s}#{unless Octopus.Template.Each.Last},#{/unless}#{/each}',
];
const naive = (t: string) => t.replace(/#\{([^}|]+)\}/g, (_, n: string) => variables.getRaw(n.trim()) ?? '');
const N = 20_000;
console.log('\nTemplate evaluations per second (typical templates, one dictionary)');
for (const template of templates) {
  const ours = time(5, () => {
    for (let i = 0; i < N; i++) evaluateTemplate(template, variables);
  });
  const base = time(5, () => {
    for (let i = 0; i < N; i++) naive(template);
  });
  console.log(
    `${template.padEnd(78)} ${Math.round((N / ours) * 1000)
      .toLocaleString('en-US')
      .padStart(10)}/s  (${(ours / base).toFixed(1)}× a naive regex replace)`,
  );
}
