import * as vscode from 'vscode';
import { resolveTask, reportTaskError, type TaskArg, type TaskTarget } from '../../commands/taskArgument';
import type { Services } from '../../services';
import { relativeTime } from '../../tree/relativeTime';
import { MISSING_RETRIES, MISSING_RETRY_MS } from '../dashboard/dashboardPanel';
import { releasesByIds } from '../dashboard/loadDashboard';
import { esc } from '../html';
import type { FromWebview } from '../messages';
import { VIEW_TYPES, WebviewHost, webviewOptions } from '../webviewHost';
import { renderTimeline } from './renderTimeline';
import { compareTimelines, timelineFromDetails, type TimelineModel } from './timelineModel';

export interface TimelineState {
  connectionId: string;
  taskId: string;
  title: string;
  compare?: { taskId: string; title: string };
}

/** How often a running task's timeline is read again. */
const POLL_MS = 1500;

/** The deployment timeline: a Gantt chart of one task, one panel per task, updated while it runs. */
export class TimelinePanels implements vscode.Disposable {
  private readonly panels = new Map<string, TimelinePanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.timeline, {
        deserializeWebviewPanel: async (panel, state: TimelineState | undefined) => {
          if (!state?.taskId) return panel.dispose();
          void this.adopt(panel, state).update();
        },
      }),
    );
  }

  /** "Stepwise: Show Deployment Timeline": the tree's deployment, `{ taskId, connection }`, or one picked. */
  async show(arg?: TaskArg): Promise<TimelinePanel | undefined> {
    let target: TaskTarget | undefined;
    try {
      target = await resolveTask(this.services, arg, { placeHolder: 'Show the timeline of which deployment?' });
    } catch (error) {
      reportTaskError(this.services, error, 'Could not show the timeline');
    }
    if (!target) return undefined;
    const key = `${target.connection.id}|${target.taskId}`;
    let panel = this.panels.get(key);
    if (panel) panel.host.panel.reveal();
    else {
      const created = vscode.window.createWebviewPanel(
        VIEW_TYPES.timeline,
        `Timeline: ${target.title}`,
        vscode.ViewColumn.Active,
        webviewOptions(),
      );
      panel = this.adopt(created, { connectionId: target.connection.id, taskId: target.taskId, title: target.title });
    }
    await panel.update();
    return panel;
  }

  private adopt(webviewPanel: vscode.WebviewPanel, state: TimelineState): TimelinePanel {
    webviewPanel.title = `Timeline: ${state.title}`;
    const panel = new TimelinePanel(this.services, webviewPanel, state);
    const key = `${state.connectionId}|${state.taskId}`;
    this.panels.set(key, panel);
    panel.host.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
      panel.dispose();
    });
    return panel;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.host.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export class TimelinePanel implements vscode.Disposable {
  readonly host: WebviewHost;
  private timer: NodeJS.Timeout | undefined;
  private revealed: string | undefined;
  private missing = 0;
  model: TimelineModel | undefined;

  constructor(
    private readonly services: Services,
    panel: vscode.WebviewPanel,
    private state: TimelineState,
  ) {
    this.host = new WebviewHost(panel, services.context.extensionUri, (m) => this.onMessage(m));
  }

  /** The panel's server and task; undefined while the server cannot be found (never asks the user). */
  private async target(): Promise<TaskTarget | undefined> {
    const connection = await this.services.connections.get(this.state.connectionId);
    if (!connection) return undefined;
    return {
      connection,
      client: await this.services.connections.client(connection),
      taskId: this.state.taskId,
      title: this.state.title,
    };
  }

  async update(): Promise<void> {
    clearTimeout(this.timer);
    if (this.host.isDisposed) return;
    try {
      const target = await this.target();
      if (!target) {
        // Right after VS Code restores the panel the local server may not be found yet: look again.
        this.host.render(
          `<p class="banner" role="status">Looking for the server ${esc(this.state.connectionId)}…</p>`,
          this.state,
        );
        if (++this.missing <= MISSING_RETRIES) this.timer = setTimeout(() => void this.update(), MISSING_RETRY_MS);
        return;
      }
      this.missing = 0;
      const details = await target.client.taskDetails(this.state.taskId, { verbose: false, tail: 200 });
      this.model = timelineFromDetails(details, this.state.title);
      let compare: Parameters<typeof renderTimeline>[1];
      if (this.state.compare) {
        const other = timelineFromDetails(
          await target.client.taskDetails(this.state.compare.taskId, { tail: 0 }),
          this.state.compare.title,
        );
        compare = { title: `Compared with ${this.state.compare.title}`, rows: compareTimelines(other, this.model) };
      }
      // Scroll to the running step when it changes, not at every poll (the user may be reading elsewhere).
      const moved =
        this.model.current && this.model.current !== this.revealed ? `bar-${this.model.current}` : undefined;
      this.revealed = this.model.current;
      this.host.render(renderTimeline(this.model, compare), this.state, moved);
      if (this.model.running) this.timer = setTimeout(() => void this.update(), POLL_MS);
    } catch (error) {
      this.host.render(`<p class="banner" role="alert">${esc((error as Error)?.message ?? error)}</p>`, this.state);
    }
  }

  private async onMessage(message: FromWebview): Promise<void> {
    if (message.type === 'showLog') {
      await vscode.commands.executeCommand('stepwise.showTaskLog', {
        taskId: this.state.taskId,
        connection: this.state.connectionId,
        title: this.state.title,
      });
    } else if (message.type === 'compare') {
      await this.pickComparison();
    }
  }

  /** Picks another deployment of the same project to compare with, newest first. */
  private async pickComparison(): Promise<void> {
    const target = await this.target();
    if (!target) return;
    try {
      const task = await target.client.task(this.state.taskId);
      const deploymentId = String(task.Arguments?.DeploymentId ?? '');
      if (!deploymentId)
        return void vscode.window.showInformationMessage(
          'This task is not a deployment: there is nothing to compare it with.',
        );
      const deployment = await target.client.deployment(deploymentId);
      const others = (await target.client.deployments({ projects: [deployment.ProjectId], take: 30 })).filter(
        (d) => d.TaskId !== this.state.taskId,
      );
      if (!others.length)
        return void vscode.window.showInformationMessage('The project has no other deployment to compare with.');
      const [environments, releases] = await Promise.all([
        target.client.environments(),
        releasesByIds(
          target.client,
          others.map((d) => d.ReleaseId),
        ),
      ]);
      const items = others.map((d) => ({
        label: `${releases.find((r) => r.Id === d.ReleaseId)?.Version ?? d.ReleaseId} to ${environments.find((e) => e.Id === d.EnvironmentId)?.Name ?? d.EnvironmentId}`,
        description: relativeTime(d.Created),
        taskId: d.TaskId,
      }));
      const picked = await vscode.window.showQuickPick(items, {
        placeHolder: 'Compare with which deployment of the project?',
      });
      if (!picked) return;
      this.state = { ...this.state, compare: { taskId: picked.taskId, title: picked.label } };
      await this.update();
    } catch (error) {
      reportTaskError(this.services, error, 'Could not compare the deployments', target.connection);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
