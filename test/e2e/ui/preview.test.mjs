// The preview as a person gets it: from the command palette, an environment picked from a list.
import assert from 'node:assert/strict';
import { uiTest } from '../lib/session.mjs';

uiTest('"Stepwise: Preview Process for Environment…" shows the deployment to the picked environment', async (wb) => {
  await wb.quickOpen('shop.process.yaml');
  await wb.runCommand('Stepwise: Preview Process for Environment');
  const pick = wb.page.locator('.quick-input-list .monaco-list-row[aria-label*="Production"]').first();
  await pick.waitFor({ timeout: 20_000 });
  await wb.page.keyboard.type('Production');
  await wb.page.keyboard.press('Enter');
  const tab = wb.page.locator('.tabs-container .tab[aria-label*="Shop (Production).preview.yaml"]');
  await tab.waitFor({ timeout: 20_000 });
  // The script with the Production value, on the Production target, and the manual step running.
  const line = (text) => wb.page.locator('.editor-group-container .view-line').filter({ hasText: text }).first();
  await line('echo "Hello from production on PWeb01 (key ********)"').waitFor({ timeout: 20_000 });
  assert.equal(await line('environment: Production').count(), 1);
});
