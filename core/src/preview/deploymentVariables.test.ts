import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSpace, validateProcess } from '../index';
import type { Project, Space } from '../model/types';
import { evaluateTemplate } from '../template/index';
import type { DeploymentContext } from './deploymentContext';
import { DeploymentVariableSet, type EvaluationSite } from './deploymentVariables';

/** Everything a dictionary holds, and what each name evaluates to through its variable tree. */
function contents(set: DeploymentVariableSet, site: EvaluationSite) {
  const dictionary = set.dictionaryAt(site);
  return dictionary
    .names()
    .map((name) => [name, dictionary.getRaw(name), evaluateTemplate(`#{${name}}`, dictionary).result]);
}

/** Every site of the process: each action without a target and on each target of the space. */
function sites(project: Project, space: Space): EvaluationSite[] {
  return project.process.steps.flatMap((step, stepIndex) =>
    step.actions.flatMap((action, actionIndex) =>
      [undefined, ...space.targets].map((target) => ({ step, stepIndex, action, actionIndex, target })),
    ),
  );
}

function load(space: string, process: string) {
  const s = readSpace(space, 'space.yaml')!;
  const v = validateProcess(process, { space: s });
  assert.ok(v.project, JSON.stringify(v.diagnostics));
  return { space: s, project: v.project };
}

const SPACE = `environments: [Test, Production]
targets:
  - { name: Web1, environments: [Test], roles: [web] }
  - { name: Db1, environments: [Test], roles: [db] }
`;

describe('DeploymentVariableSet', () => {
  const { space, project } = load(
    SPACE,
    `project: Shop
variables:
  Port:
    - { value: "80" }
    - { value: "8080", step: [Deploy] }
    - { value: "5432", role: [db] }
  Secret:
    sensitive: true
    values:
      - { value: s1 }
      - { value: s2, target: [Db1] }
steps:
  - name: Deploy
    type: script
    script: 'echo #{Port}'
  - name: Other
    type: script
    script: 'echo #{Port}'
  - name: Third
    type: script
    script: 'echo #{Port}'
`,
  );

  it('gives each site the values scoped to its step, role and target, and its own step variables', () => {
    const set = new DeploymentVariableSet(project, space, { environment: 'Test' });
    const [deploy, other, third] = project.process.steps;
    const at = (step = deploy, target?: string) =>
      set.dictionaryAt({
        step,
        stepIndex: project.process.steps.indexOf(step),
        action: step.actions[0],
        actionIndex: 0,
        target: space.targets.find((t) => t.name === target),
      });
    assert.equal(at(deploy).getRaw('Port'), '8080');
    assert.equal(at(other).getRaw('Port'), '80');
    assert.equal(at(other, 'Db1').getRaw('Port'), '5432');
    assert.equal(evaluateTemplate('#{Octopus.Step.Name} #{Port}', at(third)).result, 'Third 80');
    assert.equal(evaluateTemplate('#{Octopus.Step.Name} #{Port}', at(other)).result, 'Other 80');
    assert.equal(at(other, 'Db1').getRaw('Secret'), '********');
  });

  it('a change to one site’s dictionary does not reach another site that shares its scopes', () => {
    const set = new DeploymentVariableSet(project, space, { environment: 'Test' });
    const [, other, third] = project.process.steps;
    const first = set.dictionaryAt({ step: other, stepIndex: 1, action: other.actions[0], actionIndex: 0 });
    first.set('Port', 'changed');
    first.set('Octopus.Step.Name', 'changed');
    const second = set.dictionaryAt({ step: third, stepIndex: 2, action: third.actions[0], actionIndex: 0 });
    assert.equal(evaluateTemplate('#{Port} #{Octopus.Step.Name}', second).result, '80 Third');
    const again = set.dictionaryAt({ step: other, stepIndex: 1, action: other.actions[0], actionIndex: 0 });
    assert.equal(evaluateTemplate('#{Port} #{Octopus.Step.Name}', again).result, '80 Other');
  });

  it('the sensitive values of `at` are those that applied at the site', () => {
    const set = new DeploymentVariableSet(project, space, { environment: 'Test' });
    const [deploy] = project.process.steps;
    const db = space.targets.find((t) => t.name === 'Db1');
    assert.deepEqual(set.at({ step: deploy, action: deploy.actions[0], target: db }).sensitiveValues, ['s2']);
    assert.deepEqual(set.at({ step: deploy, action: deploy.actions[0] }).sensitiveValues, ['s1']);
  });
});

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: T[]): T => list[int(list.length)];
  const some = <T>(list: T[]): T[] => list.filter(() => next() < 0.4);
  return { next, int, pick, some };
}

describe('DeploymentVariableSet (fuzz): the per-scope cache gives what resolving every site afresh gives', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}`, () => {
      const r = random(seed);
      const roles = ['web', 'db', 'Cache', 'worker'];
      const targets = ['Web1', 'web2', 'Db1', 'Cache1', 'Lone'];
      const steps = ['Deploy', 'Migrate', 'Smoke', 'Notify', 'Clean up'];
      const environments = ['Test', 'Production'];
      const spaceText = `environments: [${environments.join(', ')}]
targets:
${targets
  .map(
    (t) =>
      `  - { name: ${t}, environments: [${r.some(environments).join(', ') || 'Test'}], roles: [${r.some(roles).join(', ') || 'web'}] }`,
  )
  .join('\n')}
`;
      const names = ['Port', 'Url', 'Secret', 'Octopus.Step.Name', 'App.Setting[a]', 'Mode'];
      const variables = names
        .map((name, i) => {
          const values = Array.from({ length: 1 + r.int(4) }, (_, j) => {
            const scope: string[] = [];
            // Scope names in varied case, and some that nothing in the process has.
            const cased = (s: string) => (r.next() < 0.3 ? s.toUpperCase() : s);
            if (r.next() < 0.4)
              scope.push(
                `step: [${
                  r
                    .some([...steps, 'Ghost'])
                    .map(cased)
                    .join(', ') || steps[0]
                }]`,
              );
            if (r.next() < 0.3)
              scope.push(
                `role: [${
                  r
                    .some([...roles, 'nobody'])
                    .map(cased)
                    .join(', ') || 'db'
                }]`,
              );
            if (r.next() < 0.3) scope.push(`target: [${r.some(targets).map(cased).join(', ') || 'Lone'}]`);
            if (r.next() < 0.3) scope.push(`environment: [${r.pick(environments)}]`);
            return `      - { value: "v${i}.${j}", ${scope.join(', ')} }`;
          });
          const sensitive = r.next() < 0.3 ? '    sensitive: true\n' : '';
          return `  "${name}":\n${sensitive}    values:\n${values.join('\n')}`;
        })
        .join('\n');
      const processText = `project: Fuzz
variables:
${variables}
steps:
${steps
  .map(
    (s) =>
      `  - name: ${s}\n    type: script\n${r.next() < 0.5 ? `    roles: [${r.pick(roles)}]\n` : ''}    script: 'echo #{Port}'`,
  )
  .join('\n')}
`;
      const { space, project } = load(spaceText, processText);
      const environment = r.pick(environments);
      const context: DeploymentContext = {
        environment,
        maskSensitive: r.next() < 0.5,
        variables: r.next() < 0.3 ? { Mode: 'forced' } : {},
      };
      const cached = new DeploymentVariableSet(project, space, context);
      const fresh = new DeploymentVariableSet(project, space, context, false);
      let compared = 0;
      for (const site of sites(project, space)) {
        assert.deepEqual(
          contents(cached, site),
          contents(fresh, site),
          `seed ${seed}, site ${site.step?.name}/${site.target?.name}`,
        );
        assert.deepEqual(cached.at(site).sensitiveValues, fresh.at(site).sensitiveValues);
        compared++;
      }
      assert.equal(compared, steps.length * (targets.length + 1));
    });
  }
});
