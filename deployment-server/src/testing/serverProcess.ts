import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..');
const main = path.join(repoRoot, 'deployment-server', 'src', 'main.ts');

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** A real server process on a real SQLite file, and a small HTTP client for it. */
export interface ServerProcess {
  url: string;
  apiKey: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  request<T = any>(
    method: string,
    route: string,
    body?: unknown,
    options?: { key?: string | null; headers?: Record<string, string>; raw?: string | Buffer },
  ): Promise<ApiResponse<T>>;
  get<T = any>(route: string): Promise<T>;
  post<T = any>(route: string, body: unknown): Promise<ApiResponse<T>>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies at once, mid-whatever. */
  kill9(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  workspace?: string;
  args?: string[];
  env?: Record<string, string>;
  /** Start through the built CLI (`bin/stepwise.js server`) rather than the sources. */
  viaCli?: boolean;
}

/** Starts `stepwise server --port 0` and waits until it prints where it listens. */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const args = [
    'server',
    '--port',
    '0',
    '--data',
    options.dataDir,
    ...(options.workspace ? ['--workspace', options.workspace] : []),
    ...(options.args ?? []),
  ];
  const command = options.viaCli
    ? [path.join(repoRoot, 'bin', 'stepwise.js'), ...args]
    : ['--import', 'tsx', main, ...args.slice(1)];
  const child = spawn(process.execPath, command, {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    // A wide margin for a loaded machine; a server that does not start is killed, so a failed
    // start never leaves a process behind that keeps the test runner waiting.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within 60 s:\n${output}`));
    }, 60_000);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it started:\n${output}`));
    });
  });
  const apiKey = readFileSync(path.join(options.dataDir, 'api-key'), 'utf8').trim();

  const request = async <T>(
    method: string,
    route: string,
    body?: unknown,
    opts: { key?: string | null; headers?: Record<string, string>; raw?: string | Buffer } = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? apiKey : opts.key;
    if (key !== null) headers['X-Octopus-ApiKey'] = key;
    let payload: string | Buffer | undefined = opts.raw;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${url}${route}`, {
      method,
      headers,
      body: typeof payload === 'string' || payload === undefined ? payload : new Uint8Array(payload),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  };

  return {
    url,
    apiKey,
    dataDir: options.dataDir,
    child,
    output: () => output,
    request,
    async get<T>(route: string) {
      const response = await request<T>('GET', route);
      if (response.status !== 200) throw new Error(`GET ${route} → ${response.status}: ${response.text}`);
      return response.body;
    },
    post: (route, body) => request('POST', route, body),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface TaskResource {
  Id: string;
  State: string;
  IsCompleted: boolean;
  FinishedSuccessfully: boolean;
  ErrorMessage: string;
  HasPendingInterruptions: boolean;
  StartTime: string | null;
  CompletedTime: string | null;
  [key: string]: unknown;
}

/** Polls a task until `until` holds (default: completed). */
export async function waitForTask(
  server: ServerProcess,
  taskId: string,
  until: (task: TaskResource) => boolean = (t) => t.IsCompleted,
  timeoutMs = 90_000,
): Promise<TaskResource> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await server.get<TaskResource>(`/api/Spaces-1/tasks/${taskId}`);
    if (until(task)) return task;
    if (Date.now() > deadline) throw new Error(`task ${taskId} is still ${task.State} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** Creates a release and deploys it; returns the task id (throws with the server's words on a refusal). */
export async function deploy(
  server: ServerProcess,
  project: string,
  version: string,
  environments: string[],
  extra: Record<string, unknown> = {},
): Promise<{ taskId: string; deploymentId: string }> {
  const release = await server.post('/api/Spaces-1/releases/create/v1', {
    ProjectName: project,
    ReleaseVersion: version,
    IgnoreIfAlreadyExists: true,
  });
  if (release.status >= 300) throw new Error(`create release → ${release.status}: ${release.text}`);
  const created = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
    ProjectName: project,
    ReleaseVersion: version,
    EnvironmentNames: environments,
    ...extra,
  });
  if (created.status >= 300) throw new Error(`deploy → ${created.status}: ${created.text}`);
  const [first] = created.body.DeploymentServerTasks as { DeploymentId: string; ServerTaskId: string }[];
  return { taskId: first.ServerTaskId, deploymentId: first.DeploymentId };
}

/** Whether a process is still running; a zombie (killed, not yet reaped) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
