import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../db/database';
import { MIGRATIONS } from '../db/migrations';
import { Store } from '../db/store';
import { getProcess, getVariableSet } from '../resources/documents';
import { ensureDefaultSpace } from '../resources/spaces';
import { SecretBox } from '../secrets/secretBox';
import type { ProjectResource, RunbookResource } from '../resources/types';
import { getRunbookSnapshot } from '../runbooks/runbooks';
import { writeTestWorkspace } from '../testing/fixtures';
import { importWorkspace } from './importWorkspace';

describe('importWorkspace', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-import-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const open = (name: string) => {
    const secrets = new SecretBox(randomBytes(32));
    const store = new Store(openDatabase(path.join(dir, `${name}.db`), MIGRATIONS, { secrets }), secrets);
    ensureDefaultSpace(store);
    return store;
  };
  const project = (store: Store, name: string) =>
    store.doc<ProjectResource>('SELECT json FROM projects WHERE name = ?', name)!;

  it('imports the space and every process file, and importing again keeps every id', () => {
    const workspace = writeTestWorkspace(path.join(dir, 'ws'), { scratch: path.join(dir, 'scratch') });
    const store = open('a');
    const first = importWorkspace(store, workspace);
    assert.deepEqual(first.skipped, []);
    assert.deepEqual(
      first.spaces.map((s) => [s.id, s.name]),
      [['Spaces-1', 'Default']],
    );
    assert.equal(first.projects.length, 13);
    const hello = project(store, 'Hello World');
    const process = getProcess(store, 'Spaces-1', hello.DeploymentProcessId)!;
    assert.equal(process.Steps[0].Properties['Octopus.Action.TargetRoles'], 'web');
    assert.equal(process.Steps[1].Actions[0].Properties['Octopus.Action.Script.Syntax'], 'Python');
    assert.deepEqual(hello.IncludedLibraryVariableSetIds, ['LibraryVariableSets-1']);

    const again = importWorkspace(store, workspace);
    assert.deepEqual(
      again.projects.map((p) => p.id),
      first.projects.map((p) => p.id),
    );
    const reimported = getProcess(store, 'Spaces-1', hello.DeploymentProcessId)!;
    assert.deepEqual(reimported, process, 'an unchanged file changes nothing, not even the version');

    // An edited file: a new process version; the unchanged step keeps its id.
    const file = path.join(workspace, 'hello.process.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('print("answer: "', 'print("the answer: "'));
    importWorkspace(store, workspace);
    const edited = getProcess(store, 'Spaces-1', hello.DeploymentProcessId)!;
    assert.equal(edited.Version, process.Version + 1);
    assert.equal(edited.Steps[0].Id, process.Steps[0].Id);
    assert.equal(edited.Steps[1].Actions[0].Id, process.Steps[1].Actions[0].Id);
  });

  it('publishes each imported runbook (a snapshot with a frozen process), and again only when its steps change', () => {
    const workspace = writeTestWorkspace(path.join(dir, 'ws-runbooks'), { scratch: path.join(dir, 'scratch') });
    const store = open('runbooks');
    importWorkspace(store, workspace);
    const runbook = () => store.doc<RunbookResource>('SELECT json FROM runbooks WHERE name = ?', 'Restart service')!;
    const first = runbook();
    assert.ok(first.PublishedRunbookSnapshotId, 'an imported runbook is published');
    const snapshot = getRunbookSnapshot(store, first.PublishedRunbookSnapshotId)!;
    assert.equal(snapshot.RunbookId, first.Id);
    assert.notEqual(snapshot.FrozenRunbookProcessId, first.RunbookProcessId, 'the snapshot has its own copy');
    const frozen = () => getProcess(store, 'Spaces-1', snapshot.FrozenRunbookProcessId)!;
    assert.match(frozen().Steps[0].Actions[0].Properties['Octopus.Action.Script.ScriptBody'] as string, /restarting/);

    importWorkspace(store, workspace);
    assert.equal(runbook().PublishedRunbookSnapshotId, first.PublishedRunbookSnapshotId, 'unchanged: no new snapshot');

    const file = path.join(workspace, 'runbooks.process.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('echo "restarting', 'echo "rebooting'));
    importWorkspace(store, workspace);
    const republished = runbook().PublishedRunbookSnapshotId!;
    assert.notEqual(republished, first.PublishedRunbookSnapshotId, 'changed steps: a new snapshot is published');
    const script = (id: string) =>
      getProcess(store, 'Spaces-1', getRunbookSnapshot(store, id)!.FrozenRunbookProcessId)!.Steps[0].Actions[0]
        .Properties['Octopus.Action.Script.ScriptBody'] as string;
    assert.match(script(republished), /rebooting/);
    assert.match(script(first.PublishedRunbookSnapshotId), /restarting/, 'the old snapshot keeps its process');
  });

  it('scopes variables by id (a step scope becomes the step’s actions) and skips files with errors, saying why', () => {
    const ws = path.join(dir, 'ws2');
    mkdirSync(path.join(ws, '.octopus'), { recursive: true });
    writeFileSync(path.join(ws, '.octopus/space.yaml'), 'name: Operations\nenvironments: [Dev, Prod]\n');
    writeFileSync(
      path.join(ws, 'a.process.yaml'),
      'project: A\nvariables:\n  Url:\n    - { value: dev, environment: Dev }\n    - { value: special, step: Deploy }\nsteps:\n  - name: Deploy\n    type: script\n    script: echo hi\n',
    );
    writeFileSync(
      path.join(ws, 'b.process.yaml'),
      'project: B\nsteps:\n  - name: X\n    type: script\n    environments: [Moon]\n    script: echo\n',
    );
    writeFileSync(path.join(ws, 'c.process.yaml'), 'project: A\nsteps: []\n');
    const store = open('b');
    const report = importWorkspace(store, ws);
    assert.deepEqual(
      report.spaces.map((s) => [s.id, s.name]),
      [['Spaces-2', 'Operations']],
    );
    assert.deepEqual(
      report.projects.map((p) => p.name),
      ['A'],
    );
    assert.deepEqual(
      report.skipped.map((s) => s.file),
      ['b.process.yaml', 'c.process.yaml'],
    );
    assert.match(report.skipped[0].reason, /^1 error \(line 5: .*Moon.*\); run 'stepwise validate' for all of them$/);
    assert.equal(report.skipped[1].reason, "project 'A' is already defined by a.process.yaml");
    const a = store.doc<ProjectResource>("SELECT json FROM projects WHERE name = 'A'")!;
    const variables = getVariableSet(store, 'Spaces-2', a.VariableSetId)!;
    const process = getProcess(store, 'Spaces-2', a.DeploymentProcessId)!;
    const dev = store.value<string>("SELECT id FROM environments WHERE name = 'Dev'");
    assert.deepEqual(
      variables.Variables.map((v) => [v.Value, v.Scope]),
      [
        ['dev', { Environment: [dev] }],
        ['special', { Action: [process.Steps[0].Actions[0].Id] }],
      ],
    );
    assert.deepEqual(variables.ScopeValues.Actions, [{ Id: process.Steps[0].Actions[0].Id, Name: 'Deploy' }]);
    // No lifecycle in the space file: Octopus's default one, with no phases.
    assert.equal(store.value("SELECT name FROM lifecycles WHERE space_id = 'Spaces-2'"), 'Default Lifecycle');
  });

  it('imports each OCL project folder (.octopus, .octopus/<project>) as a project named after it, and skips one with errors', () => {
    const ws = path.join(dir, 'ocl-ws');
    const octopus = path.join(ws, 'shop', '.octopus');
    mkdirSync(path.join(octopus, 'backend'), { recursive: true });
    mkdirSync(path.join(octopus, 'broken'), { recursive: true });
    writeFileSync(path.join(octopus, 'space.yaml'), 'name: Shop space\nenvironments: [Test, Production]\n');
    const script = (slug: string, name: string) =>
      `step "${slug}" {\n    name = "${name}"\n\n    action {\n        action_type = "Octopus.Script"\n        properties = {\n            Octopus.Action.RunOnServer = "true"\n            Octopus.Action.Script.ScriptBody = "echo hi"\n            Octopus.Action.Script.ScriptSource = "Inline"\n            Octopus.Action.Script.Syntax = "Bash"\n        }\n    }\n}\n`;
    writeFileSync(path.join(octopus, 'deployment_process.ocl'), script('say-hello', 'Say hello'));
    writeFileSync(
      path.join(octopus, 'variables.ocl'),
      'variable "Greeting" {\n    value "Hi" {\n        environment = ["test"]\n    }\n}\n',
    );
    writeFileSync(path.join(octopus, 'backend', 'deployment_process.ocl'), script('migrate', 'Migrate'));
    writeFileSync(path.join(octopus, 'broken', 'deployment_process.ocl'), 'step "x" {\n    name = \n}\n');
    const store = open('ocl');
    const report = importWorkspace(store, ws);
    assert.deepEqual(report.projects.map((p) => [p.name, p.file]).sort(), [
      ['backend', 'shop/.octopus/backend'],
      ['shop', 'shop/.octopus'],
    ]);
    assert.deepEqual(
      report.skipped.map((s) => s.file),
      ['shop/.octopus/broken'],
    );
    assert.match(report.skipped[0].reason, /deployment_process\.ocl: /);
    assert.deepEqual(
      report.spaces.map((s) => s.name),
      ['Shop space'],
    );
    const shop = project(store, 'shop');
    const process = getProcess(store, shop.SpaceId, shop.DeploymentProcessId)!;
    assert.deepEqual(
      process.Steps.map((s) => s.Name),
      ['Say hello'],
    );
    assert.equal(process.Steps[0].Actions[0].Properties['Octopus.Action.Script.Syntax'], 'Bash');
    const variables = getVariableSet(store, shop.SpaceId, shop.VariableSetId)!;
    assert.deepEqual(
      variables.Variables.map((v) => [v.Name, v.Value]),
      [['Greeting', 'Hi']],
    );
    assert.equal(variables.Variables[0].Scope.Environment?.length, 1, 'scoped to the Test environment by its slug');
  });
});
