import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixturesDir } from '../../../test/support/paths';
import { readSpace, validateProcess, type Project } from '../index';
import { describeProcessChanges, describeVariableChanges } from './describeChanges';
import { lifecycleResource, nameIds, processResource, slugify, variableSetResource } from './toApiResources';

const checksDir = path.join(fixturesDir, 'checks');
const spaceFile = path.join(checksDir, '.octopus', 'space.yaml');
const space = readSpace(readFileSync(spaceFile, 'utf8'), spaceFile)!;

function load(text: string): Project {
  const { project } = validateProcess(text, { space });
  assert.ok(project, 'the process file loads');
  return project;
}

/** Ids a test can predict: new-1, new-2, … */
function counter(): () => string {
  let n = 0;
  return () => `new-${++n}`;
}

const ids = nameIds({
  environments: [
    { Id: 'Environments-1', Name: 'Development' },
    { Id: 'Environments-2', Name: 'Test' },
    { Id: 'Environments-4', Name: 'Production' },
  ],
  machines: [{ Id: 'Machines-1', Name: 'TWeb01' }],
  channels: [{ Id: 'Channels-7', Name: 'Hotfix' }],
});
const ctx = { id: 'deploymentprocess-Projects-1', spaceId: 'Spaces-1', projectId: 'Projects-1', ids };
const valid = load(readFileSync(path.join(checksDir, 'valid.process.yaml'), 'utf8'));

describe('processResource: a process file as an Octopus DeploymentProcess', () => {
  const process = processResource(valid, { ...ctx, newId: counter() });

  it('keeps every step in order, with Octopus conditions and start triggers', () => {
    assert.deepEqual(
      process.Steps.map((s) => [s.Name, s.Condition, s.StartTrigger]),
      [
        ['Hello world', 'Success', 'StartAfterPrevious'],
        ['Approve production', 'Success', 'StartAfterPrevious'],
        ['Deploy web app', 'Success', 'StartAfterPrevious'],
        ['Tell the team', 'Always', 'StartAfterPrevious'],
        ['Optional cleanup', 'Variable', 'StartAfterPrevious'],
      ],
    );
    assert.equal(process.Id, 'deploymentprocess-Projects-1');
    assert.equal(process.ProjectId, 'Projects-1');
    assert.equal(process.Version, 1);
  });

  it('puts roles on the step and the script on its action', () => {
    const [hello] = process.Steps;
    assert.equal(hello.Properties['Octopus.Action.TargetRoles'], 'web-server');
    assert.equal(hello.Actions.length, 1);
    const action = hello.Actions[0];
    assert.equal(action.Name, 'Hello world');
    assert.equal(action.ActionType, 'Octopus.Script');
    assert.equal(action.Properties['Octopus.Action.Script.Syntax'], 'Bash');
    assert.match(String(action.Properties['Octopus.Action.Script.ScriptBody']), /^echo "#\{Greeting\} from/);
    assert.equal(action.Properties['Octopus.Action.TargetRoles'], undefined);
  });

  it('refers to environments and channels by the ids it is given', () => {
    const approve = process.Steps[1].Actions[0];
    assert.equal(approve.ActionType, 'Octopus.Manual');
    assert.deepEqual(approve.Environments, ['Environments-4']);
    assert.equal(approve.IsRequired, true);
    const smoke = process.Steps[2].Actions[1];
    assert.deepEqual(smoke.ExcludedEnvironments, ['Environments-1']);
    assert.deepEqual(process.Steps[4].Actions[0].Channels, ['Channels-7']);
    assert.equal(
      process.Steps[4].Properties['Octopus.Step.ConditionVariableExpression'],
      '#{if Octopus.Environment.Name == "Test"}true#{/if}',
    );
  });

  it('maps the built-in feed to its id', () => {
    const deploy = process.Steps[2].Actions[0];
    assert.deepEqual(
      deploy.Packages.map((p) => [p.PackageId, p.FeedId]),
      [['Acme.Web', 'feeds-builtin']],
    );
    assert.equal(deploy.Properties['Octopus.Action.Package.FeedId'], 'feeds-builtin');
    assert.equal(deploy.CanBeUsedForProjectVersioning, true);
    // Older OCL files write the built-in feed by its display name.
    const old = processResource(
      load(
        'project: p\nsteps:\n  - name: d\n    type: deploy-package\n    package: { id: A, feed: "Octopus Server (built-in)" }\n',
      ),
      { id: 'p1', spaceId: 'Spaces-1', projectId: 'Projects-1', ids, newId: counter() },
    );
    assert.equal(old.Steps[0].Actions[0].Packages[0].FeedId, 'feeds-builtin');
  });

  it('keeps a name when the server has no id for it', () => {
    const bare = processResource(valid, { ...ctx, ids: nameIds(), newId: counter() });
    assert.deepEqual(bare.Steps[1].Actions[0].Environments, ['Production']);
  });

  it('reuses the ids of an existing process and bumps the version only on change', () => {
    const existing = { ...process, Version: 7 };
    const same = processResource(valid, { ...ctx, newId: () => 'fresh' }, existing);
    assert.equal(same.Version, 7);
    assert.deepEqual(
      same.Steps.map((s) => s.Id),
      process.Steps.map((s) => s.Id),
    );
    const edited = load(
      readFileSync(path.join(checksDir, 'valid.process.yaml'), 'utf8').replace('Check release', 'Look at release'),
    );
    assert.equal(processResource(edited, { ...ctx, newId: () => 'fresh' }, existing).Version, 8);
  });
});

describe('variableSetResource: the file variables as an Octopus VariableSet', () => {
  const process = processResource(valid, { ...ctx, newId: counter() });
  const set = variableSetResource(valid.variables, {
    id: 'variableset-Projects-1',
    spaceId: 'Spaces-1',
    ownerId: 'Projects-1',
    ids,
    process,
    newId: counter(),
  });

  it('has one entry per value, scoped by id', () => {
    const db = set.Variables.filter((v) => v.Name === 'DatabaseUrl');
    assert.deepEqual(
      db.map((v) => [v.Value, v.Scope]),
      [
        ['postgres://test-db/app', { Environment: ['Environments-2'] }],
        ['postgres://prod-db/app', { Environment: ['Environments-4'] }],
      ],
    );
  });

  it('marks sensitive and prompted variables as Octopus does', () => {
    const apiKey = set.Variables.find((v) => v.Name === 'ApiKey')!;
    assert.equal(apiKey.Type, 'Sensitive');
    assert.equal(apiKey.IsSensitive, true);
    const note = set.Variables.find((v) => v.Name === 'ReleaseNote')!;
    assert.deepEqual(note.Prompt, {
      Label: 'Release note',
      Description: '',
      Required: true,
      DisplaySettings: { 'Octopus.ControlType': 'SingleLineText' },
    });
  });

  it('lists the names behind its ids in ScopeValues', () => {
    assert.deepEqual(set.ScopeValues.Roles, [{ Id: 'web-server', Name: 'web-server' }]);
    assert.equal(set.ScopeValues.Actions.length, 6);
    assert.deepEqual(
      set.ScopeValues.Environments.map((e) => e.Name),
      ['Development', 'Test', 'Production'],
    );
  });
});

describe('lifecycleResource', () => {
  it('splits a phase into automatic and optional targets', () => {
    const lifecycle = lifecycleResource(space.lifecycles[0], 'Lifecycles-1', 'Spaces-1', ids, undefined, counter());
    assert.equal(lifecycle.Name, 'Default');
    assert.deepEqual(
      lifecycle.Phases.map((p) => [
        p.Name,
        p.AutomaticDeploymentTargets,
        p.OptionalDeploymentTargets,
        p.MinimumEnvironmentsBeforePromotion,
      ]),
      [
        ['Test', ['Environments-1'], ['Environments-2'], 1],
        ['Production', [], ['Environments-4'], 0],
      ],
    );
  });
});

describe('describeProcessChanges: what pushing the file would change', () => {
  const onServer = processResource(valid, { ...ctx, newId: counter() });

  it('is empty when the server has what the file says, whatever ids and extra properties it has', () => {
    const withExtras = structuredClone(onServer);
    withExtras.Steps[0].Id = 'server-made';
    withExtras.Steps[0].Actions[0].Properties['Octopus.Action.Script.ScriptFileName'] = null;
    withExtras.Steps[0].Actions[0].Properties['Octopus.Action.Script.ScriptBody'] += '\r\n';
    assert.deepEqual(describeProcessChanges(processResource(valid, ctx), withExtras), []);
  });

  it('names steps added, removed and edited', () => {
    const text = readFileSync(path.join(checksDir, 'valid.process.yaml'), 'utf8')
      .replace('echo "#{Greeting} from', 'echo "#{Greeting}, from')
      .replace('  - name: Tell the team', '  - name: Tell everyone')
      .replace('    required: true\n', '    required: false\n');
    const changes = describeProcessChanges(processResource(load(text), ctx), onServer);
    assert.deepEqual(changes, [
      'step `Hello world`: script changed',
      'step `Approve production`: no longer required',
      'step `Tell everyone` added',
      'step `Tell the team` removed',
    ]);
  });

  it('says when there is nothing on the server yet', () => {
    assert.deepEqual(describeProcessChanges(onServer, undefined), [
      'the server has no deployment process for this project',
    ]);
  });
});

describe('describeVariableChanges', () => {
  const process = processResource(valid, { ...ctx, newId: counter() });
  const variables = (project: Project) =>
    variableSetResource(project.variables, {
      id: 'v',
      spaceId: 'Spaces-1',
      ownerId: 'Projects-1',
      ids,
      process,
      newId: counter(),
    });
  const onServer = variables(valid);

  it('ignores sensitive values a server does not return', () => {
    const masked = structuredClone(onServer);
    for (const v of masked.Variables) if (v.IsSensitive) v.Value = null;
    assert.deepEqual(describeVariableChanges(variables(valid), masked), []);
  });

  it('names variables added, changed and removed', () => {
    const text = readFileSync(path.join(checksDir, 'valid.process.yaml'), 'utf8')
      .replace('  Greeting: Hello\n', '  Greeting: Hi\n  Extra: 1\n')
      .replace(/  Servers: .*\n/, '');
    assert.deepEqual(describeVariableChanges(variables(load(text)), onServer), [
      'variable `Greeting` changed',
      'variable `Extra` added',
      'variable `Servers` removed',
    ]);
  });
});

it('slugify makes Octopus slugs', () => {
  assert.equal(slugify('Deploy web app'), 'deploy-web-app');
  assert.equal(slugify('  !!  '), 'item');
});

describe('a project read from OCL', () => {
  it('keeps slugs, worker pool, container, named packages and per-value settings in the Octopus resources', async () => {
    const { loadOclProject } = await import('../ocl/loadOclProject');
    const { sampleProjects } = await import('../ocl/testdata/projects');
    const { project } = loadOclProject(sampleProjects().get('OctopusDeploy__Ocl')!, { name: 'Ocl' });
    const process = processResource(project, { ...ctx, ids: nameIds(), newId: counter() });
    const step = process.Steps[0];
    assert.equal(step.Slug, 'nuget-push');
    const action = step.Actions[0];
    assert.deepEqual(
      [action.Slug, action.WorkerPoolId, action.Container],
      [
        'nuget-push',
        'hosted-ubuntu',
        { FeedId: 'docker-packages-octopushq-com', Image: 'octopusdeploy/tool-containers/tool-nuget-cli' },
      ],
    );
    assert.deepEqual(
      action.Packages.map(({ Id: _id, ...p }) => p),
      [
        {
          Name: 'NuGetPush.Source.Package',
          PackageId: 'Octopus.Ocl',
          FeedId: 'feeds-builtin',
          AcquisitionLocation: 'Server',
          Properties: { Extract: 'False', PackageParameterName: 'NuGetPush.Source.Package', SelectionMode: 'deferred' },
        },
      ],
    );
    // Properties are as the file has them: nothing derived for a package reference.
    assert.equal(action.Properties['Octopus.Action.Package.DownloadOnTentacle'], undefined);
    const variables = variableSetResource(project.variables, {
      id: 'variableset-Projects-1',
      spaceId: 'Spaces-1',
      ownerId: 'Projects-1',
      ids: nameIds(),
      newId: counter(),
    });
    assert.deepEqual(
      variables.Variables.filter((v) => v.Name === 'FeedApiKey').map((v) => v.Description),
      [null, ''],
    );
  });
});
