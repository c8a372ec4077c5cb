import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDeploymentServer } from '/work/wt/api/deployment-server/src/index';
import { writeTestWorkspace } from '/work/wt/api/deployment-server/src/testing/fixtures';
const dir = mkdtempSync(path.join(tmpdir(), 'smoke-'));
const ws = writeTestWorkspace(path.join(dir, 'ws'), { scratch: path.join(dir, 'scratch') });
const s = await startDeploymentServer({ dataDir: path.join(dir, 'data'), workspace: ws, port: 0 });
const h = { 'X-Octopus-ApiKey': s.apiKey };
for (const u of process.argv.slice(2)) {
  const [m, p, b] = u.split(' ');
  const r = await fetch(s.url + p, { method: m, headers: { ...h, ...(b ? { 'content-type': 'application/json' } : {}) }, body: b });
  console.log(m, p, r.status, (await r.text()).slice(0, 400));
}
await s.close();
