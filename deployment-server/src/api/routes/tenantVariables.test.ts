import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestDeploymentServer, type TestDeploymentServer } from '../../../../test/support/deploymentServer';
import { fixturesDir } from '../../../../test/support/paths';

// The tenants fixture imported into a real server: a tenant's template values read and written
// through Octopus's three APIs for them, over real HTTP; a deployment then uses what was written.
describe('tenant variables: /tenants/{id}/variables, /projectvariables, /commonvariables', () => {
  let server: TestDeploymentServer;
  let ids: {
    web: string;
    test: string;
    production: string;
    acme: string;
    globex: string;
    settings: string;
    domain: string;
    db: string;
    apiKey: string;
    alias: string;
    region: string;
  };
  before(async () => {
    server = await startTestDeploymentServer(path.join(fixturesDir, 'tenants'));
    const all = async (what: string) => (await call('GET', `/api/Spaces-1/${what}/all`)).body as Named[];
    const projects = await all('projects');
    const environments = await all('environments');
    const tenants = await all('tenants');
    const sets = (await all('libraryvariablesets')) as (Named & { Templates: Named[] })[];
    const web = projects.find((p) => p.Name === 'Web') as Named & { Templates: Named[] };
    const settings = sets.find((s) => s.Name === 'Customer Settings')!;
    const id = (list: Named[], name: string) => list.find((x) => x.Name === name)!.Id;
    ids = {
      web: web.Id,
      test: id(environments, 'Test'),
      production: id(environments, 'Production'),
      acme: id(tenants, 'Acme'),
      globex: id(tenants, 'Globex'),
      settings: settings.Id,
      domain: id(web.Templates, 'Tenant.Domain'),
      db: id(web.Templates, 'Tenant.Db'),
      apiKey: id(web.Templates, 'Tenant.ApiKey'),
      alias: id(settings.Templates, 'Tenant.Alias'),
      region: id(settings.Templates, 'Tenant.Region'),
    };
  });
  after(async () => {
    await server?.close();
  });

  interface Named {
    Id: string;
    Name: string;
  }
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { 'X-Octopus-ApiKey': server.apiKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  };
  const waitForTask = async (taskId: string) => {
    for (;;) {
      const task = (await call('GET', `/api/Spaces-1/tasks/${taskId}`)).body;
      if (task.IsCompleted) return task;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const expectBadRequest = (answer: { status: number; body: { ErrorMessage: string; Errors: string[] } }) => {
    assert.equal(answer.status, 400);
    assert.deepEqual(Object.keys(answer.body).sort(), ['ErrorMessage', 'Errors']);
    return answer.body.Errors;
  };

  it('GET /variables: the classic TenantVariableResource, keyed by project, environment and template ids', async () => {
    const { web, test, production, acme, settings, domain, db, alias } = ids;
    const answer = await call('GET', `/api/Spaces-1/tenants/${acme}/variables`);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.TenantId, acme);
    assert.equal(answer.body.TenantName, 'Acme');
    assert.deepEqual(Object.keys(answer.body.ProjectVariables), [web]);
    const project = answer.body.ProjectVariables[web];
    assert.equal(project.ProjectName, 'Web');
    assert.deepEqual(
      project.Templates.map((t: Named) => t.Name),
      ['Tenant.Domain', 'Tenant.Db', 'Tenant.ApiKey'],
    );
    assert.deepEqual(project.Variables, {
      [test]: { [domain]: 'acme.example.com', [db]: 'db-test.acme' },
      [production]: { [domain]: 'acme.example.com', [db]: 'db.acme' },
    });
    assert.deepEqual(answer.body.LibraryVariables[settings].Variables, { [alias]: 'acme' });
    assert.equal(answer.body.LibraryVariables[settings].LibraryVariableSetName, 'Customer Settings');
    assert.equal((await call('GET', '/api/Spaces-1/tenants/Tenants-404/variables')).status, 404);
  });

  it('PUT /variables: sets, keeps a sensitive value written as {HasValue: true}, clears with null; a deployment uses them', async () => {
    const { web, production, globex, settings, domain, db, apiKey, alias, region } = ids;
    const before = (await call('GET', `/api/Spaces-1/tenants/${globex}/variables`)).body;
    before.ProjectVariables[web].Variables[production] = {
      [domain]: 'globex.example.com',
      [db]: { HasValue: true, NewValue: null },
      [apiKey]: { HasValue: true, NewValue: 'globex-secret' },
    };
    before.LibraryVariables[settings].Variables = { [alias]: null, [region]: 'us-east' };
    const put = await call('PUT', `/api/Spaces-1/tenants/${globex}/variables`, before);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body.ProjectVariables[web].Variables[production], {
      [domain]: 'globex.example.com',
      [db]: 'db.globex',
      // Sensitive: never sent back.
      [apiKey]: { HasValue: true, NewValue: null },
    });
    assert.deepEqual(put.body.LibraryVariables[settings].Variables, { [region]: 'us-east' });

    const release = await call('POST', '/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Web',
      ReleaseVersion: '1.0.0',
      IgnoreIfAlreadyExists: true,
    });
    // The lifecycle deploys to Test first.
    const first = await call('POST', '/api/Spaces-1/deployments', {
      ReleaseId: release.body.ReleaseId,
      EnvironmentId: ids.test,
    });
    assert.equal(first.status, 201, first.text);
    await waitForTask(first.body.TaskId);
    const created = await call('POST', '/api/Spaces-1/deployments/create/tenanted/v1', {
      spaceIdOrName: 'Spaces-1',
      ProjectName: 'Web',
      ReleaseVersion: '1.0.0',
      EnvironmentName: 'Production',
      Tenants: ['Globex'],
    });
    assert.equal(created.status, 200, created.text);
    const taskId = created.body.DeploymentServerTasks[0].ServerTaskId;
    await waitForTask(taskId);
    const log = await (
      await fetch(`${server.url}/api/Spaces-1/tasks/${taskId}/raw`, { headers: { 'X-Octopus-ApiKey': server.apiKey } })
    ).text();
    // The alias was cleared (no default): the template stays unresolved as written.
    assert.match(log, /Alias=#\{Tenant\.Alias\} Domain=globex\.example\.com Db=db\.globex Key=\*{8} Tenant=Globex/);
  });

  it('GET /projectvariables lists one value per template and environment; includeMissingVariables adds the unset ones', async () => {
    const { web, test, production, acme, domain, db, apiKey } = ids;
    const answer = await call('GET', `/api/Spaces-1/tenants/${acme}/projectvariables?includeMissingVariables=true`);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.TenantId, acme);
    const row = (v: { ProjectId: string; TemplateId: string; Value: unknown; Scope: { EnvironmentIds: string[] } }) => [
      v.ProjectId,
      v.TemplateId,
      v.Scope.EnvironmentIds.join(),
      v.Value,
    ];
    assert.deepEqual(answer.body.Variables.map(row), [
      [web, domain, test, 'acme.example.com'],
      [web, domain, production, 'acme.example.com'],
      [web, db, test, 'db-test.acme'],
      [web, db, production, 'db.acme'],
    ]);
    assert.deepEqual(answer.body.MissingVariables.map(row), [
      [web, apiKey, test, null],
      [web, apiKey, production, null],
    ]);
    assert.equal(answer.body.Variables[0].Template.Name, 'Tenant.Domain');
    const plain = await call('GET', `/api/Spaces-1/tenants/${acme}/projectvariables`);
    assert.equal(plain.body.MissingVariables, undefined);
  });

  it('PUT /projectvariables replaces the project values; a value scoped to two environments is stored for each', async () => {
    const { web, test, production, acme, domain, apiKey } = ids;
    const put = await call('PUT', `/api/Spaces-1/tenants/${acme}/projectvariables`, {
      Variables: [
        { ProjectId: web, TemplateId: domain, Value: 'acme.test', Scope: { EnvironmentIds: [test, production] } },
        {
          ProjectId: web,
          TemplateId: apiKey,
          Value: { HasValue: true, NewValue: 'k' },
          Scope: { EnvironmentIds: [test] },
        },
      ],
    });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(
      put.body.Variables.map((v: { TemplateId: string; Value: unknown; Scope: { EnvironmentIds: string[] } }) => [
        v.TemplateId,
        v.Scope.EnvironmentIds.join(),
        v.Value,
      ]),
      [
        [domain, test, 'acme.test'],
        [domain, production, 'acme.test'],
        [apiKey, test, { HasValue: true, NewValue: null }],
      ],
    );
    // The classic view reads the same values.
    const classic = (await call('GET', `/api/Spaces-1/tenants/${acme}/variables`)).body;
    assert.deepEqual(classic.ProjectVariables[web].Variables[production], { [domain]: 'acme.test' });
  });

  it("takes api-client's bare list of payloads, which names only the template", async () => {
    const { web, test, acme, db } = ids;
    const put = await call('PUT', `/api/Spaces-1/tenants/${acme}/projectvariables`, [
      { Id: '', TemplateId: db, Value: 'db-api.acme', Scope: { EnvironmentIds: [test] } },
    ]);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(
      put.body.Variables.map((v: { ProjectId: string; TemplateId: string; Value: unknown }) => [
        v.ProjectId,
        v.TemplateId,
        v.Value,
      ]),
      [[web, db, 'db-api.acme']],
    );
  });

  it('GET and PUT /commonvariables: one value per template of the included sets', async () => {
    const { acme, settings, alias, region } = ids;
    const answer = await call('GET', `/api/Spaces-1/tenants/${acme}/commonvariables?includeMissingVariables=true`);
    assert.equal(answer.status, 200, answer.text);
    const row = (v: { LibraryVariableSetId: string; TemplateId: string; Value: unknown }) => [
      v.LibraryVariableSetId,
      v.TemplateId,
      v.Value,
    ];
    assert.deepEqual(answer.body.Variables.map(row), [[settings, alias, 'acme']]);
    assert.deepEqual(answer.body.MissingVariables.map(row), [[settings, region, null]]);
    const put = await call('PUT', `/api/Spaces-1/tenants/${acme}/commonvariables`, {
      Variables: [
        { LibraryVariableSetId: settings, TemplateId: alias, Value: 'acme-2', Scope: { EnvironmentIds: [] } },
        { LibraryVariableSetId: settings, TemplateId: region, Value: 'ap-south' },
      ],
    });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body.Variables.map(row), [
      [settings, alias, 'acme-2'],
      [settings, region, 'ap-south'],
    ]);
  });

  it("refuses bad input with a 400 in Octopus's shape, naming each problem, and changes nothing", async () => {
    const { web, test, production, globex, settings, domain, alias } = ids;
    const before = (await call('GET', `/api/Spaces-1/tenants/${globex}/variables`)).body;
    const classic = await call('PUT', `/api/Spaces-1/tenants/${globex}/variables`, {
      ProjectVariables: {
        'Projects-404': { Variables: {} },
        [web]: { Variables: { [test]: { [domain]: 'x' }, [production]: { 'Templates-9': 'y', [domain]: 5 } } },
      },
      LibraryVariables: [],
    });
    assert.deepEqual(expectBadRequest(classic), [
      "ProjectVariables['Projects-404']: tenant 'Globex' is not connected to project Projects-404.",
      "ProjectVariables['" +
        web +
        "'].Variables: tenant 'Globex' is not connected to project 'Web' in environment 'Test'.",
      `ProjectVariables['${web}'].Variables['${production}']: project 'Web' has no variable template Templates-9 (it has ${ids.domain} 'Tenant.Domain', ${ids.db} 'Tenant.Db', ${ids.apiKey} 'Tenant.ApiKey').`,
      `ProjectVariables['${web}'].Variables['${production}']: a value is a string, null, or a sensitive value { "HasValue": true|false, "NewValue": "…"|null }; got 5.`,
      'LibraryVariables must be an object keyed by id.',
    ]);
    const list = await call('PUT', `/api/Spaces-1/tenants/${globex}/projectvariables`, {
      Variables: [
        { ProjectId: web, TemplateId: domain, Value: 'a', Scope: { EnvironmentIds: [production] } },
        { ProjectId: web, TemplateId: domain, Value: 'b', Scope: { EnvironmentIds: [production] } },
        { Value: 'c' },
        { ProjectId: web, TemplateId: domain, Value: 'd', Scope: { EnvironmentIds: [] } },
      ],
    });
    assert.deepEqual(expectBadRequest(list), [
      "Variables[1]: a second value for template 'Tenant.Domain' of project 'Web' in environment 'Production'.",
      'Variables[2].TemplateId is required: it is missing.',
      'Variables[3].Scope.EnvironmentIds: name at least one environment the value is for.',
    ]);
    const common = await call('PUT', `/api/Spaces-1/tenants/${globex}/commonvariables`, {
      Variables: [{ LibraryVariableSetId: settings, TemplateId: alias, Value: 'g', Scope: { EnvironmentIds: [test] } }],
    });
    assert.deepEqual(expectBadRequest(common), [
      'Variables[0].Scope.EnvironmentIds: this server keeps one value per common variable template, for every environment; leave the scope empty.',
    ]);
    expectBadRequest(await call('PUT', `/api/Spaces-1/tenants/${globex}/commonvariables`, { Variables: 'all' }));
    expectBadRequest(await call('PUT', `/api/Spaces-1/tenants/${globex}/commonvariables`, 'all'));
    expectBadRequest(
      await call('PUT', `/api/Spaces-1/tenants/${globex}/projectvariables`, [{ TemplateId: ids.alias, Value: 'x' }]),
    );
    assert.deepEqual((await call('GET', `/api/Spaces-1/tenants/${globex}/variables`)).body, before);
  });
});
