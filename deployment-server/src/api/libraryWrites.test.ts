import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, LifecycleRepository, type Lifecycle } from '@octopusdeploy/api-client';
import { writeTestWorkspace } from '../testing/fixtures';
import { startServerProcess, type ServerProcess } from '../testing/serverProcess';
import { createZip, multipartBody } from '../testing/zipWriter';

// Lifecycles through the official client (it has LifecycleRepository); channels and library
// variable sets, which api-client 3.11 has no repository for, through plain HTTP as Octopus's REST
// examples send it. All against the real server process and its SQLite file.
describe('lifecycles, channels and library variable sets through the API', () => {
  let dir: string;
  let server: ServerProcess;
  let client: Client;
  const env: Record<string, string> = {};
  const project: Record<string, { Id: string; VariableSetId: string }> = {};

  before(async () => {
    process.env.NO_PROXY = '127.0.0.1,localhost';
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-library-writes-'));
    const workspace = writeTestWorkspace(path.join(dir, 'workspace'), { scratch: path.join(dir, 'scratch') });
    server = await startServerProcess({ dataDir: path.join(dir, 'data'), workspace });
    client = await Client.create({
      instanceURL: `${server.url}/api/`,
      apiKey: server.apiKey,
      userAgentApp: 'stepwise-test/1.0',
    });
    for (const e of await server.get('/api/Spaces-1/environments/all')) env[e.Name] = e.Id;
    for (const p of await server.get('/api/Spaces-1/projects/all')) project[p.Name] = p;
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const errors = (response: { status: number; body: { ErrorMessage: string; Errors: string[] } }, status: number) => {
    assert.equal(response.status, status, JSON.stringify(response.body));
    assert.equal(typeof response.body.ErrorMessage, 'string');
    return response.body.Errors.join('\n');
  };

  it('api-client creates, reads, lists, modifies and deletes a lifecycle', async () => {
    const lifecycles = new LifecycleRepository(client, 'Default');
    const created = await lifecycles.create({
      Name: 'Hotfix',
      Description: 'Straight to production',
      Phases: [
        {
          Name: 'Test',
          AutomaticDeploymentTargets: [env.Test],
          OptionalDeploymentTargets: [],
          MinimumEnvironmentsBeforePromotion: 0,
          IsOptionalPhase: true,
        },
        {
          Name: 'Production',
          AutomaticDeploymentTargets: [],
          OptionalDeploymentTargets: [env.Production],
          MinimumEnvironmentsBeforePromotion: 1,
          IsOptionalPhase: false,
          ReleaseRetentionPolicy: { Unit: 'Items', QuantityToKeep: 3, ShouldKeepForever: false },
        },
      ],
      ReleaseRetentionPolicy: { Unit: 'Days', QuantityToKeep: 10, ShouldKeepForever: false },
      TentacleRetentionPolicy: { Unit: 'Items', QuantityToKeep: 0, ShouldKeepForever: true },
    } as unknown as Lifecycle);
    assert.match(created.Id, /^Lifecycles-\d+$/);
    const read = await lifecycles.get(created.Id);
    assert.deepEqual(
      read.Phases.map((p) => [
        p.Name,
        p.AutomaticDeploymentTargets,
        p.OptionalDeploymentTargets,
        p.MinimumEnvironmentsBeforePromotion,
        p.IsOptionalPhase,
      ]),
      [
        ['Test', [env.Test], [], 0, true],
        ['Production', [], [env.Production], 1, false],
      ],
    );
    assert.deepEqual(read.Phases[1].ReleaseRetentionPolicy, {
      Unit: 'Items',
      QuantityToKeep: 3,
      ShouldKeepForever: false,
    });
    assert.equal(read.Phases[0].ReleaseRetentionPolicy, undefined, 'a phase without its own policy inherits');
    assert.deepEqual(read.ReleaseRetentionPolicy, { Unit: 'Days', QuantityToKeep: 10, ShouldKeepForever: false });
    assert.equal(read.TentacleRetentionPolicy.ShouldKeepForever, true);
    const listed = await lifecycles.list({ partialName: 'Hotf' });
    assert.deepEqual(
      listed.Items.map((l) => l.Name),
      ['Hotfix'],
    );

    await lifecycles.modify({ ...read, Name: 'Hotfix lane', Phases: read.Phases.slice(1) });
    const modified = await lifecycles.get(created.Id);
    assert.equal(modified.Name, 'Hotfix lane');
    assert.deepEqual(
      modified.Phases.map((p) => [p.Id, p.Name]),
      [[read.Phases[1].Id, 'Production']],
      'phase ids are kept',
    );

    await assert.rejects(
      lifecycles.create({ ...read, Id: undefined, Name: 'Standard' } as unknown as Lifecycle),
      /A lifecycle named 'Standard' already exists/,
    );
    await lifecycles.del(modified);
    await assert.rejects(lifecycles.get(created.Id), /There is no lifecycle/);
  });

  it('refuses bad lifecycles with Octopus errors, and one still in use', async () => {
    const post = (body: unknown) => server.post('/api/Spaces-1/lifecycles', body);
    assert.match(errors(await post({ Phases: [] }), 400), /Name is required/);
    const bad = errors(
      await post({
        Name: 'Broken',
        Phases: [
          { Name: 'One', OptionalDeploymentTargets: ['Environments-999'], MinimumEnvironmentsBeforePromotion: -1 },
          { OptionalDeploymentTargets: [env.Test] },
          { Name: 'Three', AutomaticDeploymentTargets: [env.Test] },
        ],
        ReleaseRetentionPolicy: { Unit: 'Weeks', QuantityToKeep: 1 },
      }),
      400,
    );
    assert.match(bad, /Phases\[0\]\.OptionalDeploymentTargets: there is no environment Environments-999/);
    assert.match(bad, /Phases\[0\]\.MinimumEnvironmentsBeforePromotion must be a whole number/);
    assert.match(bad, /Phases\[1\]\.Name is required/);
    assert.match(bad, /Phases\[2\]: environment 'Test' is already in Phases\[1\]/);
    assert.match(bad, /ReleaseRetentionPolicy\.Unit must be Days or Items/);
    assert.equal(
      (await server.get('/api/Spaces-1/lifecycles/all')).some((l: { Name: string }) => l.Name === 'Broken'),
      false,
    );

    const standard = (await server.get('/api/Spaces-1/lifecycles/all')).find(
      (l: { Name: string }) => l.Name === 'Standard',
    );
    assert.match(
      errors(await server.request('DELETE', `/api/Spaces-1/lifecycles/${standard.Id}`), 400),
      /Lifecycle 'Standard' cannot be deleted: it is used by project '[^']+'/,
    );
    assert.match(
      errors(await server.request('DELETE', '/api/Spaces-1/lifecycles/Lifecycles-999'), 404),
      /There is no lifecycle Lifecycles-999/,
    );
    assert.match(
      errors(await server.request('PUT', '/api/Spaces-1/lifecycles/Lifecycles-999', { Name: 'x' }), 404),
      /There is no lifecycle/,
    );
  });

  it('creates a channel with a version rule, and release creation keeps to the rule', async () => {
    const web = project['Web App'];
    for (const version of ['1.0.0', '1.5.0', '2.0.0', '1.2.0-beta']) {
      const upload = multipartBody('fileToUpload', `Acme.Web.${version}.zip`, createZip({ 'a.txt': version }));
      const uploaded = await server.request('POST', '/api/Spaces-1/packages/raw', undefined, {
        raw: upload.body,
        headers: { 'Content-Type': upload.contentType },
      });
      assert.equal(uploaded.status, 201, uploaded.text);
    }
    // The feed search filters by a rule's range and tag, as Octopus's does (newest first).
    const search = async (q: string) =>
      (await server.get(`/api/Spaces-1/feeds/feeds-builtin/packages/versions?packageId=Acme.Web&${q}`)).Items.map(
        (p: { Version: string }) => p.Version,
      );
    assert.deepEqual(await search(`versionRange=${encodeURIComponent('[1.0,2.0)')}`), ['1.5.0', '1.2.0-beta', '1.0.0']);
    assert.deepEqual(
      await search(`versionRange=${encodeURIComponent('[1.0,2.0)')}&preReleaseTag=${encodeURIComponent('^$')}`),
      ['1.5.0', '1.0.0'],
    );
    assert.deepEqual(await search(`preReleaseTag=beta`), ['1.2.0-beta']);
    const badRange = await server.request(
      'GET',
      '/api/Spaces-1/feeds/feeds-builtin/packages/versions?packageId=Acme.Web&versionRange=(1.0)',
    );
    assert.match(errors(badRange, 400), /^versionRange: '\(1\.0\)': an exact version is written \[1\.0\]/);
    const badTag = await server.request(
      'GET',
      '/api/Spaces-1/feeds/feeds-builtin/packages/versions?packageId=Acme.Web&preReleaseTag=(',
    );
    assert.match(errors(badTag, 400), /preReleaseTag: '\(' is not a regular expression/);
    const lifecycle = await server.post('/api/Spaces-1/lifecycles', {
      Name: 'Patch lane',
      Phases: [{ Name: 'Prod', OptionalDeploymentTargets: ['Production'] }],
    });
    assert.equal(lifecycle.status, 201, lifecycle.text);
    const rule = {
      VersionRange: '[1.0,2.0)',
      Tag: '^$',
      ActionPackages: [{ DeploymentAction: 'Deploy web app', PackageReference: '' }],
    };
    const created = await server.post('/api/Spaces-1/channels', {
      ProjectId: web.Id,
      Name: 'Patches',
      LifecycleId: lifecycle.body.Id,
      Rules: [rule],
      TenantTags: [],
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.ProjectId, web.Id);
    assert.equal(created.body.IsDefault, false);
    assert.equal(created.body.LifecycleId, lifecycle.body.Id);
    assert.deepEqual(
      created.body.Rules.map((r: typeof rule) => [r.VersionRange, r.Tag, r.ActionPackages]),
      [['[1.0,2.0)', '^$', rule.ActionPackages]],
    );
    assert.match(created.body.Rules[0].Id, /\S/);
    const channelId = created.body.Id as string;
    assert.equal((await server.get(`/api/Spaces-1/channels/${channelId}`)).Name, 'Patches');
    assert.deepEqual(
      (await server.get(`/api/Spaces-1/projects/${web.Id}/channels/all`)).map((c: { Name: string }) => c.Name),
      ['Default', 'Patches'],
    );

    const release = (version: string, packageVersion: string, extra = {}) =>
      server.post('/api/Spaces-1/releases', {
        ProjectId: web.Id,
        ChannelId: channelId,
        Version: version,
        SelectedPackages: [{ ActionName: 'Deploy web app', Version: packageVersion }],
        ...extra,
      });
    const ok = await release('1.0.0', '1.5.0');
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.ChannelId, channelId);
    assert.match(
      errors(await release('1.0.1', '2.0.0'), 400),
      /^The version 2\.0\.0 of package Acme\.Web for step 'Deploy web app' does not satisfy the version rule of channel 'Patches' \(version range \[1\.0,2\.0\) and pre-release tag \^\$\)/,
    );
    assert.match(
      errors(await release('1.0.2', '1.2.0-beta'), 400),
      /1\.2\.0-beta of package Acme\.Web .* channel 'Patches'/,
    );
    const forced = await release('1.0.3', '2.0.0', { IgnoreChannelRules: true });
    assert.equal(forced.status, 201, forced.text);
    // The Default channel has no rules: any version goes.
    const defaultRelease = await server.post('/api/Spaces-1/releases', {
      ProjectId: web.Id,
      Version: '1.0.4',
      SelectedPackages: [{ ActionName: 'Deploy web app', Version: '2.0.0' }],
    });
    assert.equal(defaultRelease.status, 201, defaultRelease.text);
    // Without a version, the newest the channel's rules allow (2.0.0 is newer, but outside them).
    const suggested = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Web App',
      ChannelName: 'Patches',
      ReleaseVersion: '1.0.9',
    });
    assert.equal(suggested.status, 201, suggested.text);
    const chosen = await server.get(`/api/Spaces-1/releases/${suggested.body.ReleaseId}`);
    assert.deepEqual(
      chosen.SelectedPackages.map((p: { Version: string }) => p.Version),
      ['1.5.0'],
    );
    // So does the executions API (Octopus CLI, api-client's create release).
    assert.match(
      errors(
        await server.post('/api/Spaces-1/releases/create/v1', {
          ProjectName: 'Web App',
          ChannelName: 'Patches',
          ReleaseVersion: '1.0.5',
          Packages: ['Deploy web app:2.0.0'],
        }),
        400,
      ),
      /does not satisfy the version rule of channel 'Patches'/,
    );

    // Modify: the rule widens, the channel becomes the default (and Default stops being it).
    const widened = await server.request('PUT', `/api/Spaces-1/channels/${channelId}`, {
      ...created.body,
      IsDefault: true,
      Rules: [{ ...created.body.Rules[0], VersionRange: '[1.0,3.0)' }],
    });
    assert.equal(widened.status, 200, widened.text);
    assert.equal(widened.body.Rules[0].Id, created.body.Rules[0].Id);
    assert.equal((await release('1.0.6', '2.0.0')).status, 201);
    const channels = await server.get(`/api/Spaces-1/projects/${web.Id}/channels/all`);
    assert.deepEqual(
      channels.map((c: { Name: string; IsDefault: boolean }) => [c.Name, c.IsDefault]),
      [
        ['Default', false],
        ['Patches', true],
      ],
    );
    assert.match(
      errors(await server.request('DELETE', `/api/Spaces-1/lifecycles/${lifecycle.body.Id}`), 400),
      /used by channel 'Patches'/,
    );
    assert.match(errors(await server.request('DELETE', `/api/Spaces-1/channels/${channelId}`), 400), /default channel/);
    const oldDefault = channels.find((c: { Name: string }) => c.Name === 'Default');
    const scratch = await server.post('/api/Spaces-1/channels', { ProjectId: web.Id, Name: 'Scratch' });
    assert.equal((await server.request('DELETE', `/api/Spaces-1/channels/${scratch.body.Id}`)).status, 200);
    assert.equal((await server.request('GET', `/api/Spaces-1/channels/${scratch.body.Id}`)).status, 404);
    assert.match(
      errors(await server.request('DELETE', `/api/Spaces-1/channels/${oldDefault.Id}`), 400),
      /has \d+ release/,
    );
  });

  it('refuses bad channels with Octopus errors', async () => {
    const web = project['Web App'];
    const post = (body: unknown) => server.post('/api/Spaces-1/channels', body);
    assert.match(errors(await post({ ProjectId: web.Id }), 400), /Name is required/);
    assert.match(errors(await post({ Name: 'x' }), 400), /ProjectId is required/);
    assert.match(errors(await post({ Name: 'x', ProjectId: 'Projects-999' }), 400), /There is no project Projects-999/);
    assert.match(
      errors(await post({ Name: 'Default', ProjectId: web.Id }), 400),
      /A channel named 'Default' already exists in project 'Web App'/,
    );
    assert.match(
      errors(await post({ Name: 'x', ProjectId: web.Id, LifecycleId: 'Lifecycles-999' }), 400),
      /There is no lifecycle Lifecycles-999/,
    );
    assert.match(
      errors(await post({ Name: 'x', ProjectId: web.Id, TenantTags: ['EU'] }), 400),
      /TenantTags: 'EU' is not a canonical tag name \('Tag set\/Tag'\)/,
    );
    const rules = errors(
      await post({
        Name: 'x',
        ProjectId: web.Id,
        Rules: [
          { VersionRange: '[2.0,1.0]', ActionPackages: [{ DeploymentAction: 'No such step' }] },
          { Tag: '(', ActionPackages: [{ DeploymentAction: 'Check', PackageReference: '' }] },
          { VersionRange: 'banana', ActionPackages: [] },
        ],
      }),
      400,
    );
    assert.match(rules, /Rules\[0\]\.VersionRange: '\[2\.0,1\.0\]' contains no version/);
    assert.match(
      rules,
      /Rules\[0\]\.ActionPackages\[0\]\.DeploymentAction: project 'Web App' has no step 'No such step'. Steps that deploy packages: 'Deploy web app'/,
    );
    assert.match(rules, /Rules\[1\]\.Tag '\(' is not a valid regular expression/);
    assert.match(
      rules,
      /Rules\[1\]\.ActionPackages\[0\]\.PackageReference: step 'Check' has no package reference '' \(it deploys no package\)/,
    );
    assert.match(rules, /Rules\[2\]\.VersionRange: 'banana' is not a version/);
    assert.match(rules, /Rules\[2\]\.ActionPackages must name at least one/);
    assert.match(
      errors(await server.request('PUT', '/api/Spaces-1/channels/Channels-999', { Name: 'x' }), 404),
      /There is no channel Channels-999/,
    );
  });

  it('creates a library variable set, writes its variables, includes it in a project, and deletes it once unused', async () => {
    const created = await server.post('/api/Spaces-1/libraryvariablesets', {
      Name: 'Shared settings',
      Description: 'for all',
    });
    assert.equal(created.status, 201, created.text);
    const set = created.body;
    assert.deepEqual([set.ContentType, set.VariableSetId], ['Variables', `variableset-${set.Id}`]);
    assert.equal(set.Links.Variables, `/api/Spaces-1/variables/${set.VariableSetId}`);
    const variables = await server.get(`/api/Spaces-1/variables/${set.VariableSetId}`);
    assert.deepEqual([variables.OwnerId, variables.Variables], [set.Id, []]);
    const saved = await server.request('PUT', `/api/Spaces-1/variables/${set.VariableSetId}`, {
      ...variables,
      Variables: [
        { Name: 'Region', Value: 'eu-west-1', Type: 'String', IsSensitive: false, Scope: {} },
        {
          Name: 'Token',
          Value: 'abc123',
          Type: 'Sensitive',
          IsSensitive: true,
          Scope: { Environment: [env.Production] },
        },
      ],
    });
    assert.equal(saved.status, 200, saved.text);
    const reread = await server.get(`/api/Spaces-1/variables/${set.VariableSetId}`);
    assert.deepEqual(
      reread.Variables.map((v: { Name: string; Value: string | null }) => [v.Name, v.Value]),
      [
        ['Region', 'eu-west-1'],
        ['Token', null],
      ],
    );

    const renamed = await server.request('PUT', `/api/Spaces-1/libraryvariablesets/${set.Id}`, {
      ...set,
      Name: 'Platform',
    });
    assert.equal(renamed.body.Name, 'Platform');
    assert.match(
      errors(await server.post('/api/Spaces-1/libraryvariablesets', { Name: 'platform' }), 400),
      /named 'platform' already exists/,
    );
    assert.match(errors(await server.post('/api/Spaces-1/libraryvariablesets', {}), 400), /Name is required/);
    assert.match(
      errors(await server.post('/api/Spaces-1/libraryvariablesets', { Name: 'Mod', ContentType: 'ScriptModule' }), 400),
      /ContentType 'ScriptModule' is not supported/,
    );

    const quick = await server.get(`/api/Spaces-1/projects/${project.Quick.Id}`);
    const including = await server.request('PUT', `/api/Spaces-1/projects/${quick.Id}`, {
      ...quick,
      IncludedLibraryVariableSetIds: [...quick.IncludedLibraryVariableSetIds, set.Id],
    });
    assert.equal(including.status, 200, including.text);
    assert.match(
      errors(await server.request('DELETE', `/api/Spaces-1/libraryvariablesets/${set.Id}`), 400),
      /included by project 'Quick'/,
    );
    await server.request('PUT', `/api/Spaces-1/projects/${quick.Id}`, quick);
    assert.equal((await server.request('DELETE', `/api/Spaces-1/libraryvariablesets/${set.Id}`)).status, 200);
    assert.match(
      errors(await server.request('GET', `/api/Spaces-1/libraryvariablesets/${set.Id}`), 404),
      /There is no library variable set/,
    );
    assert.equal((await server.request('GET', `/api/Spaces-1/variables/${set.VariableSetId}`)).status, 404);
  });
});
