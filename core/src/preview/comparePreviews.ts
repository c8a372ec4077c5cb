/**
 * Two previews of one process side by side — two environments, or one environment for two
 * tenants — and what differs between them, in words: a step or action that runs on one side
 * only, different targets, different property values. Steps and actions are matched by position
 * (both previews are of the same process), so a renamed step is still compared with itself.
 */
import type { ActionPreview, ProcessPreview } from './previewProcess';

/** `Test`, `Test for Acme`. */
export function sideLabel(preview: Pick<ProcessPreview, 'environment' | 'tenant'>): string {
  return preview.tenant ? `${preview.environment} for ${preview.tenant}` : preview.environment;
}

export function previewDifferences(left: ProcessPreview, right: ProcessPreview): string[] {
  const l = sideLabel(left);
  const r = sideLabel(right);
  const out: string[] = [];
  left.steps.forEach((leftStep, stepIndex) => {
    const rightStep = right.steps[stepIndex];
    if (!rightStep) return;
    const name = leftStep.name || `Step ${stepIndex + 1}`;
    if (leftStep.runs !== rightStep.runs) {
      out.push(
        leftStep.runs
          ? `${name}: runs in ${l}, skipped in ${r} (${rightStep.reason})`
          : `${name}: skipped in ${l} (${leftStep.reason}), runs in ${r}`,
      );
      return;
    }
    if (!leftStep.runs) return;
    leftStep.actions.forEach((leftAction, actionIndex) => {
      const rightAction = rightStep.actions[actionIndex];
      if (!rightAction) return;
      const where = leftStep.actions.length > 1 ? `${name} / ${leftAction.name}` : name;
      out.push(...actionDifferences(where, leftAction, rightAction, l, r));
    });
  });
  return out;
}

function actionDifferences(where: string, left: ActionPreview, right: ActionPreview, l: string, r: string): string[] {
  if (left.runs !== right.runs)
    return [
      left.runs
        ? `${where}: runs in ${l}, skipped in ${r} (${right.reason})`
        : `${where}: skipped in ${l} (${left.reason}), runs in ${r}`,
    ];
  if (!left.runs) return [];
  const out: string[] = [];
  const targets = (a: ActionPreview) => a.targets.join(', ') || 'no targets';
  if (targets(left) !== targets(right))
    out.push(`${where}: targets ${targets(left)} in ${l}, ${targets(right)} in ${r}`);
  const keys = [...new Set([...Object.keys(left.properties), ...Object.keys(right.properties)])].sort();
  for (const key of keys) {
    const a = left.properties[key];
    const b = right.properties[key];
    if (a === b) continue;
    out.push(`${where}: ${key} is ${shown(a)} in ${l}, ${shown(b)} in ${r}`);
  }
  return out;
}

function shown(value: string | undefined): string {
  if (value === undefined) return 'unset';
  const oneLine = value.length > 80 || value.includes('\n') ? `${value.split('\n')[0].slice(0, 77)}…` : value;
  return JSON.stringify(oneLine);
}
