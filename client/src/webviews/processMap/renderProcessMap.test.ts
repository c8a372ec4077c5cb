import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSpace, validateProcess } from '@stepwise/core';
import { attachProblems, buildProcessMap } from '@stepwise/core/processMap/processMap';
import { renderDashboard } from '../dashboard/renderDashboard';
import { renderTimeline } from '../timeline/renderTimeline';
import { TENANT_PROCESS, TENANT_SPACE } from '../../../../test/support/tenantFixtures';
import { renderProcessMap } from './renderProcessMap';

const SPACE = readSpace(
  'environments: [Test, Production]\ntargets:\n  - { name: TWeb01, environments: [Test], roles: [web] }\n',
  'space.yaml',
)!;
const PROCESS = `project: "<Shop & Co>"
steps:
  - name: "<img src=x onerror=alert(1)>"
    roles: [web]
    type: script
    script: echo hi
  - name: Side
    start: with-previous
    type: script
    script: echo side
  - name: Approve
    type: manul
`;

function map() {
  const v = validateProcess(PROCESS, { space: SPACE });
  return attachProblems(buildProcessMap(v.project!, SPACE), v.diagnostics);
}

describe('renderProcessMap', () => {
  it('escapes every name from the file', () => {
    const html = renderProcessMap(map());
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
    assert.match(html, /&#60;Shop &#38; Co&#62;/);
  });

  it('draws steps that start together in one row, side by side, and a cell per environment', () => {
    const html = renderProcessMap(map());
    const rows = html.split('<tr').slice(2); // after the head row
    assert.equal(rows.length, 2);
    assert.match(rows[0], /class="parallel"/);
    assert.equal(rows[0].match(/class="card /g)?.length, 2);
    assert.equal(rows[0].match(/<td>/g)?.length, 2);
    assert.match(rows[0], /title="no target in Production has role web"/);
  });

  it('a tenanted project: each environment over its tenants, and a tenant picker', () => {
    const space = readSpace(TENANT_SPACE, 'space.yaml')!;
    const html = renderProcessMap(buildProcessMap(validateProcess(TENANT_PROCESS, { space }).project!, space));
    assert.match(
      html,
      /<tr><th scope="col" rowspan="2">Step<\/th><th scope="colgroup" colspan="1" class="env">Test<\/th><th scope="colgroup" colspan="2" class="env">Production<\/th><\/tr>/,
    );
    assert.deepEqual(
      [...html.matchAll(/<th scope="col" class="tenant">(\w+)<\/th>/g)].map((m) => m[1]),
      ['Acme', 'Acme', 'Globex'],
    );
    assert.match(
      html,
      /<select data-pick="tenant" aria-label="Tenant"><option value="" selected>All tenants<\/option><option>Acme<\/option><option>Globex<\/option><\/select>/,
    );
    assert.match(html, /1 steps · 2 environments · 2 tenants/);
    assert.doesNotMatch(html, /Next tenants/, 'two tenants fit on one page');
  });

  it('many tenants: a page of them, with buttons to the pages before and after', () => {
    // Two environments: 12 tenants a page.
    const tenants = Array.from(
      { length: 53 },
      (_, i) => `  - { name: T${i + 1}, projects: [{ project: Web, environments: [Production] }] }\n`,
    ).join('');
    const space = readSpace(`environments: [Test, Production]\ntenants:\n${tenants}`, 'space.yaml')!;
    const project = validateProcess(TENANT_PROCESS, { space }).project!;
    const second = renderProcessMap(buildProcessMap(project, space, { tenantPage: 1 }));
    assert.match(second, /tenants 13–24 of 53/);
    assert.match(
      second,
      /data-msg="[^"]*&#34;name&#34;:&#34;tenantPage&#34;,&#34;value&#34;:&#34;0&#34;[^"]*" aria-label="Previous tenants"/,
    );
    assert.match(second, /data-msg="[^"]*&#34;value&#34;:&#34;2&#34;[^"]*" aria-label="Next tenants"/);
    const last = renderProcessMap(buildProcessMap(project, space, { tenantPage: 4 }));
    assert.match(last, /tenants 49–53 of 53/);
    assert.match(last, /<button disabled aria-label="Next tenants">/);
  });

  it('shows a problem on the card of its step and counts it in the header', () => {
    const html = renderProcessMap(map());
    const approve = html.slice(html.indexOf('id="step-2"'));
    assert.match(approve, /class="problems"/);
    assert.match(html, /\d+ problems?/);
  });

  it('uses no inline style or script, which the webview policy would refuse', () => {
    const timeline = renderTimeline({
      taskId: 'T',
      title: 't',
      state: 'success',
      span: 1000,
      running: false,
      bars: [{ id: 'a', name: 'A', depth: 0, state: 'success', start: 0, end: 500 }],
    });
    const dashboard = renderDashboard({
      server: 's',
      environments: ['E'],
      projects: [{ name: 'P', cells: [null] }],
      active: false,
      readAt: new Date(0).toISOString(),
      source: 'lists',
    });
    for (const html of [renderProcessMap(map()), timeline, dashboard]) {
      // Attribute values hold escaped text only (no quote can end them early): look at the markup around them.
      const markup = html.replace(/"[^"]*"/g, '""');
      assert.doesNotMatch(markup, /<script|<[^>]*\s(style|on\w+)=/i);
    }
    assert.match(timeline, /data-left="0\.000" data-width="50\.000"/);
  });
});
