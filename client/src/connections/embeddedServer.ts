import { fork, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LocalServer } from './localServer';

const API_KEY_SECRET = 'stepwise.embeddedServer.apiKey';
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export type EmbeddedServerState =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'running'; server: LocalServer; startedMs: number }
  | { kind: 'failed'; message: string };

/**
 * The local deployment server run from the extension alone: dist/deployment-server.js forked with
 * VS Code's own runtime (`fork` uses process.execPath; ELECTRON_RUN_AS_NODE makes the Electron
 * binary of desktop VS Code behave as Node), so neither a clone nor Node on the PATH is needed.
 * Its data lives in the extension's global storage, its API key in SecretStorage, its log in the
 * "Stepwise Local Server" output channel. It stops with VS Code: the child exits when its IPC
 * channel closes.
 */
export class EmbeddedServer implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EmbeddedServerState>();
  readonly onDidChange = this.changed.event;
  private readonly output = vscode.window.createOutputChannel('Stepwise Local Server');
  private readonly statusItem = vscode.window.createStatusBarItem(
    'stepwise.localServer',
    vscode.StatusBarAlignment.Left,
    9,
  );
  private child: ChildProcess | undefined;
  private starting: Promise<LocalServer | undefined> | undefined;
  state: EmbeddedServerState = { kind: 'stopped' };

  constructor(private readonly context: vscode.ExtensionContext) {
    this.statusItem.name = 'Stepwise Local Server';
    this.render();
  }

  get running(): LocalServer | undefined {
    return this.state.kind === 'running' ? this.state.server : undefined;
  }

  /** Starts the server unless it runs; resolves with it, or undefined when it could not start. */
  start(): Promise<LocalServer | undefined> {
    if (this.running) return Promise.resolve(this.running);
    this.starting ??= this.spawn().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Closing the channel is the stop signal (as when VS Code goes away); kill if it lingers.
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    this.setState({ kind: 'stopped' });
  }

  showLog(): void {
    this.output.show(true);
  }

  dispose(): void {
    void this.stop();
    this.changed.dispose();
    this.statusItem.dispose();
    this.output.dispose();
  }

  private async spawn(): Promise<LocalServer | undefined> {
    this.setState({ kind: 'starting' });
    const dataFolder = path.join(this.context.globalStorageUri.fsPath, 'server');
    const apiKey = await this.apiKey();
    const workspace = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    const script = this.context.asAbsolutePath(path.join('dist', 'deployment-server.js'));
    const began = Date.now();
    this.output.appendLine(`Starting the local deployment server (${script}) with ${process.execPath}`);
    const child = fork(script, [], {
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        ...process.env,
        ELECTRON_RUN_AS_NODE: '1',
        STEPWISE_DATA: dataFolder,
        STEPWISE_API_KEY: apiKey,
        STEPWISE_WORKSPACE: workspace ?? '',
      },
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.output.append(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => this.output.append(chunk.toString('utf8')));
    return new Promise<LocalServer | undefined>((resolve) => {
      child.on('message', (message: { type?: string; url?: string; message?: string }) => {
        if (message.type === 'ready' && message.url) {
          const server: LocalServer = { url: message.url, apiKey, dataFolder };
          const startedMs = Date.now() - began;
          this.output.appendLine(`Ready in ${startedMs} ms (as VS Code sees it).`);
          this.setState({ kind: 'running', server, startedMs });
          resolve(server);
        } else if (message.type === 'failed') {
          this.setState({ kind: 'failed', message: message.message ?? 'unknown error' });
          resolve(undefined);
        }
      });
      child.on('error', (error) => {
        this.output.appendLine(`The local server could not be started: ${error.message}`);
        this.setState({ kind: 'failed', message: error.message });
        resolve(undefined);
      });
      child.on('exit', (code, signal) => {
        this.output.appendLine(`The local server exited (${signal ?? `code ${code}`}).`);
        if (this.child === child) this.child = undefined;
        if (this.state.kind === 'running' || this.state.kind === 'starting') {
          this.setState(
            code === 0 ? { kind: 'stopped' } : { kind: 'failed', message: `exited with ${signal ?? `code ${code}`}` },
          );
        }
        resolve(undefined);
      });
    });
  }

  /** The server's key: made once and kept in SecretStorage (the server stores it in its data folder too). */
  private async apiKey(): Promise<string> {
    const stored = await this.context.secrets.get(API_KEY_SECRET);
    if (stored) return stored;
    const key = `API-${Array.from({ length: 27 }, () => KEY_ALPHABET[randomInt(KEY_ALPHABET.length)]).join('')}`;
    await this.context.secrets.store(API_KEY_SECRET, key);
    return key;
  }

  private setState(state: EmbeddedServerState): void {
    this.state = state;
    this.render();
    this.changed.fire(state);
  }

  private render(): void {
    const s = this.state;
    switch (s.kind) {
      case 'stopped':
        this.statusItem.hide();
        return;
      case 'starting':
        this.statusItem.text = '$(loading~spin) Local server starting';
        this.statusItem.tooltip = 'The Stepwise local deployment server is starting';
        this.statusItem.command = 'stepwise.showLocalServerLog';
        break;
      case 'running':
        this.statusItem.text = '$(vm-running) Local server';
        this.statusItem.tooltip = `Stepwise local deployment server at ${s.server.url} — click to stop it`;
        this.statusItem.command = 'stepwise.stopLocalServer';
        break;
      case 'failed':
        this.statusItem.text = '$(error) Local server';
        this.statusItem.tooltip = `The Stepwise local deployment server stopped: ${s.message} — click for its log`;
        this.statusItem.command = 'stepwise.showLocalServerLog';
        break;
    }
    this.statusItem.show();
  }
}
