import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeTestWorkspace } from '../testing/fixtures';
import { deploy, startServerProcess, waitForTask, type ServerProcess } from '../testing/serverProcess';
import { listRoutes } from './app';

// The HTTP API against the real server process: auth, errors, shapes, lifecycles, releases, processes.
describe('the Octopus REST API', () => {
  let dir: string;
  let server: ServerProcess;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-api-'));
    const workspace = writeTestWorkspace(path.join(dir, 'workspace'), { scratch: path.join(dir, 'scratch') });
    server = await startServerProcess({
      dataDir: path.join(dir, 'data'),
      workspace,
      args: ['--api-key', 'API-TESTKEY0000000000000000000'],
    });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('authentication', () => {
    it('answers GET /api without a key, with a version api-client accepts', async () => {
      const root = await server.request('GET', '/api', undefined, { key: null });
      assert.equal(root.status, 200);
      assert.match(root.body.Version, /^\d{4}\.\d+\.\d+$/);
      assert.ok(root.body.InstallationId);
      assert.equal(root.body.Links.Spaces, '/api/spaces{/id}{?skip,ids,take,partialName}');
    });

    it('refuses every other route without a key (401, Octopus error body)', async () => {
      const routes = (await listRoutes()).filter((r) => r.url !== '/api');
      assert.ok(routes.length > 90, `only ${routes.length} routes`);
      const concrete = (url: string) => url.replace(/:spaceId/g, 'Spaces-1').replace(/:[A-Za-z]+/g, 'X-1');
      const results = await Promise.all(
        routes.map(async (r) => ({
          route: `${r.method} ${r.url}`,
          response: await server.request(r.method, concrete(r.url), r.method === 'GET' ? undefined : {}, { key: null }),
        })),
      );
      for (const { route, response } of results) {
        assert.equal(response.status, 401, route);
        assert.match(response.body.ErrorMessage, /You must be logged in/, route);
        assert.deepEqual(response.body.Errors, [], route);
      }
    });

    it('refuses a wrong key, and takes the key as X-Octopus-ApiKey or Authorization: Bearer', async () => {
      const wrong = await server.request('GET', '/api/spaces', undefined, { key: 'API-WRONGKEY000000000000000000' });
      assert.equal(wrong.status, 401);
      assert.match(wrong.body.ErrorMessage, /API key is invalid/);
      const bearer = await server.request('GET', '/api/spaces', undefined, {
        key: null,
        headers: { Authorization: `Bearer ${server.apiKey}` },
      });
      assert.equal(bearer.status, 200);
      assert.equal(server.apiKey, 'API-TESTKEY0000000000000000000');
    });
  });

  describe('errors', () => {
    it('answers malformed JSON, a body that is not an object, and wrong types with 400 and the reasons', async () => {
      const route = '/api/Spaces-1/releases/create/v1';
      const malformed = await server.request('POST', route, undefined, {
        raw: '{"ProjectName": "Hello World",',
        headers: { 'Content-Type': 'application/json' },
      });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.ErrorMessage, 'There was a problem with your request.');
      assert.match(malformed.body.Errors[0], /^The request body is not valid JSON/);
      const list = await server.post(route, ['Hello World']);
      assert.equal(list.status, 400);
      assert.match(list.body.Errors[0], /must be a JSON object/);
      const types = await server.post(route, {
        ProjectName: 'Hello World',
        IgnoreIfAlreadyExists: 'yes please',
        Packages: 7,
      });
      assert.equal(types.status, 400);
      assert.deepEqual(types.body.Errors.sort(), [
        'IgnoreIfAlreadyExists must be true or false.',
        'Packages must be a list of strings.',
      ]);
      const text = await server.request('POST', route, undefined, {
        raw: 'ProjectName=x',
        headers: { 'Content-Type': 'text/plain' },
      });
      assert.equal(text.status, 415);
      assert.match(text.body.Errors[0], /send application\/json/);
    });

    it('answers an oversized body with 400 and changes nothing', async () => {
      const before = (await server.get('/api/Spaces-1/releases')).TotalResults;
      const big = await server.post('/api/Spaces-1/releases/create/v1', {
        ProjectName: 'Quick',
        ReleaseVersion: '0.0.9',
        ReleaseNotes: 'x'.repeat(5 * 1024 * 1024),
      });
      assert.equal(big.status, 400);
      assert.match(big.body.Errors[0], /larger than the \d+ bytes/);
      assert.equal((await server.get('/api/Spaces-1/releases')).TotalResults, before);
    });

    it('answers unknown routes and ids with 404 in Octopus shape', async () => {
      const route = await server.request('GET', '/api/Spaces-1/nothing-here');
      assert.equal(route.status, 404);
      assert.deepEqual(route.body, {
        ErrorMessage: 'The resource you requested was not found.',
        Errors: ['No route for GET /api/Spaces-1/nothing-here'],
      });
      const project = await server.request('GET', '/api/Spaces-1/projects/Projects-999');
      assert.equal(project.status, 404);
      assert.match(project.body.Errors[0], /no project Projects-999/);
      const space = await server.request('GET', '/api/Spaces-9/projects');
      assert.equal(space.status, 404);
    });
  });

  describe('resources', () => {
    it('lists with the paging envelope and Links, filters by partialName and ids, and pages', async () => {
      const all = await server.get('/api/Spaces-1/projects?take=3');
      assert.equal(all.ItemType, 'Project');
      assert.equal(all.ItemsPerPage, 3);
      assert.equal(all.TotalResults, 13);
      assert.equal(all.NumberOfPages, 5);
      assert.equal(all.LastPageNumber, 4);
      assert.equal(all.Items.length, 3);
      assert.equal(all.Links['Page.Next'], '/api/Spaces-1/projects?skip=3&take=3');
      assert.equal(all.Links['Page.All'], '/api/Spaces-1/projects?skip=0&take=2147483647');
      const found = await server.get('/api/Spaces-1/projects?take=1&partialName=Hello%20World');
      assert.equal(found.TotalResults, 1);
      const project = found.Items[0];
      assert.equal(project.Name, 'Hello World');
      assert.match(project.Id, /^Projects-\d+$/);
      assert.equal(project.DeploymentProcessId, `deploymentprocess-${project.Id}`);
      assert.equal(project.VariableSetId, `variableset-${project.Id}`);
      assert.equal(project.Links.DeploymentProcess, `/api/Spaces-1/projects/${project.Id}/deploymentprocesses`);
      const byIds = await server.get(`/api/Spaces-1/projects?skip=0&take=30&ids=${project.Id},Projects-999`);
      assert.deepEqual(
        byIds.Items.map((p: { Id: string }) => p.Id),
        [project.Id],
      );
      // The same space under /api/spaces/{id}/… and, as the default space, under /api/….
      assert.equal((await server.get('/api/spaces/Spaces-1/projects?take=1')).TotalResults, 13);
      assert.equal((await server.get(`/api/projects/${project.Id}`)).Name, 'Hello World');
      const spaces = await server.get('/api/spaces?partialName=Default&skip=0&take=2147483647');
      assert.deepEqual(
        spaces.Items.map((s: { Id: string; Name: string }) => [s.Id, s.Name]),
        [['Spaces-1', 'Default']],
      );
    });

    it('serves environments (and v2), lifecycles with phases, channels, targets and variables from the workspace', async () => {
      const environments = await server.get('/api/Spaces-1/environments?take=100');
      assert.deepEqual(
        environments.Items.map((e: { Name: string }) => e.Name),
        ['Development', 'Test', 'Staging', 'Production'],
      );
      const v2 = await server.get('/api/Spaces-1/environments/v2?partialName=Dev&take=100&skip=0');
      assert.deepEqual(
        v2.Items.map((e: { Name: string; Type: string }) => [e.Name, e.Type]),
        [['Development', 'Static']],
      );
      const envId = (name: string) => environments.Items.find((e: { Name: string }) => e.Name === name).Id;
      const lifecycles = await server.get('/api/Spaces-1/lifecycles?take=100');
      const standard = lifecycles.Items.find((l: { Name: string }) => l.Name === 'Standard');
      assert.deepEqual(
        standard.Phases.map(
          (p: { Name: string; OptionalDeploymentTargets: string[]; MinimumEnvironmentsBeforePromotion: number }) => [
            p.Name,
            p.OptionalDeploymentTargets,
            p.MinimumEnvironmentsBeforePromotion,
          ],
        ),
        [
          ['Development', [envId('Development')], 0],
          ['Testing', [envId('Test'), envId('Staging')], 1],
          ['Production', [envId('Production')], 0],
        ],
      );
      assert.deepEqual((await server.get(`/api/Spaces-1/lifecycles/${standard.Id}`)).Id, standard.Id);
      const project = (await server.get('/api/Spaces-1/projects?partialName=Hello')).Items[0];
      const channels = await server.get(`/api/Spaces-1/projects/${project.Id}/channels?take=100`);
      assert.deepEqual(
        channels.Items.map((c: { Name: string; IsDefault: boolean }) => [c.Name, c.IsDefault]),
        [['Default', true]],
      );
      const machines = await server.get(`/api/Spaces-1/machines?environmentIds=${envId('Test')}`);
      assert.deepEqual(
        machines.Items.map((m: { Name: string }) => m.Name),
        ['TestWeb01', 'TestWeb02'],
      );
      const variables = await server.get(`/api/Spaces-1/projects/${project.Id}/variables`);
      const password = variables.Variables.find((v: { Name: string }) => v.Name === 'DbPassword');
      assert.deepEqual([password.Value, password.IsSensitive, password.Type], [null, true, 'Sensitive']);
      const greeting = variables.Variables.filter((v: { Name: string }) => v.Name === 'Greeting');
      assert.deepEqual(
        greeting.map((v: { Value: string; Scope: object }) => [v.Value, v.Scope]),
        [
          ['Hello, Development!', { Environment: [envId('Development')] }],
          ['Hello, world!', {}],
        ],
      );
      assert.deepEqual(
        variables.ScopeValues.Environments.map((e: { Name: string }) => e.Name),
        ['Development', 'Test', 'Staging', 'Production'],
      );
      assert.deepEqual(await server.get(`/api/Spaces-1/variables/${project.VariableSetId}`), variables);
      const git = await server.get(`/api/Spaces-1/projects/${project.Id}/refs%2Fheads%2Fmain/deploymentprocesses`);
      assert.equal(git.Id, project.DeploymentProcessId);
    });
  });

  describe('step templates and feeds of the space file', () => {
    it('serves the step templates as ActionTemplate resources: the list, /all, by id, and 404 for another id', async () => {
      const list = await server.get('/api/Spaces-1/actiontemplates?partialName=gre');
      assert.equal(list.ItemType, 'ActionTemplate');
      assert.equal(list.TotalResults, 1);
      const [greet] = list.Items;
      assert.deepEqual(
        [greet.Id, greet.Name, greet.Version, greet.ActionType, greet.Properties['Octopus.Action.Script.Syntax']],
        ['ActionTemplates-7', 'Greet', 2, 'Octopus.Script', 'Bash'],
      );
      assert.deepEqual(
        greet.Parameters.map((p: { Name: string; DefaultValue: string | null }) => [p.Name, p.DefaultValue]),
        [
          ['Greet.Message', null],
          ['Greet.Punctuation', '!'],
        ],
      );
      const all = await server.get('/api/Spaces-1/actiontemplates/all');
      assert.deepEqual(
        all.map((t: { Name: string }) => t.Name),
        ['Greet'],
      );
      assert.deepEqual(await server.get('/api/Spaces-1/actiontemplates/ActionTemplates-7'), greet);
      const missing = await server.request('GET', '/api/Spaces-1/actiontemplates/ActionTemplates-999');
      assert.equal(missing.status, 404);
      assert.match(missing.body.Errors[0], /no step template ActionTemplates-999/);
    });

    it('lists the external feeds of the space file after the built-in feed, with their type and URL', async () => {
      const feeds = await server.get('/api/Spaces-1/feeds/all');
      assert.deepEqual(
        feeds.map((f: { Name: string; FeedType: string; FeedUri?: string | null }) => [
          f.Name,
          f.FeedType,
          f.FeedUri ?? null,
        ]),
        [
          ['Octopus Server (built-in)', 'BuiltIn', null],
          ['NuGet org', 'NuGet', 'https://api.nuget.org/v3/index.json'],
          ['Docker Hub', 'Docker', 'https://index.docker.io'],
        ],
      );
      assert.equal((await server.get('/api/Spaces-1/feeds/Feeds-1021')).Slug, 'docker-hub');
    });
  });

  describe('releases and lifecycles', () => {
    it('creates a release (201), refuses a duplicate version (400, nothing changes), and honours IgnoreIfAlreadyExists', async () => {
      const body = {
        spaceId: 'Spaces-1',
        spaceIdOrName: 'Default',
        spaceName: 'Default',
        ProjectName: 'Quick',
        ReleaseVersion: '1.0.0',
        ReleaseNotes: 'first',
      };
      const created = await server.post('/api/Spaces-1/releases/create/v1', body);
      assert.equal(created.status, 201, created.text);
      assert.match(created.body.ReleaseId, /^Releases-\d+$/);
      assert.equal(created.body.ReleaseVersion, '1.0.0');
      const count = (await server.get('/api/Spaces-1/releases')).TotalResults;
      const duplicate = await server.post('/api/Spaces-1/releases/create/v1', body);
      assert.equal(duplicate.status, 400);
      assert.match(duplicate.body.Errors[0], /A release with version 1\.0\.0 already exists for project 'Quick'/);
      assert.equal((await server.get('/api/Spaces-1/releases')).TotalResults, count);
      const ignored = await server.post('/api/Spaces-1/releases/create/v1', { ...body, IgnoreIfAlreadyExists: true });
      assert.equal(ignored.status, 200);
      assert.equal(ignored.body.ReleaseId, created.body.ReleaseId);
      // Without a version, the next patch version.
      const next = await server.post('/api/Spaces-1/releases/create/v1', { ProjectName: 'Quick' });
      assert.equal(next.body.ReleaseVersion, '1.0.1');
      const release = await server.get(`/api/Spaces-1/releases/${created.body.ReleaseId}`);
      assert.equal(release.ReleaseNotes, 'first');
      assert.match(release.ProjectDeploymentProcessSnapshotId, /^deploymentprocess-Projects-\d+-s-\d+-[0-9A-F]{5}$/);
      assert.equal(release.Links.Deployments, `/api/Spaces-1/releases/${release.Id}/deployments{?skip,take}`);
      const search = await server.get(
        `/api/Spaces-1/projects/${release.ProjectId}/releases?skip=0&take=5&searchByVersion=1.0.0`,
      );
      assert.deepEqual(
        search.Items.map((r: { Version: string }) => r.Version),
        ['1.0.0'],
      );
    });

    it('refuses unknown names and bad versions with the choices in the message', async () => {
      const project = await server.post('/api/Spaces-1/releases/create/v1', { ProjectName: 'Nope' });
      assert.equal(project.status, 400);
      assert.match(project.body.Errors[0], /There is no project named 'Nope'.*Known projects: .*Hello World/);
      const version = await server.post('/api/Spaces-1/releases/create/v1', {
        ProjectName: 'Quick',
        ReleaseVersion: 'one',
      });
      assert.match(version.body.Errors[0], /'one' is not a valid release version/);
      const env = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
        ProjectName: 'Quick',
        ReleaseVersion: '1.0.0',
        EnvironmentNames: ['Moon'],
      });
      assert.equal(env.status, 400);
      assert.match(
        env.body.Errors[0],
        /Unknown environment 'Moon'\. Known environments: Development, Test, Staging, Production\./,
      );
      const space = await server.post('/api/Spaces-1/releases/create/v1', {
        spaceIdOrName: 'Other',
        ProjectName: 'Quick',
      });
      assert.match(space.body.Errors[0], /not the space of the URL/);
    });

    it('enforces the lifecycle: names the environments that must succeed first, honours the minimum', async () => {
      await server.post('/api/Spaces-1/releases/create/v1', { ProjectName: 'Hello World', ReleaseVersion: '5.0.0' });
      const deployTo = (env: string) =>
        server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
          ProjectName: 'Hello World',
          ReleaseVersion: '5.0.0',
          EnvironmentNames: [env],
        });
      const early = await deployTo('Production');
      assert.equal(early.status, 400);
      assert.equal(
        early.body.Errors[0],
        "Release 5.0.0 cannot be deployed to Production yet: the lifecycle 'Standard' requires a successful deployment to Development (phase 'Development'), then 1 more of Test, Staging (phase 'Testing' needs 1) first.",
      );
      const staging = await deployTo('Staging');
      assert.match(
        staging.body.Errors[0],
        /requires a successful deployment to Development \(phase 'Development'\) first/,
      );
      const before = (await server.get('/api/Spaces-1/deployments')).TotalResults;
      const both = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
        ProjectName: 'Hello World',
        ReleaseVersion: '5.0.0',
        EnvironmentNames: ['Development', 'Production'],
      });
      assert.equal(both.status, 400);
      assert.equal(
        (await server.get('/api/Spaces-1/deployments')).TotalResults,
        before,
        'a refused request creates nothing',
      );

      const dev = await deployTo('Development');
      assert.equal((await waitForTask(server, dev.body.DeploymentServerTasks[0].ServerTaskId)).State, 'Success');
      const stillEarly = await deployTo('Production');
      assert.match(stillEarly.body.Errors[0], /requires a successful deployment to 1 more of Test, Staging/);
      const staged = await deployTo('Staging');
      assert.equal(staged.status, 200, staged.text);
      assert.equal((await waitForTask(server, staged.body.DeploymentServerTasks[0].ServerTaskId)).State, 'Success');
      // One of the two Testing environments was enough (minimum-environments: 1).
      const production = await deployTo('Production');
      assert.equal(production.status, 200, production.text);
      await waitForTask(server, production.body.DeploymentServerTasks[0].ServerTaskId);
      const deployments = await server.get(
        `/api/Spaces-1/releases/${(await server.get('/api/Spaces-1/releases?searchByVersion=5.0.0')).Items[0].Id}/deployments`,
      );
      assert.deepEqual(
        deployments.Items.map((d: { Name: string }) => d.Name),
        ['Deploy to Production', 'Deploy to Staging', 'Deploy to Development'],
      );
      const filtered = await server.get(
        `/api/Spaces-1/deployments?take=10&projects=${deployments.Items[0].ProjectId}&environments=${deployments.Items[0].EnvironmentId}`,
      );
      assert.deepEqual(
        filtered.Items.map((d: { Id: string }) => d.Id),
        [deployments.Items[0].Id],
      );
    });
  });

  describe('deployment process', () => {
    it('PUTs a process (new version), refuses a stale version (409) and bad steps (400); releases keep their snapshot', async () => {
      const project = (await server.get('/api/Spaces-1/projects?partialName=Quick')).Items[0];
      const { taskId: firstTask } = await deploy(server, 'Quick', '7.0.0', ['Test']);
      await waitForTask(server, firstTask);
      const route = `/api/Spaces-1/projects/${project.Id}/deploymentprocesses`;
      const process = await server.get(route);
      assert.equal(process.Steps[0].Actions[0].ActionType, 'Octopus.Script');
      assert.equal(process.Steps[0].Actions[0].Properties['Octopus.Action.Script.Syntax'], 'Bash');

      const edited = structuredClone(process);
      edited.Steps[0].Actions[0].Properties['Octopus.Action.Script.ScriptBody'] = 'echo "edited process"';
      edited.Steps[0].Actions[0].Properties['Custom.Token'] = { HasValue: true, NewValue: 'never-shown' };
      edited.Steps.push({
        Name: 'Second',
        Actions: [
          {
            Name: 'Second',
            ActionType: 'Octopus.Script',
            Environments: ['Test'],
            Properties: { 'Octopus.Action.Script.ScriptBody': 'echo second', 'Octopus.Action.Script.Syntax': 'Bash' },
          },
        ],
      });
      const put = await server.request('PUT', route, edited);
      assert.equal(put.status, 200, put.text);
      assert.equal(put.body.Version, process.Version + 1);
      assert.match(put.body.Steps[1].Id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(
        put.body.Steps[0].Actions[0].Properties['Custom.Token'],
        { HasValue: true, Hint: null },
        'sensitive values are not sent back',
      );
      assert.doesNotMatch(JSON.stringify(await server.get(route)), /never-shown/);
      const environments = await server.get('/api/Spaces-1/environments');
      assert.deepEqual(put.body.Steps[1].Actions[0].Environments, [
        environments.Items.find((e: { Name: string }) => e.Name === 'Test').Id,
      ]);

      const stale = await server.request('PUT', route, edited);
      assert.equal(stale.status, 409);
      assert.match(stale.body.Errors[0], /has changed since you read it/);
      const bad = await server.request('PUT', route, {
        ...put.body,
        Steps: [
          { Name: '', Actions: [] },
          { Name: 'X', StartTrigger: 'Sometimes', Actions: [{ Name: 'X', Environments: ['Mars'] }] },
        ],
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.Errors.slice(0, 3), [
        'Steps[0]: Name is required.',
        'Steps[0]: Actions must list at least one action.',
        'Steps[1]: StartTrigger must be StartAfterPrevious or StartWithPrevious.',
      ]);
      assert.ok(bad.body.Errors.some((e: string) => /unknown environment 'Mars'/.test(e)));
      assert.equal((await server.get(route)).Version, put.body.Version, 'a refused PUT changes nothing');

      // 7.0.0 was created before the edit: redeploying it runs the old script; a new release runs the new one.
      const old = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
        ProjectName: 'Quick',
        ReleaseVersion: '7.0.0',
        EnvironmentNames: ['Test'],
      });
      const oldTask = await waitForTask(server, old.body.DeploymentServerTasks[0].ServerTaskId);
      const oldLog = (await server.request('GET', `/api/Spaces-1/tasks/${oldTask.Id}/raw`)).text;
      assert.match(oldLog, /quick 7\.0\.0 in Test/);
      assert.doesNotMatch(oldLog, /edited process/);
      const { taskId } = await deploy(server, 'Quick', '7.0.1', ['Test']);
      const newLog = (await server.request('GET', `/api/Spaces-1/tasks/${(await waitForTask(server, taskId)).Id}/raw`))
        .text;
      assert.match(newLog, /edited process/);
      assert.match(newLog, /second/);
    });
  });
});
