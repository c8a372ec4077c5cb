import type { Action, Step } from '../model/types';
import { DEFAULT_CHANNEL, type DeploymentContext } from './deploymentContext';

export interface RunDecision {
  runs: boolean;
  reason: string;
}

/**
 * Whether an action takes part in a deployment, from what is known before it starts:
 * disabled, environment and excluded environment, channel, tenant tags.
 */
export function actionRunsIn(action: Action, context: DeploymentContext): RunDecision {
  const env = context.environment.toLowerCase();
  const channel = (context.channel ?? DEFAULT_CHANNEL).toLowerCase();
  if (action.disabled) return { runs: false, reason: 'disabled' };
  if (action.environments.length && !action.environments.some((e) => e.name.toLowerCase() === env)) {
    return { runs: false, reason: `runs only in ${names(action.environments)}` };
  }
  if (action.excludedEnvironments.some((e) => e.name.toLowerCase() === env)) {
    return { runs: false, reason: `excluded in ${context.environment}` };
  }
  if (action.channels.length && !action.channels.some((c) => c.name.toLowerCase() === channel)) {
    return { runs: false, reason: `runs only for channel ${names(action.channels)}` };
  }
  if (action.tenantTags.length) {
    // Since Octopus 3.4 an action with a tenant filter is skipped in untenanted deployments.
    if (!context.tenantTags)
      return {
        runs: false,
        reason: `runs only for tenants tagged ${names(action.tenantTags)}; this deployment is untenanted`,
      };
    const tags = context.tenantTags.map((t) => t.toLowerCase());
    if (!action.tenantTags.some((t) => tags.includes(t.name.toLowerCase()))) {
      return { runs: false, reason: `runs only for tenants tagged ${names(action.tenantTags)}` };
    }
  }
  const conditions: string[] = [];
  if (action.environments.length) conditions.push(`${context.environment} is one of its environments`);
  if (action.channels.length) conditions.push(`channel ${context.channel ?? DEFAULT_CHANNEL} matches`);
  return { runs: true, reason: conditions.length ? conditions.join('; ') : 'runs in every environment' };
}

/**
 * A step's run condition, given how the deployment has gone so far. `variableTruthy` is the
 * evaluated variable expression, for `condition: { variable }` steps.
 */
export function stepConditionAllows(
  step: Step,
  state: { failed: boolean; variableTruthy?: boolean; expression?: string },
): RunDecision {
  switch (step.condition.kind) {
    case 'success':
      return state.failed
        ? { runs: false, reason: 'runs only when every earlier step succeeded; an earlier step failed' }
        : { runs: true, reason: 'runs when every earlier step succeeds' };
    case 'failure':
      return state.failed
        ? { runs: true, reason: 'an earlier step failed' }
        : { runs: false, reason: 'runs only when an earlier step failed' };
    case 'always':
      return { runs: true, reason: 'always runs' };
    case 'variable':
      return state.variableTruthy
        ? { runs: true, reason: `its condition ${state.expression ?? ''} is true`.replace('  ', ' ') }
        : { runs: false, reason: `its condition ${state.expression ?? ''} is false`.replace('  ', ' ') };
  }
}

function names(refs: { name: string }[]): string {
  return refs.map((r) => r.name).join(', ');
}
