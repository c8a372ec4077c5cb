import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TENANT_PROCESS, TENANT_SPACE } from '../../../test/support/tenantFixtures';
import { validateProcess, validateSpace } from '../validate';

const line = (d: {
  severity: string;
  code: string;
  range: { start: { line: number; character: number } };
  message: string;
}) => `${d.severity} ${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`;
const spaceFindings = (text: string, projects?: string[]) =>
  validateSpace(text, 'space.yaml', { projects }).diagnostics.map(line);
const processFindings = (text: string, spaceText = TENANT_SPACE) =>
  validateProcess(text, { space: validateSpace(spaceText, 'space.yaml').space }).diagnostics.map(line);

describe('tenant checks', () => {
  it('the sample space and its tenanted process are clean', () => {
    assert.deepEqual(spaceFindings(TENANT_SPACE, ['Web']), []);
    assert.deepEqual(processFindings(TENANT_PROCESS), []);
  });

  it('template names a tenant supplies are not unknown variables; other names still are', () => {
    const without = TENANT_PROCESS.replace(/variable-templates:[\s\S]*?steps:/, 'steps:').replace(
      'variable-sets: [Customer Settings]\n',
      '',
    );
    const found = processFindings(without);
    // Without the project's templates and the set, all four names are unknown.
    assert.equal(found.filter((f) => f.includes('unknown-variable')).length, 4, found.join('\n'));
    assert.deepEqual(
      processFindings(TENANT_PROCESS.replace('#{Tenant.Db}', '#{Tenant.Dbb}')).map((f) => f.split(' ')[1]),
      ['unknown-variable'],
    );
  });

  it("a tenant's tag, a step's tenant tag and a value's tenant-tag scope must be a tag of a tag set", () => {
    assert.deepEqual(
      spaceFindings(TENANT_SPACE.replace('tags: [Hosting/Shared]', 'tags: [Hosting/Sharde, Dedicated]')),
      [
        'error unknown-tenant-tag 28:12 Unknown tenant tag `Hosting/Sharde`: no tag set of the space has it. Did you mean `Hosting/Shared`?',
        'error unknown-tenant-tag 28:28 Unknown tenant tag `Dedicated`: no tag set of the space has it. Tags are written `Set/Tag`. Known tags: Hosting/Shared, Hosting/Dedicated.',
      ],
    );
    const process = TENANT_PROCESS.replace(
      '    type: script\n',
      '    type: script\n    tenant-tags: [Hosting/Dedicatde]\n',
    ).replace('steps:', 'variables:\n  Size: [{ value: big, tenant-tag: Hosting/Nope }]\nsteps:');
    assert.deepEqual(
      processFindings(process).map((f) => f.split(' ').slice(0, 3).join(' ')),
      ['error unknown-tenant-tag 8:36', 'error unknown-tenant-tag 12:19'],
    );
    // With no tag sets in the space, tags are not checked.
    assert.deepEqual(
      processFindings(process, TENANT_SPACE.replace(/tag-sets:[\s\S]*?tenants:/, 'tenants:')).filter((f) =>
        f.includes('tenant-tag'),
      ),
      [],
    );
  });

  it('a tenant connected to an unknown project or environment, or valuing an unknown set or template', () => {
    const text = TENANT_SPACE.replace(
      'environments: [Test, Production]\n        variables:',
      'environments: [Test, Prod]\n        variables:',
    ).replace(
      '      Customer Settings:\n        Tenant.Alias: acme',
      '      Customer Settings:\n        Tenant.Alais: acme\n      Customr Settings: {}',
    );
    assert.deepEqual(
      spaceFindings(text, ['Web']).map((f) => f.split(' ').slice(0, 3).join(' ')),
      ['error unknown-environment 18:30', 'warning unknown-variable-template 26:9', 'error unknown-variable-set 27:7'],
    );
    assert.deepEqual(spaceFindings(TENANT_SPACE, ['Webb', 'Api']), [
      'warning unknown-project 17:18 Tenant `Acme` is connected to `Web`, but no process file in the workspace has that `project:`. Did you mean `Webb`?',
      'warning unknown-project 30:18 Tenant `Globex` is connected to `Web`, but no process file in the workspace has that `project:`. Did you mean `Webb`?',
    ]);
    // Without the workspace's projects, connections are not checked.
    assert.deepEqual(spaceFindings(TENANT_SPACE), []);
  });

  it('duplicate tenant names', () => {
    assert.deepEqual(spaceFindings(TENANT_SPACE.replace('name: Globex', 'name: acme')), [
      'error duplicate-tenant 27:11 Another tenant is already named `acme` (line 13).',
    ]);
  });

  it('a required template a connected tenant gives no value (and that has no default) is a warning on the template', () => {
    const process = TENANT_PROCESS.replace(
      '{ name: Tenant.Domain, label: Domain, default: example.com }',
      '{ name: Tenant.Domain, label: Domain }',
    );
    assert.deepEqual(processFindings(process), [
      'warning missing-tenant-value 4:13 Tenant `Globex` gives `Tenant.Domain` no value for Production, and the template has no default: Octopus will not deploy the tenant there until it does.',
    ]);
    // Acme gives Tenant.Db only for Test: Production is missing.
    const space = TENANT_SPACE.replace('            Production: db.acme\n', '');
    assert.deepEqual(processFindings(TENANT_PROCESS, space), [
      'warning missing-tenant-value 5:13 Tenant `Acme` gives `Tenant.Db` no value for Production, and the template has no default: Octopus will not deploy the tenant there until it does.',
    ]);
    // Acme gives no alias (a common template of the included set, with no default).
    const noAcmeAlias = TENANT_SPACE.replace(
      '    common-variables:\n      Customer Settings:\n        Tenant.Alias: acme\n',
      '',
    );
    assert.deepEqual(processFindings(TENANT_PROCESS, noAcmeAlias), [
      'warning missing-tenant-value 2:17 Tenant `Acme` gives the common variable `Tenant.Alias` (variable set `Customer Settings`) no value, and the template has no default: Octopus will not deploy the tenant until it does.',
    ]);
  });
});
