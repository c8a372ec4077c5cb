import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixturesDir } from '../../../test/support/paths';
import { previewProcess } from '../preview/index';
import { validateProcess, validateSpace } from '../validate';

// Hand translations of real OCL projects (test-fixtures/translations/README.md).
const dir = path.join(fixturesDir, 'translations');
const spaceFile = path.join(dir, '.octopus', 'space.yaml');
const space = validateSpace(readFileSync(spaceFile, 'utf8'), spaceFile);
const load = (name: string) => validateProcess(readFileSync(path.join(dir, name), 'utf8'), { space: space.space });

describe('hand translations of real OCL projects', () => {
  it('the space file is valid', () => assert.deepEqual(space.diagnostics, []));

  for (const name of ['octostache.process.yaml', 'cac-step-template.process.yaml', 'bootcamp-palermo.process.yaml']) {
    it(`${name} gives no finding at all`, () => assert.deepEqual(load(name).diagnostics, []));
  }

  it('the preview expands their step templates and says what the local server cannot run', () => {
    const octostache = previewProcess(load('octostache.process.yaml').project!, space.space, {
      environment: 'Components - External',
    });
    const push = octostache.steps[1].actions[0];
    assert.equal(push.type, 'Octopus.Script');
    assert.match(
      push.properties['Octopus.Action.Script.ScriptBody'],
      /--source "https:\/\/www\.nuget\.org\/api\/v2\/package" --api-key "\*{8}"/,
    );
    // The package the template pushes is on the built-in feed: the local server acquires it, so it can run the push.
    assert.equal(push.runnable, undefined);
    // Where the package file lands is known only when the deployment runs.
    assert.deepEqual(
      octostache.unresolved.map((u) => u.template),
      ['#{Octopus.Action.Package[NuGetPush.Source.Package].PackageFilePath}'],
    );

    const cac = previewProcess(load('cac-step-template.process.yaml').project!, space.space, {
      environment: 'Development',
    });
    const say = cac.steps[1].actions[0];
    assert.deepEqual(
      [say.type, say.targets, say.properties['Octopus.Action.Script.ScriptBody'], say.runnable],
      ['Octopus.Script', ['Web01'], 'Write-Host "hello"', undefined],
    );

    // Worker pools, a typed account variable, an execution container on an external feed, a script from a package.
    const palermo = previewProcess(load('bootcamp-palermo.process.yaml').project!, space.space, {
      environment: 'Development',
    });
    assert.deepEqual(
      palermo.steps.map((s) => [s.name, s.runs, s.actions[0].runnable ?? true]),
      [
        ['Open SQL Server firewall for migrations', false, false],
        ['Run database migrations', true, false],
        ['Provision Development K8s Cluster in AKS', true, false],
      ],
    );
    assert.match(palermo.steps[1].actions[0].notRunnableReason!, /ScriptSource Package/);
  });
});
