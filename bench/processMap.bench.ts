// Process map speed: after an edit, the map of a 200-step process (model for every environment
// of the lifecycle + problems on their cards + the HTML the webview shows), against rendering the
// preview of one environment as text (the YAML preview document) in the same run. Goal: the
// map under 100 ms on top of the analysis every edit gets for its diagnostics. A tenanted project
// has a column per environment and tenant: measured with 5 and 30 tenants (all shown). Run with `npm run bench` (or `node --import tsx bench/processMap.bench.ts`).
import { stringify } from 'yaml';
import { readSpace, validateProcess } from '@stepwise/core';
import { previewProcess } from '@stepwise/core/preview';
import { attachProblems, buildProcessMap } from '@stepwise/core/processMap/processMap';
import { renderProcessMap } from '../client/src/webviews/processMap/renderProcessMap';
import { BENCH_SPACE, generateProcess, generateSpace } from './generateProcess';
import { time } from './timing';

/** The smallest generated process with at least `steps` steps. */
function processWithSteps(steps: number): string {
  for (let lines = 120; ; lines += 100) {
    const { text } = generateProcess(lines);
    if ((validateProcess(text).project?.process.steps.length ?? 0) >= steps) return text;
  }
}

const spaceText = generateSpace();
const space = readSpace(spaceText, 'space.yaml')!;

/** The bench space with `count` tenants connected to `project` in every environment, on two tags. */
function spaceWithTenants(project: string, count: number) {
  const tenants = Array.from(
    { length: count },
    (_, i) => `  - name: Tenant ${i + 1}
    tags: [Hosting/${i % 2 ? 'Dedicated' : 'Shared'}]
    projects:
      - project: ${project}
        environments: [${BENCH_SPACE.environments.join(', ')}]
`,
  ).join('');
  return readSpace(
    `${spaceText}\ntag-sets:\n  - name: Hosting\n    tags: [Shared, Dedicated]\ntenants:\n${tenants}`,
    'space.yaml',
  )!;
}

const environment = BENCH_SPACE.environments[1];
console.log('\nProcess map after an edit (median of 15 runs, ms)');
console.log('steps | lines | envs | validate | map model | render HTML | map total | preview as text | map/preview');
for (const steps of [50, 200]) {
  const text = processWithSteps(steps);
  const validation = validateProcess(text, { space });
  const project = validation.project!;
  const validate = time(15, () => validateProcess(text, { space }));
  const model = time(15, () => attachProblems(buildProcessMap(project, space), validation.diagnostics));
  const map = attachProblems(buildProcessMap(project, space), validation.diagnostics);
  const render = time(15, () => renderProcessMap(map));
  const total = time(15, () =>
    renderProcessMap(attachProblems(buildProcessMap(project, space), validation.diagnostics)),
  );
  const previewText = time(15, () =>
    stringify(previewProcess(project, space, { environment, releaseNumber: '1.0.0' }, validation.parsed.lines), {
      lineWidth: 0,
    }),
  );
  console.log(
    `${String(project.process.steps.length).padEnd(5)} | ${String(text.split('\n').length).padEnd(5)} | ${String(map.environments.length).padEnd(4)} | ${validate.toFixed(1).padStart(8)} | ${model.toFixed(1).padStart(9)} | ${render.toFixed(1).padStart(11)} | ${total.toFixed(1).padStart(9)} | ${previewText.toFixed(1).padStart(15)} | ${(total / previewText).toFixed(2)}×`,
  );
  if (steps === 200) {
    const html = renderProcessMap(map);
    console.log(
      `HTML: ${(html.length / 1024).toFixed(0)} KB for ${map.steps.length} steps × ${map.environments.length} environments`,
    );
    // The language server validates every edit for its diagnostics anyway (one cached analysis per
    // version); what the map adds on top is the model and the HTML.
    console.log(
      `goal: map of ${map.steps.length} steps (model + render, on the edit's analysis) under 100 ms — ${total < 100 ? 'PASS' : 'MISS'} (${total.toFixed(1)} ms; validating the edit itself: ${validate.toFixed(1)} ms)`,
    );
    tenanted(text, previewText);
  }
}

/** The same 200-step process, tenanted: 5 and 30 tenants, all of them on the map. */
function tenanted(text: string, previewText: number): void {
  console.log('\nTenanted, 200 steps (median of 15 runs, ms)');
  console.log('tenants | columns shown | previews | map model | render HTML | map total | HTML KB | map/preview');
  for (const count of [5, 30]) {
    const name = validateProcess(text).project!.name;
    const tenantSpace = spaceWithTenants(name, count);
    const validation = validateProcess(text, { space: tenantSpace });
    const project = validation.project!;
    const build = () => attachProblems(buildProcessMap(project, tenantSpace), validation.diagnostics);
    const map = build();
    const model = time(15, build);
    const render = time(15, () => renderProcessMap(map));
    const total = time(15, () => renderProcessMap(build()));
    const html = renderProcessMap(map);
    const shown = (html.match(/<th scope="col" class="tenant">/g) ?? []).length;
    console.log(
      `${String(count).padEnd(7)} | ${`${shown} of ${map.tenants.length * map.environments.length}`.padEnd(13)} | ${String(map.previews).padEnd(8)} | ${model.toFixed(1).padStart(9)} | ${render.toFixed(1).padStart(11)} | ${total.toFixed(1).padStart(9)} | ${(html.length / 1024).toFixed(0).padStart(7)} | ${(total / previewText).toFixed(2)}× — ${total < 100 ? 'PASS' : 'MISS'}`,
    );
  }
}
