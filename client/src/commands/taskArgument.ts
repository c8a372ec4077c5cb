import * as vscode from 'vscode';
import type { Connection } from '../connections/connections';
import { reportError } from '../connections/reportError';
import { isActive, STATE_LABEL, stateOf } from '../deployments/deploymentState';
import type { OctopusClient } from '../octopus/octopusClient';
import type { Services } from '../services';
import { relativeTime } from '../tree/relativeTime';
import { isNode, resolveConnection, type CommandArg } from './projectTarget';

/** A task a command acts on: a deployment node, `{ taskId, connection?, title? }`, or one picked. */
export interface TaskTarget {
  connection: Connection;
  client: OctopusClient;
  taskId: string;
  title: string;
}

export type TaskArg = CommandArg | { taskId: string; connection?: Connection | string; title?: string };

export async function resolveTask(
  services: Services,
  arg: TaskArg,
  options: { placeHolder: string; activeOnly?: boolean },
): Promise<TaskTarget | undefined> {
  if (isNode(arg) && arg.kind === 'deployment') {
    const client = await services.connections.client(arg.connection);
    return {
      connection: arg.connection,
      client,
      taskId: arg.deployment.TaskId,
      title: `Deploy ${arg.project.Name} ${arg.release.Version} to ${arg.environmentName}`,
    };
  }
  const given =
    arg && typeof arg === 'object' && 'taskId' in arg
      ? (arg as { taskId: string; connection?: Connection | string; title?: string })
      : undefined;
  const connection = await resolveConnection(services, given ? { connection: given.connection } : (arg as CommandArg));
  if (!connection) return undefined;
  const client = await services.connections.client(connection);
  if (given) return { connection, client, taskId: given.taskId, title: given.title ?? given.taskId };

  const last = services.statusBar.last;
  if (last && last.connection.id === connection.id && (!options.activeOnly || isActive(last.state))) {
    return { connection, client, taskId: last.taskId, title: last.title };
  }
  // Pick among the space's recent deployments.
  const deployments = await client.deployments({ take: 20, taskState: undefined });
  const [tasks, projects, environments] = await Promise.all([
    client.tasks(deployments.map((d) => d.TaskId)),
    client.projects(),
    client.environments(),
  ]);
  const taskById = new Map(tasks.map((t) => [t.Id, t]));
  const items = deployments
    .map((d) => {
      const state = stateOf(taskById.get(d.TaskId));
      const project = projects.find((p) => p.Id === d.ProjectId)?.Name ?? d.ProjectId;
      const environment = environments.find((e) => e.Id === d.EnvironmentId)?.Name ?? d.EnvironmentId;
      const task = taskById.get(d.TaskId);
      return {
        label: task?.Description || `${project} to ${environment}`,
        description: `${STATE_LABEL[state]} · ${relativeTime(d.Created)}`,
        taskId: d.TaskId,
        state,
      };
    })
    .filter((i) => !options.activeOnly || isActive(i.state));
  if (!items.length) {
    void vscode.window.showInformationMessage(
      options.activeOnly
        ? `Nothing is deploying on ${connection.name} now.`
        : `${connection.name} has no deployments yet.`,
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: `${options.placeHolder} (${connection.name})`,
  });
  return picked && { connection, client, taskId: picked.taskId, title: picked.label };
}

export function reportTaskError(services: Services, error: unknown, doing: string, connection?: Connection): void {
  reportError(services.log, error, { doing, connection });
}
