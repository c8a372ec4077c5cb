import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixturesDir } from '../../../test/support/paths';
import { mergeSpaceYaml } from '../model/mergeSpaceYaml';
import { projectToYaml } from '../model/projectToYaml';
import { readSpace, validateProcess, type Project } from '../index';
import type { LifecycleResource } from './apiResources';
import { lifecycleFromApi, projectFromApiResources, targetFromApi } from './fromApiResources';
import { nameIds, processResource, variableSetResource } from './toApiResources';

const pullDir = path.join(fixturesDir, 'pull');
const spaceFile = path.join(pullDir, '.octopus', 'space.yaml');
const space = readSpace(readFileSync(spaceFile, 'utf8'), spaceFile)!;

function load(text: string): Project {
  const { project, diagnostics } = validateProcess(text, { space });
  assert.ok(project, 'the process file loads');
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line + 1}: ${d.message}`),
    [],
  );
  return project;
}

function counter(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

const environments = ['Development', 'Test', 'Staging', 'Production'].map((Name, i) => ({
  Id: `Environments-${i + 1}`,
  Name,
}));
const machines = ['ShopWeb01', 'ShopWeb02', 'ShopDb01'].map((Name, i) => ({ Id: `Machines-${i + 1}`, Name }));
const ids = nameIds({ environments, machines, channels: [] });
const ctx = { id: 'deploymentprocess-Projects-1', spaceId: 'Spaces-1', projectId: 'Projects-1', ids };

describe('projectFromApiResources: the inverse of processResource and variableSetResource', () => {
  // The server's copy, as an import of the fixture makes it.
  const original = load(readFileSync(path.join(pullDir, 'shop.process.yaml'), 'utf8'));
  const process = processResource(original, { ...ctx, newId: counter('id') });
  const variables = variableSetResource(original.variables, {
    id: 'variableset-Projects-1',
    spaceId: 'Spaces-1',
    ownerId: 'Projects-1',
    ids,
    process,
    newId: counter('var'),
  });

  it('gives back the same DeploymentProcess and VariableSet through the YAML text', () => {
    const { project, notes } = projectFromApiResources({
      name: 'Shop',
      process,
      variables,
      names: { environments, machines },
    });
    assert.deepEqual(notes, []);
    const yaml = projectToYaml(project);
    assert.doesNotMatch(yaml, /Environments-\d|Machines-\d|id-\d/, 'names, not ids');
    const reloaded = load(yaml);
    const again = processResource(reloaded, { ...ctx, newId: () => 'fresh' }, process);
    assert.deepEqual(again, process, 'same steps, actions, package references (and their ids), properties');
    const variablesAgain = variableSetResource(
      reloaded.variables,
      {
        id: 'variableset-Projects-1',
        spaceId: 'Spaces-1',
        ownerId: 'Projects-1',
        ids,
        process: again,
        newId: () => 'fresh',
      },
      variables,
    );
    const secret = (set: typeof variables) => set.Variables.map((v) => (v.IsSensitive ? { ...v, Value: null } : v));
    assert.deepEqual(secret(variablesAgain), secret(variables));
  });

  it('writes a sensitive variable as `sensitive: true` without its value, and pushing it back sends Value null (the server keeps its value)', () => {
    const { project } = projectFromApiResources({
      name: 'Shop',
      process,
      variables,
      names: { environments, machines },
    });
    const yaml = projectToYaml(project);
    assert.ok(variables.Variables.some((v) => v.Value === 's3cret-never-written'));
    assert.doesNotMatch(yaml, /s3cret/);
    assert.match(yaml, /DbPassword:\n {4}sensitive: true\n {2}\w/);
    const pushed = variableSetResource(load(yaml).variables, {
      id: 'v',
      spaceId: 'Spaces-1',
      ownerId: 'Projects-1',
      ids,
      newId: () => 'x',
    });
    assert.deepEqual(
      pushed.Variables.filter((v) => v.IsSensitive).map((v) => [v.Name, v.Value]),
      [['DbPassword', null]],
    );
  });

  it('turns ids it does not know into themselves and says what it could not carry', () => {
    const p = structuredClone(process);
    p.Steps[0].Actions[0].Environments = ['Environments-99'];
    p.Steps[0].Actions[0].Properties['Octopus.Action.Secret'] = { HasValue: true };
    const { project, notes } = projectFromApiResources({ name: 'Shop', process: p, names: { environments } });
    assert.deepEqual(
      project.process.steps[0].actions[0].environments.map((e) => e.name),
      ['Environments-99'],
    );
    assert.deepEqual(notes, [
      "action 'Migrate database': Octopus.Action.Secret is sensitive; its value stays on the server. The file has the placeholder #{Octopus.Action.Secret}, which keeps the stored value when the file is pushed back.",
    ]);
    const action = project.process.steps[0].actions[0];
    assert.equal(action.properties.get('Octopus.Action.Secret')?.value, '#{Octopus.Action.Secret}');
    // Pushed back to the server it came from, the placeholder keeps the stored secret…
    const back = processResource(project, ctx, p);
    assert.deepEqual(back.Steps[0].Actions[0].Properties['Octopus.Action.Secret'], { HasValue: true });
    // …and where the server has no secret there, it is plain text, never a made-up secret.
    const fresh = processResource(project, ctx);
    assert.equal(fresh.Steps[0].Actions[0].Properties['Octopus.Action.Secret'], '#{Octopus.Action.Secret}');
  });

  it("keeps a channel's version rules", () => {
    const { project } = projectFromApiResources({
      name: 'Shop',
      process,
      names: { environments },
      channels: [
        { Name: 'Default', IsDefault: true },
        {
          Name: 'Stable',
          Rules: [
            {
              VersionRange: '[1.0,2.0)',
              Tag: '^$',
              ActionPackages: [{ DeploymentAction: 'Deploy web', PackageReference: '' }],
            },
            { VersionRange: '', Tag: 'beta', ActionPackages: [{ DeploymentAction: 'Deploy web' }] },
          ],
        },
      ],
    });
    assert.deepEqual(project.channels[1].rules, [
      { tag: '^$', versionRange: '[1.0,2.0)', packages: [{ step: 'Deploy web', package: '' }] },
      { tag: 'beta', versionRange: undefined, packages: [{ step: 'Deploy web', package: '' }] },
    ]);
  });
});

describe('mergeSpaceYaml', () => {
  const lifecycle: LifecycleResource = {
    Id: 'Lifecycles-1',
    SpaceId: 'Spaces-1',
    Name: 'Default',
    Slug: 'default',
    Description: '',
    Phases: [
      {
        Id: 'p1',
        Name: 'Dev',
        AutomaticDeploymentTargets: ['Environments-1'],
        OptionalDeploymentTargets: [],
        MinimumEnvironmentsBeforePromotion: 0,
        IsOptionalPhase: false,
        IsPriorityPhase: false,
        ReleaseRetentionPolicy: null,
        TentacleRetentionPolicy: null,
      },
      {
        Id: 'p2',
        Name: 'Prod',
        AutomaticDeploymentTargets: [],
        OptionalDeploymentTargets: ['Environments-4'],
        MinimumEnvironmentsBeforePromotion: 0,
        IsOptionalPhase: true,
        IsPriorityPhase: false,
        ReleaseRetentionPolicy: null,
        TentacleRetentionPolicy: null,
      },
    ],
    ReleaseRetentionPolicy: { Unit: 'Days', QuantityToKeep: 30, ShouldKeepForever: false },
    TentacleRetentionPolicy: { Unit: 'Days', QuantityToKeep: 30, ShouldKeepForever: false },
  };
  const additions = {
    environments: ['Development', 'Production'],
    lifecycles: [lifecycleFromApi(lifecycle, environments)],
    targets: [targetFromApi({ Name: 'ShopWeb01', EnvironmentIds: ['Environments-1'], Roles: ['web'] }, environments)],
    variableSets: [],
  };

  it('writes a new space file that reads back as the space', () => {
    const { text, added } = mergeSpaceYaml(undefined, additions);
    assert.deepEqual(added, {
      environments: ['Development', 'Production'],
      lifecycles: ['Default'],
      targets: ['ShopWeb01'],
      'variable-sets': [],
    });
    const read = readSpace(text, 'space.yaml')!;
    assert.deepEqual(
      read.lifecycles[0].phases.map((p) => [
        p.name,
        p.automatic.map((e) => e.name),
        p.environments.map((e) => e.name),
        p.optional,
      ]),
      [
        ['Dev', ['Development'], [], false],
        ['Prod', [], ['Production'], true],
      ],
    );
    assert.deepEqual(
      read.targets.map((t) => [t.name, t.environments.map((e) => e.name), t.roles.map((r) => r.name)]),
      [['ShopWeb01', ['Development'], ['web']]],
    );
  });

  it('keeps every entry, comment and layout of an existing file; a name it has (any case) is not added again', () => {
    const existing = '# mine\nenvironments: [development, QA] # flow\ntargets:\n  - name: shopweb01\n    roles: [db]\n';
    const { text, added } = mergeSpaceYaml(existing, additions);
    assert.equal(
      text,
      '# mine\nenvironments: [development, QA, Production] # flow\ntargets:\n  - name: shopweb01\n    roles: [db]\nlifecycles:\n  - name: Default\n    phases:\n      - name: Dev\n        automatic:\n          - Development\n      - name: Prod\n        environments:\n          - Production\n        optional: true\n',
    );
    assert.deepEqual(added.targets, []);
  });

  it('refuses a space file it cannot read rather than overwrite it', () => {
    assert.throws(() => mergeSpaceYaml('environments: [a\n', additions), /not valid YAML/);
    assert.throws(() => mergeSpaceYaml('- a\n', additions), /not a mapping/);
    assert.throws(() => mergeSpaceYaml('targets: web\n', additions), /'targets' in the space file is not a list/);
  });
});
