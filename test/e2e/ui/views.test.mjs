// The three webviews as a person uses them: the process map beside the editor (it follows an
// edit, a card goes to its step), the deployment timeline of a deployment, the environments
// dashboard of the local server; axe-core finds no serious or critical violation in any of
// them, in the default and the other (light/dark) theme and in both high contrast themes, and
// they come back after a reload.
import assert from 'node:assert/strict';
import { ui, uiTest } from '../lib/session.mjs';

const SPACE = 'Spaces-1';
const VERSION = '9.0.0';

/** The local deployment server's API, for what the test sets up (a deployment to look at). */
async function api(method, path, body) {
  const response = await fetch(`${ui.deploymentServer.url}${path}`, {
    method,
    headers: { 'X-Octopus-ApiKey': ui.deploymentServer.apiKey, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function assertAccessible(wb, frame, where) {
  const violations = await wb.axeViolations(frame);
  assert.deepEqual(violations, [], `axe-core in ${where}`);
}

const cardName = (frame, name) => frame.locator('.card .name', { hasText: name });

uiTest(
  'Show Process Map: every step per environment, runs or skipped with the reason, its targets',
  { timeout: 120_000 },
  async (wb) => {
    await wb.quickOpen('shop.process.yaml');
    await wb.runCommand('Stepwise: Show Process Map');
    const frame = await wb.webviewFrame('table.map', { timeout: 30_000 });
    assert.deepEqual(await frame.locator('table.map thead th').allInnerTexts(), [
      'Step',
      'Development',
      'Test',
      'Production',
    ]);
    const cells = async (step) =>
      frame
        .locator('table.map tbody tr', { has: cardName(frame, step) })
        .locator('td .cell')
        .evaluateAll((els) =>
          els.map(
            (el) =>
              `${el.classList.contains('runs') ? 'runs' : 'skipped'}:${el.getAttribute('title')}:${el.textContent}`,
          ),
        );
    // preview/.octopus/space.yaml: TWeb01 serves Development and Test, PWeb01 Production.
    const hello = await cells('Say hello');
    assert.match(hello[0], /^runs:.*TWeb01/);
    assert.match(hello[1], /^runs:.*TWeb01/);
    assert.match(hello[2], /^runs:.*PWeb01/);
    const approve = await cells('Approve');
    assert.deepEqual(
      approve.map((c) => c.split(':')[0]),
      ['skipped', 'skipped', 'runs'],
    );
    assert.match(approve[0], /runs only in Production/);
    assert.match(
      await frame.locator('.card', { has: frame.locator('.name', { hasText: 'Approve' }) }).innerText(),
      /Manual intervention on the server/,
    );
    assert.doesNotMatch(await frame.locator('body').innerText(), /s3cr3t/, 'a sensitive value never shows');
    await assertAccessible(wb, frame, 'the process map');
    await wb.screenshot('process-map');
  },
);

uiTest('the process map follows an edit, and a card goes to its step in the file', async (wb) => {
  const frame = await wb.webviewFrame('table.map');
  await wb.focusEditor();
  await wb.retypeLine(17, '- name: Approve release');
  await cardName(frame, 'Approve release').waitFor({ timeout: 15_000 });
  await wb.screenshot('process-map-after-edit');
  await frame.locator('.card .goto', { hasText: 'Say hello' }).click();
  await wb.page.locator('[id="status.editor.selection"]', { hasText: 'Ln 11,' }).waitFor({ timeout: 10_000 });
  await wb.runCommand('File: Revert File');
  await cardName(frame, /^2\. Approve$/).waitFor({ timeout: 15_000 });
});

uiTest(
  'a tenanted project: one column per environment and tenant, a tenant picker, and the map follows its space file',
  { timeout: 120_000 },
  async (wb) => {
    await wb.quickOpen('saas.process.yaml');
    await wb.runCommand('Stepwise: Show Process Map');
    // Only the tenanted map has tenant headers (the shop's map may be open too).
    const frame = await wb.webviewFrame('table.map th.tenant', { timeout: 30_000 });
    const heads = async () => ({
      environments: await frame.locator('table.map thead th.env').allInnerTexts(),
      tenants: await frame.locator('table.map thead th.tenant').allInnerTexts(),
    });
    // tenants/.octopus/space.yaml: Globex deploys Saas to Production only.
    assert.deepEqual(await heads(), {
      environments: ['Test', 'Production'],
      tenants: ['Acme', 'Initech', 'Acme', 'Globex', 'Initech'],
    });
    const cells = (step) =>
      frame
        .locator('table.map tbody tr', { has: cardName(frame, step) })
        .locator('td .cell')
        .evaluateAll((els) => els.map((el) => (el.classList.contains('runs') ? el.textContent.trim() : 'skipped')));
    assert.deepEqual(
      (await cells('Deploy app')).map((c) => c.replace(/^\W+/, '').replace(/ \(.*\)$/, '')),
      ['TApp01', 'TApp01', 'PApp01', 'PApp01', 'PApp01'],
    );
    // Acme alone is on dedicated hosting.
    assert.deepEqual(
      (await cells('Provision dedicated database')).map((c) => (c === 'skipped' ? c : 'runs')),
      ['runs', 'skipped', 'runs', 'skipped', 'skipped'],
    );
    assert.match(
      await frame
        .locator('table.map tbody tr', { has: cardName(frame, 'Provision') })
        .locator('td .cell')
        .nth(1)
        .getAttribute('title'),
      /runs only for tenants tagged Hosting\/Dedicated/,
    );
    await assertAccessible(wb, frame, 'the process map of a tenanted project');
    await wb.screenshot('process-map-tenants');

    await frame.locator('select[data-pick="tenant"]').selectOption('Globex');
    await frame.locator('table.map thead th.tenant').nth(1).waitFor({ state: 'detached', timeout: 15_000 });
    assert.deepEqual(await heads(), { environments: ['Production'], tenants: ['Globex'] });
    await assertAccessible(wb, frame, 'the process map of one tenant');
    await wb.screenshot('process-map-one-tenant');
    await frame.locator('select[data-pick="tenant"]').selectOption({ label: 'All tenants' });
    await frame.locator('table.map thead th.tenant').nth(4).waitFor({ timeout: 15_000 });

    // An edit to the space file (not the process file) reaches the map: Globex deploys to Test too.
    await wb.quickOpen('space.yaml', { folder: 'tenants/.octopus' });
    await wb.retypeLine(20, 'environments: [Test, Production]');
    await frame.locator('table.map thead th.tenant').nth(5).waitFor({ timeout: 15_000 });
    assert.deepEqual((await heads()).tenants, ['Acme', 'Globex', 'Initech', 'Acme', 'Globex', 'Initech']);
    await wb.screenshot('process-map-tenants-after-space-edit');
    await wb.runCommand('File: Revert File');
    await frame.locator('table.map thead th.tenant').nth(5).waitFor({ state: 'detached', timeout: 15_000 });
  },
);

uiTest('Show Deployment Timeline draws the steps of a deployment on one time axis', async (wb) => {
  await api('POST', `/api/${SPACE}/releases/create/v1`, { ProjectName: 'Hello E2E', ReleaseVersion: VERSION });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [deployment] = (await api('GET', `/api/${SPACE}/deployments?take=1`)).Items;
    const task = deployment && (await api('GET', `/api/${SPACE}/tasks/${deployment.TaskId}`));
    if (task?.IsCompleted) break;
    assert.ok(Date.now() < deadline, 'the automatic deployment to Development finishes');
    await wb.page.waitForTimeout(300);
  }
  await wb.runCommand('Stepwise: Show Deployment Timeline');
  // Without a deployment followed in this window the command asks which one.
  const pick = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: VERSION }).first();
  const chart = wb.webviewFrame('.gantt', { timeout: 30_000 });
  if (
    await pick.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    )
  ) {
    await pick.click();
  }
  const frame = await chart;
  await frame.locator('.row.depth0 .span.success').first().waitFor();
  // The deployment shown is the one this window follows (an earlier suite's) or, with none, the
  // one picked above: either way its first step is a bar with a name.
  assert.match(await frame.locator('.row.depth0 .label').first().innerText(), /\S/);
  assert.ok((await frame.locator('.row.depth1, .row.depth2').count()) > 0, 'actions and targets are bars too');
  assert.match(await frame.locator('header').innerText(), /succeeded/);
  await assertAccessible(wb, frame, 'the timeline');
});

uiTest('Show Environments Dashboard: projects × environments with the release deployed in each', async (wb) => {
  await wb.runCommand('Stepwise: Show Environments Dashboard');
  const frame = await wb.webviewFrame('table.dashboard', { timeout: 30_000 });
  assert.deepEqual((await frame.locator('table.dashboard thead th').allInnerTexts()).slice(1), [
    'Development',
    'Test',
    'Production',
  ]);
  const row = frame.locator('table.dashboard tbody tr', { has: frame.locator('th', { hasText: 'Hello E2E' }) });
  const development = row.locator('td').nth(0);
  await development.locator('.version', { hasText: VERSION }).waitFor({ timeout: 15_000 });
  assert.match(await development.innerText(), /succeeded/);
  assert.match(await development.innerText(), /ready for Test/);
  assert.ok(await development.getByRole('button', { name: `Deploy to Test: Hello E2E ${VERSION}` }).isVisible());
  await assertAccessible(wb, frame, 'the dashboard');
});

/** The open views: the tab to bring forward, what shows in its page, its name, a box with a border. */
const VIEWS = [
  { tab: 'Dashboard:', selector: 'table.dashboard', name: 'the dashboard', box: ['td', 'borderBottomColor'] },
  { tab: 'Map: shop', selector: 'table.map', name: 'the process map', box: ['.card', 'borderTopColor'] },
  { tab: 'Timeline:', selector: '.gantt', name: 'the timeline', box: ['.span', 'borderTopColor'] },
];

/** Runs axe-core in each open view under the current theme (`kind`), after a screenshot. */
async function checkViews(wb, kind) {
  for (const view of VIEWS) {
    await wb.page.locator(`.tabs-container .tab[aria-label*="${view.tab}"]`).first().click();
    const frame = await wb.webviewFrame(view.selector);
    // The page has taken the theme: VS Code puts its kind on the webview's body.
    const bodyClass = {
      vs: 'vscode-light',
      'vs-dark': 'vscode-dark',
      'hc-black': 'vscode-high-contrast',
      'hc-light': 'vscode-high-contrast-light',
    }[kind];
    await frame.locator(`body.${bodyClass}`).waitFor({ timeout: 15_000 });
    await wb.screenshot(`${view.name.replace(/^the /, '')}-${kind}`);
    await assertAccessible(wb, frame, `${view.name} (${kind})`);
    if (kind.startsWith('hc-')) {
      // High contrast: the page's boxes are drawn with the theme's contrast border.
      const { border, contrast } = await frame.evaluate(([selector, side]) => {
        const box = document.querySelector(selector);
        const probe = document.createElement('div');
        probe.style.color = 'var(--vscode-contrastBorder)';
        document.body.append(probe);
        const contrast = getComputedStyle(probe).color;
        probe.remove();
        return { border: box ? getComputedStyle(box)[side] : undefined, contrast };
      }, view.box);
      assert.equal(border, contrast, `${view.name} (${kind}): boxes have the contrast border`);
    }
  }
}

uiTest(
  'the views in the other light/dark theme and in both high contrast themes: no serious axe violation',
  { timeout: 300_000 },
  async (wb) => {
    const before = await wb.themeKind();
    await wb.runCommand('Preferences: Toggle between Light/Dark Themes');
    await wb.page.waitForFunction(
      (was) => !document.querySelector('.monaco-workbench')?.classList.contains(was),
      before,
      { timeout: 15_000 },
    );
    await checkViews(wb, await wb.themeKind());
    const original = await wb.setColorTheme('Dark High Contrast');
    assert.equal(await wb.themeKind(), 'hc-black');
    await checkViews(wb, 'hc-black');
    await wb.setColorTheme('Light High Contrast');
    assert.equal(await wb.themeKind(), 'hc-light');
    await checkViews(wb, 'hc-light');
    // Back to the theme the suite started with.
    await wb.setColorTheme(original);
    await wb.runCommand('Preferences: Toggle between Light/Dark Themes');
    await wb.page.waitForFunction(
      (was) => document.querySelector('.monaco-workbench')?.classList.contains(was),
      before,
      { timeout: 15_000 },
    );
  },
);

// A reload restarts the extension host and the language server: on a loaded machine that takes minutes.
uiTest('after Developer: Reload Window the process map comes back, drawn again', { timeout: 480_000 }, async (wb) => {
  await wb.page.locator('.tabs-container .tab[aria-label*="Map: shop"]').first().click();
  await wb.webviewFrame('table.map');
  await wb.runCommand('Developer: Reload Window');
  await wb.page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  await wb.waitForExtension('Stepwise', { timeout: 240_000 });
  const tab = wb.page.locator('.tabs-container .tab[aria-label*="Map: shop"]').first();
  await tab.waitFor({ timeout: 120_000 });
  await tab.click();
  // The panel restored by the extension's serializer asks the language server for the map again.
  const frame = await wb.webviewFrame('table.map', { timeout: 240_000 });
  assert.deepEqual(await frame.locator('table.map thead th').allInnerTexts(), [
    'Step',
    'Development',
    'Test',
    'Production',
  ]);
  await cardName(frame, 'Say hello').waitFor();
  await wb.screenshot('process-map-after-reload');
});
