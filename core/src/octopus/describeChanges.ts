/**
 * What differs between a process (or variable set) converted from a file and the one a server
 * holds, in words a person can judge before pushing ("step `Approve` added"). An empty list
 * means the server already has what the file says.
 *
 * Servers add properties a file never writes (real Octopus fills in defaults such as
 * `Octopus.Action.Script.ScriptSource`), so only the properties the file sets are compared, plus
 * everything a file expresses as a field (type, environments, channels, packages, …). Ids are
 * never compared: a server makes its own.
 */
import type {
  DeploymentActionResource,
  DeploymentProcessResource,
  DeploymentStepResource,
  PropertyValue,
  VariableResource,
  VariableSetResource,
} from './apiResources';

export function describeProcessChanges(
  fromFile: DeploymentProcessResource,
  onServer: DeploymentProcessResource | undefined,
): string[] {
  if (!onServer) return ['the server has no deployment process for this project'];
  const changes: string[] = [];
  const serverSteps = new Map(onServer.Steps.map((s) => [s.Name.toLowerCase(), s]));
  const fileSteps = new Set(fromFile.Steps.map((s) => s.Name.toLowerCase()));
  for (const step of fromFile.Steps) {
    const other = serverSteps.get(step.Name.toLowerCase());
    if (!other) changes.push(`step \`${step.Name}\` added`);
    else changes.push(...describeStepChanges(step, other));
  }
  for (const step of onServer.Steps)
    if (!fileSteps.has(step.Name.toLowerCase())) changes.push(`step \`${step.Name}\` removed`);
  if (!changes.length) {
    const order = (steps: DeploymentStepResource[]) => steps.map((s) => s.Name.toLowerCase()).join('\n');
    if (order(fromFile.Steps) !== order(onServer.Steps)) changes.push('the steps are in a different order');
  }
  return changes;
}

function describeStepChanges(step: DeploymentStepResource, other: DeploymentStepResource): string[] {
  const changes: string[] = [];
  const what = `step \`${step.Name}\``;
  if (step.Condition !== other.Condition) changes.push(`${what}: run condition ${other.Condition} → ${step.Condition}`);
  if (step.StartTrigger !== other.StartTrigger)
    changes.push(`${what}: start ${other.StartTrigger} → ${step.StartTrigger}`);
  if (step.PackageRequirement !== other.PackageRequirement) changes.push(`${what}: package requirement changed`);
  for (const key of changedProperties(step.Properties, other.Properties))
    changes.push(`${what}: ${propertyLabel(key)} changed`);

  const serverActions = new Map(other.Actions.map((a) => [a.Name.toLowerCase(), a]));
  const fileActions = new Set(step.Actions.map((a) => a.Name.toLowerCase()));
  const inline = step.Actions.length === 1 && step.Actions[0].Name === step.Name;
  for (const action of step.Actions) {
    const match = serverActions.get(action.Name.toLowerCase());
    const label = inline ? what : `${what}, action \`${action.Name}\``;
    if (!match) changes.push(`${what}: action \`${action.Name}\` added`);
    else changes.push(...describeActionChanges(action, match).map((c) => `${label}: ${c}`));
  }
  for (const action of other.Actions)
    if (!fileActions.has(action.Name.toLowerCase())) changes.push(`${what}: action \`${action.Name}\` removed`);
  return changes;
}

function describeActionChanges(action: DeploymentActionResource, other: DeploymentActionResource): string[] {
  const changes: string[] = [];
  if (action.ActionType !== other.ActionType) changes.push(`type ${other.ActionType} → ${action.ActionType}`);
  if (action.IsDisabled !== other.IsDisabled) changes.push(action.IsDisabled ? 'disabled' : 'enabled');
  if (action.IsRequired !== other.IsRequired) changes.push(action.IsRequired ? 'now required' : 'no longer required');
  const lists: [keyof DeploymentActionResource, string][] = [
    ['Environments', 'environments'],
    ['ExcludedEnvironments', 'excluded environments'],
    ['Channels', 'channels'],
    ['TenantTags', 'tenant tags'],
  ];
  for (const [key, label] of lists) {
    if (!sameSet(action[key] as string[], (other[key] as string[] | undefined) ?? [])) changes.push(`${label} changed`);
  }
  const packages = (a: DeploymentActionResource) => (a.Packages ?? []).map((p) => `${p.PackageId}@${p.FeedId}`);
  if (!sameSet(packages(action), packages(other))) changes.push('packages changed');
  for (const key of changedProperties(action.Properties, other.Properties))
    changes.push(`${propertyLabel(key)} changed`);
  return changes;
}

/** Keys the file sets whose value differs on the server (a sensitive value is never compared). */
function changedProperties(
  fromFile: Record<string, PropertyValue>,
  onServer: Record<string, PropertyValue> | undefined,
): string[] {
  const changed: string[] = [];
  for (const [key, value] of Object.entries(fromFile)) {
    const theirs = onServer?.[key];
    if (typeof value !== 'string') continue;
    if (theirs !== null && typeof theirs === 'object') continue;
    if (normalizeText(value) !== normalizeText(theirs ?? '')) changed.push(key);
  }
  return changed;
}

const PROPERTY_LABELS: Record<string, string> = {
  'Octopus.Action.Script.ScriptBody': 'script',
  'Octopus.Action.Script.Syntax': 'script syntax',
  'Octopus.Action.Manual.Instructions': 'instructions',
  'Octopus.Action.Manual.ResponsibleTeamIds': 'responsible teams',
  'Octopus.Action.TargetRoles': 'roles',
  'Octopus.Action.RunOnServer': 'run-on',
  'Octopus.Step.ConditionVariableExpression': 'condition expression',
  'Octopus.Action.Email.To': 'email recipients',
  'Octopus.Action.Email.Subject': 'email subject',
  'Octopus.Action.Email.Body': 'email body',
};

function propertyLabel(key: string): string {
  return PROPERTY_LABELS[key] ?? key;
}

/** Line endings and trailing blanks differ between editors and servers without meaning anything. */
function normalizeText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/\s+$/, '');
}

function sameSet(a: string[], b: string[]): boolean {
  const sa = [...a].sort().join('\n');
  const sb = [...b].sort().join('\n');
  return sa === sb;
}

/**
 * Differences between a file's variables and the server's, by variable name. Sensitive values
 * come back from a server as null, so only their presence and scopes are compared.
 */
export function describeVariableChanges(
  fromFile: VariableSetResource,
  onServer: VariableSetResource | undefined,
): string[] {
  if (!onServer) return fromFile.Variables.length ? ['the server has no variables for this project'] : [];
  const group = (set: VariableSetResource) => {
    const byName = new Map<string, VariableResource[]>();
    for (const v of set.Variables) byName.set(v.Name, [...(byName.get(v.Name) ?? []), v]);
    return byName;
  };
  const mine = group(fromFile);
  const theirs = group(onServer);
  const changes: string[] = [];
  for (const [name, values] of mine) {
    const other = theirs.get(name);
    if (!other) changes.push(`variable \`${name}\` added`);
    else if (fingerprint(values) !== fingerprint(other)) changes.push(`variable \`${name}\` changed`);
  }
  for (const name of theirs.keys()) if (!mine.has(name)) changes.push(`variable \`${name}\` removed`);
  return changes;
}

function fingerprint(values: VariableResource[]): string {
  return values
    .map((v) => {
      const sensitive = v.IsSensitive || v.Type === 'Sensitive';
      const scope = Object.entries(v.Scope ?? {})
        .filter(([, ids]) => ids && ids.length)
        .map(([key, ids]) => `${key}=${[...ids!].sort().join(',')}`)
        .sort()
        .join(';');
      const prompt = v.Prompt ? `${v.Prompt.Label}|${v.Prompt.Required}` : '';
      return JSON.stringify([sensitive ? '(sensitive)' : normalizeText(v.Value ?? ''), scope, prompt]);
    })
    .sort()
    .join('\n');
}
