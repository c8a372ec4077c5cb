import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TENANT_PROCESS, TENANT_SPACE } from '../../../test/support/tenantFixtures';
import { validateProcess, validateSpace } from '../validate';
import { PreviewError, previewProcess } from './index';

const space = validateSpace(TENANT_SPACE, 'space.yaml').space!;
const load = (text: string) => validateProcess(text, { space }).project!;

const SCRIPT = 'Octopus.Action.Script.ScriptBody';
const script = (text: string, tenant: string | undefined, environment = 'Production', step = 0) =>
  previewProcess(load(text), space, { environment, tenant }).steps[step].actions[0];

describe('preview of a tenanted deployment', () => {
  it("resolves the tenant's values: per environment, for all environments, common, and defaults", () => {
    assert.equal(
      script(TENANT_PROCESS, 'Acme', 'Test').properties[SCRIPT],
      'echo "acme acme.example.com db-test.acme eu-west"',
    );
    assert.equal(script(TENANT_PROCESS, 'acme').properties[SCRIPT], 'echo "acme acme.example.com db.acme eu-west"');
    assert.equal(script(TENANT_PROCESS, 'Globex').properties[SCRIPT], 'echo "globex example.com db.globex eu-west"');
    const preview = previewProcess(load(TENANT_PROCESS), space, { environment: 'Production', tenant: 'globex' });
    assert.equal(preview.tenant, 'Globex');
  });

  it('untenanted, the templates have no value and are listed as unresolved', () => {
    const preview = previewProcess(load(TENANT_PROCESS), space, { environment: 'Production' });
    assert.equal(preview.tenant, undefined);
    assert.deepEqual(
      preview.unresolved.map((u) => u.template),
      ['#{Tenant.Alias}', '#{Tenant.Domain}', '#{Tenant.Db}', '#{Tenant.Region}'],
    );
  });

  it('sets Octopus.Deployment.Tenant.Id, .Name and .Tags', () => {
    const text = TENANT_PROCESS.replace(
      /script: '.*'/,
      "script: '#{Octopus.Deployment.Tenant.Id}|#{Octopus.Deployment.Tenant.Name}|#{Octopus.Deployment.Tenant.Tags}'",
    );
    assert.equal(script(text, 'Globex').properties[SCRIPT], 'Tenants-2|Globex|Hosting/Shared');
  });

  it('runs a step with tenant tags only for a tenant with one of them', () => {
    const text = `${TENANT_PROCESS}  - name: Dedicated only
    type: script
    tenant-tags: [Hosting/Dedicated]
    script: echo dedicated
`;
    const acme = previewProcess(load(text), space, { environment: 'Production', tenant: 'Acme' });
    const globex = previewProcess(load(text), space, { environment: 'Production', tenant: 'Globex' });
    const untenanted = previewProcess(load(text), space, { environment: 'Production' });
    assert.equal(acme.steps[1].runs, true);
    assert.deepEqual(
      [globex.steps[1].runs, globex.steps[1].reason],
      [false, 'runs only for tenants tagged Hosting/Dedicated'],
    );
    assert.equal(untenanted.steps[1].runs, false);
  });

  it("Octopus's precedence: the tenant's value beats environment-scoped and unscoped project values, loses to a step scope", () => {
    const text = TENANT_PROCESS.replace(
      'steps:',
      `variables:
  Tenant.Domain:
    - value: unscoped.example.com
    - { value: production.example.com, environment: Production }
  Tenant.Db:
    - { value: step.db, step: Hello }
steps:`,
    );
    assert.equal(script(text, 'Acme').properties[SCRIPT], 'echo "acme acme.example.com step.db eu-west"');
    // Untenanted, the project's own values apply.
    assert.equal(
      previewProcess(load(text), space, { environment: 'Production' }).steps[0].actions[0].properties[SCRIPT],
      'echo "#{Tenant.Alias} production.example.com step.db #{Tenant.Region}"',
    );
  });

  it('masks a sensitive template value', () => {
    const text = TENANT_PROCESS.replace(/script: '.*'/, "script: 'key=#{Tenant.ApiKey}'");
    assert.equal(script(text, 'Acme').properties[SCRIPT], 'key=********');
  });

  it('refuses an unknown tenant (listing the known ones) and one not connected to the project in the environment', () => {
    assert.throws(
      () => previewProcess(load(TENANT_PROCESS), space, { environment: 'Production', tenant: 'Initech' }),
      (e: Error) => e instanceof PreviewError && e.message === "Unknown tenant 'Initech'. The space has: Acme, Globex.",
    );
    assert.throws(
      () => previewProcess(load(TENANT_PROCESS), space, { environment: 'Test', tenant: 'Globex' }),
      (e: Error) =>
        e instanceof PreviewError &&
        e.message ===
          "Tenant 'Globex' is not connected to project 'Web' in Test (it is connected to it in Production), so Octopus would not deploy it there.",
    );
  });
});
