// Release and deploy as a person does it: "Stepwise: Deploy to Test" from the command palette
// on a process file, against the local deployment server run.mjs started (the extension finds
// it by itself through STEPWISE_DATA / STEPWISE_SERVER_URL, as it finds `npm start`'s).
import assert from 'node:assert/strict';
import { ui, uiTest } from '../lib/session.mjs';

const FILE = 'hello-e2e.process.yaml';

uiTest(
  'Deploy to Test from the palette creates the first release and shows the success notification',
  { timeout: 120_000 },
  async (wb) => {
    await wb.quickOpen(FILE);
    await wb.runCommand('Stepwise: Deploy to Test');
    // No release yet: the command offers to create one from the file.
    await wb.clickDialogButton('Create Release and Deploy');
    const version = await wb.answerInput('Create a release of Hello E2E', undefined);
    assert.equal(version, '0.0.1', 'the first version suggested');
    await wb.answerInput('Release notes', 'Deployed from the UI test');
    // Development deploys by itself; Test follows once it succeeded.
    const toast = await wb.waitForNotification('Deployed Hello E2E 0.0.1 to Test', { timeout: 90_000 });
    assert.ok(await toast.locator('.monaco-button', { hasText: 'Show Task Log' }).isVisible());
    await wb.page.locator('.statusbar-item[aria-label*="Hello E2E 0.0.1 → Test"]').first().waitFor({ timeout: 10_000 });
  },
);

uiTest('Show Task Log opens the log of the deployment, step by step', async (wb) => {
  const toast = await wb.waitForNotification('Deployed Hello E2E 0.0.1 to Test');
  await toast.locator('.monaco-button', { hasText: 'Show Task Log' }).click();
  await wb.page.locator('.tabs-container .tab.active[aria-label*="ServerTasks-"]').waitFor();
  const text = () => wb.activeEditor().locator('.view-lines').innerText();
  // Monaco renders spaces as no-break spaces.
  await wb.page.waitForFunction(
    () =>
      document
        .querySelector('.editor-group-container.active .monaco-editor .view-lines')
        ?.textContent?.replace(/\u00a0/g, ' ')
        .includes('Hello, Test! from E2EWeb01'),
    null,
    { timeout: 15_000 },
  );
  const shown = (await text()).replace(/\u00a0/g, ' ');
  assert.match(shown, /Deploy Hello E2E release 0\.0\.1 to Test/);
  assert.match(shown, /✔ Step 1: Say hello/);
  assert.match(shown, /Release 0\.0\.1 in Test/);
});

uiTest('the Stepwise view shows the release and its deployments with their states', async (wb) => {
  await wb.openViewContainer('Stepwise');
  await wb.treeRow('Local').waitFor({ timeout: 20_000 });
  const project = wb.treeRow('Hello E2E');
  await project.waitFor({ timeout: 20_000 });
  await project.click();
  const release = wb.treeRow('0.0.1');
  await release.waitFor();
  await release.click();
  const test = wb.treeRow('Test');
  await test.waitFor();
  assert.match(await test.locator('.label-description').innerText(), /^succeeded · /);
  await wb.treeRow('Development').waitFor();
});

uiTest(
  'a manual intervention shows Proceed / Abort; Proceed lets the deployment finish',
  { timeout: 120_000 },
  async (wb) => {
    await wb.quickOpen('approval-e2e.process.yaml');
    await wb.runCommand('Stepwise: Deploy to Test');
    await wb.clickDialogButton('Create Release and Deploy');
    await wb.answerInput('Create a release of Approval E2E', undefined);
    await wb.answerInput('Release notes', '');
    // The prompted variable, asked for the Test deployment.
    await wb.answerInput('Release note', 'typed in the UI test', { timeout: 60_000 });
    const waiting = await wb.waitForNotification('waits for you: Approve', { timeout: 60_000 });
    assert.match(await waiting.innerText(), /Check release 0\.0\.1 before it goes on/);
    await wb.page
      .locator('.statusbar-item[aria-label*="Approval E2E 0.0.1 → Test"]')
      .first()
      .waitFor({ timeout: 10_000 });
    await wb.screenshot('manual-intervention-waits');
    await waiting.locator('.monaco-button', { hasText: 'Proceed' }).click();
    await wb.waitForNotification('Deployed Approval E2E 0.0.1 to Test', { timeout: 30_000 });
  },
);

uiTest('Add Server says exactly what is wrong with a key, and offers to enter it again', async (wb) => {
  await wb.runCommand('Stepwise: Add Server…');
  await wb.answerInput('The address you open Octopus at', ui.deploymentServer.url);
  await wb.answerInput('API key for', 'API-WRONGWRONGWRONGWRONGWRONG');
  const toast = await wb.waitForNotification('did not accept the API key');
  const text = await toast.innerText();
  assert.match(
    text,
    /is an Octopus server, but it did not accept the API key: make a new one in Octopus under your profile/,
  );
  assert.doesNotMatch(text, /API key is invalid/, "the server's own words are in the log, not the message");
  for (const button of ['Enter Key Again', 'Edit URL'])
    assert.ok(await toast.locator('.monaco-button', { hasText: button }).isVisible(), button);
  await wb.screenshot('add-server-wrong-key');
  await toast.locator('.monaco-button', { hasText: 'Enter Key Again' }).click();
  await wb.page.locator('.quick-input-widget', { hasText: 'API key for' }).waitFor();
  await wb.page.keyboard.press('Escape'); // leave without adding anything
  await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
});
