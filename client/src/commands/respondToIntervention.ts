import * as vscode from 'vscode';
import { choicesOf, instructionsOf, submitIntervention } from '../deployments/interventions';
import type { Services } from '../services';
import { reportTaskError, resolveTask, type TaskArg } from './taskArgument';

/**
 * Stepwise: Respond to Manual Intervention… — Proceed or Abort (or, for guided failure, Retry,
 * Ignore, …) on what a deployment waits for. `result` answers without asking.
 */
export async function respondToInterventionCommand(
  services: Services,
  arg?: TaskArg & { result?: string },
): Promise<string | undefined> {
  try {
    const target = await resolveTask(services, arg, {
      placeHolder: 'Which deployment waits for you?',
      activeOnly: true,
    });
    if (!target) return undefined;
    const pending = await target.client.interruptions({ regarding: target.taskId, pendingOnly: true });
    if (!pending.length) {
      void vscode.window.showInformationMessage(`${target.title} is not waiting for anyone.`);
      return undefined;
    }
    const interruption = pending[0];
    const { options } = choicesOf(interruption);
    const given = arg && typeof arg === 'object' && 'result' in arg ? arg.result : undefined;
    const value =
      given ??
      (
        await vscode.window.showQuickPick(
          options.map((o) => ({ label: o.label, value: o.value })),
          {
            placeHolder: `${interruption.Title}${instructionsOf(interruption) ? ` — ${instructionsOf(interruption)}` : ''}`,
          },
        )
      )?.value;
    if (!value) return undefined;
    const outcome = await submitIntervention(target.client, interruption, value);
    if (outcome === 'already-handled')
      void vscode.window.showInformationMessage(`${interruption.Title} was already answered.`);
    services.log.info(
      `${interruption.Title} on ${target.title}: ${outcome === 'submitted' ? value : 'already answered'}.`,
    );
    services.tree.refresh();
    return outcome === 'submitted' ? value : undefined;
  } catch (error) {
    reportTaskError(services, error, 'Could not answer the manual intervention');
    return undefined;
  }
}
