import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateProcess, validateSpace } from '../validate';
import { TENANT_PROCESS, TENANT_SPACE } from '../../../test/support/tenantFixtures';
import { canonicalTagNames, connectedTenants, findTenant, tenantSuppliedNames, tenantVariables } from './tenants';

const space = () => validateSpace(TENANT_SPACE, 'space.yaml').space!;
const project = () => validateProcess(TENANT_PROCESS, { space: space() }).project!;

describe('tenants in the space file', () => {
  it('the space file with tag sets, tenants and variable templates is valid against the schema', () => {
    assert.deepEqual(validateSpace(TENANT_SPACE, 'space.yaml').diagnostics, []);
  });

  it('reads tag sets, tenants with tags, connections and values, and variable-set templates', () => {
    const s = space();
    assert.deepEqual(canonicalTagNames(s), ['Hosting/Shared', 'Hosting/Dedicated']);
    const acme = findTenant(s, 'acme')!;
    assert.equal(acme.description, 'The first customer');
    assert.deepEqual(
      acme.tags.map((t) => t.name),
      ['Hosting/Dedicated'],
    );
    assert.deepEqual(
      acme.projects.map((p) => [p.project.name, p.environments.map((e) => e.name)]),
      [['Web', ['Test', 'Production']]],
    );
    assert.deepEqual(
      acme.projects[0].variables.map((v) => [v.template.name, v.value, v.environments.map((e) => e.name)]),
      [
        ['Tenant.Domain', 'acme.example.com', []],
        ['Tenant.Db', 'db-test.acme', ['Test']],
        ['Tenant.Db', 'db.acme', ['Production']],
      ],
    );
    assert.deepEqual(acme.commonVariables[0].variableSet.name, 'Customer Settings');
    assert.deepEqual(
      s.variableSets[0].templates?.map((t) => [t.name, t.label, t.default]),
      [
        ['Tenant.Alias', 'Alias', undefined],
        ['Tenant.Region', 'Region', 'eu-west'],
      ],
    );
    assert.deepEqual(
      connectedTenants(s, 'Web', 'Test').map((t) => t.name),
      ['Acme'],
    );
    assert.deepEqual(
      connectedTenants(s, 'web').map((t) => t.name),
      ['Acme', 'Globex'],
    );
  });

  it('reads the project variable templates of a process file; sensitive from the control type', () => {
    const p = project();
    assert.deepEqual(
      p.variableTemplates?.map((t) => [t.name, t.label, t.sensitive]),
      [
        ['Tenant.Domain', 'Domain', false],
        ['Tenant.Db', 'Database server', false],
        ['Tenant.ApiKey', 'API key', true],
      ],
    );
    assert.deepEqual(tenantSuppliedNames(p, space()), [
      'Tenant.Domain',
      'Tenant.Db',
      'Tenant.ApiKey',
      'Tenant.Alias',
      'Tenant.Region',
    ]);
  });

  it("a tenant's variables: its value for the environment, else its value for all, else the default", () => {
    const s = space();
    const values = (tenant: string, environment: string) =>
      Object.fromEntries(
        tenantVariables(project(), s, findTenant(s, tenant)!, environment).map((v) => [v.name, v.values[0].value]),
      );
    assert.deepEqual(values('Acme', 'Test'), {
      'Tenant.Alias': 'acme',
      'Tenant.Region': 'eu-west',
      'Tenant.Domain': 'acme.example.com',
      'Tenant.Db': 'db-test.acme',
      'Tenant.ApiKey': 'none',
    });
    // Globex sets no domain: the default stands in.
    assert.deepEqual(values('Globex', 'Production'), {
      'Tenant.Alias': 'globex',
      'Tenant.Region': 'eu-west',
      'Tenant.Domain': 'example.com',
      'Tenant.Db': 'db.globex',
      'Tenant.ApiKey': 'none',
    });
  });

  it('a process with no variable templates loads as before (no empty list)', () => {
    const p = validateProcess('project: X\nsteps: []\n').project!;
    assert.equal('variableTemplates' in p, false);
  });
});
