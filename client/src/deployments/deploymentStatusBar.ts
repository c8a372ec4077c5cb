import * as vscode from 'vscode';
import type { Connection } from '../connections/connections';
import { stateCodicon } from '../tree/stateIcons';
import { STATE_LABEL, type DeploymentState } from './deploymentState';

export interface LastDeployment {
  connection: Connection;
  taskId: string;
  title: string;
  projectName: string;
  version: string;
  environmentName: string;
  state: DeploymentState;
}

/** The status bar item: the server in use and the last deployment's state; click for its task log. Hidden while there is no server. */
export class DeploymentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('stepwise.deployment', vscode.StatusBarAlignment.Left, 10);
  private connection: Connection | undefined;
  last: LastDeployment | undefined;

  constructor() {
    this.item.name = 'Stepwise Deployment';
    this.render();
  }

  dispose(): void {
    this.item.dispose();
  }

  setConnection(connection: Connection | undefined): void {
    this.connection = connection;
    this.render();
  }

  setDeployment(last: LastDeployment): void {
    this.last = last;
    this.connection = last.connection;
    this.render();
  }

  private render(): void {
    const { last, connection } = this;
    if (!connection && !last) {
      // Someone who only edits process files needs no reminder of servers.
      this.item.hide();
      return;
    }
    if (!last) {
      this.item.text = `$(rocket) ${connection!.name}`;
      this.item.tooltip = `Stepwise deploys to ${connection!.name} (${connection!.url}). Click to pick another server.`;
      this.item.command = 'stepwise.selectServer';
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = `${stateCodicon(last.state)} ${last.connection.name}: ${last.projectName} ${last.version} → ${last.environmentName}`;
      const md = new vscode.MarkdownString(
        `**${last.projectName} ${last.version} → ${last.environmentName}**: ${STATE_LABEL[last.state]}\n\nServer: ${last.connection.name} (${last.connection.url})\n\nClick to show the task log.`,
      );
      this.item.tooltip = md;
      this.item.command = {
        command: 'stepwise.showTaskLog',
        title: 'Show Task Log',
        arguments: [{ connection: last.connection, taskId: last.taskId, title: last.title }],
      };
      this.item.backgroundColor =
        last.state === 'failed' || last.state === 'timed-out'
          ? new vscode.ThemeColor('statusBarItem.errorBackground')
          : last.state === 'waiting'
            ? new vscode.ThemeColor('statusBarItem.warningBackground')
            : undefined;
    }
    this.item.accessibilityInformation = {
      label: typeof this.item.tooltip === 'string' ? this.item.tooltip : this.item.text.replace(/\$\([^)]*\)\s*/g, ''),
    };
    this.item.show();
  }
}
