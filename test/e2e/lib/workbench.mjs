// What a person does in the VS Code workbench, as Playwright steps. Selectors are the ones
// docs/reference/real-vscode-e2e.md found to work with code-server 4.139 (VS Code 1.139).
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', information: 'Info', info: 'Info', hint: 'Hint' };

export class Workbench {
  /** @param {import('playwright-core').Page} page */
  constructor(page, { screenshotsDir }) {
    this.page = page;
    this.screenshotsDir = screenshotsDir;
    mkdirSync(screenshotsDir, { recursive: true });
  }

  /** Loads the workbench on `folder` and waits until it is usable. */
  async open(serverUrl, folder) {
    // A loaded machine (2 cores shared) can take well over the default 30 s to load the workbench.
    await this.page.goto(`${serverUrl}/?folder=${encodeURIComponent(folder)}`, { timeout: 120_000 });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the workbench has restored its views.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /**
   * Opens a workspace file by name through quick open (Ctrl+P) and waits for its editor tab.
   * Enter goes only once the list has settled with the file's row focused: quick open shows the
   * recently opened editors at once and adds the file search's results a moment later, and an
   * Enter pressed while that second list replaces the first opens nothing. `folder` picks one of
   * several files of that name (`tenants/.octopus` for `space.yaml`).
   */
  async quickOpen(fileName, { folder } = {}) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(folder ? `${folder}/${fileName}` : fileName);
    await this.page.evaluate(() => delete globalThis.__quickOpenRows);
    const rows = await this.page
      .waitForFunction(
        ({ name, folder }) => {
          const widget = document.querySelector('.quick-input-widget');
          if (widget?.querySelector('.monaco-progress-container.active')) return false; // still searching
          const all = [...(widget?.querySelectorAll('.quick-input-list .monaco-list-row') ?? [])];
          const focused = all.find((el) => el.classList.contains('focused'));
          const label = focused?.getAttribute('aria-label');
          if (!label?.includes(name) || (folder && !label.includes(folder))) return false;
          const rows = all.map((el) => `${el === focused ? '>' : ' '} ${el.getAttribute('aria-label')}`);
          // Settled: the same rows on three polls in a row.
          const seen = (globalThis.__quickOpenRows ??= { text: '', times: 0 });
          const text = rows.join('\n');
          seen.times = seen.text === text ? seen.times + 1 : 1;
          seen.text = text;
          return seen.times >= 3 && rows;
        },
        { name: fileName, folder },
        { timeout: 60_000, polling: 150 },
      )
      .then((handle) => handle.jsonValue());
    await this.page.keyboard.press('Enter');
    try {
      // The first file opened after the workbench loads can take long on a loaded machine.
      await this.page.locator(`.tabs-container .tab.active[aria-label*="${fileName}"]`).waitFor({ timeout: 60_000 });
    } catch (error) {
      const state = await this.page.evaluate(() => ({
        tabs: [...document.querySelectorAll('.tabs-container .tab')].map(
          (t) => `${t.classList.contains('active') ? '*' : ' '} ${t.getAttribute('aria-label')}`,
        ),
        focus: `${document.activeElement?.tagName}.${document.activeElement?.className}`,
        dialogs: document.querySelectorAll('.monaco-dialog-box').length,
      }));
      throw new Error(
        `quick open of ${fileName} showed no active tab of it.\nIts rows when Enter was pressed:\n${rows.join('\n')}\n` +
          `Tabs now (* active):\n${state.tabs.join('\n')}\nfocus: ${state.focus}; dialogs: ${state.dialogs}`,
        { cause: error },
      );
    }
    await this.activeEditor().locator('.view-lines').waitFor({ timeout: 60_000 });
  }

  /**
   * Puts the workbench back as a test file expects to find it, whatever the file before left:
   * no quick input, menu or dialog open, no notification, no editor (unsaved edits dropped, so no
   * fixture changes on disk), no panel. Runs before the first test of every UI test file.
   */
  async reset() {
    const page = this.page;
    const quickInput = page.locator('.quick-input-widget');
    const menu = page.locator('.context-view .monaco-menu');
    const dialog = page.locator('.monaco-dialog-box');
    const found = await page.evaluate(() => {
      const visible = (selector) => [...document.querySelectorAll(selector)].filter((el) => el.offsetParent !== null);
      return {
        tabs: visible('.tabs-container .tab').map(
          (t) => `${t.classList.contains('active') ? '*' : ''}${t.getAttribute('aria-label')}`,
        ),
        groups: document.querySelectorAll('.editor-group-container').length,
        notifications: visible('.notifications-toasts .notification-list-item').map((n) => n.innerText.split('\n')[0]),
        quickInput: visible('.quick-input-widget').length > 0,
        dialog: visible('.monaco-dialog-box').length > 0,
        panel: visible('.part.panel').length > 0,
        focus: `${document.activeElement?.tagName.toLowerCase()}.${String(document.activeElement?.className).split(' ')[0]}`,
      };
    });
    for (
      let i = 0;
      i < 3 && ((await quickInput.isVisible()) || (await menu.isVisible()) || (await dialog.isVisible()));
      i++
    ) {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(200);
    }
    await quickInput.waitFor({ state: 'hidden' });
    await dialog.waitFor({ state: 'hidden' });
    await this.runCommand('Notifications: Clear All Notifications');
    await page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached' });
    await this.runCommand('View: Close All Editor Groups');
    const tabs = page.locator('.tabs-container .tab');
    const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" }).first();
    const deadline = Date.now() + 30_000;
    while ((await tabs.count()) > 0) {
      if (await dontSave.isVisible()) await dontSave.click();
      if (Date.now() > deadline) throw new Error(`reset: editors still open: ${await tabs.allInnerTexts()}`);
      await page.waitForTimeout(200);
    }
    if (await page.locator('.part.panel').isVisible()) {
      await this.runCommand('View: Hide Panel');
      await page.locator('.part.panel').waitFor({ state: 'hidden' });
    }
    return found;
  }

  /**
   * Runs a command by its title from the command palette (F1). The palette lists the commands known
   * when it opens: one opened while the extension host is still starting (over a minute on a busy
   * machine) lacks the extension's, and one opened before a context key changes lacks the commands it
   * enables. So a palette without the command is closed and opened again, until `timeout`.
   */
  async runCommand(title, { timeout = 60_000 } = {}) {
    const deadline = Date.now() + timeout;
    const widget = this.page.locator('.quick-input-widget');
    const row = this.page.locator(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`).first();
    for (;;) {
      await this.page.keyboard.press('F1');
      await widget.locator('input').waitFor();
      await widget.locator('input').fill(`>${title}`);
      try {
        await row.waitFor({ timeout: Math.max(1, Math.min(10_000, deadline - Date.now())) });
        break;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await this.page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden' });
      }
    }
    await this.page.keyboard.press('Enter');
  }

  /** Waits until the extension's contributions are in the workbench (its view container's icon). */
  async waitForExtension(viewContainerTitle, { timeout = 120_000 } = {}) {
    await this.page
      .locator(`.activitybar .action-item a[aria-label^="${viewContainerTitle}"]`)
      .first()
      .waitFor({ timeout });
  }

  /**
   * Picks a colour theme by its name from "Preferences: Color Theme" and waits until the
   * workbench shows it; returns the name of the theme it replaced. The theme is clicked, not
   * taken with Enter: typing a name also searches the Marketplace, and that search's row
   * (an error, with no network here) can come first in the list and hold the focus.
   */
  async setColorTheme(name) {
    const kindBefore = await this.themeKind();
    // Its keybinding (Ctrl+K Ctrl+T), not the palette: there, "Preferences: Color Theme" can sit
    // below the focused "Browse Color Themes in Marketplace", which Enter then opens.
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+T');
    // The theme list is open once its input asks for a theme; its focused row is the current theme.
    await this.page
      .locator(
        '.quick-input-widget input[placeholder^="Select Color Theme"], .quick-input-widget input[aria-label^="Select Color Theme"]',
      )
      .first()
      .waitFor();
    const focused = this.page.locator('.quick-input-list .monaco-list-row.focused').first();
    await focused.waitFor();
    const previous = ((await focused.getAttribute('aria-label')) ?? '').split(',')[0].trim();
    await this.page.locator('.quick-input-widget input').fill(name);
    const row = this.page.locator(`.quick-input-list .monaco-list-row[aria-label^="${name}"]`).first();
    await row.waitFor();
    await row.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    if (previous !== name) {
      await this.page.waitForFunction(
        (was) => !document.querySelector('.monaco-workbench')?.classList.contains(was),
        kindBefore,
        { timeout: 15_000 },
      );
    }
    return previous;
  }

  /** The kind of the current colour theme, as the workbench's class: vs, vs-dark, hc-black or hc-light. */
  async themeKind() {
    return ((await this.page.locator('.monaco-workbench').getAttribute('class')) ?? '')
      .split(/\s+/)
      .find((c) => /^(vs|vs-dark|hc-black|hc-light)$/.test(c));
  }

  activeEditor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Moves keyboard focus to the active editor (Ctrl+1), e.g. away from the Problems filter. */
  async focusEditor() {
    await this.page.keyboard.press('Control+1');
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').waitFor();
  }

  /** Squiggles of one severity ('error', 'warning', 'info', 'hint') in the active editor. */
  squiggles(severity) {
    return this.activeEditor().locator(`.squiggly-${severity}`);
  }

  /** Moves the cursor to the start of a 1-based line with Go to Line (Ctrl+G); the editor keeps focus. */
  async goToLine(line) {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Types `text` over a line's content after its indentation, as a person fixing it would. */
  async retypeLine(line, text) {
    await this.goToLine(line);
    await this.page.keyboard.press('Home'); // to the first non-blank character
    await this.page.keyboard.press('Shift+End');
    if (text) await this.page.keyboard.type(text, { delay: 10 });
    else await this.page.keyboard.press('Delete');
  }

  /** The language shown in the status bar (the language mode of the active editor). */
  async languageMode() {
    const item = this.page.locator('[id="status.editor.mode"]');
    await item.waitFor();
    return (await item.innerText()).trim();
  }

  /** Shows the Problems panel with its keyboard shortcut (Ctrl+Shift+M). */
  async openProblems() {
    const panel = this.page.locator('.markers-panel');
    if (await panel.isVisible()) return;
    await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor();
  }

  /**
   * The Problems panel's marker rows, optionally narrowed with its filter box (which keeps the
   * answer independent of how many rows fit on screen). Each: { severity, text, label }.
   */
  async problems(filter = '') {
    await this.openProblems();
    const filterBox = this.page.locator('input[aria-label="Filter Problems"]').first();
    if ((await filterBox.isVisible()) && (await filterBox.inputValue()) !== filter) {
      await filterBox.fill(filter);
      await this.page.waitForTimeout(300); // the filter applies after a short debounce
    }
    // Read all rows in one go: the list re-renders whenever diagnostics change.
    const rows = await this.page
      .locator('.markers-panel .monaco-list-row[aria-level="2"]')
      .evaluateAll((els) => els.map((el) => ({ label: el.getAttribute('aria-label') ?? '', text: el.innerText })));
    return rows.map(({ label, text }) => ({
      severity: Object.entries(SEVERITY_LABEL).find(([, l]) => label.startsWith(`${l}:`))?.[0],
      text: text.replace(/\s+/g, ' ').trim(),
      label,
    }));
  }

  /**
   * Waits until the Problems panel shows (or, with `present: false`, no longer shows) a marker
   * matching `expected` = { severity, code, line, message, source }; returns the matching rows.
   */
  async waitForProblem(expected, { present = true, timeout = 20_000 } = {}) {
    const deadline = Date.now() + timeout;
    let last = [];
    for (;;) {
      last = (await this.problems(filterTerm(expected.message))).filter((p) => problemMatches(p, expected));
      if (present ? last.length > 0 : last.length === 0) return last;
      if (Date.now() > deadline) {
        const all = await this.problems('');
        throw new Error(
          `Problems panel ${present ? 'never showed' : 'still shows'} ${describeProblem(expected)} after ${timeout / 1000} s.\n` +
            `It shows:\n${all.map((p) => `  ${p.severity}: ${p.text}`).join('\n') || '  (nothing)'}`,
        );
      }
      await this.page.waitForTimeout(250);
    }
  }

  async clearProblemsFilter() {
    await this.problems('');
  }

  /** Clicks a button of the modal dialog VS Code shows for `{ modal: true }` messages. */
  async clickDialogButton(label, { timeout = 30_000 } = {}) {
    const button = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: label }).first();
    await button.waitFor({ timeout });
    await button.click();
    await this.page.locator('.monaco-dialog-box').waitFor({ state: 'hidden' });
  }

  /**
   * Answers the open input box (showInputBox) once it shows `prompt` (text in its title or
   * message): types `value` over what it suggests (unless undefined) and presses Enter.
   */
  async answerInput(prompt, value, { timeout = 30_000 } = {}) {
    const widget = this.page.locator('.quick-input-widget', { hasText: prompt });
    await widget.waitFor({ timeout });
    const input = widget.locator('input').first();
    if (value !== undefined) await input.fill(value);
    const current = await input.inputValue();
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout });
    return current;
  }

  /** The notification toast whose text contains `text`, once it shows. */
  async waitForNotification(text, { timeout = 30_000 } = {}) {
    const toast = this.page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
    await toast.waitFor({ timeout });
    return toast;
  }

  /** Opens a view container from the activity bar by its title (e.g. "Stepwise"). */
  async openViewContainer(title) {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
    await item.click();
    await this.page.locator('.sidebar .composite.title', { hasText: title }).first().waitFor();
  }

  /**
   * Right-clicks a file in the Explorer (Ctrl+Shift+E), given as its folders and name from the
   * workspace root (`['preview', 'shop.process.yaml']`), and picks `item` of its context menu.
   */
  async explorerContextMenu(segments, item) {
    await this.page.keyboard.press('Control+Shift+E');
    const rows = this.page.locator('.explorer-folders-view .monaco-list-row');
    for (const [i, segment] of segments.entries()) {
      const row = rows
        .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escape(segment)}\\s*$`) }) })
        .first();
      await row.waitFor();
      const last = i === segments.length - 1;
      if (!last && (await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      if (last) await row.click({ button: 'right' });
    }
    const entry = this.page.locator('.context-view .monaco-menu .action-item', { hasText: item }).first();
    await entry.waitFor();
    // The menu ignores a click that comes at once after it opened: choose it with the keyboard.
    await entry.hover();
    await this.page.keyboard.press('Enter');
    await entry.waitFor({ state: 'hidden' });
  }

  /** The row of a side bar tree whose label is `label` (its description is in `.label-description`). */
  treeRow(label) {
    const name = this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escape(label)}\\s*$`) });
    return this.page.locator('.sidebar .monaco-list-row', { has: name }).first();
  }

  /** Saves a PNG of the whole page under the screenshots folder; returns its path. */
  /**
   * The frame of the open webview whose page holds `selector` (webviews are iframes in iframes),
   * once it shows. Throws after `timeout`.
   */
  async webviewFrame(selector, { timeout = 20_000 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (
          await frame
            .locator(selector)
            .first()
            .isVisible()
            .catch(() => false)
        )
          return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview shows ${selector} after ${timeout / 1000} s`);
      await this.page.waitForTimeout(200);
    }
  }

  /**
   * Runs axe-core in a frame (evaluated through the debugger protocol, so the webview's content
   * security policy, which rightly refuses injected scripts, does not stop it) and returns its
   * serious and critical violations as readable lines.
   */
  async axeViolations(frame) {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await frame.evaluate(source);
    const violations = await frame.evaluate(async () =>
      (await globalThis.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.html.slice(0, 120)),
      })),
    );
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.join(' | ')}`);
  }

  async screenshot(name) {
    const file = path.join(this.screenshotsDir, `${name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '')}.png`);
    await this.page.screenshot({ path: file, timeout: 10_000 });
    return file;
  }
}

/** Whether a Problems row matches an expected problem (message contained, code, source, line). */
export function problemMatches(row, { severity, code, line, message, source = 'stepwise' }) {
  if (severity && row.severity !== severity) return false;
  if (message && !row.text.includes(message)) return false;
  // The panel shows `stepwise(code)`, though its text reads `stepwise code` (the brackets are CSS).
  if (source && !new RegExp(`\\b${escape(source)}\\W*${code ? escape(code) : ''}`).test(row.text)) return false;
  if (line && !row.text.includes(`[Ln ${line},`)) return false;
  return true;
}

/** The longest plain run of words in a message: the Problems filter gives `!`, `,`, `@` meanings. */
const filterTerm = (message = '') =>
  (message.match(/\w[\w .:'-]*\w|\w/g) ?? ['']).reduce((a, b) => (b.length > a.length ? b : a));

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function describeProblem({ severity, code, line, message }) {
  return `${severity ?? 'a problem'} ${code ? `stepwise(${code}) ` : ''}"${message}"${line ? ` on line ${line}` : ''}`;
}
