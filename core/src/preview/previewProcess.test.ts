import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSpace, validateProcess } from '../index';
import { previewProcess, PreviewError, resolveScopedValue } from './index';

const SPACE = readSpace(
  `environments: [Development, Test, Production]
targets:
  - { name: TWeb01, environments: [Test], roles: [web-server] }
  - { name: TWeb02, environments: [Test], roles: [web-server, db] }
  - { name: PWeb01, environments: [Production], roles: [web-server] }
variable-sets:
  - name: Common
    variables:
      LogLevel:
        - { value: Debug, environment: [Development, Test] }
        - { value: Warning }
`,
  'space.yaml',
)!;

function load(text: string) {
  const v = validateProcess(text, { space: SPACE });
  assert.ok(v.project);
  return { project: v.project, lines: v.parsed.lines };
}

const PROCESS = `project: Shop
variable-sets: [Common]
channels: [{ name: Hotfix }]
variables:
  Greeting: Hello
  Url:
    - { value: http://test, environment: Test }
    - { value: http://prod, environment: Production }
    - { value: http://special, environment: Test, role: db }
  Password: { sensitive: true, value: hunter2 }
  Conn: "Server=db;Password=#{Password}"
  Debug: "False"
steps:
  - name: Deploy
    roles: [web-server]
    type: script
    script: 'echo "#{Greeting} #{Url} #{LogLevel} #{Octopus.Machine.Name} #{Conn}"'
  - name: Smoke test
    type: script
    run-on: server
    script: 'echo "#{Octopus.Release.Number} #{Octopus.Action[Deploy].Output.Ok}"'
    excluded-environments: [Development]
  - name: Approve
    type: manual
    instructions: Go?
    environments: [Production]
  - name: Rollback
    type: script
    script: echo undo
    condition: failure
  - name: Notify
    type: email
    to: team@example.com
    condition: always
  - name: Debug dump
    type: script
    script: env
    condition: { variable: "#{Debug}" }
  - name: Hotfix only
    type: script
    script: echo hotfix
    channels: [Hotfix]
  - name: Off
    type: script
    script: echo off
    disabled: true
`;

describe('previewProcess', () => {
  const { project, lines } = load(PROCESS);
  const test = previewProcess(project, SPACE, { environment: 'Test', releaseNumber: '1.4.0' }, lines);
  const byName = Object.fromEntries(test.steps.map((s) => [s.name, s]));

  it('runs role steps on the environment’s targets, with templates resolved per target', () => {
    const deploy = byName['Deploy'].actions[0];
    assert.equal(deploy.runs, true);
    assert.deepEqual(deploy.targets, ['TWeb01', 'TWeb02']);
    assert.equal(
      deploy.properties['Octopus.Action.Script.ScriptBody'],
      'echo "Hello http://test Debug TWeb01 Server=db;Password=********"',
    );
    // TWeb02 has role db too, so the more specific value (environment + role) wins there.
    assert.equal(
      deploy.propertiesByTarget?.TWeb02['Octopus.Action.Script.ScriptBody'],
      'echo "Hello http://special Debug TWeb02 Server=db;Password=********"',
    );
  });

  it('runs steps without roles on the server, and lists what stays unresolved with its range', () => {
    const smoke = byName['Smoke test'].actions[0];
    assert.deepEqual(smoke.targets, ['server']);
    assert.equal(
      smoke.properties['Octopus.Action.Script.ScriptBody'],
      'echo "1.4.0 #{Octopus.Action[Deploy].Output.Ok}"',
    );
    assert.deepEqual(test.unresolved, [
      {
        template: '#{Octopus.Action[Deploy].Output.Ok}',
        path: 'steps[Smoke test].actions[Smoke test].properties[Octopus.Action.Script.ScriptBody]',
        range: { start: { line: 20, character: 47 }, end: { line: 20, character: 79 } },
      },
    ]);
  });

  it('gives the reason for every skipped step', () => {
    const skipped = Object.fromEntries(test.steps.filter((s) => !s.runs).map((s) => [s.name, s.reason]));
    assert.deepEqual(skipped, {
      Approve: 'runs only in Production',
      Rollback: 'runs only when an earlier step failed',
      'Debug dump': 'its condition #{Debug} is false',
      'Hotfix only': 'runs only for channel Hotfix',
      Off: 'disabled',
    });
    assert.equal(byName['Notify'].runs, true);
    assert.equal(byName['Notify'].reason, 'always runs');
  });

  it('follows the environment, channel, target and overrides asked for', () => {
    const prod = previewProcess(
      project,
      SPACE,
      { environment: 'Production', channel: 'Hotfix', variables: { Debug: 'True' } },
      lines,
    );
    const runs = prod.steps.filter((s) => s.runs).map((s) => s.name);
    assert.deepEqual(runs, ['Deploy', 'Smoke test', 'Approve', 'Notify', 'Debug dump', 'Hotfix only']);
    assert.match(
      prod.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'],
      /http:\/\/prod Warning PWeb01/,
    );
    assert.equal(prod.release, null);
    assert.ok(prod.unresolved.some((u) => u.template === '#{Octopus.Release.Number}'));

    const one = previewProcess(project, SPACE, { environment: 'Test', target: 'TWeb02' }, lines);
    assert.deepEqual(one.steps[0].actions[0].targets, ['TWeb02']);
  });

  it('shows real sensitive values only when asked (for the deployment server)', () => {
    const real = previewProcess(project, SPACE, { environment: 'Test', maskSensitive: false }, lines);
    assert.match(real.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'], /Password=hunter2/);
  });

  it('refuses an environment, channel or target the space does not have', () => {
    assert.throws(
      () => previewProcess(project, SPACE, { environment: 'Staging' }),
      new PreviewError("Unknown environment 'Staging'. The space has: Development, Test, Production."),
    );
    assert.throws(
      () => previewProcess(project, SPACE, { environment: 'Test', channel: 'Beta' }),
      /Unknown channel 'Beta'. The project has: Default, Hotfix./,
    );
    assert.throws(() => previewProcess(project, SPACE, { environment: 'Test', target: 'X' }), /Unknown target 'X'/);
  });

  it('skips role steps when no target of the environment has the role', () => {
    const dev = previewProcess(project, SPACE, { environment: 'Development' }, lines);
    assert.equal(dev.steps[0].runs, false);
    assert.equal(dev.steps[0].reason, 'no target in Development has role web-server');
  });
});

describe('resolveScopedValue', () => {
  const { project } = load(PROCESS);
  const url = project.variables.find((v) => v.name === 'Url')!;

  it('picks the most specific applying value and says why', () => {
    const r = resolveScopedValue(url, { environment: 'Test', roles: ['web-server', 'db'] });
    assert.equal(r.value?.value, 'http://special');
    assert.equal(r.reason, 'the most specific of 2 values that apply (scoped by role and environment)');
    assert.deepEqual(
      r.candidates.map((c) => [c.value.value, c.applies, c.reason]),
      [
        ['http://test', true, 'environment Test matches'],
        ['http://prod', false, 'scoped to environment Production, not Test'],
        ['http://special', true, 'role db, environment Test match'],
      ],
    );
  });

  it('has no value when none applies', () => {
    assert.equal(resolveScopedValue(url, { environment: 'Development' }).value, undefined);
  });
});

describe('previewProcess: what the local Stepwise server can run', () => {
  it('marks actions the local server cannot run, with the reason, and leaves runnable ones unmarked', () => {
    const { project } = load(`project: Mixed
steps:
  - name: Plain script
    type: script
    script: echo hi
  - name: From a template
    type: script
    properties:
      Octopus.Action.Template.Id: ActionTemplates-4961
      Octopus.Action.Template.Version: "5"
  - name: Kubernetes
    type: Octopus.KubernetesRunScript
    properties: { Octopus.Action.Script.ScriptBody: kubectl get pods }
  - name: Team email
    type: email
    properties: { Octopus.Action.Email.ToTeamIds: teams-everyone }
  - name: Old built-in feed
    type: deploy-package
    package: { id: Acme.Web, feed: "Octopus Server (built-in)" }
  - name: External feed
    type: deploy-package
    package: { id: Acme.Web, feed: nuget-org }
  - name: Default feed
    type: deploy-package
    package: { id: Acme.Web }
`);
    const preview = previewProcess(project, SPACE, { environment: 'Test' });
    const marks = Object.fromEntries(
      preview.steps.map((s) => [
        s.name,
        s.actions[0].runnable === false ? (s.actions[0].notRunnableReason ?? '') : 'runnable',
      ]),
    );
    assert.equal(marks['Plain script'], 'runnable');
    assert.equal(marks['Old built-in feed'], 'runnable');
    assert.equal(marks['Default feed'], 'runnable');
    assert.match(marks['From a template'], /step template ActionTemplates-4961 \(version 5\)/);
    assert.match(marks['Kubernetes'], /cannot run Octopus\.KubernetesRunScript steps; a real Octopus Server/);
    assert.match(marks['Team email'], /addressed only to teams/);
    assert.match(marks['External feed'], /feed 'nuget-org'/);
    assert.equal('runnable' in preview.steps[0].actions[0], false);
  });
});

describe('previewProcess: system variables and run-on-worker with roles', () => {
  it('sets Octopus.Environment.Slug, Octopus.Project.Slug, Octopus.Web.ServerUri and Octopus.Release.Notes', () => {
    const { project } = load(`project: My Shop
steps:
  - name: Show
    type: script
    script: "#{Octopus.Project.Slug}|#{Octopus.Environment.Slug}|#{Octopus.Web.ServerUri}|#{Octopus.Release.Notes}"
`);
    const preview = previewProcess(project, SPACE, { environment: 'Test', releaseNotes: 'Fixes #12' });
    assert.equal(
      preview.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'],
      'my-shop|test|http://127.0.0.1:8065|Fixes #12',
    );
    assert.deepEqual(preview.unresolved, []);
    const fromServer = previewProcess(
      project,
      { ...SPACE, origin: 'https://octopus.example.com/app#/Spaces-1' },
      { environment: 'Test' },
    );
    assert.equal(
      fromServer.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'],
      'my-shop|test|https://octopus.example.com|',
    );
  });

  it('a step with roles run on a worker runs once on behalf of each target', () => {
    const { project } = load(`project: Kube
steps:
  - name: Apply
    roles: [web-server]
    run-on: worker
    type: script
    script: echo "#{Octopus.Machine.Name}"
`);
    const action = previewProcess(project, SPACE, { environment: 'Test' }).steps[0].actions[0];
    assert.deepEqual(action.targets, ['worker on behalf of TWeb01', 'worker on behalf of TWeb02']);
    assert.deepEqual(action.propertiesByTarget, {
      TWeb01: { 'Octopus.Action.Script.ScriptBody': 'echo "TWeb01"' },
      TWeb02: { 'Octopus.Action.Script.ScriptBody': 'echo "TWeb02"' },
    });
    const none = previewProcess(project, SPACE, { environment: 'Development' }).steps[0];
    assert.equal(none.runs, false);
  });
});
