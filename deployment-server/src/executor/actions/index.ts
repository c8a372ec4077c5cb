import { localRunBlocker } from '@stepwise/core/preview';
import type { ActionHandler } from '../types';
import { runDeployPackage } from './deployPackage';
import { runEmail } from './email';
import { runManualIntervention } from './manual';
import { runScriptAction } from './script';

/** The action types the server can run, by Octopus `ActionType`. */
export const ACTION_HANDLERS: Readonly<Record<string, ActionHandler>> = {
  'Octopus.Script': runScriptAction,
  'Octopus.Manual': runManualIntervention,
  'Octopus.Email': runEmail,
  'Octopus.TentaclePackage': runDeployPackage,
};

/** Actions that run once per deployment on the server, whatever targets the step has. */
export const RUNS_ONCE_ON_SERVER = new Set(['Octopus.Manual', 'Octopus.Email']);

/** Actions that write to shared folders and so run on one target at a time. */
export const ONE_TARGET_AT_A_TIME = new Set(['Octopus.TentaclePackage']);

export function unsupportedActionMessage(actionType: string): string {
  return (
    localRunBlocker({ actionType, property: () => undefined, packages: [], gitDependencies: 0 }) ??
    `The Stepwise server cannot run ${actionType} steps.`
  );
}
