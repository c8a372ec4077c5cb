import type { ServerTask } from '../octopus/types';

/** How a deployment stands, as a person reads it; "waiting" is a running task held by a manual intervention. */
export type DeploymentState =
  'queued' | 'running' | 'waiting' | 'success' | 'failed' | 'canceled' | 'cancelling' | 'timed-out' | 'unknown';

export function stateOf(task: Pick<ServerTask, 'State' | 'HasPendingInterruptions'> | undefined): DeploymentState {
  switch (task?.State) {
    case 'Queued':
      return 'queued';
    case 'Executing':
      return task.HasPendingInterruptions ? 'waiting' : 'running';
    case 'Success':
      return 'success';
    case 'Failed':
      return 'failed';
    case 'Canceled':
      return 'canceled';
    case 'Cancelling':
      return 'cancelling';
    case 'TimedOut':
      return 'timed-out';
    default:
      return 'unknown';
  }
}

export const STATE_LABEL: Record<DeploymentState, string> = {
  queued: 'queued',
  running: 'running',
  waiting: 'waiting for manual intervention',
  success: 'succeeded',
  failed: 'failed',
  canceled: 'canceled',
  cancelling: 'cancelling',
  'timed-out': 'timed out',
  unknown: 'state unknown',
};

export function isActive(state: DeploymentState): boolean {
  return state === 'queued' || state === 'running' || state === 'waiting' || state === 'cancelling';
}
