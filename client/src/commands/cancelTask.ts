import * as vscode from 'vscode';
import { isActive, stateOf } from '../deployments/deploymentState';
import type { Services } from '../services';
import { reportTaskError, resolveTask, type TaskArg } from './taskArgument';

/** Stepwise: Cancel Task — a running or queued deployment (the tree's, the last one, or one picked), after asking. */
export async function cancelTaskCommand(services: Services, arg?: TaskArg & { confirm?: boolean }): Promise<boolean> {
  try {
    const target = await resolveTask(services, arg, { placeHolder: 'Cancel which deployment?', activeOnly: true });
    if (!target) return false;
    const task = await target.client.task(target.taskId);
    if (!isActive(stateOf(task))) {
      void vscode.window.showInformationMessage(`${target.title} has already finished (${task.State}).`);
      return false;
    }
    const confirm = !(arg && typeof arg === 'object' && 'confirm' in arg && arg.confirm === false);
    if (confirm) {
      const answer = await vscode.window.showWarningMessage(
        `Cancel ${target.title}?`,
        { modal: true, detail: 'Steps already done stay done; the running step is stopped.' },
        'Cancel Deployment',
      );
      if (!answer) return false;
    }
    await target.client.cancelTask(target.taskId);
    services.log.info(`Cancelled ${target.title} (${target.taskId}) on ${target.connection.name}.`);
    vscode.window.setStatusBarMessage(`$(circle-slash) Cancelling ${target.title}…`, 4000);
    services.tree.refresh();
    return true;
  } catch (error) {
    reportTaskError(services, error, 'Could not cancel the task');
    return false;
  }
}
