import * as vscode from 'vscode';
import type { CancellationLike } from '../octopus/cancellation';
import { OctopusError } from '@stepwise/core/octopus/errors';
import { normalizeServerUrl, OctopusClient } from '../octopus/octopusClient';
import type { EmbeddedServer } from './embeddedServer';
import { detectLocalServer, type LocalServer } from './localServer';
import { readServerEntries, writeServerEntries, type ServerEntry } from './serverSettings';

/** A server the extension can talk to: the local deployment server, or one from `stepwise.servers`. */
export interface Connection {
  /** Stable within a session: `local`, or `server:<url>#<space>`. */
  id: string;
  name: string;
  url: string;
  space: string | undefined;
  kind: 'local' | 'configured';
}

const SECRET_PREFIX = 'stepwise.apiKey:';
const LAST_USED = 'stepwise.lastConnection';

/**
 * The servers, their API keys (SecretStorage only — never settings, never the log) and a client
 * per server and space. Space names are resolved per connection, not per process, so two
 * servers with a same-named space never mix (docs/reference/octopus-api-contract.md §1.6, item 3).
 */
export class Connections implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private local: { server: LocalServer | undefined; checked: number } | undefined;
  private readonly spaceIds = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly embedded?: EmbeddedServer,
  ) {
    this.subscriptions.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('stepwise.servers') || e.affectsConfiguration('stepwise.localServer'))
          this.invalidate();
      }),
      context.secrets.onDidChange((e) => {
        if (e.key.startsWith(SECRET_PREFIX)) this.invalidate();
      }),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  /** Forget what was detected and resolved; listeners refresh. */
  invalidate(): void {
    this.local = undefined;
    this.spaceIds.clear();
    this.changed.fire();
  }

  /** The local server (re-checked at most every 10 s) and every configured server. */
  async list(): Promise<Connection[]> {
    const configured = readServerEntries().map((e) => this.fromEntry(e));
    const local = await this.localServer();
    if (!local) return configured;
    const localUrl = normalizeServerUrl(local.url);
    // A local server the user also added by hand shows once, as they named it.
    if (configured.some((c) => c.url === localUrl)) return configured;
    return [{ id: 'local', name: 'Local', url: localUrl, space: undefined, kind: 'local' }, ...configured];
  }

  async get(id: string): Promise<Connection | undefined> {
    return (await this.list()).find((c) => c.id === id);
  }

  /**
   * The server a command works with when none is given: the one used last if it is still there,
   * else the local server when it runs, else the only one, else the user picks.
   */
  async current(options: { pick?: boolean } = {}): Promise<Connection | undefined> {
    const all = await this.list();
    if (!all.length) return undefined;
    const last = this.context.workspaceState.get<string>(LAST_USED);
    const remembered = all.find((c) => c.id === last);
    if (remembered) return remembered;
    const local = all.find((c) => c.kind === 'local');
    if (local) return local;
    if (all.length === 1 || options.pick === false) return all[0];
    return this.pick('Which Octopus server?');
  }

  async pick(placeHolder: string): Promise<Connection | undefined> {
    const all = await this.list();
    const picked = await vscode.window.showQuickPick(
      all.map((c) => ({
        label: c.name,
        description: `${c.url}${c.space ? ` · ${c.space}` : ''}`,
        detail: c.kind === 'local' ? 'The local Stepwise deployment server' : undefined,
        connection: c,
      })),
      { placeHolder },
    );
    if (picked) await this.remember(picked.connection);
    return picked?.connection;
  }

  async remember(connection: Connection): Promise<void> {
    await this.context.workspaceState.update(LAST_USED, connection.id);
  }

  /** A client for the connection's space; throws OctopusError (unauthorized when there is no key). */
  async client(connection: Connection, token?: CancellationLike): Promise<OctopusClient> {
    const apiKey = await this.apiKey(connection);
    if (!apiKey)
      throw new OctopusError('unauthorized', `There is no API key for ${connection.name}: sign in to use it.`);
    const base = new OctopusClient({
      url: connection.url,
      apiKey,
      timeoutMs: this.timeoutMs(),
      userAgent: this.userAgent(),
      onResponse: (r) => this.logResponse(r),
    });
    let spaceId = this.spaceIds.get(connection.id);
    if (!spaceId) {
      const spaces = await base.spaces({ token });
      const wanted = connection.space?.toLowerCase();
      const space = wanted
        ? spaces.find((s) => s.Name.toLowerCase() === wanted || s.Id.toLowerCase() === wanted)
        : (spaces.find((s) => s.IsDefault) ?? spaces[0]);
      if (!space) {
        throw new OctopusError(
          'not-found',
          wanted
            ? `${connection.name} has no space named '${connection.space}' (it has ${spaces.map((s) => `'${s.Name}'`).join(', ') || 'none'}).`
            : `${connection.name} shows this API key no space.`,
        );
      }
      spaceId = space.Id;
      this.spaceIds.set(connection.id, spaceId);
    }
    return base.withSpace(spaceId);
  }

  async apiKey(connection: Connection): Promise<string | undefined> {
    if (connection.kind === 'local') return (await this.localServer())?.apiKey;
    return (await this.context.secrets.get(secretKey(connection.url))) ?? (await this.localKeyFor(connection.url));
  }

  async hasKey(connection: Connection): Promise<boolean> {
    return !!(await this.apiKey(connection));
  }

  /** Saves a server in the user settings (replacing one with the same URL and space) and its key in SecretStorage. */
  async save(entry: ServerEntry, apiKey: string, replacing?: Connection): Promise<Connection> {
    const url = normalizeServerUrl(entry.url);
    const entries = readServerEntries().filter((e) => {
      const same = (c: { url: string; space?: string }) =>
        normalizeServerUrl(e.url) === normalizeServerUrl(c.url) && (e.space ?? '') === (c.space ?? '');
      return !same({ url, space: entry.space }) && !(replacing && same(replacing));
    });
    entries.push({ name: entry.name, url, space: entry.space });
    await this.context.secrets.store(secretKey(url), apiKey);
    await writeServerEntries(entries);
    const connection = this.fromEntry({ ...entry, url });
    await this.remember(connection);
    this.invalidate();
    return connection;
  }

  async storeKey(connection: Connection, apiKey: string): Promise<void> {
    await this.context.secrets.store(secretKey(connection.url), apiKey);
    this.invalidate();
  }

  async forgetKey(connection: Connection): Promise<void> {
    await this.context.secrets.delete(secretKey(connection.url));
    this.invalidate();
  }

  async remove(connection: Connection): Promise<void> {
    const entries = readServerEntries().filter(
      (e) => !(normalizeServerUrl(e.url) === connection.url && (e.space ?? '') === (connection.space ?? '')),
    );
    const urlStillUsed = entries.some((e) => normalizeServerUrl(e.url) === connection.url);
    if (!urlStillUsed) await this.context.secrets.delete(secretKey(connection.url));
    await writeServerEntries(entries);
    this.invalidate();
  }

  private fromEntry(e: ServerEntry): Connection {
    let url: string;
    try {
      url = normalizeServerUrl(e.url);
    } catch {
      url = e.url;
    }
    return { id: `server:${url}#${e.space ?? ''}`, name: e.name, url, space: e.space, kind: 'configured' };
  }

  /** True when `connection` is the server the extension runs itself. */
  isEmbedded(connection: Connection): boolean {
    const running = this.embedded?.running;
    return connection.kind === 'local' && !!running && normalizeServerUrl(running.url) === connection.url;
  }

  private async localServer(): Promise<LocalServer | undefined> {
    // The server the extension runs itself comes first: its address and key are known.
    if (this.embedded?.running) return this.embedded.running;
    if (this.local && Date.now() - this.local.checked < 10_000) return this.local.server;
    const server = await detectLocalServer();
    this.local = { server, checked: Date.now() };
    return server;
  }

  /** A configured entry that points at the local server may use its key file. */
  private async localKeyFor(url: string): Promise<string | undefined> {
    const local = await this.localServer();
    return local && normalizeServerUrl(local.url) === url ? local.apiKey : undefined;
  }

  private timeoutMs(): number {
    const seconds = vscode.workspace.getConfiguration('stepwise').get<number>('requestTimeoutSeconds') ?? 30;
    return Math.max(1, seconds) * 1000;
  }

  private userAgent(): string {
    return `stepwise-vscode/${this.context.extension.packageJSON.version ?? '0'} (VS Code ${vscode.version})`;
  }

  private logResponse(r: { method: string; url: string; status: number | 'failed'; ms: number }): void {
    this.log.trace(`${r.method} ${r.url} → ${r.status} (${r.ms} ms)`);
  }
}

function secretKey(url: string): string {
  return `${SECRET_PREFIX}${url}`;
}
