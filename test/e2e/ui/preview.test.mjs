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
  const editor = wb.page.locator('.editor-group-container .monaco-editor').filter({ hasText: 'Hello from production' });
  await editor.first().waitFor({ timeout: 20_000 });
  assert.ok(await editor.first().getByText('PWeb01').first().isVisible());
});
