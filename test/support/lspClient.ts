import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  PublishDiagnosticsNotification,
  ConfigurationRequest,
  RegistrationRequest,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  WorkspaceFoldersRequest,
  ShowMessageRequest,
  ApplyWorkspaceEditRequest,
  LogMessageNotification,
  ShowMessageNotification,
  type ProtocolConnection,
  type RequestType,
  type NotificationType,
  type ClientCapabilities,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type FileEvent,
  type Registration,
  type WorkspaceFolder,
  type ApplyWorkspaceEditParams,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { repoRoot, serverBundle } from './paths';

export interface LspClientOptions {
  /** The server command and its arguments. Default: `node dist/server.js --stdio`. */
  command?: string[];
  /** Working directory of the server process. Default: the repository root. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The workspace root; null (the default) starts the server without a workspace folder. */
  rootUri?: string | null;
  /** Default: one folder for `rootUri`, when given. */
  workspaceFolders?: WorkspaceFolder[] | null;
  /** Replaces {@link defaultClientCapabilities}. */
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** Settings returned for `workspace/configuration` requests, looked up by dotted section. */
  settings?: Record<string, unknown>;
  /** How long `initialize` may take. Default 60 s (only ends a hang). */
  timeoutMs?: number;
}

/** One `textDocument/publishDiagnostics` as the client received it. */
export interface ReceivedDiagnostics extends PublishDiagnosticsParams {
  /** `performance.now()` when the notification was handled. */
  receivedAt: number;
}

export interface WaitForDiagnosticsOptions {
  /**
   * Only a publish for this document version; one already received since the document was
   * opened counts. Without it, the next publish received after the call.
   */
  version?: number;
  /** Only a publish this predicate accepts (for servers that publish in several passes). */
  until?: (published: ReceivedDiagnostics) => boolean;
  /** Default 60 s (only ends a hang). */
  timeoutMs?: number;
}

/** What a small but realistic editor announces: enough for diagnostics, code actions and file watching. */
export const defaultClientCapabilities: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true, willSave: false, willSaveWaitUntil: false },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: true,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    codeAction: {
      dynamicRegistration: false,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: {
        codeActionKind: {
          valueSet: [
            '',
            'quickfix',
            'refactor',
            'refactor.extract',
            'refactor.inline',
            'refactor.rewrite',
            'source',
            'source.organizeImports',
            'source.fixAll',
          ],
        },
      },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    definition: { linkSupport: true },
  },
  workspace: {
    configuration: true,
    workspaceFolders: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
  },
  window: { workDoneProgress: true, showMessage: {} },
};

/**
 * The completion capabilities VS Code announces (vscode-languageclient 11, `CompletionItemFeature`):
 * it resolves documentation, detail and additional edits lazily and takes list defaults.
 */
export const vscodeCompletionCapabilities: NonNullable<ClientCapabilities['textDocument']>['completion'] = {
  dynamicRegistration: true,
  contextSupport: true,
  completionItem: {
    snippetSupport: true,
    commitCharactersSupport: true,
    documentationFormat: ['markdown', 'plaintext'],
    deprecatedSupport: true,
    preselectSupport: true,
    tagSupport: { valueSet: [1] },
    insertReplaceSupport: true,
    resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
    insertTextModeSupport: { valueSet: [1, 2] },
    labelDetailsSupport: true,
  },
  insertTextMode: 2,
  completionItemKind: { valueSet: Array.from({ length: 25 }, (_, i) => (i + 1) as 1) },
  completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
};

/** {@link defaultClientCapabilities} with VS Code's completion capabilities. */
export const vscodeLikeClientCapabilities: ClientCapabilities = {
  ...defaultClientCapabilities,
  textDocument: { ...defaultClientCapabilities.textDocument, completion: vscodeCompletionCapabilities },
};

const MAX_STDERR = 1024 * 1024;
const MAX_HISTORY = 200;

interface DiagnosticsWaiter {
  uri: string;
  options: WaitForDiagnosticsOptions;
  resolve(published: ReceivedDiagnostics): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * A language client for tests and benchmarks: spawns a server over stdio, mirrors the documents
 * it opens, and lets a test await the diagnostics the server publishes.
 */
export class LspClient {
  /** Everything the server wrote to stderr (the last MB). */
  stderr = '';
  /** `window/logMessage` and `window/showMessage` texts, in order. */
  readonly messages: { type: number; message: string }[] = [];
  /** Capabilities the server registered dynamically, by registration id. */
  readonly registrations = new Map<string, Registration>();
  /** `workspace/applyEdit` requests the server sent (all answered `applied: true`). */
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  initializeResult: InitializeResult | undefined;
  /** The exit code, or null while the server runs (or when it was killed by a signal). */
  exitCode: number | null = null;
  signal: NodeJS.Signals | null = null;
  /** Resolves when the server process has exited. */
  readonly exited: Promise<void>;

  private readonly documents = new Map<string, TextDocument>();
  private readonly history = new Map<string, ReceivedDiagnostics[]>();
  private waiters: DiagnosticsWaiter[] = [];
  private settings: Record<string, unknown>;
  private alive = true;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    private readonly options: LspClientOptions,
  ) {
    this.settings = options.settings ?? {};
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
      if (this.stderr.length > MAX_STDERR) this.stderr = this.stderr.slice(-MAX_STDERR);
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.alive = false;
        this.exitCode = code;
        this.signal = signal;
        const error = new Error(`The language server exited (${signal ?? `code ${code}`}).${this.stderrTail()}`);
        for (const w of this.waiters) {
          clearTimeout(w.timer);
          w.reject(error);
        }
        this.waiters = [];
        connection.dispose();
        resolve();
      });
    });
    this.listen();
  }

  /** Spawns the server and completes the `initialize` / `initialized` handshake. */
  static async start(options: LspClientOptions = {}): Promise<LspClient> {
    const [command, ...args] = options.command ?? [process.execPath, serverBundle, '--stdio'];
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: 'pipe',
    });
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    await spawned;
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new LspClient(child, connection, options);
    connection.listen();
    try {
      await client.initialize();
    } catch (e) {
      client.kill();
      throw e;
    }
    return client;
  }

  get isAlive(): boolean {
    return this.alive;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  // ── Documents ────────────────────────────────────────────────────────────

  /** Sends `didOpen`; returns the document version. */
  async open(uri: string, text: string, languageId = 'stepwise-process', version = 1): Promise<number> {
    this.documents.set(uri, TextDocument.create(uri, languageId, version, text));
    this.history.delete(uri);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version, text },
    });
    return version;
  }

  /** Sends `didChange` with these changes (ranged or whole-text) and returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const document = this.document(uri);
    const version = document.version + 1;
    this.documents.set(uri, TextDocument.update(document, changes, version));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  /** Sends `didSave` with the current text. */
  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, {
      textDocument: { uri },
      text: this.text(uri),
    });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The client's copy of an open document, with every change applied. */
  document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open.`);
    return document;
  }

  text(uri: string): string {
    return this.document(uri).getText();
  }

  // ── Diagnostics ──────────────────────────────────────────────────────────

  /** Resolves with the next matching `publishDiagnostics` for the document (see the options). */
  waitForDiagnostics(uri: string, options: WaitForDiagnosticsOptions = {}): Promise<ReceivedDiagnostics> {
    if (options.version !== undefined) {
      const earlier = this.history.get(uri)?.find((p) => matches(p, options));
      if (earlier) return Promise.resolve(earlier);
    }
    if (!this.alive) return Promise.reject(new Error(`The language server is not running.${this.stderrTail()}`));
    const timeoutMs = options.timeoutMs ?? 60_000; // only ends a hang; a loaded machine can be slow
    return new Promise((resolve, reject) => {
      const waiter: DiagnosticsWaiter = {
        uri,
        options,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          const seen = (this.history.get(uri) ?? []).map((p) => p.version ?? '-').join(', ');
          const wanted = options.version === undefined ? '' : ` for version ${options.version}`;
          reject(
            new Error(
              `No publishDiagnostics for ${uri}${wanted} within ${timeoutMs} ms (versions received: [${seen}]).${this.stderrTail()}`,
            ),
          );
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** The latest diagnostics published for a document, if any. */
  diagnostics(uri: string): ReceivedDiagnostics | undefined {
    return this.history.get(uri)?.at(-1);
  }

  /** Every publish for the document since it was opened (the last 200). */
  publishedDiagnostics(uri: string): readonly ReceivedDiagnostics[] {
    return this.history.get(uri) ?? [];
  }

  // ── Workspace ────────────────────────────────────────────────────────────

  /** Replaces the settings answered to `workspace/configuration` and sends `didChangeConfiguration`. */
  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  async changeWatchedFiles(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  // ── Raw protocol ─────────────────────────────────────────────────────────

  request<P, R, E>(type: RequestType<P, R, E>, params: P): Promise<R>;
  request<R = unknown>(method: string, params?: unknown): Promise<R>;
  request(typeOrMethod: string | RequestType<unknown, unknown, unknown>, params?: unknown): Promise<unknown> {
    return this.connection.sendRequest(typeOrMethod as string, params);
  }

  notify<P>(type: NotificationType<P>, params: P): Promise<void>;
  notify(method: string, params?: unknown): Promise<void>;
  notify(typeOrMethod: string | NotificationType<unknown>, params?: unknown): Promise<void> {
    return this.connection.sendNotification(typeOrMethod as string, params);
  }

  /** Answers a server-to-client request (replacing the default answer for that method). */
  onRequest(method: string, handler: (params: unknown) => unknown): void {
    this.connection.onRequest(method, handler);
  }

  onNotification(method: string, handler: (params: unknown) => void): void {
    this.connection.onNotification(method, handler);
  }

  // ── Lifecycle ────────────────────────────────────────────────────────────

  /** `shutdown` then `exit`; kills the server if it has not exited within the timeout. */
  async shutdown(timeoutMs = 3000): Promise<number | null> {
    if (this.alive) {
      try {
        await withTimeout(this.connection.sendRequest(ShutdownRequest.type), timeoutMs, 'shutdown');
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // A server that does not answer, or is already gone, is killed below.
      }
      const exited = await Promise.race([this.exited.then(() => true), delay(timeoutMs).then(() => false)]);
      if (!exited) this.kill();
    }
    await this.exited;
    return this.exitCode;
  }

  /** Kills the server process at once. */
  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }

  private async initialize(): Promise<void> {
    const { rootUri = null, initializationOptions } = this.options;
    const workspaceFolders =
      this.options.workspaceFolders !== undefined
        ? this.options.workspaceFolders
        : rootUri
          ? [{ uri: rootUri, name: path.basename(new URL(rootUri).pathname) || rootUri }]
          : null;
    const initialize = this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      clientInfo: { name: 'stepwise-test-client' },
      rootUri,
      workspaceFolders,
      capabilities: this.options.capabilities ?? defaultClientCapabilities,
      initializationOptions,
      locale: 'en',
    });
    const exitedEarly = this.exited.then(() => {
      throw new Error(
        `The language server exited during initialize (${this.signal ?? `code ${this.exitCode}`}).${this.stderrTail()}`,
      );
    });
    this.initializeResult = await Promise.race([
      withTimeout(initialize, this.options.timeoutMs ?? 60_000, 'initialize'),
      exitedEarly,
    ]);
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (params) =>
      this.received({ ...params, receivedAt: performance.now() }),
    );
    c.onNotification(LogMessageNotification.type, ({ type, message }) => void this.messages.push({ type, message }));
    c.onNotification(ShowMessageNotification.type, ({ type, message }) => void this.messages.push({ type, message }));
    c.onRequest(ConfigurationRequest.type, ({ items }) => items.map((item) => lookup(this.settings, item.section)));
    c.onRequest(RegistrationRequest.type, ({ registrations }) => {
      for (const r of registrations) this.registrations.set(r.id, r);
    });
    c.onRequest(UnregistrationRequest.type, ({ unregisterations }) => {
      for (const r of unregisterations) this.registrations.delete(r.id);
    });
    c.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    c.onRequest(WorkspaceFoldersRequest.type, () => this.options.workspaceFolders ?? null);
    c.onRequest(ShowMessageRequest.type, () => null);
    c.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      this.appliedEdits.push(params);
      return { applied: true };
    });
  }

  private received(published: ReceivedDiagnostics): void {
    const list = this.history.get(published.uri) ?? [];
    list.push(published);
    if (list.length > MAX_HISTORY) list.shift();
    this.history.set(published.uri, list);
    const ready = this.waiters.filter((w) => w.uri === published.uri && matches(published, w.options));
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) {
      clearTimeout(w.timer);
      w.resolve(published);
    }
  }

  private stderrTail(): string {
    const tail = this.stderr.trim().split('\n').slice(-20).join('\n');
    return tail ? `\nServer stderr (tail):\n${tail}` : '';
  }
}

function matches(published: ReceivedDiagnostics, options: WaitForDiagnosticsOptions): boolean {
  if (options.version !== undefined && published.version !== options.version) return false;
  return options.until ? options.until(published) : true;
}

function lookup(settings: Record<string, unknown>, section: string | undefined): unknown {
  if (!section) return settings;
  let value: unknown = settings;
  for (const key of section.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value ?? null;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
