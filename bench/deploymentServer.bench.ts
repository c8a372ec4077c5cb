// The local deployment server under load, on loopback only: requests per second and p99 latency
// of listing projects (paged, and `projects/all`) and of reading a task at 50 concurrent
// connections (autocannon, bounded duration), each compared in the same run with the ceiling —
// Fastify answering the same projects JSON as a constant (bench/ceilingServer.ts) — and
// deployments per minute of a one-script process. Runs the built CLI
// (`bin/stepwise.js server`, as `npm run bench` builds first) on a fresh data folder.
//
// Beside each throughput, the CPU time the server process itself spent (µs per request, ms per
// deployment; read from /proc on Linux, else not shown): on a shared machine throughput falls with
// the load of other processes, while CPU per unit of work moves only when the code's cost does.
//
// Options: --duration 10 (seconds per HTTP run)  --connections 50  --deployments 60
//          --out bench/results/deployment-server.json
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  repoRoot,
  startServerProcess,
  waitForTask,
  type ServerProcess,
} from '@stepwise/deployment-server/testing/serverProcess';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const DURATION = Number(option('duration', '10'));
const CONNECTIONS = Number(option('connections', '50'));
const DEPLOYMENTS = Number(option('deployments', '60'));
const OUT = path.resolve(repoRoot, option('out', 'bench/results/deployment-server.json'));
const PROJECTS = 30;
const ENVIRONMENTS = ['Development', 'Test', 'Staging', 'Production'];

function writeWorkspace(dir: string): void {
  mkdirSync(path.join(dir, '.octopus'), { recursive: true });
  writeFileSync(
    path.join(dir, '.octopus', 'space.yaml'),
    `environments: [${ENVIRONMENTS.join(', ')}]\nlifecycles:\n  - name: Anywhere\n    phases:\n      - name: All\n        environments: [${ENVIRONMENTS.join(', ')}]\n`,
  );
  for (let i = 1; i <= PROJECTS; i++) {
    const name = i === 1 ? 'Bench' : `Project ${String(i).padStart(2, '0')}`;
    writeFileSync(
      path.join(dir, `p${i}.process.yaml`),
      `project: ${name}\nlifecycle: Anywhere\nvariables:\n  Greeting: hello\nsteps:\n  - name: Say hello\n    type: script\n    script: 'echo "#{Greeting} from #{Octopus.Environment.Name}"'\n`,
    );
  }
}

let clockTicksPerSecond: number | undefined;

/**
 * CPU milliseconds a process has used: its own (user + system), and that of its children it has
 * waited for (the deployment scripts). Undefined where /proc is not there to read.
 */
function cpuMs(pid: number | undefined): { own: number; children: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    // Fields after the parenthesised command name: utime stime cutime cstime are 14-17 (1-based).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ms = (i: number) => (Number(fields[i - 3]) * 1000) / clockTicksPerSecond!;
    return { own: ms(14) + ms(15), children: ms(16) + ms(17) };
  } catch {
    return undefined;
  }
}

/** The ceiling server (see bench/ceilingServer.ts) answering `body`; resolves with its URL and a stop function. */
async function startCeiling(bodyFile: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'bench', 'ceilingServer.ts'), bodyFile],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the ceiling server exited (${code})`)));
  });
  return { url, stop: () => child.kill() };
}

async function loadUrl(url: string, apiKey?: string) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: apiKey ? { 'X-Octopus-ApiKey': apiKey } : {},
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function load(
  server: ServerProcess,
  route: string,
): Promise<{
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  serverCpuUsPerRequest?: number;
}> {
  const cpuBefore = cpuMs(server.child.pid);
  const result = await autocannon({
    url: `${server.url}${route}`,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { 'X-Octopus-ApiKey': server.apiKey },
  });
  const cpuAfter = cpuMs(server.child.pid);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    ...(cpuBefore && cpuAfter
      ? {
          serverCpuUsPerRequest: Math.round(
            ((cpuAfter.own - cpuBefore.own) * 1000) / Math.max(1, result.requests.total),
          ),
        }
      : {}),
  };
}

/** Creates `count` releases, starts a deployment of each at once, and times until all have finished. */
async function deploymentsPerMinute(server: ServerProcess, count: number, environments: string[], prefix: string) {
  for (let i = 0; i < count; i++) {
    const r = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Bench',
      ReleaseVersion: `${prefix}.${i}`,
    });
    if (r.status !== 201) throw new Error(r.text);
  }
  const started = performance.now();
  const cpuBefore = cpuMs(server.child.pid);
  const created = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
        ProjectName: 'Bench',
        ReleaseVersion: `${prefix}.${i}`,
        EnvironmentNames: [environments[i % environments.length]],
      }),
    ),
  );
  const ids = created.map((r) => {
    if (r.status !== 200) throw new Error(r.text);
    return r.body.DeploymentServerTasks[0].ServerTaskId as string;
  });
  for (;;) {
    const tasks = (await server.get(`/api/Spaces-1/tasks?skip=0&take=300&ids=${ids.join(',')}`)).Items as {
      IsCompleted: boolean;
      State: string;
    }[];
    if (tasks.every((t) => t.IsCompleted)) {
      const failed = tasks.filter((t) => t.State !== 'Success').length;
      const seconds = (performance.now() - started) / 1000;
      const cpuAfter = cpuMs(server.child.pid);
      // The polling above costs the server a little too (a few task reads per 25 ms).
      const perDeployment = (f: 'own' | 'children') =>
        cpuBefore && cpuAfter ? Number(((cpuAfter[f] - cpuBefore[f]) / count).toFixed(1)) : undefined;
      return {
        deployments: count,
        environments: environments.length,
        seconds: Number(seconds.toFixed(2)),
        perMinute: Math.round((count / seconds) * 60),
        failed,
        ...(cpuBefore && cpuAfter
          ? { serverCpuMsPerDeployment: perDeployment('own'), scriptCpuMsPerDeployment: perDeployment('children') }
          : {}),
      };
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-server-'));
  let server: ServerProcess | undefined;
  try {
    process.env.NO_PROXY = '127.0.0.1,localhost';
    const workspace = path.join(dir, 'workspace');
    writeWorkspace(workspace);
    server = await startServerProcess({ dataDir: path.join(dir, 'data'), workspace, viaCli: true });
    const first = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Bench',
      ReleaseVersion: '0.0.1',
    });
    const deployed = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
      ProjectName: 'Bench',
      ReleaseVersion: first.body.ReleaseVersion,
      EnvironmentNames: ['Development'],
    });
    const taskId = deployed.body.DeploymentServerTasks[0].ServerTaskId as string;
    await waitForTask(server, taskId);
    const loadBefore = os.loadavg()[0];

    console.log(
      `\nDeployment server over loopback (${CONNECTIONS} connections, ${DURATION} s each; ${os.cpus().length} CPUs, load ${loadBefore.toFixed(2)})`,
    );
    const bodyFile = path.join(dir, 'projects-all.json');
    writeFileSync(bodyFile, JSON.stringify(await server.get('/api/Spaces-1/projects/all')));
    const ceilingServer = await startCeiling(bodyFile);
    let ceiling: Awaited<ReturnType<typeof loadUrl>>;
    try {
      ceiling = await loadUrl(`${ceilingServer.url}/constant`);
    } finally {
      ceilingServer.stop();
    }
    const projectsAll = await load(server, '/api/Spaces-1/projects/all');
    const projects = await load(server, '/api/Spaces-1/projects');
    const task = await load(server, `/api/Spaces-1/tasks/${taskId}`);
    const ratio = (r: { requestsPerSecond: number; p99Ms: number }) => ({
      throughputOfCeiling: Number((r.requestsPerSecond / Math.max(1, ceiling.requestsPerSecond)).toFixed(2)),
      p99OverCeiling: Number((r.p99Ms / Math.max(1, ceiling.p99Ms)).toFixed(2)),
    });
    console.log(
      'route                            | req/s  | p50 ms | p99 ms | requests | non-2xx | errors | of ceiling req/s | p99 / ceiling | server CPU µs/req',
    );
    for (const [name, r] of [
      ['ceiling: Fastify, constant JSON', ceiling],
      ['GET /api/Spaces-1/projects/all', projectsAll],
      ['GET /api/Spaces-1/projects', projects],
      ['GET /api/Spaces-1/tasks/{id}', task],
    ] as const) {
      const x = ratio(r);
      const cpu = 'serverCpuUsPerRequest' in r ? String(r.serverCpuUsPerRequest ?? '') : '';
      console.log(
        `${name.padEnd(32)} | ${String(r.requestsPerSecond).padStart(6)} | ${String(r.p50Ms).padStart(6)} | ${String(r.p99Ms).padStart(6)} | ${String(r.requests).padStart(8)} | ${String(r.non2xx).padStart(7)} | ${String(r.errors).padStart(6)} | ${String(x.throughputOfCeiling).padStart(16)} | ${String(x.p99OverCeiling).padStart(13)} | ${cpu}`,
      );
    }
    console.log("(goal: at least 0.5 of the ceiling's req/s and a p99 at most 2x the ceiling's)");

    const serial = await deploymentsPerMinute(server, DEPLOYMENTS, ['Development'], '1.0');
    const spread = await deploymentsPerMinute(server, DEPLOYMENTS, ENVIRONMENTS, '2.0');
    console.log('\nDeployments of a one-script process, all started at once, until the last finished');
    console.log(
      'environments | deployments | seconds | per minute | failed | server CPU ms/deploy | script CPU ms/deploy',
    );
    for (const r of [serial, spread])
      console.log(
        `${String(r.environments).padStart(12)} | ${String(r.deployments).padStart(11)} | ${String(r.seconds).padStart(7)} | ${String(r.perMinute).padStart(10)} | ${String(r.failed).padStart(6)} | ${String(r.serverCpuMsPerDeployment ?? '').padStart(20)} | ${r.scriptCpuMsPerDeployment ?? ''}`,
      );
    console.log(
      "(one environment: one at a time, as Octopus runs a project's deployments to one environment; four: up to the task cap of 5 at once)",
    );

    let commit = '';
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    } catch {
      // not a checkout
    }
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(
      OUT,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          commit,
          node: process.version,
          cpus: os.cpus().length,
          loadAverage: { before: loadBefore, after: os.loadavg()[0] },
          connections: CONNECTIONS,
          durationSeconds: DURATION,
          projectsListed: PROJECTS,
          http: {
            ceiling,
            listProjectsAll: { ...projectsAll, ...ratio(projectsAll) },
            listProjects: { ...projects, ...ratio(projects) },
            readTask: { ...task, ...ratio(task) },
          },
          deployments: { oneEnvironment: serial, fourEnvironments: spread },
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nWrote ${path.relative(repoRoot, OUT)}`);
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
