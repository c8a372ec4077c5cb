import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TENANT_PROCESS, TENANT_SPACE } from '../../../test/support/tenantFixtures';
import { previewProcess } from '../preview/index';
import { validateProcess, validateSpace } from '../validate';
import { buildProcessMap, TENANT_COLUMNS_PER_PAGE } from './processMap';
import { tenantsAlike } from './tenantDependence';

const space = validateSpace(TENANT_SPACE, 'space.yaml').space!;
const load = (text: string) => validateProcess(text, { space }).project!;

const DEDICATED_STEP = `  - name: Dedicated only
    type: script
    tenant-tags: [Hosting/Dedicated]
    script: echo dedicated
`;

/** `n` tenants connected to Web in Test and Production, alternately Shared and Dedicated, with a Flag value each. */
function manyTenants(n: number, flag: (i: number) => string) {
  const tenants = Array.from(
    { length: n },
    (_, i) => `  - name: T${i + 1}
    tags: [Hosting/${i % 2 ? 'Dedicated' : 'Shared'}]
    projects:
      - project: Web
        environments: [Test, Production]
        variables:
          Tenant.Flag: '${flag(i)}'
`,
  ).join('');
  return validateSpace(
    `environments: [Test, Production]
tag-sets:
  - name: Hosting
    tags: [Shared, Dedicated]
tenants:
${tenants}`,
    'space.yaml',
  ).space!;
}

const WEB = `project: Web
variable-templates:
  - { name: Tenant.Flag, label: Flag, default: 'False' }
steps:
  - name: Hello
    type: script
    script: echo hi
${DEDICATED_STEP}`;

const runs = (cells: { runs: boolean }[]) => cells.map((c) => (c.runs ? 'runs' : 'skip'));

describe('process map of a tenanted project', () => {
  it('has one column per environment and tenant connected in it, with the tenant picker listing them', () => {
    const map = buildProcessMap(load(TENANT_PROCESS + DEDICATED_STEP), space);
    assert.deepEqual(map.tenants, ['Acme', 'Globex']);
    assert.equal(map.tenant, null);
    // Globex deploys Web to Production only.
    assert.deepEqual(map.columns, [
      { environment: 'Test', tenant: 'Acme' },
      { environment: 'Production', tenant: 'Acme' },
      { environment: 'Production', tenant: 'Globex' },
    ]);
    assert.deepEqual(runs(map.steps[0].cells), ['runs', 'runs', 'runs']);
    // Acme is Hosting/Dedicated, Globex Hosting/Shared.
    assert.deepEqual(runs(map.steps[1].cells), ['runs', 'runs', 'skip']);
    assert.equal(map.steps[1].cells[2].reason, 'runs only for tenants tagged Hosting/Dedicated');
  });

  it('shows one tenant’s columns when one is picked, and says so when the tenant is unknown', () => {
    const globex = buildProcessMap(load(TENANT_PROCESS + DEDICATED_STEP), space, { tenant: 'globex' });
    assert.equal(globex.tenant, 'Globex');
    assert.deepEqual(globex.columns, [{ environment: 'Production', tenant: 'Globex' }]);
    assert.deepEqual(runs(globex.steps[1].cells), ['skip']);
    const unknown = buildProcessMap(load(TENANT_PROCESS), space, { tenant: 'Initech' });
    assert.match(unknown.error ?? '', /Tenant 'Initech' is not connected to Web\. Connected: Acme, Globex\./);
    assert.ok(unknown.steps.every((s) => s.cells.length === 0));
  });

  it('an untenanted project keeps one column per environment', () => {
    const map = buildProcessMap(load(TENANT_PROCESS.replace('project: Web', 'project: Other')), space);
    assert.deepEqual(map.tenants, []);
    assert.deepEqual(map.columns, [{ environment: 'Test' }, { environment: 'Production' }]);
    assert.equal(map.previews, 2);
  });
});

describe('tenants alike share a preview', () => {
  it('30 tenants on two tags cost two previews per environment, and each column is what its own preview says', () => {
    const many = manyTenants(30, () => 'False');
    const project = validateProcess(WEB, { space: many }).project!;
    // Two environments: 12 tenants a page.
    for (const [page, columns] of [
      [0, 24],
      [1, 24],
      [2, 12],
    ]) {
      const map = buildProcessMap(project, many, { tenantPage: page });
      assert.equal(map.columns.length, columns);
      assert.equal(map.previews, 4);
      map.columns.forEach((column, i) => {
        const own = previewProcess(project, many, { ...column }, undefined, { resolveProperties: false });
        for (const step of map.steps)
          assert.deepEqual(
            [step.cells[i].runs, step.cells[i].reason],
            [own.steps[step.index].runs, own.steps[step.index].reason],
            `${step.name} for ${column.tenant} in ${column.environment}`,
          );
      });
    }
  });

  it(`shows at most ${TENANT_COLUMNS_PER_PAGE} columns at a time: as many tenants as fit, page by page`, () => {
    const many = manyTenants(25, () => 'False');
    const project = validateProcess(WEB, { space: many }).project!;
    const tenantsOn = (page?: number) => {
      const map = buildProcessMap(project, many, { tenantPage: page });
      return [map.tenantPage, map.tenantPages, [...new Set(map.columns.map((c) => c.tenant))]] as const;
    };
    const names = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `T${from + i}`);
    // Two environments: 12 tenants a page.
    assert.deepEqual(tenantsOn(), [0, 3, names(1, 12)]);
    assert.deepEqual(tenantsOn(2), [2, 3, names(25, 25)]);
    // Past the last page (the tenants went away), the last; a bad page, the first.
    assert.deepEqual(tenantsOn(7), [2, 3, names(25, 25)]);
    assert.deepEqual(tenantsOn(-1), [0, 3, names(1, 12)]);
    // One tenant picked: its columns on one page.
    const one = buildProcessMap(project, many, { tenant: 'T22', tenantPage: 1 });
    assert.deepEqual([one.tenantPage, one.tenantPages, one.columns.length], [0, 1, 2]);
  });

  it('without a tenant-tag filter or a variable condition, every tenant is alike', () => {
    const many = manyTenants(10, () => 'False');
    const project = validateProcess(WEB.replace(DEDICATED_STEP, ''), { space: many }).project!;
    assert.equal(tenantsAlike(project, many, 'Test', many.tenants!).length, 1);
  });

  it('a variable condition tells tenants apart by the values they supply', () => {
    const many = manyTenants(6, (i) => (i < 3 ? 'True' : 'False'));
    const text = `${WEB.replace(DEDICATED_STEP, '')}  - name: Flagged
    type: script
    script: echo flagged
    condition: { variable: '#{Tenant.Flag}' }
`;
    const project = validateProcess(text, { space: many }).project!;
    assert.deepEqual(
      tenantsAlike(project, many, 'Test', many.tenants!).map((g) => g.map((t) => t.name)),
      [
        ['T1', 'T2', 'T3'],
        ['T4', 'T5', 'T6'],
      ],
    );
    const map = buildProcessMap(project, many, { tenant: 'T2' });
    assert.deepEqual(runs(map.steps[1].cells), ['runs', 'runs']);
    assert.deepEqual(runs(buildProcessMap(project, many, { tenant: 'T5' }).steps[1].cells), ['skip', 'skip']);
  });

  it('a variable condition tells tenants apart by their tags when a value is scoped to a tenant tag', () => {
    const many = manyTenants(4, () => 'False');
    const text = `project: Web
variables:
  Big: [{ value: 'True', tenant-tag: Hosting/Dedicated }, { value: 'False' }]
steps:
  - name: Big only
    type: script
    script: echo big
    condition: { variable: '#{Big}' }
`;
    const project = validateProcess(text, { space: many }).project!;
    assert.deepEqual(
      tenantsAlike(project, many, 'Test', many.tenants!).map((g) => g.map((t) => t.name)),
      [
        ['T1', 'T3'],
        ['T2', 'T4'],
      ],
    );
    // T2 and T4 are Hosting/Dedicated.
    assert.deepEqual(runs(buildProcessMap(project, many, { tenant: 'T4' }).steps[0].cells), ['runs', 'runs']);
    assert.deepEqual(runs(buildProcessMap(project, many, { tenant: 'T3' }).steps[0].cells), ['skip', 'skip']);
  });

  it("a condition on the tenant's name gives every tenant its own preview", () => {
    const many = manyTenants(5, () => 'False');
    const text = `${WEB.replace(DEDICATED_STEP, '')}  - name: Only T3
    type: script
    script: echo t3
    condition: { variable: '#{if Octopus.Deployment.Tenant.Name == "T3"}True#{/if}' }
`;
    const project = validateProcess(text, { space: many }).project!;
    assert.equal(tenantsAlike(project, many, 'Test', many.tenants!).length, 5);
    const map = buildProcessMap(project, many);
    assert.deepEqual(
      map.columns.filter((_, i) => map.steps[1].cells[i].runs),
      [
        { environment: 'Test', tenant: 'T3' },
        { environment: 'Production', tenant: 'T3' },
      ],
    );
  });
});
