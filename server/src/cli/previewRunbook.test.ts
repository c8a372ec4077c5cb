// `stepwise preview` on a runbook's own OCL file (`.octopus/runbooks/<slug>.ocl`): the fixture
// test-fixtures/ocl-runbooks, whose runbook "Restart web" may run in Test and Production.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixturesDir, repoRoot } from '../../../test/support/paths';
import { runbookSlugOfFile } from './previewCommand';

const bin = path.join(repoRoot, 'bin', 'stepwise.js');
const cwd = path.join(fixturesDir, 'ocl-runbooks');

function stepwise(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stepwise preview on a runbook file', () => {
  it('previews the runbook of the file given: its steps, with Octopus.Runbook.Name', () => {
    const r = stepwise(['preview', '.octopus/runbooks/restart-web.ocl', '-e', 'Production', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const preview = JSON.parse(r.stdout);
    assert.equal(preview.runbook, 'Restart web');
    assert.deepEqual(
      preview.steps.map((s: { name: string }) => s.name),
      ['Restart'],
    );
    assert.deepEqual(preview.steps[0].actions[0].targets, ['ProdWeb01']);
    assert.equal(
      preview.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'],
      'echo restarting ProdWeb01 by Restart web',
    );
  });

  it('refuses an environment outside the runbook’s scope, and the project’s other files preview the deployment', () => {
    const outside = stepwise(['preview', '.octopus/runbooks/restart-web.ocl', '-e', 'Development']);
    assert.equal(outside.code, 2, outside.stdout);
    assert.match(
      outside.stderr,
      /Runbook 'Restart web' may run only in test, production \(its environment scope\), not in Development/,
    );
    const process = stepwise(['preview', '.octopus/deployment_process.ocl', '-e', 'Production', '--format', 'json']);
    assert.equal(process.code, 0, process.stderr);
    assert.equal(JSON.parse(process.stdout).runbook, undefined);
    assert.equal(JSON.parse(process.stdout).steps[0].name, 'Deploy');
  });

  it('knows a runbook file by its folder', () => {
    assert.equal(runbookSlugOfFile('/repo/.octopus/runbooks/restart-web.ocl'), 'restart-web');
    assert.equal(runbookSlugOfFile('C:\\repo\\.octopus\\runbooks\\restart-web.ocl'), 'restart-web');
    assert.equal(runbookSlugOfFile('/repo/.octopus/deployment_process.ocl'), undefined);
    assert.equal(runbookSlugOfFile('/repo/runbooks/notes.txt'), undefined);
  });
});
