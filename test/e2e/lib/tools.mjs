// Finds (installing when missing) the e2e tools through scripts/e2e-tools.sh, the one place
// that knows how to install them.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Runs the idempotent tools script and returns { node24, codeServer, chromium }.
 * `browser: false` skips Chromium (for serving VS Code to a person's own browser).
 */
export function ensureTools({ browser = true } = {}) {
  const r = spawnSync('bash', [path.join(repoRoot, 'scripts/e2e-tools.sh'), ...(browser ? [] : ['--no-browser'])], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 15 * 60_000,
  });
  if (r.status !== 0) throw new Error(`scripts/e2e-tools.sh failed (${r.status ?? r.signal ?? r.error?.message})`);
  const vars = Object.fromEntries(
    r.stdout
      .split('\n')
      .map((line) => line.match(/^([A-Z0-9_]+)=(.*)$/))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
  return { node24: vars.NODE24, codeServer: vars.CODE_SERVER, chromium: vars.CHROMIUM };
}
