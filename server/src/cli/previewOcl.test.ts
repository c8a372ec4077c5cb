// `stepwise preview` on a project whose process is in OCL: the real OctopusBuilds sample's
// `.octopus` folder (deployment_process.ocl + variables.ocl), given as the folder, one of its
// files, or the repository holding it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { SAMPLES_DIR } from '@stepwise/core/ocl/testdata/projects';
import { repoRoot } from '../../../test/support/paths';

const bin = path.join(repoRoot, 'bin', 'stepwise.js');
const SAMPLE = 'OctopusSamples__OctopusBuilds__.octopus__';

function stepwise(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const root = mkdtempSync(path.join(tmpdir(), 'stepwise-preview-ocl-'));
function project(name: string, edit: (text: string) => string = (t) => t): string {
  const folder = path.join(root, name, '.octopus');
  mkdirSync(folder, { recursive: true });
  copyFileSync(path.join(SAMPLES_DIR, SAMPLE + 'variables.ocl'), path.join(folder, 'variables.ocl'));
  writeFileSync(
    path.join(folder, 'deployment_process.ocl'),
    edit(readFileSync(path.join(SAMPLES_DIR, SAMPLE + 'deployment_process.ocl'), 'utf8')),
  );
  writeFileSync(
    path.join(folder, 'space.yaml'),
    'environments: [Test, Production]\nlifecycles:\n  - name: Default\n    phases:\n      - environments: [Test, Production]\n',
  );
  return folder;
}
project('builds');
after(() => rmSync(root, { recursive: true, force: true }));

describe('stepwise preview on OCL', () => {
  it('previews the project of a `.octopus` folder: every step, unresolved templates with their file', () => {
    const r = stepwise(['preview', 'builds/.octopus', '-e', 'Test', '--format', 'json'], root);
    assert.equal(r.code, 0, r.stderr);
    const preview = JSON.parse(r.stdout);
    assert.equal(preview.project, 'builds');
    assert.equal(preview.environment, 'Test');
    assert.equal(preview.steps.length, 11);
    assert.equal(preview.steps[0].name, 'Calculate Deployment Mode');
    assert.equal(preview.steps[0].runs, true);
    // The output variable its condition uses is only known at deployment time.
    const condition = preview.unresolved.find((u: { path: string }) =>
      u.path.startsWith('steps[Run Create Trident Database Runbook].condition'),
    );
    assert.deepEqual(condition, {
      template: '#{Project.Database.RunOnDeploy}',
      range: { start: { line: 22, character: 88 }, end: { line: 22, character: 116 } },
      file: 'deployment_process.ocl',
      path: 'steps[Run Create Trident Database Runbook].condition',
    });
  });

  it('takes one of the project’s .ocl files, or the repository folder, for the same preview', () => {
    const byFolder = stepwise(['preview', 'builds/.octopus', '-e', 'Production'], root);
    assert.equal(byFolder.code, 0, byFolder.stderr);
    assert.match(byFolder.stdout, /^project: builds\nenvironment: Production\n/);
    for (const given of ['builds/.octopus/variables.ocl', 'builds']) {
      const r = stepwise(['preview', given, '-e', 'Production'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, byFolder.stdout, given);
    }
  });

  it('checks the environment against the space file (exit 2)', () => {
    const r = stepwise(['preview', 'builds/.octopus', '-e', 'Staging'], root);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "stepwise: Unknown environment 'Staging'. The space has: Test, Production.\n");
  });

  it('stops at OCL syntax errors (exit 1), naming the file and position', () => {
    project('broken', (text) => text.replace('    name = "Verify application"', '    name = "Verify application'));
    const r = stepwise(['preview', 'broken/.octopus', '-e', 'Test'], root);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^broken\/\.octopus\/deployment_process\.ocl:232:\d+ error ocl-syntax /m);
    assert.match(r.stderr, /cannot be previewed until its OCL syntax errors are fixed\n$/);
  });

  it('a folder without an OCL project is a usage error (exit 2)', () => {
    mkdirSync(path.join(root, 'empty'), { recursive: true });
    const r = stepwise(['preview', 'empty', '-e', 'Test'], root);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "stepwise: 'empty' holds no deployment_process.ocl to preview.\n");
  });
});
