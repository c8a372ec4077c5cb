import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editorWorkspace, positionOf, processDocument, spaceDocument } from '../../../test/support/serviceDocuments';
import { getCompletions } from './completion';
import { getHover } from './hover';
import { valuesByEnvironment, valuesByEnvironmentSummary } from './valuesByEnvironment';

const space = spaceDocument(`environments: [Test, Production]
targets:
  - { name: TWeb01, environments: [Test], roles: [web] }
  - { name: PWeb01, environments: [Production], roles: [web] }
  - { name: PWeb02, environments: [Production], roles: [web, canary] }
variable-sets:
  - name: Common
    variables:
      Colour: [{ value: set-default }]
`);

const text = `project: x
variable-sets: [Common]
variables:
  Colour:
    - value: blue
      environment: Production
  Url:
    - value: http://test
      environment: Test
    - value: http://prod
      environment: Production
    - value: http://canary
      role: canary
    - value: http://deploy-step
      step: Deploy
      environment: Test
steps:
  - name: Deploy
    roles: [web]
    type: script
    script: "#{Url} #{Colour}"
  - name: Other
    roles: [web]
    type: script
    script: "#{Url}"
`;
const document = processDocument(text, { space });

describe('values by environment', () => {
  it('the step a template is in counts (a `step:` scope wins over an environment)', () => {
    const url = document.project.variables.find((v) => v.name === 'Url')!;
    const inDeploy = valuesByEnvironment([url], document, ['steps', 0, 'script']);
    const inOther = valuesByEnvironment([url], document, ['steps', 1, 'script']);
    assert.equal(inDeploy![0].winners[0].value?.value, 'http://deploy-step');
    assert.equal(inOther![0].winners[0].value?.value, 'http://test');
  });

  it('per target when a value is scoped by role', () => {
    const url = document.project.variables.find((v) => v.name === 'Url')!;
    const production = valuesByEnvironment([url], document, ['steps', 1, 'script'])![1];
    assert.deepEqual(
      production.winners.map((w) => `${w.target}: ${w.value?.value}`),
      ['PWeb01: http://prod', 'PWeb02: http://canary'],
    );
    assert.equal(
      valuesByEnvironmentSummary(valuesByEnvironment([url], document, ['steps', 1, 'script'])),
      'Test: http://test · Production: per target',
    );
  });

  it('a project variable wins over the set’s variable of the same name where it applies', () => {
    const colours = [
      ...document.project.variables.filter((v) => v.name === 'Colour'),
      ...space.space.variableSets[0].variables,
    ];
    const values = valuesByEnvironment(colours, document, [])!;
    assert.deepEqual(
      values.map((v) => v.winners[0].value?.value),
      ['set-default', 'blue'],
    );
  });

  it('shows in hovers and completion details', () => {
    const hover = getHover(document, positionOf(text, '#{Url}', 3))!.contents.value;
    assert.match(hover, /\*\*In each environment\*\* \(in Deploy\):/);
    assert.match(hover, /\| Test \| `http:\/\/deploy-step` \| `step Deploy; environment Test` \|/);
    assert.match(hover, /\| Production · PWeb02 \| `http:\/\/canary` \| `role canary` \|/);
    const items = getCompletions(document, positionOf(text, '#{Url}', 2)).items;
    assert.equal(items.find((i) => i.label === 'Colour')!.detail, 'Test: set-default · Production: blue');
  });

  it('says nothing extra for a single unscoped value, and masks sensitive ones', () => {
    const { app } = editorWorkspace();
    const hover = getHover(app, positionOf(app.parsed.text, 'ApiKey:', 1))!.contents.value;
    assert.doesNotMatch(hover, /In each environment/);
    const sensitive = processDocument(
      'project: x\nvariables:\n  Key:\n    sensitive: true\n    values:\n      - { value: a1, environment: Test }\n      - { value: b2, environment: Production }\nsteps:\n  - name: s\n    type: script\n    script: "#{Key}"\n',
      { space },
    );
    const value = getHover(sensitive, positionOf(sensitive.parsed.text, '#{Key}', 3))!.contents.value;
    assert.doesNotMatch(value, /a1|b2/);
    assert.match(value, /\| Test \| `\*{8}` \|/);
  });
});
