// The extension-host suite (test/e2e/extension-host) in desktop VS Code, through
// @vscode/test-electron, for machines that can download VS Code (CI uses code-server instead:
// test/e2e/run.mjs). Needs the devDependency @vscode/test-electron (^2.5: 3.x needs Node 22).
// Usage: npm run test:desktop   (set VSCODE_VERSION to pin a version; default: stable)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let runTests;
try {
  ({ runTests } = await import('@vscode/test-electron'));
} catch {
  console.error('test:desktop needs @vscode/test-electron: npm install --save-dev @vscode/test-electron@^2.5.2');
  process.exit(1);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'stepwise-desktop-'));
const resultsFile = path.join(scratch, 'results.json');
// The release-and-deploy tests (extension-host/deploy.test.js) talk to this one.
const { startDeploymentServer } = await import('./lib/deploymentServer.mjs');
const deploymentServer = await startDeploymentServer().catch((error) => ({ error }));
const serverEnv = deploymentServer.error
  ? { STEPWISE_E2E_SERVER_ERROR: deploymentServer.error.message }
  : { STEPWISE_E2E_SERVER_URL: deploymentServer.url, STEPWISE_E2E_SERVER_KEY: deploymentServer.apiKey };
let code = 1;
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'test/e2e/extension-host/index.js'),
    extensionTestsEnv: { STEPWISE_E2E_RESULTS: resultsFile, ...serverEnv },
    launchArgs: [
      path.join(root, 'test-fixtures/e2e'),
      '--disable-extensions', // only the extension under development
      '--disable-workspace-trust',
      `--user-data-dir=${path.join(scratch, 'user-data')}`,
    ],
  }).then(() => 0);
} catch (e) {
  console.error(`test:desktop: ${e.message ?? e}`);
} finally {
  await deploymentServer.stop?.();
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : [];
  rmSync(scratch, { recursive: true, force: true });
  const count = (status) => results.filter((r) => r.status === status).length;
  const failed = count('fail') || (code === 0 ? 0 : 1);
  console.log(`desktop: ${count('pass')} passed, ${failed} failed${count('skip') ? `, ${count('skip')} skipped` : ''}`);
  process.exitCode = failed ? 1 : 0;
}
