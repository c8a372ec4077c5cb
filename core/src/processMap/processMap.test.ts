import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSpace, validateProcess } from '../index';
import { attachProblems, buildProcessMap, mapEnvironments } from './processMap';

const SPACE = readSpace(
  `environments: [Development, Test, Production]
lifecycles:
  - name: Default
    phases:
      - { name: Test, environments: [Test] }
      - { name: Production, environments: [Production] }
  - name: Everything
    phases:
      - { name: All, environments: [Development, Test, Production] }
targets:
  - { name: TWeb01, environments: [Test], roles: [web-server] }
  - { name: PWeb01, environments: [Production], roles: [web-server] }
`,
  'space.yaml',
)!;

const PROCESS = `project: Shop
channels: [{ name: Hotfix, lifecycle: Everything }]
variables:
  ApiKey: { sensitive: true, value: s3cr3t }
steps:
  - name: Deploy web
    roles: [web-server]
    type: deploy-package
    package: { id: Shop.Web, feed: local }
  - name: Warm cache
    start: with-previous
    type: script
    script: echo "#{ApiKey}"
  - name: Approve
    type: manual
    instructions: Go?
    environments: [Production]
  - name: Hotfix note
    type: email
    to: team@example.com
    channels: [Hotfix]
  - name: Rollback
    type: script
    script: echo undo
    condition: failure
`;

function load(text: string) {
  const v = validateProcess(text, { space: SPACE });
  assert.ok(v.project);
  return { project: v.project, diagnostics: v.diagnostics };
}

describe('buildProcessMap', () => {
  it('has one column per environment of the lifecycle and a cell per step and environment', () => {
    const map = buildProcessMap(load(PROCESS).project, SPACE);
    assert.deepEqual(map.environments, ['Test', 'Production']);
    assert.deepEqual(
      map.steps.map((s) => [s.name, s.cells.map((c) => (c.runs ? c.targets.join('+') : 'skip'))]),
      [
        ['Deploy web', ['TWeb01', 'PWeb01']],
        ['Warm cache', ['server', 'server']],
        ['Approve', ['skip', 'server']],
        ['Hotfix note', ['skip', 'skip']],
        ['Rollback', ['skip', 'skip']],
      ],
    );
    assert.equal(map.steps[2].cells[0].reason, 'runs only in Production');
    assert.equal(map.steps[4].cells[1].reason, 'runs only when an earlier step failed');
  });

  it('groups a step that starts with the previous one with it', () => {
    const map = buildProcessMap(load(PROCESS).project, SPACE);
    assert.deepEqual(
      map.steps.map((s) => s.group),
      [0, 0, 1, 2, 3],
    );
    assert.match(map.steps[1].condition, /starts with the previous step/);
  });

  it('describes each step: icon, kind, where and its condition in words', () => {
    const [deploy, warm, approve, note, rollback] = buildProcessMap(load(PROCESS).project, SPACE).steps;
    assert.deepEqual(
      [deploy.icon, deploy.kind, deploy.where],
      ['package', 'Deploy a package', 'on targets with role web-server'],
    );
    assert.deepEqual([warm.icon, warm.where], ['script', 'on the server']);
    assert.equal(approve.icon, 'manual');
    assert.equal(note.icon, 'email');
    assert.equal(rollback.condition, 'Runs only if an earlier step failed');
  });

  it('follows the channel: its lifecycle picks the columns and channel-only steps run', () => {
    const map = buildProcessMap(load(PROCESS).project, SPACE, { channel: 'Hotfix', release: '1.2.3' });
    assert.deepEqual(map.environments, ['Development', 'Test', 'Production']);
    assert.deepEqual(map.channels, ['Default', 'Hotfix']);
    assert.equal(map.release, '1.2.3');
    assert.deepEqual(
      map.steps[3].cells.map((c) => c.runs),
      [true, true, true],
    );
  });

  it('reports an unknown channel instead of throwing', () => {
    const map = buildProcessMap(load(PROCESS).project, SPACE, { channel: 'Nope' });
    assert.match(map.error ?? '', /Unknown channel 'Nope'/);
    assert.ok(map.steps.every((s) => s.cells.length === 0));
  });

  it('never carries a sensitive value', () => {
    const map = buildProcessMap(load(PROCESS).project, SPACE);
    assert.doesNotMatch(JSON.stringify(map), /s3cr3t/);
  });

  it('puts each problem on the card of its step', () => {
    const { project, diagnostics } = load(PROCESS.replace('type: manual', 'type: manul'));
    assert.ok(diagnostics.length > 0);
    const map = attachProblems(buildProcessMap(project, SPACE), diagnostics);
    const withProblems = map.steps.filter((s) => s.problems.length).map((s) => s.name);
    assert.deepEqual(withProblems, ['Approve']);
  });

  it('without a space, takes the environments the steps name', () => {
    const v = validateProcess(PROCESS);
    assert.deepEqual(mapEnvironments(v.project!, undefined, 'Default'), ['Production']);
    const bare = validateProcess('project: X\nsteps:\n  - name: A\n    type: script\n    script: echo\n');
    assert.deepEqual(buildProcessMap(bare.project!, undefined).environments, ['Any environment']);
  });
});
