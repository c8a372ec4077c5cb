import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { validateProcess, validateSpace } from '@stepwise/core';
import { repoRoot } from '../../../test/support/paths';

const bin = path.join(repoRoot, 'bin', 'stepwise.js');
const exportFile = path.join(repoRoot, 'server', 'src', 'cli', 'testdata', 'step-templates', 'Wait-until-time.json');

function stepwise(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const root = mkdtempSync(path.join(tmpdir(), 'stepwise-template-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('stepwise template import / export', () => {
  const dir = path.join(root, 'repo');
  const spaceFile = path.join(dir, '.octopus', 'space.yaml');
  mkdirSync(path.dirname(spaceFile), { recursive: true });
  writeFileSync(spaceFile, '# the team space\nenvironments: [Test, Production]\n');
  copyFileSync(exportFile, path.join(dir, 'wait.json'));

  it('imports a community library export into the nearest space file, keeping its comments', () => {
    const r = stepwise(['template', 'import', 'wait.json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      "Added step template 'Wait until time' (c8781255-615a-4092-99f1-82ddefdb6d6b) version 25 with 1 parameter in .octopus/space.yaml\n",
    );
    const text = readFileSync(spaceFile, 'utf8');
    assert.match(text, /^# the team space\n/);
    const result = validateSpace(text, spaceFile);
    assert.deepEqual(result.diagnostics, []);
    const [template] = result.space!.stepTemplates!;
    assert.equal(template.name, 'Wait until time');
    assert.equal(template.version, 25);
    assert.equal(template.actionType, 'Octopus.Script');
    assert.equal(template.properties.get('Octopus.Action.Script.Syntax'), 'PowerShell');
    assert.match(template.properties.get('Octopus.Action.Script.ScriptBody')!, /Start-Sleep 1/);
    assert.deepEqual(
      template.parameters.map((p) => [p.name, p.label, p.controlType, p.default]),
      [['DefaultTargetTime', 'Time to deploy', 'SingleLineText', undefined]],
    );
    assert.match(template.parameters[0].help!, /next 24 hours/);
    // A process using it by name, at its version, with its parameter, is clean.
    const process =
      'project: P\nsteps:\n  - name: Wait\n    type: script\n    properties:\n      Octopus.Action.Template.Id: Wait until time\n      Octopus.Action.Template.Version: "25"\n      DefaultTargetTime: "03:00"\n';
    assert.deepEqual(validateProcess(process, { space: result.space }).diagnostics, []);
  });

  it('imports the same template again as a replacement, not a second entry', () => {
    const r = stepwise(['template', 'import', 'wait.json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Replaced step template 'Wait until time'/);
    assert.equal(validateSpace(readFileSync(spaceFile, 'utf8'), spaceFile).space!.stepTemplates!.length, 1);
  });

  it('exports it again in the same format (name, type, version, properties, parameters)', () => {
    const r = stepwise(['template', 'export', 'Wait until time'], dir);
    assert.equal(r.code, 0, r.stderr);
    const exported = JSON.parse(r.stdout);
    const original = JSON.parse(readFileSync(exportFile, 'utf8'));
    for (const key of ['Id', 'Name', 'Description', 'ActionType', 'Version', 'Properties'])
      assert.deepEqual(exported[key], original[key], key);
    assert.deepEqual(
      exported.Parameters.map((p: Record<string, unknown>) => [p.Name, p.Label, p.HelpText, p.DisplaySettings]),
      original.Parameters.map((p: Record<string, unknown>) => [p.Name, p.Label, p.HelpText, p.DisplaySettings]),
    );
  });

  it('refuses what is not an export, an unknown template and a missing space file, with exit 2', () => {
    writeFileSync(path.join(dir, 'bad.json'), '{"Name": "x"}');
    const bad = stepwise(['template', 'import', 'bad.json'], dir);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'stepwise: bad.json: not an Octopus step template export: it has no ActionType\n');
    const unknown = stepwise(['template', 'export', 'Nope'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /has no step template 'Nope' \(it has: Wait until time\)/);
    const nowhere = stepwise(['template', 'import', exportFile], root);
    assert.equal(nowhere.code, 2);
    assert.match(nowhere.stderr, /no \.octopus\/space\.yaml here or above/);
    assert.equal(stepwise(['template', 'frobnicate', 'x'], dir).code, 2);
  });
});
