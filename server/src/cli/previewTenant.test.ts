import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../../test/support/paths';

const bin = path.join(repoRoot, 'bin', 'stepwise.js');
const file = 'test-fixtures/tenants/web.process.yaml';

function stepwise(args: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stepwise preview --tenant', () => {
  it("previews the tenant's deployment: its values, its name, and its tags against steps' tenant tags", () => {
    const run = (tenant: string) => {
      const r = stepwise(['preview', file, '-e', 'Production', '--tenant', tenant, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    const acme = run('Acme');
    assert.equal(acme.tenant, 'Acme');
    assert.equal(
      acme.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'],
      'echo "Alias=acme Domain=acme.example.com Db=db.acme Key=******** Tenant=Acme"',
    );
    assert.deepEqual(acme.unresolved, []);
    assert.equal(acme.steps[1].runs, true);
    const globex = run('globex');
    assert.equal(
      globex.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'],
      'echo "Alias=globex Domain=example.com Db=db.globex Key=******** Tenant=Globex"',
    );
    assert.deepEqual(
      [globex.steps[1].runs, globex.steps[1].reason],
      [false, 'runs only for tenants tagged Hosting/Dedicated'],
    );
  });

  it('exits 2 for an unknown tenant, listing the known ones, and for a tenant not connected there', () => {
    const unknown = stepwise(['preview', file, '-e', 'Production', '--tenant', 'Initech']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr, "stepwise: Unknown tenant 'Initech'. The space has: Acme, Globex.\n");
    assert.equal(unknown.stdout, '');
    const unconnected = stepwise(['preview', file, '-e', 'Test', '--tenant', 'Globex']);
    assert.equal(unconnected.code, 2);
    assert.match(unconnected.stderr, /^stepwise: Tenant 'Globex' is not connected to project 'Web' in Test/);
  });
});

describe('stepwise validate with tenants', () => {
  it("checks tenants' projects against the process files of the folder it validates", () => {
    assert.equal(stepwise(['validate', 'test-fixtures/tenants']).code, 0);
    const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-tenants-'));
    try {
      cpSync(path.join(repoRoot, 'test-fixtures/tenants'), dir, { recursive: true });
      const process = path.join(dir, 'web.process.yaml');
      writeFileSync(process, readFileSync(process, 'utf8').replace('project: Web', 'project: Webb'));
      const r = stepwise(['validate', '.'], dir);
      assert.match(
        r.stdout,
        /^\.octopus\/space\.yaml:\d+:\d+ warning unknown-project Tenant `Acme` is connected to `Web`, but no process file in the workspace has that `project:`\. Did you mean `Webb`\?$/m,
      );
      // Validated alone, the space file does not know the workspace's projects: nothing is reported.
      assert.equal(stepwise(['validate', '.octopus/space.yaml'], dir).code, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
