/**
 * A typed client for the Octopus REST API subset the extension uses, on Node's `fetch`: every
 * request has a timeout and can be cancelled, and every failure is an OctopusError whose message
 * a person can act on. It talks to real Octopus servers (2023 and later: the executions API for
 * releases and deployments exists since 2022.3) and to the local deployment server alike.
 * Why this and not `@octopusdeploy/api-client`: docs/decisions/http-client.md.
 */
import { abortSignalOf, type CancellationLike } from './cancellation';
import { errorFromResponse, describeNetworkError, OctopusError } from '@stepwise/core/octopus/errors';
import type {
  Channel,
  CreateDeploymentCommand,
  CreateDeploymentResponse,
  CreateReleaseCommand,
  CreateReleaseResponse,
  Deployment,
  DeploymentProcess,
  Environment,
  Interruption,
  Lifecycle,
  Machine,
  PackageVersion,
  Project,
  Release,
  ResourceCollection,
  RootDocument,
  Runbook,
  RunbookRun,
  CreateRunbookRunCommand,
  ServerTask,
  ServerTaskDetails,
  Space,
  VariableSet,
} from './types';

export interface OctopusClientOptions {
  /** The address Octopus is opened at in a browser; a trailing `/api` is ignored, a virtual directory kept. */
  url: string;
  apiKey?: string;
  /** The space of the space-scoped calls (an id such as `Spaces-1`). */
  spaceId?: string;
  /** Per request, in milliseconds (default 30 s). */
  timeoutMs?: number;
  userAgent?: string;
  /** Called after each request, for a log; never sees the API key. */
  onResponse?: (info: { method: string; url: string; status: number | 'failed'; ms: number }) => void;
}

export interface CallOptions {
  /** A VS Code CancellationToken (or anything shaped like one). */
  token?: CancellationLike;
  signal?: AbortSignal;
  timeoutMs?: number;
}

type Query = Record<string, string | number | boolean | string[] | undefined>;

const DEFAULT_TIMEOUT_MS = 30_000;
/** Octopus treats `take` as a page size; this is more than any list the extension shows. */
const ALL = 1000;

/**
 * `https://octopus.example.com/`, `…/api`, `…/api/` → `https://octopus.example.com`. A user name
 * and password in the address are dropped (Octopus is signed in to with an API key, and the
 * address is shown and logged).
 */
export function normalizeServerUrl(url: string): string {
  const trimmed = url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api$/i, '');
  const parsed = new URL(trimmed);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new TypeError(`${url} is not an http(s) address.`);
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  parsed.search = '';
  return parsed.toString().replace(/\/+$/, '');
}

export class OctopusClient {
  readonly baseUrl: string;
  readonly spaceId: string | undefined;

  constructor(private readonly options: OctopusClientOptions) {
    this.baseUrl = normalizeServerUrl(options.url);
    this.spaceId = options.spaceId;
  }

  /** The same server and key, scoped to a space. */
  withSpace(spaceId: string): OctopusClient {
    return new OctopusClient({ ...this.options, spaceId });
  }

  // ── Server ──────────────────────────────────────────────────────────────

  /** `GET /api`: answers without a key; what tells an Octopus server from anything else. */
  async root(o?: CallOptions): Promise<RootDocument> {
    const root = await this.get<RootDocument>('/api', undefined, o);
    if (!root || typeof root !== 'object' || typeof root.Version !== 'string') {
      throw new OctopusError(
        'not-octopus',
        `${this.baseUrl}/api answered, but not with the Octopus API's root document (it has no Version).`,
        { url: `${this.baseUrl}/api`, method: 'GET' },
      );
    }
    return root;
  }

  async spaces(o?: CallOptions): Promise<Space[]> {
    return this.all<Space>('/api/spaces', o);
  }

  // ── Projects and what they deploy into ───────────────────────────────────

  async projects(o?: CallOptions): Promise<Project[]> {
    return this.all<Project>(this.space('/projects'), o);
  }

  async project(id: string, o?: CallOptions): Promise<Project> {
    return this.get<Project>(this.space(`/projects/${enc(id)}`), undefined, o);
  }

  /** The project with exactly this name (case-insensitive, as Octopus names are), if any. */
  async findProject(name: string, o?: CallOptions): Promise<Project | undefined> {
    const found = await this.get<ResourceCollection<Project>>(
      this.space('/projects'),
      { partialName: name, skip: 0, take: 100 },
      o,
    );
    return found.Items.find((p) => p.Name.toLowerCase() === name.toLowerCase());
  }

  /** Environments in the order Octopus shows them. */
  async environments(o?: CallOptions): Promise<Environment[]> {
    const items = await this.all<Environment>(this.space('/environments'), o);
    return [...items].sort((a, b) => (a.SortOrder ?? 0) - (b.SortOrder ?? 0));
  }

  async lifecycle(id: string, o?: CallOptions): Promise<Lifecycle> {
    return this.get<Lifecycle>(this.space(`/lifecycles/${enc(id)}`), undefined, o);
  }

  async channels(projectId: string, o?: CallOptions): Promise<Channel[]> {
    return this.all<Channel>(this.space(`/projects/${enc(projectId)}/channels`), o);
  }

  async machines(o?: CallOptions): Promise<Machine[]> {
    return this.all<Machine>(this.space('/machines'), o);
  }

  /** The space's step templates (`ActionTemplate` resources), as the server sends them. */
  async actionTemplates(o?: CallOptions): Promise<unknown[]> {
    return this.all<unknown>(this.space('/actiontemplates'), o);
  }

  // ── Process and variables ───────────────────────────────────────────────

  async deploymentProcess(projectId: string, o?: CallOptions): Promise<DeploymentProcess> {
    return this.get<DeploymentProcess>(this.space(`/projects/${enc(projectId)}/deploymentprocesses`), undefined, o);
  }

  /** A release's frozen copy of the process (`ProjectDeploymentProcessSnapshotId`). */
  async deploymentProcessById(id: string, o?: CallOptions): Promise<DeploymentProcess> {
    return this.get<DeploymentProcess>(this.space(`/deploymentprocesses/${enc(id)}`), undefined, o);
  }

  async updateDeploymentProcess(
    projectId: string,
    process: DeploymentProcess,
    o?: CallOptions,
  ): Promise<DeploymentProcess> {
    return this.send<DeploymentProcess>(
      'PUT',
      this.space(`/projects/${enc(projectId)}/deploymentprocesses`),
      process,
      o,
    );
  }

  async variableSet(id: string, o?: CallOptions): Promise<VariableSet> {
    return this.get<VariableSet>(this.space(`/variables/${enc(id)}`), undefined, o);
  }

  async updateVariableSet(set: VariableSet, o?: CallOptions): Promise<VariableSet> {
    return this.send<VariableSet>('PUT', this.space(`/variables/${enc(set.Id)}`), set, o);
  }

  // ── Releases and deployments ────────────────────────────────────────────

  async createRelease(command: CreateReleaseCommand, o?: CallOptions): Promise<CreateReleaseResponse> {
    const spaceId = this.requireSpace();
    // The executions API wants the space in the body as well, camelCase, beside PascalCase fields.
    const response = await this.send<CreateReleaseResponse>(
      'POST',
      this.space('/releases/create/v1'),
      { spaceId, spaceIdOrName: spaceId, ...command },
      o,
    );
    if (!response?.ReleaseId) throw this.unexpected('POST', '/releases/create/v1', 'no ReleaseId');
    return response;
  }

  /** A project's releases, newest first. */
  async releases(
    projectId: string,
    query: { take?: number; skip?: number; searchByVersion?: string } = {},
    o?: CallOptions,
  ): Promise<ResourceCollection<Release>> {
    return this.get<ResourceCollection<Release>>(
      this.space(`/projects/${enc(projectId)}/releases`),
      { skip: query.skip ?? 0, take: query.take ?? 30, searchByVersion: query.searchByVersion },
      o,
    );
  }

  async release(id: string, o?: CallOptions): Promise<Release> {
    return this.get<Release>(this.space(`/releases/${enc(id)}`), undefined, o);
  }

  /** A release's deployments, newest first. */
  async releaseDeployments(releaseId: string, query: { take?: number } = {}, o?: CallOptions): Promise<Deployment[]> {
    return (
      await this.get<ResourceCollection<Deployment>>(
        this.space(`/releases/${enc(releaseId)}/deployments`),
        { skip: 0, take: query.take ?? 30 },
        o,
      )
    ).Items;
  }

  async createDeployment(
    command: CreateDeploymentCommand,
    o?: CallOptions,
  ): Promise<{ DeploymentId: string; ServerTaskId: string }[]> {
    const spaceId = this.requireSpace();
    const response = await this.send<CreateDeploymentResponse>(
      'POST',
      this.space('/deployments/create/untenanted/v1'),
      { spaceId, spaceIdOrName: spaceId, ...command },
      o,
    );
    const tasks = response?.DeploymentServerTasks;
    if (!Array.isArray(tasks) || tasks.length === 0)
      throw this.unexpected('POST', '/deployments/create/untenanted/v1', 'no DeploymentServerTasks');
    // Some servers answer camelCase items (contract, appendix A case J).
    return tasks.map((t) => {
      const item = t as unknown as Record<string, string>;
      return {
        DeploymentId: item.DeploymentId ?? item.deploymentId,
        ServerTaskId: item.ServerTaskId ?? item.serverTaskId,
      };
    });
  }

  async deployments(
    query: { projects?: string[]; environments?: string[]; taskState?: string; take?: number } = {},
    o?: CallOptions,
  ): Promise<Deployment[]> {
    return (
      await this.get<ResourceCollection<Deployment>>(
        this.space('/deployments'),
        {
          skip: 0,
          take: query.take ?? 30,
          projects: query.projects,
          environments: query.environments,
          taskState: query.taskState,
        },
        o,
      )
    ).Items;
  }

  async deployment(id: string, o?: CallOptions): Promise<Deployment> {
    return this.get<Deployment>(this.space(`/deployments/${enc(id)}`), undefined, o);
  }

  /**
   * A feed's versions of a package, newest first, filtered as a channel rule filters them
   * (`versionRange`, `preReleaseTag`), as Octopus's Create Release page searches.
   */
  async packageVersions(
    feedId: string,
    packageId: string,
    query: { versionRange?: string; preReleaseTag?: string; take?: number } = {},
    o?: CallOptions,
  ): Promise<PackageVersion[]> {
    return (
      await this.get<ResourceCollection<PackageVersion>>(
        this.space(`/feeds/${enc(feedId)}/packages/versions`),
        {
          packageId,
          versionRange: query.versionRange || undefined,
          preReleaseTag: query.preReleaseTag || undefined,
          includePreRelease: true,
          skip: 0,
          take: query.take ?? 30,
        },
        o,
      )
    ).Items;
  }

  // ── Runbooks ────────────────────────────────────────────────────────────

  async runbooks(projectId: string, o?: CallOptions): Promise<Runbook[]> {
    return this.all<Runbook>(this.space(`/projects/${enc(projectId)}/runbooks`), o);
  }

  /** One run per call, as Octopus's UI does (one environment each). */
  async createRunbookRun(command: CreateRunbookRunCommand, o?: CallOptions): Promise<RunbookRun> {
    const run = await this.send<RunbookRun>('POST', this.space('/runbookRuns'), command, o);
    if (!run?.TaskId) throw this.unexpected('POST', '/runbookRuns', 'no TaskId');
    return run;
  }

  // ── Tasks ───────────────────────────────────────────────────────────────

  async task(id: string, o?: CallOptions): Promise<ServerTask> {
    return this.get<ServerTask>(this.space(`/tasks/${enc(id)}`), undefined, o);
  }

  /** Several tasks in one request (`ids=` is comma-joined, as Octopus expects). */
  async tasks(ids: string[], o?: CallOptions): Promise<ServerTask[]> {
    if (!ids.length) return [];
    const unique = [...new Set(ids)];
    return (
      await this.get<ResourceCollection<ServerTask>>(
        this.space('/tasks'),
        { ids: unique, skip: 0, take: unique.length },
        o,
      )
    ).Items;
  }

  async taskDetails(
    id: string,
    query: { verbose?: boolean; tail?: number } = {},
    o?: CallOptions,
  ): Promise<ServerTaskDetails> {
    return this.get<ServerTaskDetails>(
      this.space(`/tasks/${enc(id)}/details`),
      { verbose: query.verbose, tail: query.tail },
      o,
    );
  }

  async taskRaw(id: string, o?: CallOptions): Promise<string> {
    return this.request<string>('GET', this.space(`/tasks/${enc(id)}/raw`), { accept: 'text' }, o);
  }

  /** `POST /api/tasks/{id}/cancel`: not space-scoped, as every Octopus version serves it. */
  async cancelTask(id: string, o?: CallOptions): Promise<ServerTask> {
    return this.send<ServerTask>('POST', `/api/tasks/${enc(id)}/cancel`, {}, o);
  }

  // ── Manual interventions ────────────────────────────────────────────────

  async interruptions(
    query: { regarding?: string; pendingOnly?: boolean; take?: number } = {},
    o?: CallOptions,
  ): Promise<Interruption[]> {
    return (
      await this.get<ResourceCollection<Interruption>>(
        this.space('/interruptions'),
        { regarding: query.regarding, pendingOnly: query.pendingOnly, skip: 0, take: query.take ?? 30 },
        o,
      )
    ).Items;
  }

  /** Only the user holding responsibility may submit, so take it first. */
  async takeResponsibility(interruptionId: string, o?: CallOptions): Promise<void> {
    await this.send<unknown>('PUT', this.space(`/interruptions/${enc(interruptionId)}/responsible`), {}, o);
  }

  /** `{Result: 'Proceed'|'Abort', Notes}` for a manual intervention; `{Guidance, Notes}` for guided failure. */
  async submitInterruption(interruptionId: string, values: Record<string, string>, o?: CallOptions): Promise<void> {
    await this.send<unknown>('POST', this.space(`/interruptions/${enc(interruptionId)}/submit`), values, o);
  }

  // ── HTTP ────────────────────────────────────────────────────────────────

  private space(path: string): string {
    return `/api/${enc(this.requireSpace())}${path}`;
  }

  private requireSpace(): string {
    if (!this.spaceId) throw new TypeError('This call needs a space: use client.withSpace(spaceId).');
    return this.spaceId;
  }

  /** Every item of a collection, in one page (`take` as large as Octopus allows). */
  private async all<T>(path: string, o: CallOptions | undefined): Promise<T[]> {
    return (await this.get<ResourceCollection<T>>(path, { skip: 0, take: ALL }, o)).Items;
  }

  private get<T>(path: string, query: Query | undefined, o: CallOptions | undefined): Promise<T> {
    return this.request<T>('GET', path, { query }, o);
  }

  private send<T>(method: 'POST' | 'PUT', path: string, body: unknown, o: CallOptions | undefined): Promise<T> {
    return this.request<T>(method, path, { body }, o);
  }

  private unexpected(method: string, path: string, what: string): OctopusError {
    return new OctopusError(
      'not-octopus',
      `The server's answer to ${method} ${path} is not what Octopus sends (${what}).`,
      { method, url: this.baseUrl + path },
    );
  }

  async request<T>(
    method: string,
    path: string,
    spec: { query?: Query; body?: unknown; accept?: 'json' | 'text' },
    o: CallOptions = {},
  ): Promise<T> {
    const url = this.baseUrl + path + queryString(spec.query);
    const timeoutMs = o.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const cancel = abortSignalOf(o.token);
    const callerSignals = [o.signal, cancel.signal].filter((s): s is AbortSignal => !!s);
    const signal = AbortSignal.any([timeout, ...callerSignals]);
    const headers: Record<string, string> = {
      Accept: spec.accept === 'text' ? 'text/plain, */*' : 'application/json',
      'User-Agent': this.options.userAgent ?? 'stepwise-vscode',
    };
    if (this.options.apiKey) headers['X-Octopus-ApiKey'] = this.options.apiKey;
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    const started = Date.now();
    const report = (status: number | 'failed') =>
      this.options.onResponse?.({ method, url, status, ms: Date.now() - started });
    const wentWrong = (error: unknown): OctopusError => {
      if (error instanceof OctopusError) return error;
      if (callerSignals.some((s) => s.aborted)) return new OctopusError('cancelled', 'Cancelled.', { method, url });
      if (timeout.aborted) {
        return new OctopusError(
          'timeout',
          `${new URL(url).host} did not answer ${method} ${path} within ${Math.round(timeoutMs / 1000)} s.`,
          { method, url },
        );
      }
      return new OctopusError('unreachable', `Cannot reach ${this.baseUrl}: ${describeNetworkError(error)}`, {
        method,
        url,
        cause: error,
      });
    };
    try {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal,
          redirect: 'follow',
        });
      } catch (error) {
        report('failed');
        throw wentWrong(error);
      }
      report(response.status);
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw wentWrong(error);
      }
      const type = response.headers.get('content-type') ?? '';
      const json = parseJson(text);
      if (!response.ok) throw errorFromResponse(response.status, json.ok ? json.value : undefined, { method, url });
      if (spec.accept === 'text') return text as T;
      if (!text.trim()) return undefined as T;
      if (!json.ok) {
        const what =
          /html/i.test(type) || /^\s*</.test(text) ? 'a web page' : `${type || 'something'} that is not JSON`;
        throw new OctopusError(
          'not-octopus',
          `${this.baseUrl} answered ${method} ${path} with ${what}, not the Octopus API. Check the server URL: it is the address you open Octopus at in a browser.`,
          {
            status: response.status,
            method,
            url,
          },
        );
      }
      return json.value as T;
    } finally {
      cancel.dispose();
    }
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

/** Arrays are comma-joined, not repeated: `ids=A,B` (docs/reference/octopus-api-contract.md §1.2). */
function queryString(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text).replace(/%2C/g, ',')}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (!text.trim()) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
