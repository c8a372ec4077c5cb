import type * as vscode from 'vscode';
import type { Services } from '../services';
import { reportTaskError, resolveTask, type TaskArg } from './taskArgument';

/** Stepwise: Show Task Log — the log of a deployment (the tree's, the last one, or one picked), live while it runs. */
export async function showTaskLogCommand(services: Services, arg?: TaskArg): Promise<vscode.TextEditor | undefined> {
  try {
    const target = await resolveTask(services, arg, { placeHolder: 'Show the log of which deployment?' });
    if (!target) return undefined;
    return await services.taskLogs.show(target.connection, target.taskId, target.title);
  } catch (error) {
    reportTaskError(services, error, 'Could not show the task log');
    return undefined;
  }
}
