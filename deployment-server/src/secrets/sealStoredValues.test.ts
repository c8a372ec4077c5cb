import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase, schemaVersion } from '../db/database';
import { MIGRATIONS } from '../db/migrations';
import { Store } from '../db/store';
import { importWorkspace } from '../import/importWorkspace';
import { getProcess, getVariableSet } from '../resources/documents';
import { ensureDefaultSpace } from '../resources/spaces';
import type { ProjectResource } from '../resources/types';
import { startDeploymentServer } from '../startDeploymentServer';
import { writeTestWorkspace } from '../testing/fixtures';
import { resolveMasterKey } from './masterKey';
import { SecretBox } from './secretBox';

/** What servers before encryption did: store sensitive values as they are. */
class PlainTextBox extends SecretBox {
  constructor() {
    super(Buffer.alloc(32));
  }
  override seal(value: string): string {
    return value;
  }
}

const PLAIN = ['pa55-w0rd-xyz', 'sk-live-abcdef123', 'super-secret-conn', 'pr0perty-in-plain', 'pin-in-plain'];

describe('migrating a database with plain-text sensitive values', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-migrate-secrets-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('encrypts them on the next start (once), leaves no plain text in the files, and they still decrypt', async () => {
    // A data folder as the server before migration 5 left it: a real import, plus a sensitive
    // property and a deployment with a sensitive prompted value, all in plain text.
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const file = path.join(dataDir, 'stepwise.db');
    const old = new Store(
      openDatabase(
        file,
        MIGRATIONS.filter((m) => m.version <= 4),
      ),
      new PlainTextBox(),
    );
    ensureDefaultSpace(old);
    const workspace = writeTestWorkspace(path.join(dir, 'workspace'), { scratch: path.join(dir, 'scratch') });
    // Runbooks have a table only since migration 7: a data folder of schema 4 never held any.
    rmSync(path.join(workspace, 'runbooks.process.yaml'));
    importWorkspace(old, workspace);
    const hello = old.doc<ProjectResource>("SELECT json FROM projects WHERE name = 'Hello World'")!;
    const prompted = old.doc<ProjectResource>("SELECT json FROM projects WHERE name = 'Prompted'")!;
    old.run(
      'UPDATE deployment_processes SET json = json_set(json, \'$.Steps[0].Actions[0].Properties.Custom\', json(\'{"HasValue":true,"NewValue":"pr0perty-in-plain","Hint":null}\')) WHERE id = ?',
      hello.DeploymentProcessId,
    );
    const channel = old.value<string>('SELECT id FROM channels WHERE project_id = ?', prompted.Id)!;
    old.run(
      "INSERT INTO releases (id, seq, space_id, project_id, channel_id, version, json) VALUES ('Releases-1', 1, 'Spaces-1', ?, ?, '1.0.0', ?)",
      prompted.Id,
      channel,
      JSON.stringify({ Id: 'Releases-1', ProjectVariableSetSnapshotId: prompted.VariableSetId }),
    );
    old.run(
      "INSERT INTO deployments (id, seq, space_id, project_id, release_id, environment_id, channel_id, task_id, json) VALUES ('Deployments-1', 1, 'Spaces-1', ?, 'Releases-1', 'Environments-1', ?, 'ServerTasks-1', ?)",
      prompted.Id,
      channel,
      JSON.stringify({
        Id: 'Deployments-1',
        ReleaseId: 'Releases-1',
        FormValues: { ReleaseNote: 'visible note', Pin: 'pin-in-plain' },
      }),
    );
    old.db.close();
    const before = readFileSync(file).toString('latin1');
    assert.ok(
      PLAIN.every((p) => before.includes(p) || readFileSync(`${file}-wal`).toString('latin1').includes(p)),
      'the old database holds them in plain text',
    );

    const server = await startDeploymentServer({ dataDir, port: 0 });
    await server.close();

    for (const name of ['stepwise.db', 'stepwise.db-wal', 'stepwise.db-shm']) {
      let bytes: string;
      try {
        bytes = readFileSync(path.join(dataDir, name)).toString('latin1');
      } catch {
        continue;
      }
      for (const plain of PLAIN) assert.ok(!bytes.includes(plain), `${name} still holds '${plain}'`);
      assert.equal((statSync(path.join(dataDir, name)).mode & 0o777).toString(8), '600', name);
    }

    const secrets = new SecretBox(resolveMasterKey(dataDir).key);
    const store = new Store(openDatabase(file, MIGRATIONS, { secrets }), secrets);
    try {
      assert.equal(schemaVersion(store.db), MIGRATIONS.at(-1)!.version);
      assert.equal(store.value('SELECT COUNT(*) FROM schema_migrations WHERE version = 5'), 1);
      const variables = getVariableSet(store, 'Spaces-1', hello.VariableSetId)!;
      assert.equal(variables.Variables.find((v) => v.Name === 'DbPassword')!.Value, 'pa55-w0rd-xyz');
      assert.equal(
        variables.Variables.find((v) => v.Name === 'Greeting')!.Value,
        'Hello, Development!',
        'other values are left as they are',
      );
      assert.deepEqual(
        getProcess(store, 'Spaces-1', hello.DeploymentProcessId)!.Steps[0].Actions[0].Properties.Custom,
        { HasValue: true, NewValue: 'pr0perty-in-plain', Hint: null },
      );
      const deployment = store.doc<{ FormValues: Record<string, string> }>(
        "SELECT json FROM deployments WHERE id = 'Deployments-1'",
      )!;
      assert.equal(deployment.FormValues.ReleaseNote, 'visible note');
      assert.equal(secrets.open(deployment.FormValues.Pin), 'pin-in-plain');
    } finally {
      store.db.close();
    }
  });

  it('refuses to start with a master key other than the one the values were encrypted with', async () => {
    const dataDir = path.join(dir, 'data');
    const keyFile = path.join(dataDir, 'master-key');
    rmSync(keyFile);
    await assert.rejects(
      startDeploymentServer({ dataDir, port: 0 }),
      /the master key in master-key is not the one this data folder's sensitive values were encrypted with/,
    );
  });
});
