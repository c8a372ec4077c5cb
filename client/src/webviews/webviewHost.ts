import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { esc } from './html';
import type { FromWebview, ToWebview } from './messages';

export const VIEW_TYPES = {
  processMap: 'stepwise.processMap',
  timeline: 'stepwise.timeline',
  dashboard: 'stepwise.dashboard',
} as const;

/**
 * A Stepwise webview panel: the page shell with a strict content security policy (no network,
 * only the extension's own script with a nonce and its stylesheet), messages both ways.
 */
export class WebviewHost implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  /**
   * The newest render, sent again whenever the page says it is ready: VS Code reloads a hidden
   * webview's page when its tab comes back, and the page starts from "Loading…" each time.
   */
  private last: ToWebview | undefined;
  private disposed = false;
  readonly onDidDispose: vscode.Event<void>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    onMessage: (message: FromWebview) => unknown,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.webview.html = pageHtml(panel.webview, dist, panel.title);
    this.onDidDispose = panel.onDidDispose;
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: FromWebview) => {
        if (message?.type === 'ready') {
          this.ready = true;
          if (this.last) void panel.webview.postMessage(this.last);
          return;
        }
        try {
          void Promise.resolve(onMessage(message)).catch(() => undefined);
        } catch {
          // A message the view does not know is ignored.
        }
      }),
    );
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Shows `html` (the newest is kept for the page's next load) and stores `state` for a reload. */
  render(html: string, state: unknown, focus?: string): void {
    if (this.disposed) return;
    const message: ToWebview = focus ? { type: 'render', html, state, focus } : { type: 'render', html, state };
    this.last = { type: 'render', html, state }; // without the focus: a reload does not scroll again
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  reveal(id: string): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage({ type: 'reveal', id } satisfies ToWebview);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

export function webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, enableFindWidget: true };
}

function pageHtml(webview: vscode.Webview, dist: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    `default-src 'none'`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  const css = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${css}">
</head><body><main id="root" aria-label="${esc(title)}"><p>Loading…</p></main>
<script nonce="${nonce}" src="${js}"></script></body></html>`;
}
