// Debian's Chromium driven by playwright-core, with a fresh profile per run.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches headless Chromium on a new profile folder; returns { context, page }. Pass the run's
 * `env` (with XDG_* folders) so that Chromium's crash database stays out of the home folder too.
 */
export async function launchBrowser({
  executablePath = '/usr/bin/chromium',
  profileDir,
  env,
  viewport = { width: 1440, height: 900 },
}) {
  // Playwright rejects --user-data-dir in args; a persistent context is how a profile folder is given.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    env,
    timeout: 60_000,
  });
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
