// A language server spoken to in raw bytes over stdio, for tests of what a well-behaved client
// (test/support/lspClient.ts) never sends: broken framing, bad JSON, parameters of the wrong type.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { repoRoot, serverBundle } from './paths';

export interface RawResponse {
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export class RawLspProcess {
  stderr = '';
  exitCode: number | null = null;
  private stdout = Buffer.alloc(0);
  private readonly responses = new Map<number | string, RawResponse>();
  private readonly waiters = new Map<number | string, (response: RawResponse) => void>();
  private nextId = 1;
  /** Every message the server sent (responses, notifications, requests), in order. */
  readonly received: Record<string, unknown>[] = [];
  readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-1024 * 1024);
    });
    child.stdin.on('error', () => undefined); // the server may exit while a test still writes
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve();
      }),
    );
  }

  /** Spawns the server (default `node dist/server.js --stdio`) and completes `initialize`. */
  static async start(
    command: string[] = [process.execPath, serverBundle, '--stdio'],
    rootUri: string | null = null,
  ): Promise<RawLspProcess> {
    const [program, ...args] = command;
    const server = new RawLspProcess(spawn(program, args, { cwd: repoRoot, stdio: 'pipe' }));
    const init = await server.request('initialize', { processId: process.pid, rootUri, capabilities: {} });
    if (init.error) throw new Error(`initialize failed: ${init.error.message}`);
    server.notify('initialized', {});
    return server;
  }

  get alive(): boolean {
    return this.exitCode === null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Writes bytes as they are: no framing added. */
  write(bytes: string | Buffer): void {
    this.child.stdin.write(bytes);
  }

  /** A correctly framed message. */
  static frame(message: unknown): Buffer {
    const body = Buffer.from(typeof message === 'string' ? message : JSON.stringify(message), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
  }

  /** Sends a request (`params` as given, even if malformed) and resolves with its response. */
  request(method: string, params?: unknown, timeoutMs = 30_000): Promise<RawResponse> {
    const id = this.nextId++;
    this.write(
      RawLspProcess.frame(
        params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params },
      ),
    );
    return this.response(id, timeoutMs);
  }

  notify(method: string, params?: unknown): void {
    this.write(RawLspProcess.frame({ jsonrpc: '2.0', method, params }));
  }

  /** A fresh request id, for tests that frame a request themselves. */
  takeId(): number {
    return this.nextId++;
  }

  /**
   * The response to request `id`. The timeout only ends a hung test (the server answers in
   * milliseconds); it rejects with what the server wrote to stderr.
   */
  response(id: number | string, timeoutMs = 30_000): Promise<RawResponse> {
    const ready = this.responses.get(id);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(
          new Error(
            `no response to request ${id} (server ${this.alive ? 'alive' : `exited ${this.exitCode}`}); stderr:\n${this.stderr.slice(-2000)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.set(id, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
    });
  }

  /** Resolves once stderr matches `pattern` (stderr and stdout are separate pipes: a log line may trail the response). */
  async stderrMatching(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stderr)) {
      if (Date.now() > deadline || !this.alive)
        throw new Error(`stderr never matched ${pattern}:\n${this.stderr.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.stderr;
  }

  /** Sends shutdown and exit, and waits for the process to end (killing it if it does not). */
  async stop(): Promise<number | null> {
    if (this.alive) {
      await this.request('shutdown', undefined, 5000).catch(() => undefined);
      this.notify('exit');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exitCode;
  }

  private read(chunk: Buffer): void {
    this.stdout = Buffer.concat([this.stdout, chunk]);
    for (;;) {
      const headerEnd = this.stdout.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.stdout.toString('ascii', 0, headerEnd))?.[1]);
      if (this.stdout.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.stdout.toString('utf8', headerEnd + 4, headerEnd + 4 + length)) as Record<
        string,
        unknown
      >;
      this.stdout = this.stdout.subarray(headerEnd + 4 + length);
      this.received.push(message);
      if ('id' in message && !('method' in message)) {
        const response = message as unknown as RawResponse;
        if (response.id === null) continue;
        this.responses.set(response.id, response);
        this.waiters.get(response.id)?.(response);
        this.waiters.delete(response.id);
      } else if ('id' in message && 'method' in message) {
        // A request from the server (e.g. client/registerCapability): answer it so it never waits.
        this.write(RawLspProcess.frame({ jsonrpc: '2.0', id: message.id, result: null }));
      }
    }
  }
}
