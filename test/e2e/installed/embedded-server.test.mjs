// The .vsix as a user has it: installed into a code-server with no repo open (a temp folder with
// the demo process and space files only), no local server started by the test and no Node on
// the extension host's PATH. The extension starts its own server and deploys with it.
import assert from 'node:assert/strict';
import { uiTest } from '../lib/session.mjs';

uiTest(
  'installed: Deploy to Test with no server offers the local server, starts it and deploys',
  { timeout: 180_000 },
  async (wb) => {
    // From the Explorer, as quick open's file search can take long on a busy machine.
    await wb.page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'hello-world.process.yaml' })
      .first()
      .click();
    await wb.page
      .locator('.tabs-container .tab.active[aria-label*="hello-world.process.yaml"]')
      .waitFor({ timeout: 60_000 });
    await wb.runCommand('Stepwise: Deploy to Test');
    const offer = await wb.waitForNotification('no Octopus server to talk to', { timeout: 60_000 });
    await wb.screenshot('installed-offer-local-server');
    await offer.locator('.monaco-button', { hasText: 'Start Local Server' }).click();
    await wb.clickDialogButton('Create Release and Deploy', { timeout: 90_000 });
    assert.equal(await wb.answerInput('Create a release of Hello World', undefined), '0.0.1');
    await wb.answerInput('Release notes', 'Deployed by the server the extension started');
    await wb.waitForNotification('Deployed Hello World 0.0.1 to Test', { timeout: 120_000 });
    await wb.page.locator('.statusbar-item[aria-label*="Local server"]').first().waitFor({ timeout: 10_000 });
  },
);

uiTest('installed: the Stepwise view shows the local server running in VS Code with the release', async (wb) => {
  await wb.openViewContainer('Stepwise');
  const local = wb.treeRow('Local');
  await local.waitFor({ timeout: 20_000 });
  assert.match(await local.locator('.label-description').innerText(), /^running in VS Code · 127\.0\.0\.1:\d+/);
  const project = wb.treeRow('Hello World');
  await project.waitFor({ timeout: 20_000 });
  await project.click();
  await wb.treeRow('0.0.1').waitFor({ timeout: 20_000 });
});

uiTest(
  'installed: Stop Local Server stops it; Start Local Server brings it back with its data',
  { timeout: 120_000 },
  async (wb) => {
    const status = wb.page.locator('.statusbar-item[aria-label*="Local server"]').first();
    await wb.runCommand('Stepwise: Stop Local Server');
    await status.waitFor({ state: 'hidden', timeout: 30_000 });
    await wb.runCommand('Stepwise: Start Local Server');
    await status.waitFor({ timeout: 60_000 });
    // The Stepwise view is still open from the test before (clicking its icon again would close it).
    const project = wb.treeRow('Hello World');
    await project.waitFor({ timeout: 30_000 });
    if ((await project.getAttribute('aria-expanded')) !== 'true') await project.click();
    await wb.treeRow('0.0.1').waitFor({ timeout: 20_000 });
  },
);
