import * as vscode from 'vscode';
import type { Connection, Connections } from '../connections/connections';
import { isActive, STATE_LABEL, stateOf } from '../deployments/deploymentState';
import { OctopusError } from '@stepwise/core/octopus/errors';
import type { OctopusClient } from '../octopus/octopusClient';
import type { Environment, ServerTask } from '../octopus/types';
import type { ProcessFileIndex } from '../workspace/processFiles';
import { relativeTime } from './relativeTime';
import { stateIcon } from './stateIcons';
import type {
  DeploymentNode,
  EnvironmentNode,
  MessageNode,
  ProjectNode,
  ReleaseNode,
  RunbookNode,
  RunbooksNode,
  ServerNode,
  StepwiseNode,
} from './treeNodes';

export const TREE_VIEW_ID = 'stepwise.deployments';
const RELEASES_SHOWN = 10;
/** While a deployment in view is queued or running, the view refreshes this often. */
const ACTIVE_REFRESH_MS = 2000;

/**
 * The Stepwise view's data. Every refresh reads the servers afresh (lists are small); while a
 * deployment shown is still going, it refreshes itself until nothing is.
 */
export class StepwiseTreeProvider implements vscode.TreeDataProvider<StepwiseNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StepwiseNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private activeSeen = false;
  /** Per refresh: environments by connection, so each is read once. */
  private environmentCache = new Map<string, Promise<Environment[]>>();
  private view: vscode.TreeView<StepwiseNode> | undefined;

  constructor(
    private readonly connections: Connections,
    private readonly processFiles: ProcessFileIndex,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  attach(view: vscode.TreeView<StepwiseNode>): vscode.Disposable {
    this.view = view;
    return view.onDidChangeVisibility((e) => e.visible && this.refresh());
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }

  refresh(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.activeSeen = false;
    this.environmentCache.clear();
    this.changed.fire(undefined);
  }

  async getChildren(node?: StepwiseNode): Promise<StepwiseNode[]> {
    try {
      const children = await this.childrenOf(node);
      this.scheduleWhileActive();
      return children;
    } catch (error) {
      return [this.errorNode(node, error)];
    }
  }

  private async childrenOf(node: StepwiseNode | undefined): Promise<StepwiseNode[]> {
    if (!node) {
      const connections = await this.connections.list();
      return Promise.all(
        connections.map(async (connection): Promise<ServerNode> => ({
          kind: 'server',
          connection,
          signedIn: await this.connections.hasKey(connection),
        })),
      );
    }
    switch (node.kind) {
      case 'server':
        return this.serverChildren(node);
      case 'environments':
        return this.environmentChildren(node.connection);
      case 'project':
        return this.projectChildren(node);
      case 'release':
        return this.releaseChildren(node);
      case 'runbooks':
        return this.runbookChildren(node);
      default:
        return [];
    }
  }

  private async serverChildren(node: ServerNode): Promise<StepwiseNode[]> {
    if (!node.signedIn) {
      return [
        message(`${node.connection.id}/signin`, 'Signed out — sign in to see its projects', 'key', {
          command: 'stepwise.signIn',
          title: 'Sign In…',
          arguments: [node.connection],
        }),
      ];
    }
    const client = await this.connections.client(node.connection);
    const [projects, files] = await Promise.all([client.projects(), this.processFiles.all()]);
    const projectNodes = projects
      .sort((a, b) => a.Name.localeCompare(b.Name))
      .map((project): ProjectNode => ({
        kind: 'project',
        connection: node.connection,
        project,
        file: files.get(project.Name.toLowerCase()),
      }));
    return [{ kind: 'environments', connection: node.connection }, ...projectNodes];
  }

  private async environmentChildren(connection: Connection): Promise<StepwiseNode[]> {
    const client = await this.connections.client(connection);
    const [environments, deployments, projects] = await Promise.all([
      this.environments(connection, client),
      client.deployments({ take: 100 }),
      client.projects(),
    ]);
    const latestByEnvironment = new Map<string, (typeof deployments)[number]>();
    for (const d of deployments)
      if (!latestByEnvironment.has(d.EnvironmentId)) latestByEnvironment.set(d.EnvironmentId, d);
    const latest = [...latestByEnvironment.values()];
    const [tasks, releases] = await Promise.all([
      client.tasks(latest.map((d) => d.TaskId)),
      Promise.all(latest.map((d) => client.release(d.ReleaseId).catch(() => undefined))),
    ]);
    const taskById = new Map(tasks.map((t) => [t.Id, t]));
    const versionById = new Map(releases.filter((r) => r).map((r) => [r!.Id, r!.Version]));
    const projectName = new Map(projects.map((p) => [p.Id, p.Name]));
    return environments.map((environment): EnvironmentNode => {
      const d = latestByEnvironment.get(environment.Id);
      const state = stateOf(d && taskById.get(d.TaskId));
      if (d) this.activeSeen ||= isActive(state);
      return {
        kind: 'environment',
        connection,
        environment,
        latest: d && {
          projectName: projectName.get(d.ProjectId) ?? d.ProjectId,
          version: versionById.get(d.ReleaseId),
          deployment: d,
          state,
        },
      };
    });
  }

  private async projectChildren(node: ProjectNode): Promise<StepwiseNode[]> {
    const client = await this.connections.client(node.connection);
    const [releases, runbooks] = await Promise.all([
      client.releases(node.project.Id, { take: RELEASES_SHOWN }).then((r) => r.Items),
      // A server that serves no runbooks (or a key that may not read them) leaves the node out.
      client.runbooks(node.project.Id).catch((error: unknown) => {
        this.log.warn(`Stepwise view: the runbooks of ${node.project.Name}: ${(error as Error)?.message ?? error}`);
        return [];
      }),
    ]);
    const runbooksNode: RunbooksNode[] = runbooks.length
      ? [{ kind: 'runbooks', connection: node.connection, project: node.project, runbooks }]
      : [];
    if (!releases.length) {
      return [
        message(`${nodeId(node)}/none`, 'No releases yet — Create Release', 'info', {
          command: 'stepwise.createRelease',
          title: 'Create Release',
          arguments: [node],
        }),
        ...runbooksNode,
      ];
    }
    return [
      ...releases.map((release): ReleaseNode => ({
        kind: 'release',
        connection: node.connection,
        project: node.project,
        release,
      })),
      ...runbooksNode,
    ];
  }

  private async runbookChildren(node: RunbooksNode): Promise<StepwiseNode[]> {
    const client = await this.connections.client(node.connection);
    const scoped = node.runbooks.some((r) => r.EnvironmentScope === 'Specified');
    const names = new Map((scoped ? await this.environments(node.connection, client) : []).map((e) => [e.Id, e.Name]));
    return [...node.runbooks]
      .sort((a, b) => a.Name.localeCompare(b.Name))
      .map((runbook): RunbookNode => ({
        kind: 'runbook',
        connection: node.connection,
        project: node.project,
        runbook,
        scope:
          runbook.EnvironmentScope === 'Specified'
            ? (runbook.Environments ?? []).map((id) => names.get(id) ?? id)
            : undefined,
      }));
  }

  private async releaseChildren(node: ReleaseNode): Promise<StepwiseNode[]> {
    const client = await this.connections.client(node.connection);
    const [deployments, environments] = await Promise.all([
      client.releaseDeployments(node.release.Id),
      this.environments(node.connection, client),
    ]);
    if (!deployments.length)
      return [
        message(`${nodeId(node)}/none`, 'Not deployed yet', 'info', {
          command: 'stepwise.deployToTest',
          title: 'Deploy to Test',
          arguments: [node],
        }),
      ];
    const tasks = new Map(
      (await client.tasks(deployments.map((d) => d.TaskId))).map((t): [string, ServerTask] => [t.Id, t]),
    );
    const names = new Map(environments.map((e) => [e.Id, e.Name]));
    return deployments.map((deployment): DeploymentNode => {
      const task = tasks.get(deployment.TaskId);
      const state = stateOf(task);
      this.activeSeen ||= isActive(state);
      return {
        kind: 'deployment',
        connection: node.connection,
        project: node.project,
        release: node.release,
        deployment,
        environmentName: names.get(deployment.EnvironmentId) ?? deployment.EnvironmentId,
        task,
        state,
      };
    });
  }

  private environments(connection: Connection, client: OctopusClient): Promise<Environment[]> {
    let cached = this.environmentCache.get(connection.id);
    if (!cached) {
      cached = client.environments();
      cached.catch(() => this.environmentCache.delete(connection.id));
      this.environmentCache.set(connection.id, cached);
    }
    return cached;
  }

  private scheduleWhileActive(): void {
    if (!this.activeSeen || this.timer) return;
    if (this.view && !this.view.visible) return;
    this.timer = setTimeout(() => this.refresh(), ACTIVE_REFRESH_MS);
  }

  private errorNode(parent: StepwiseNode | undefined, error: unknown): MessageNode {
    const octopus = error instanceof OctopusError ? error : undefined;
    const connection = parent && 'connection' in parent ? parent.connection : undefined;
    this.log.warn(`Stepwise view: ${(error as Error)?.message ?? error}`);
    const fix: vscode.Command | undefined =
      octopus?.kind === 'unauthorized' || octopus?.kind === 'forbidden'
        ? connection?.kind === 'configured'
          ? { command: 'stepwise.signIn', title: 'Sign In…', arguments: [connection] }
          : undefined
        : octopus?.kind === 'not-octopus' && connection?.kind === 'configured'
          ? { command: 'stepwise.addServer', title: 'Edit Server…', arguments: [{ replace: connection }] }
          : { command: 'stepwise.refresh', title: 'Retry' };
    const text = octopus?.message ?? String((error as Error)?.message ?? error);
    return {
      kind: 'message',
      id: `${parent ? nodeId(parent) : 'root'}/error`,
      label: text,
      tooltip: `${text}\n\n${fix ? `Click to ${fix.title.replace(/…$/, '').toLowerCase()}.` : ''}`,
      icon: 'warning',
      iconColor: 'problemsWarningIcon.foreground',
      command: fix,
    };
  }

  getTreeItem(node: StepwiseNode): vscode.TreeItem {
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const None = vscode.TreeItemCollapsibleState.None;
    switch (node.kind) {
      case 'server': {
        const item = new vscode.TreeItem(node.connection.name, vscode.TreeItemCollapsibleState.Expanded);
        const where = node.signedIn
          ? `${node.connection.url.replace(/^https?:\/\//, '')}${node.connection.space ? ` · ${node.connection.space}` : ''}`
          : 'signed out';
        item.description = this.connections.isEmbedded(node.connection) ? `running in VS Code · ${where}` : where;
        item.iconPath = new vscode.ThemeIcon(node.connection.kind === 'local' ? 'vm' : 'server');
        item.tooltip = `${node.connection.name}\n${node.connection.url}${node.connection.space ? `\nSpace: ${node.connection.space}` : ''}${node.connection.kind === 'local' ? '\nThe local Stepwise deployment server' : ''}`;
        item.contextValue = `server.${node.connection.kind}${node.signedIn ? '' : '.signedOut'}`;
        return withId(item, node);
      }
      case 'message': {
        const item = new vscode.TreeItem(node.label, None);
        item.description = node.description;
        item.tooltip = node.tooltip ?? node.label;
        item.iconPath = new vscode.ThemeIcon(
          node.icon,
          node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined,
        );
        item.command = node.command;
        item.contextValue = 'message';
        return withId(item, node);
      }
      case 'environments': {
        const item = new vscode.TreeItem('Environments', Collapsed);
        item.iconPath = new vscode.ThemeIcon('layers');
        item.contextValue = 'environments';
        return withId(item, node);
      }
      case 'environment': {
        const item = new vscode.TreeItem(node.environment.Name, None);
        const latest = node.latest;
        item.description = latest
          ? `${latest.projectName}${latest.version ? ` ${latest.version}` : ''} · ${relativeTime(latest.deployment.Created)}`
          : 'nothing deployed';
        item.iconPath = latest
          ? stateIcon(latest.state)
          : new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
        item.tooltip = latest
          ? `${node.environment.Name}: ${latest.projectName} ${latest.version ?? ''} ${STATE_LABEL[latest.state]}, ${relativeTime(latest.deployment.Created)}`
          : `${node.environment.Name}: nothing deployed yet`;
        item.contextValue = 'environment';
        return withId(item, node);
      }
      case 'project': {
        const item = new vscode.TreeItem(node.project.Name, Collapsed);
        item.description = node.file ? vscode.workspace.asRelativePath(node.file) : undefined;
        item.iconPath = new vscode.ThemeIcon('project');
        item.tooltip = `${node.project.Name}${node.file ? `\nProcess file: ${vscode.workspace.asRelativePath(node.file)}` : '\nNo process file for it in this workspace'}`;
        item.contextValue = node.file ? 'project.withFile' : 'project';
        return withId(item, node);
      }
      case 'release': {
        const item = new vscode.TreeItem(node.release.Version, Collapsed);
        item.description = relativeTime(node.release.Assembled);
        item.iconPath = new vscode.ThemeIcon('tag');
        item.tooltip = `${node.project.Name} ${node.release.Version}\nCreated ${new Date(node.release.Assembled).toLocaleString()}${node.release.ReleaseNotes ? `\n\n${node.release.ReleaseNotes}` : ''}`;
        item.contextValue = 'release';
        return withId(item, node);
      }
      case 'runbooks': {
        const item = new vscode.TreeItem('Runbooks', Collapsed);
        item.description = String(node.runbooks.length);
        item.iconPath = new vscode.ThemeIcon('notebook');
        item.tooltip = `The runbooks of ${node.project.Name}`;
        item.contextValue = 'runbooks';
        return withId(item, node);
      }
      case 'runbook': {
        const item = new vscode.TreeItem(node.runbook.Name, None);
        const published = !!node.runbook.PublishedRunbookSnapshotId;
        item.description = [
          node.scope ? `runs in ${node.scope.join(', ') || 'no environment'}` : '',
          published ? '' : 'not published',
        ]
          .filter(Boolean)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon('play-circle');
        item.tooltip = `${node.project.Name}: runbook ${node.runbook.Name}${node.runbook.Description ? `\n\n${node.runbook.Description}` : ''}${published ? '' : '\n\nNot published: publish a snapshot in Octopus to run it.'}`;
        item.contextValue = published ? 'runbook' : 'runbook.unpublished';
        return withId(item, node);
      }
      case 'deployment': {
        const item = new vscode.TreeItem(node.environmentName, None);
        item.description = `${STATE_LABEL[node.state]} · ${relativeTime(node.deployment.Created)}`;
        item.iconPath = stateIcon(node.state);
        const md = new vscode.MarkdownString(
          `**${node.project.Name} ${node.release.Version} → ${node.environmentName}**: ${STATE_LABEL[node.state]}\n\n${new Date(node.deployment.Created).toLocaleString()}${node.task?.Duration ? ` · ${node.task.Duration}` : ''}${node.task?.ErrorMessage ? `\n\n${node.task.ErrorMessage}` : ''}`,
        );
        item.tooltip = md;
        item.command = { command: 'stepwise.showTaskLog', title: 'Show Task Log', arguments: [node] };
        item.contextValue = `deployment${isActive(node.state) ? '.active' : ''}${node.state === 'waiting' ? '.waiting' : ''}`;
        return withId(item, node);
      }
    }
  }
}

function message(id: string, label: string, icon: string, command?: vscode.Command): MessageNode {
  return { kind: 'message', id, label, icon, command };
}

/** Stable ids keep what is expanded across refreshes. */
export function nodeId(node: StepwiseNode): string {
  switch (node.kind) {
    case 'server':
      return node.connection.id;
    case 'message':
      return node.id;
    case 'environments':
      return `${node.connection.id}/environments`;
    case 'environment':
      return `${node.connection.id}/environments/${node.environment.Id}`;
    case 'project':
      return `${node.connection.id}/${node.project.Id}`;
    case 'release':
      return `${node.connection.id}/${node.project.Id}/${node.release.Id}`;
    case 'deployment':
      return `${node.connection.id}/${node.project.Id}/${node.release.Id}/${node.deployment.Id}`;
    case 'runbooks':
      return `${node.connection.id}/${node.project.Id}/runbooks`;
    case 'runbook':
      return `${node.connection.id}/${node.project.Id}/runbooks/${node.runbook.Id}`;
  }
}

function withId(item: vscode.TreeItem, node: StepwiseNode): vscode.TreeItem {
  item.id = nodeId(node);
  return item;
}
