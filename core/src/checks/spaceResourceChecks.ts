import { isBuiltInFeed } from '../preview/localExecution';
import { findAccount, findCertificate, findFeed, findWorkerPool, TYPED_VARIABLE_KINDS } from '../model/spaceResources';
import type { Action, DeploymentProcess, Space, Variable } from '../model/types';
import type { Range } from '../text';
import type { ProcessCheckContext } from './checkContext';
import { closestNames, didYouMean } from './suggest';

/**
 * Action properties that take an account (directly, by name, slug or id) or the name of a typed
 * variable that holds one, and the variable type Octopus expects there.
 */
export const TYPED_PROPERTIES: Readonly<Record<string, { variableType: string; holds: 'resource' | 'variable name' }>> =
  {
    'Octopus.Action.Azure.AccountId': { variableType: 'AzureAccount', holds: 'resource' },
    'Octopus.Action.AzureAccount.Variable': { variableType: 'AzureAccount', holds: 'variable name' },
    'Octopus.Action.AwsAccount.Variable': { variableType: 'AmazonWebServicesAccount', holds: 'variable name' },
    'Octopus.Action.GoogleCloudAccount.Variable': { variableType: 'GoogleCloudAccount', holds: 'variable name' },
    'Octopus.Action.Certificate.Variable': { variableType: 'Certificate', holds: 'variable name' },
  };

/**
 * What the space holds and a process refers to: feeds of package references and containers,
 * worker pools, accounts and certificates (directly, through typed variables, and in the action
 * properties that take them). Each kind only when the space file lists it, as for environments.
 */
export function checkSpaceResources(ctx: ProcessCheckContext, process: DeploymentProcess = ctx.project.process): void {
  const { space } = ctx;
  const variables = visibleVariables(ctx);
  for (const step of process.steps) {
    for (const action of step.actions) {
      if (space) checkFeeds(ctx, space, action);
      if (space?.defines.workerPools && action.workerPool && !isTemplate(action.workerPool.name))
        reportMissing(ctx, 'worker pool', action.workerPool.name, action.workerPool.range, space);
      if (action.workerPoolVariable?.value.trim())
        checkVariableOfType(
          ctx,
          variables,
          action.workerPoolVariable.value.trim(),
          'WorkerPool',
          action.workerPoolVariable.range,
        );
      for (const [property, expected] of Object.entries(TYPED_PROPERTIES)) {
        const text = action.properties.get(property);
        const value = text?.value.trim();
        if (!text || !value) continue;
        if (expected.holds === 'variable name') {
          checkVariableOfType(ctx, variables, value, expected.variableType, text.range);
          continue;
        }
        const single = /^#\{\s*([^}|\s]+)\s*\}$/.exec(value);
        if (single) checkVariableOfType(ctx, variables, single[1], expected.variableType, text.range);
        else if (space && !isTemplate(value)) checkResource(ctx, space, expected.variableType, value, text.range);
      }
    }
  }
  if (space && process === ctx.project.process)
    for (const variable of ctx.project.variables) checkTypedVariable(ctx, space, variable);
}

/** A library set's typed variables, checked once with the space file. */
export function checkTypedVariables(
  ctx: Pick<ProcessCheckContext, 'report'>,
  space: Space,
  variables: Variable[],
): void {
  for (const variable of variables) checkTypedVariable(ctx, space, variable);
}

function checkTypedVariable(ctx: Pick<ProcessCheckContext, 'report'>, space: Space, variable: Variable): void {
  if (!variable.type || !Object.hasOwn(TYPED_VARIABLE_KINDS, variable.type)) return;
  for (const value of variable.values) {
    if (!value.value.trim() || isTemplate(value.value)) continue;
    checkResource(ctx, space, variable.type, value.value.trim(), value.range, variable.name);
  }
}

function checkFeeds(ctx: ProcessCheckContext, space: Space, action: Action): void {
  if (!space.defines.feeds) return;
  for (const reference of action.packages) {
    const feed = reference.feed.trim();
    if (!feed || isBuiltInFeed(feed) || isTemplate(feed)) continue;
    reportMissing(ctx, 'feed', feed, reference.feedRange ?? reference.range, space);
  }
  const containerFeed = action.container?.feed?.trim();
  if (containerFeed && !isBuiltInFeed(containerFeed) && !isTemplate(containerFeed))
    reportMissing(ctx, 'feed', containerFeed, action.container!.range, space);
}

type ResourceKind = 'feed' | 'worker pool' | 'account' | 'certificate';

function known(space: Space, kind: ResourceKind): { name: string; id?: string }[] {
  switch (kind) {
    case 'feed':
      return space.feeds ?? [];
    case 'worker pool':
      return space.workerPools ?? [];
    case 'account':
      return space.accounts ?? [];
    case 'certificate':
      return space.certificates ?? [];
  }
}

function find(space: Space, kind: ResourceKind, written: string) {
  return kind === 'feed'
    ? findFeed(space, written)
    : kind === 'worker pool'
      ? findWorkerPool(space, written)
      : kind === 'account'
        ? findAccount(space, written)
        : findCertificate(space, written);
}

const DEFINES: Record<ResourceKind, 'feeds' | 'workerPools' | 'accounts' | 'certificates'> = {
  feed: 'feeds',
  'worker pool': 'workerPools',
  account: 'accounts',
  certificate: 'certificates',
};

/** Reports `written` when the space lists that kind and has none of that name; returns whether it was found. */
function reportMissing(
  ctx: Pick<ProcessCheckContext, 'report'>,
  kind: ResourceKind,
  written: string,
  range: Range,
  space: Space,
): boolean {
  if (!space.defines[DEFINES[kind]]) return true;
  if (find(space, kind, written)) return true;
  const names = known(space, kind).map((r) => r.name);
  const suggestions = closestNames(written, names);
  const builtIn = kind === 'feed' ? ' (and the built-in feed, octopus-server-built-in)' : '';
  ctx.report(
    'error',
    `unknown-${kind === 'worker pool' ? 'worker-pool' : kind}`,
    `Unknown ${kind} \`${written}\`: the space file lists no ${kind} of that name, slug or id. Its ${kind === 'worker pool' ? 'worker pools' : `${kind}s`}: ${names.join(', ') || 'none'}${builtIn}.${didYouMean(suggestions)}`,
    range,
    { suggestions },
  );
  return false;
}

/** A value that must name a resource of the kind a variable type holds (`AzureAccount` → an Azure account). */
function checkResource(
  ctx: Pick<ProcessCheckContext, 'report'>,
  space: Space,
  variableType: string,
  written: string,
  range: Range,
  variableName?: string,
): void {
  const kind = TYPED_VARIABLE_KINDS[variableType];
  if (!reportMissing(ctx, kind.resource, written, range, space) || kind.resource !== 'account') return;
  const account = findAccount(space, written);
  if (account && kind.accountTypes && !kind.accountTypes.includes(account.type)) {
    ctx.report(
      'warning',
      'typed-variable-mismatch',
      `Account \`${account.name}\` is a ${account.type} account; ${variableName ? `\`${variableName}\` (type ${variableType})` : 'this property'} takes ${kind.accountTypes.join(' or ')}.`,
      range,
    );
  }
}

/** `name` must be a variable of the process of type `type` (the property or field reads its value as that kind). */
function checkVariableOfType(
  ctx: ProcessCheckContext,
  variables: { list: Variable[]; complete: boolean },
  name: string,
  type: string,
  range: Range,
): void {
  if (isTemplate(name)) return;
  const variable = variables.list.find((v) => v.name.toLowerCase() === name.toLowerCase());
  if (!variable) {
    if (!variables.complete) return;
    const suggestions = closestNames(
      name,
      variables.list.filter((v) => v.type === type).map((v) => v.name),
    );
    ctx.report(
      'warning',
      'unknown-variable',
      `Unknown variable \`${name}\`: this takes a variable of type ${type}, and the process has none of that name.${didYouMean(suggestions)}`,
      range,
      { suggestions },
    );
    return;
  }
  if (variable.type === type) return;
  ctx.report(
    'warning',
    'typed-variable-mismatch',
    `\`${variable.name}\` is ${variable.type ? `a ${variable.type}` : variable.sensitive ? 'a sensitive' : 'a text'} variable; this takes a variable of type ${type} (write \`type: ${type}\` on it, with the ${TYPED_VARIABLE_KINDS[type]?.resource ?? 'resource'} as its value).`,
    range,
  );
}

function visibleVariables(ctx: ProcessCheckContext): { list: Variable[]; complete: boolean } {
  const { project, space } = ctx;
  const sets = project.variableSets.map((ref) =>
    space?.variableSets.find((s) => s.name.toLowerCase() === ref.name.toLowerCase()),
  );
  return {
    list: [...project.variables, ...sets.flatMap((s) => s?.variables ?? [])],
    complete: sets.every((s) => s !== undefined) && !project.unseen?.variableSets,
  };
}

function isTemplate(value: string): boolean {
  return value.includes('#{');
}
