import * as vscode from 'vscode';
import { oclProjectFolderOf, oclProjectName } from '@stepwise/core/ocl/projectFolder';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ProcessMapModel } from '@stepwise/core/processMap/processMap';
import { ProcessMapRequest, ProjectInputsChangedNotification } from '@stepwise/server/requestTypes';
import type { FromWebview } from '../messages';
import { VIEW_TYPES, WebviewHost, webviewOptions } from '../webviewHost';
import { renderProcessMap } from './renderProcessMap';

/** What a map panel shows, kept by the webview so VS Code can restore the panel after a reload. */
export interface ProcessMapState {
  uri: string;
  channel?: string;
  release?: string;
  /** A tenanted project's one tenant; all tenants when absent. */
  tenant?: string;
  /** With all tenants, the page of tenants shown (from 0). */
  tenantPage?: number;
}

/** How long the map waits after a keystroke before it asks for a new map. */
const EDIT_DELAY_MS = 150;

/**
 * The process map beside the editor, one panel per process file. It follows the file as it is
 * edited (the language server's `stepwise/processMap`) and the files it reads besides
 * (`stepwise/projectInputsChanged`), and a click on a card goes to the step.
 */
export class ProcessMapPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ProcessMapPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.panels.get(e.document.uri.toString())?.scheduleUpdate()),
      // Its space file or another file of its OCL project changed: the map asks again.
      client.onNotification(ProjectInputsChangedNotification, ({ uris }) => {
        for (const uri of uris) this.panels.get(uri)?.scheduleUpdate();
      }),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.processMap, {
        deserializeWebviewPanel: async (panel, state: ProcessMapState | undefined) => {
          if (!state?.uri) return panel.dispose();
          void this.adopt(panel, state).update();
        },
      }),
    );
  }

  /** Opens (or brings forward) the map of `uri`, scrolled to a step when given. */
  async show(uri: vscode.Uri, stepIndex?: number): Promise<ProcessMapPanel> {
    const key = uri.toString();
    let panel = this.panels.get(key);
    if (panel) {
      panel.host.panel.reveal(undefined, true);
    } else {
      const created = vscode.window.createWebviewPanel(
        VIEW_TYPES.processMap,
        titleOf(uri),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        webviewOptions(),
      );
      panel = this.adopt(created, { uri: key });
    }
    await panel.update(stepIndex);
    return panel;
  }

  get(uri: vscode.Uri): ProcessMapPanel | undefined {
    return this.panels.get(uri.toString());
  }

  private adopt(webviewPanel: vscode.WebviewPanel, state: ProcessMapState): ProcessMapPanel {
    webviewPanel.title = titleOf(vscode.Uri.parse(state.uri));
    const panel = new ProcessMapPanel(this.client, webviewPanel, this.extensionUri, state);
    this.panels.set(state.uri, panel);
    panel.host.onDidDispose(() => {
      if (this.panels.get(state.uri) === panel) this.panels.delete(state.uri);
      panel.dispose();
    });
    return panel;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.host.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export class ProcessMapPanel implements vscode.Disposable {
  readonly host: WebviewHost;
  private timer: NodeJS.Timeout | undefined;
  private last: ProcessMapModel | undefined;
  /** Counts answers, so a slow answer never overwrites a newer one. */
  private generation = 0;

  constructor(
    private readonly client: LanguageClient,
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private state: ProcessMapState,
  ) {
    this.host = new WebviewHost(panel, extensionUri, (m) => this.onMessage(m));
  }

  get model(): ProcessMapModel | undefined {
    return this.last;
  }

  scheduleUpdate(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), EDIT_DELAY_MS);
  }

  async update(stepIndex?: number): Promise<void> {
    const generation = ++this.generation;
    const uri = vscode.Uri.parse(this.state.uri);
    let stale: string | undefined;
    try {
      // The language server knows only open documents.
      await vscode.workspace.openTextDocument(uri);
      const model = await this.client.sendRequest(ProcessMapRequest, {
        uri: this.state.uri,
        channel: this.state.channel,
        release: this.state.release,
        tenant: this.state.tenant,
        tenantPage: this.state.tenantPage,
      });
      if (generation !== this.generation) return;
      this.last = model;
    } catch (error) {
      if (generation !== this.generation) return;
      stale = `${(error as Error)?.message ?? error}${this.last ? ' The map shows the last version that could be read.' : ''}`;
    }
    const html = this.last
      ? renderProcessMap(this.last, { stale })
      : `<p class="banner" role="alert">${stale ?? 'No map yet.'}</p>`;
    this.host.render(html, this.state, stepIndex !== undefined ? `step-${stepIndex}` : undefined);
  }

  private async onMessage(message: FromWebview): Promise<void> {
    if (message.type === 'goToStep') {
      const { line, character } = message as unknown as { line: number; character: number };
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.state.uri));
      const column =
        vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.state.uri)?.viewColumn ??
        vscode.ViewColumn.One;
      const position = new vscode.Position(line, character);
      const editor = await vscode.window.showTextDocument(document, {
        viewColumn: column,
        selection: new vscode.Range(position, position),
        preserveFocus: false,
      });
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } else if (message.type === 'pick') {
      const { name, value } = message as { name: string; value: string };
      if (name === 'channel') this.state = { ...this.state, channel: value || undefined };
      if (name === 'release') this.state = { ...this.state, release: value.trim() || undefined };
      if (name === 'tenant') this.state = { ...this.state, tenant: value || undefined, tenantPage: undefined };
      if (name === 'tenantPage') this.state = { ...this.state, tenantPage: Number(value) || undefined };
      await this.update();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.generation++;
  }
}

function titleOf(uri: vscode.Uri): string {
  // An OCL project is named after its folder (`.octopus/<project>`, or the repository).
  if (uri.path.endsWith('.ocl')) return `Map: ${oclProjectName(oclProjectFolderOf(uri.path))}`;
  return `Map: ${
    uri.path
      .split('/')
      .pop()
      ?.replace(/\.process\.ya?ml$/, '') ?? 'process'
  }`;
}
