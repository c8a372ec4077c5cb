import * as vscode from 'vscode';
import type { CommandArg } from '../../commands/projectTarget';
import { resolveConnection } from '../../commands/projectTarget';
import type { Services } from '../../services';
import { esc, msgAttr } from '../html';
import type { FromWebview } from '../messages';
import { VIEW_TYPES, WebviewHost, webviewOptions } from '../webviewHost';
import type { DashboardModel } from './dashboardModel';
import { loadDashboard } from './loadDashboard';
import { renderDashboard } from './renderDashboard';

export interface DashboardState {
  connectionId: string;
}

/** While a task runs the dashboard reads the server again this often; when all is quiet, far less. */
const ACTIVE_POLL_MS = 2000;
const IDLE_POLL_MS = 60_000;
/** How often, and how many times, a panel looks again for a server it cannot find. */
export const MISSING_RETRY_MS = 5000;
export const MISSING_RETRIES = 24;

/** The environments dashboard of a server: projects × environments, one panel per server. */
export class DashboardPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DashboardPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.dashboard, {
        deserializeWebviewPanel: async (panel, state: DashboardState | undefined) => {
          if (!state?.connectionId) return panel.dispose();
          void this.adopt(panel, state, state.connectionId).update();
        },
      }),
      // A deployment started or finished from VS Code shows at once.
      services.monitor.onDidChange(() => {
        for (const p of this.panels.values()) void p.update();
      }),
      services.connections.onDidChange(() => {
        for (const p of this.panels.values()) void p.update();
      }),
    );
  }

  async show(arg?: CommandArg): Promise<DashboardPanel | undefined> {
    const connection = await resolveConnection(this.services, arg);
    if (!connection) return undefined;
    let panel = this.panels.get(connection.id);
    if (panel) panel.host.panel.reveal();
    else {
      const created = vscode.window.createWebviewPanel(
        VIEW_TYPES.dashboard,
        `Dashboard: ${connection.name}`,
        vscode.ViewColumn.Active,
        webviewOptions(),
      );
      panel = this.adopt(created, { connectionId: connection.id }, connection.name);
    }
    await panel.update();
    return panel;
  }

  private adopt(webviewPanel: vscode.WebviewPanel, state: DashboardState, name: string): DashboardPanel {
    webviewPanel.title = `Dashboard: ${name}`;
    const panel = new DashboardPanel(this.services, webviewPanel, state);
    this.panels.set(state.connectionId, panel);
    panel.host.onDidDispose(() => {
      if (this.panels.get(state.connectionId) === panel) this.panels.delete(state.connectionId);
      panel.dispose();
    });
    return panel;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.host.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export class DashboardPanel implements vscode.Disposable {
  readonly host: WebviewHost;
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;
  private missing = 0;
  model: DashboardModel | undefined;

  constructor(
    private readonly services: Services,
    panel: vscode.WebviewPanel,
    private readonly state: DashboardState,
  ) {
    this.host = new WebviewHost(panel, services.context.extensionUri, (m) => this.onMessage(m));
  }

  /** Reads the dashboard again (one request burst); calls that come while one runs share it. */
  update(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    clearTimeout(this.timer);
    if (this.host.isDisposed) return;
    const connection = await this.services.connections.get(this.state.connectionId);
    if (!connection) {
      // Right after VS Code restores the panel the local server may not be found yet: look again.
      this.missing++;
      this.host.render(
        `<p class="banner" role="status">Looking for the server ${esc(this.state.connectionId)}…</p><button ${msgAttr({ type: 'refresh' })}>Try again</button>`,
        this.state,
      );
      if (this.missing <= MISSING_RETRIES && !this.host.isDisposed)
        this.timer = setTimeout(() => void this.update(), MISSING_RETRY_MS);
      return;
    }
    this.missing = 0;
    try {
      this.host.panel.title = `Dashboard: ${connection.name}`;
      const client = await this.services.connections.client(connection);
      this.model = await loadDashboard(client, connection.name);
      this.host.render(renderDashboard(this.model), this.state);
    } catch (error) {
      // Logged, not shown as a notification: the panel says it, and it polls.
      this.services.log.warn(`Could not read the dashboard: ${(error as Error)?.message ?? error}`);
      this.host.render(
        `<p class="banner" role="alert">${esc((error as Error)?.message ?? error)}</p><button ${msgAttr({ type: 'refresh' })}>Try again</button>`,
        this.state,
      );
    }
    if (!this.host.isDisposed)
      this.timer = setTimeout(() => void this.update(), this.model?.active ? ACTIVE_POLL_MS : IDLE_POLL_MS);
  }

  private async onMessage(message: FromWebview): Promise<void> {
    const m = message as Record<string, string>;
    const connection = this.state.connectionId;
    switch (message.type) {
      case 'refresh':
        return this.update();
      case 'showLog':
        await vscode.commands.executeCommand('stepwise.showTaskLog', { taskId: m.taskId, connection, title: m.title });
        return;
      case 'timeline':
        await vscode.commands.executeCommand('stepwise.showTimeline', { taskId: m.taskId, connection, title: m.title });
        return;
      case 'deploy':
        await vscode.commands.executeCommand('stepwise.deployToEnvironment', {
          connection,
          project: m.project,
          version: m.version,
          environment: m.environment,
        });
        return this.update();
      case 'promote':
        await vscode.commands.executeCommand('stepwise.promoteRelease', {
          connection,
          project: m.project,
          version: m.version,
        });
        return this.update();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
