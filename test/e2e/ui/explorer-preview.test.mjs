// The preview from the menus, where VS Code passes its own arguments after the file's URI (the
// Explorer: the selected files; the editor title: the editor group), and from the Explorer on a
// process file that is not open in any editor yet.
import assert from 'node:assert/strict';
import { uiTest } from '../lib/session.mjs';

/** Picks Production from the environment list, checks the preview, and closes it again. */
async function previewProduction(wb) {
  const pick = wb.page.locator('.quick-input-list .monaco-list-row[aria-label*="Production"]').first();
  await pick.waitFor({ timeout: 20_000 });
  await wb.page.keyboard.type('Production');
  await wb.page.keyboard.press('Enter');
  const tab = wb.page.locator('.tabs-container .tab[aria-label*="Shop (Production).preview.yaml"]');
  await tab.waitFor({ timeout: 20_000 });
  const line = (text) => wb.page.locator('.editor-group-container .view-line').filter({ hasText: text }).first();
  await line('environment: Production').waitFor({ timeout: 20_000 });
  assert.equal(
    await wb.page
      .locator('.notifications-toasts .notification-list-item', { hasText: 'Open a Stepwise process file' })
      .count(),
    0,
  );
  await wb.screenshot('preview-from-a-menu');
  // Leave the workbench as the next test expects it: no preview open.
  await tab.hover();
  await tab.locator('.tab-actions .action-label').first().click();
  await tab.waitFor({ state: 'hidden' });
}

uiTest('the Explorer context menu previews a process file that is not open', async (wb) => {
  await wb.explorerContextMenu(['preview', 'shop.process.yaml'], 'Preview Process for Environment');
  await previewProduction(wb);
});

uiTest('the preview button of the editor title asks for the environment', async (wb) => {
  await wb.quickOpen('shop.process.yaml');
  await wb.page
    .locator(
      '.editor-group-container.active .editor-actions .action-label[aria-label^="Preview Process for Environment"]',
    )
    .first()
    .click();
  await previewProduction(wb);
});
