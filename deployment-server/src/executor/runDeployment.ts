import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { slugOf, type Step, type Target } from '@stepwise/core';
import { slugify } from '@stepwise/core/octopus/toApiResources';
import { evaluateTemplate, evaluateTruthy, VariableDictionary } from '@stepwise/core/template';
import {
  actionRunsIn,
  DeploymentVariableSet,
  localRunBlocker,
  MASK,
  stepConditionAllows,
  targetsInEnvironment,
  type DeploymentContext,
  type EvaluationSite,
  withTenantTags,
} from '@stepwise/core/preview';
import { Masker } from '../log/masker';
import type { Activity, TaskLogs } from '../log/taskLog';
import { CANCEL, type TaskOutcome, type TaskQueue, type TaskRunner } from '../tasks/queue';
import type { TaskRow } from '../tasks/taskStore';
import { ACTION_HANDLERS, ONE_TARGET_AT_A_TIME, RUNS_ONCE_ON_SERVER, unsupportedActionMessage } from './actions/index';
import { loadDeployment, loadRunbookRun, type LoadedDeployment } from './loadDeployment';
import { RUNBOOK_RUN_TASK } from '../runbooks/runbooks';
import { acquirePackages } from './packages/acquirePackages';
import { shapeOfResource } from './runnable';
import {
  SERVER_MACHINE_NAME,
  type ActionOutcome,
  type ActionSite,
  type DeploymentRun,
  type ExecutorServices,
} from './types';

/** The task runner for deployments: runs the release's process for the environment, for real. */
export function deploymentRunner(services: ExecutorServices, logs: TaskLogs): TaskRunner {
  return (task, signal, queue) => new DeploymentExecution(services, logs, task, signal, queue).run();
}

const FAILED_DEPLOYMENT =
  'The deployment failed because one or more steps failed. Please see the deployment log for details.';

/**
 * One deployment's run. Steps go in order; a `with-previous` step starts together with the step
 * before it. Each step's run condition is evaluated when it is reached, with
 * `Octopus.Deployment.Error` set once something has failed, so `failure` and `always` steps
 * behave as in Octopus. Each action runs once per target (with `Octopus.Machine.Name`), or once
 * on the server, and output variables of earlier actions are visible to later ones.
 */
class DeploymentExecution {
  private readonly masker = new Masker();
  private failed = false;
  private canceled = false;
  private error = '';
  private errorDetail = '';
  private readonly outputs = new Map<string, string>();
  private loaded!: LoadedDeployment;
  private variables!: DeploymentVariableSet;
  private context!: DeploymentContext;
  private deploymentRun!: DeploymentRun;
  private readonly workRoot: string;

  constructor(
    private readonly services: ExecutorServices,
    private readonly logs: TaskLogs,
    private readonly task: TaskRow,
    private readonly signal: AbortSignal,
    private readonly queue: TaskQueue,
  ) {
    this.workRoot = path.join(services.workRoot, task.id);
  }

  async run(): Promise<TaskOutcome> {
    const log = this.logs.open(this.task.id, this.masker);
    const root = log.root(this.task.description);
    try {
      try {
        this.loaded =
          this.task.name === RUNBOOK_RUN_TASK
            ? loadRunbookRun(this.services.store, this.task)
            : loadDeployment(this.services.store, this.task);
      } catch (error) {
        root.write('Fatal', (error as Error).message);
        root.finish('Failed');
        return { state: 'Failed', errorMessage: (error as Error).message };
      }
      this.prepare();
      const { project, release, environment, deployment } = this.loaded;
      const what = this.loaded.runbook
        ? `runbook ${this.loaded.runbook} of ${project.Name} in ${environment.Name}`
        : `${project.Name} release ${release.Version} to ${environment.Name}`;
      root.info(this.loaded.runbook ? `Running ${what}` : `Deploying ${what}`);
      if (deployment.UseGuidedFailure)
        root.warn(
          'Guided failure is not supported by the Stepwise server: a failing step fails the deployment as it would without guided failure.',
        );
      await this.runSteps(root);
      if (this.canceled || this.signal.aborted) {
        root.write(
          'Fatal',
          this.signal.reason === CANCEL
            ? 'The deployment was canceled.'
            : 'The deployment was stopped because the Stepwise server is shutting down.',
        );
        root.finish('Canceled');
        return { state: 'Canceled', errorMessage: 'The task was canceled.', hasWarnings: log.hasWarningsOrErrors };
      }
      if (this.failed) {
        root.write('Fatal', FAILED_DEPLOYMENT);
        root.finish('Failed');
        return {
          state: 'Failed',
          errorMessage: this.masker.mask(`${FAILED_DEPLOYMENT} ${this.error}`),
          hasWarnings: true,
        };
      }
      root.info(this.loaded.runbook ? `The run of ${what} succeeded.` : `Deployment of ${what} succeeded.`);
      root.finish('Success');
      return { state: 'Success', hasWarnings: log.hasWarningsOrErrors };
    } finally {
      this.logs.flush();
      // Off the event loop: removing a deployment's folders must not hold up the API's requests.
      // Awaited, so the task still ends only once its folder is gone.
      await rm(this.workRoot, { recursive: true, force: true });
    }
  }

  private prepare(): void {
    const { deployment, release, project, environment, channel, model, space, variables, tenant } = this.loaded;
    this.context = {
      environment: environment.Name,
      channel: channel.Name,
      ...(tenant ? { tenant: tenant.Name } : {}),
      releaseNumber: release.Version,
      variables: deployment.FormValues,
      packageVersions: release.SelectedPackages.map((p) => ({
        action: p.ActionName,
        package: p.PackageReferenceName ?? '',
        version: p.Version,
      })),
      maskSensitive: false,
      systemVariables: {
        'Octopus.Deployment.Id': deployment.Id,
        'Octopus.Deployment.Name': deployment.Name,
        'Octopus.Deployment.Comments': deployment.Comments,
        'Octopus.Deployment.Created': deployment.Created,
        'Octopus.Deployment.CreatedBy.Id': deployment.DeployedById,
        'Octopus.Deployment.CreatedBy.Username': deployment.DeployedBy,
        'Octopus.Deployment.ForcePackageDownload': String(deployment.ForcePackageDownload),
        'Octopus.Task.Id': this.task.id,
        'Octopus.Release.Id': release.Id,
        'Octopus.Release.Notes': release.ReleaseNotes,
        'Octopus.Release.Created': release.Assembled,
        'Octopus.Release.Channel.Id': channel.Id,
        'Octopus.Project.Id': project.Id,
        'Octopus.Project.Slug': project.Slug,
        'Octopus.Environment.Id': environment.Id,
        'Octopus.Space.Id': this.task.space_id,
        'Octopus.Web.ServerUri': this.services.serverUrl(),
        'Octopus.Web.DeploymentLink': `/app#/${this.task.space_id}/deployments/${deployment.Id}`,
        ...(tenant ? { 'Octopus.Deployment.Tenant.Id': tenant.Id } : {}),
      },
    };
    // Run conditions see the tenant's tags.
    this.context = withTenantTags(this.context, space);
    if (this.loaded.runbook) {
      // A runbook run has no release: Octopus sets the runbook's variables instead.
      delete this.context.releaseNumber;
      this.context.systemVariables = {
        ...this.context.systemVariables,
        'Octopus.Runbook.Name': this.loaded.runbook,
        'Octopus.RunbookRun.Id': deployment.Id,
        'Octopus.RunbookRun.Name': deployment.Name,
      };
    }
    this.variables = new DeploymentVariableSet(model, space, this.context);
    for (const value of this.variables.at({}).sensitiveValues) this.masker.add(value);
    // Prompted values override scoped ones, so a sensitive prompt's value is masked from here.
    const sensitiveNames = new Set(variables.Variables.filter((v) => v.IsSensitive).map((v) => v.Name.toLowerCase()));
    for (const [name, value] of Object.entries(deployment.FormValues))
      if (sensitiveNames.has(name.toLowerCase())) this.masker.add(value);
    this.deploymentRun = {
      task: this.task,
      deployment,
      release,
      project,
      environment,
      space,
      queue: this.queue,
      signal: this.signal,
      masker: this.masker,
      workRoot: this.workRoot,
    };
  }

  private async runSteps(root: Activity): Promise<void> {
    const steps = this.loaded.model.process.steps;
    const groups: number[][] = [];
    steps.forEach((step, i) =>
      step.start === 'with-previous' && groups.length ? groups[groups.length - 1].push(i) : groups.push([i]),
    );
    let done = 0;
    for (const group of groups) {
      if (this.signal.aborted) {
        for (const i of group) root.child(stepTitle(steps[i], i)).finish('Canceled');
        continue;
      }
      // Parallel steps see the deployment as it was when they started together.
      const failedBefore = this.failed;
      const activities = group.map((i) => root.child(stepTitle(steps[i], i)));
      await Promise.all(group.map((i, k) => this.runStep(i, activities[k], failedBefore)));
      done += group.length;
      this.logs.progress(this.task.id, (done / Math.max(1, steps.length)) * 100);
    }
  }

  private extraVariables(): Record<string, string> {
    return {
      ...Object.fromEntries(this.outputs),
      'Octopus.Deployment.Error': this.error,
      'Octopus.Deployment.ErrorDetail': this.errorDetail,
    };
  }

  private async runStep(stepIndex: number, activity: Activity, failedBefore: boolean): Promise<void> {
    const step = this.loaded.model.process.steps[stepIndex];
    let decision;
    if (step.condition.kind === 'variable') {
      const expression = step.condition.expression?.value ?? '';
      const dictionary = new VariableDictionary(
        this.variables.at({ step, stepIndex, action: step.actions[0], actionIndex: 0 }, this.extraVariables()).values,
      );
      decision = stepConditionAllows(step, {
        failed: failedBefore,
        variableTruthy: expression ? evaluateTruthy(expression, dictionary) : false,
        expression,
      });
    } else {
      decision = stepConditionAllows(step, { failed: failedBefore });
    }
    if (!decision.runs) {
      activity.info(`Skipped: ${decision.reason}.`);
      activity.finish('Skipped');
      return;
    }
    activity.start();
    let stepFailed = false;
    let stepCanceled = false;
    let ran = false;
    for (const [actionIndex, action] of step.actions.entries()) {
      const actionActivity = activity.child(action.name);
      if (this.signal.aborted || stepCanceled) {
        actionActivity.finish('Canceled');
        stepCanceled = true;
        continue;
      }
      if (stepFailed) {
        actionActivity.info('Skipped: an earlier action of this step failed.');
        actionActivity.finish('Skipped');
        continue;
      }
      const outcome = await this.runAction(step, stepIndex, actionIndex, actionActivity);
      if (outcome === 'skipped') continue;
      ran = true;
      if (outcome === 'canceled') stepCanceled = true;
      if (outcome === 'failed') stepFailed = true;
    }
    if (stepCanceled) {
      this.canceled = true;
      activity.finish('Canceled');
    } else if (stepFailed) {
      this.failed = true;
      activity.finish('Failed');
    } else {
      if (!ran) activity.info('Skipped: none of its actions run in this deployment.');
      activity.finish(ran ? 'Success' : 'Skipped');
    }
  }

  /** Runs one action on each of its targets; returns how it went. */
  private async runAction(
    step: Step,
    stepIndex: number,
    actionIndex: number,
    activity: Activity,
  ): Promise<'success' | 'failed' | 'canceled' | 'skipped'> {
    const action = step.actions[actionIndex];
    const resource = this.loaded.process.Steps[stepIndex].Actions[actionIndex];
    const skip = (reason: string, warn = false) => {
      if (warn) activity.warn(reason);
      else activity.info(`Skipped: ${reason}.`);
      activity.finish('Skipped');
      return 'skipped' as const;
    };
    if (this.loaded.deployment.SkipActions.includes(resource.Id)) return skip('this deployment was told to skip it');
    const decision = actionRunsIn(action, this.context);
    if (!decision.runs) return skip(decision.reason);
    const actionType = resource.ActionType;
    const handler = Object.hasOwn(ACTION_HANDLERS, actionType) ? ACTION_HANDLERS[actionType] : undefined;
    activity.start();
    // Refuse what this server cannot do before touching anything: never a Success for work not done.
    const blocker = handler ? localRunBlocker(shapeOfResource(resource)) : unsupportedActionMessage(actionType);
    if (blocker) {
      this.recordFailure(action.name, SERVER_MACHINE_NAME, blocker);
      activity.error(blocker);
      activity.finish('Failed');
      return 'failed';
    }
    const placement = this.place(step, action.runOn, actionType);
    if (placement.kind === 'none') return skip(placement.reason, true);
    if (placement.note) activity.verbose(placement.note);

    const sites = placement.kind === 'server' ? [undefined] : placement.targets;
    const window = ONE_TARGET_AT_A_TIME.has(actionType)
      ? 1
      : Number(this.propertyOf(resource.Properties['Octopus.Action.MaxParallelism'])) || sites.length;
    const outcomes: ActionOutcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < sites.length) {
        const target = sites[next++];
        outcomes.push(await this.runAtSite(step, stepIndex, actionIndex, target, activity));
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, sites.length) }, worker));
    if (outcomes.some((o) => o.status === 'canceled')) {
      activity.finish('Canceled');
      return 'canceled';
    }
    if (outcomes.some((o) => o.status === 'failed')) {
      activity.finish('Failed');
      return 'failed';
    }
    activity.finish('Success');
    return 'success';
  }

  private propertyOf(value: unknown): string | undefined {
    return typeof value === 'string' ? value : undefined;
  }

  /** Where an action runs: once on the server, or on each target in the environment with one of the step's roles. */
  private place(
    step: Step,
    runOn: string | undefined,
    actionType: string,
  ):
    | { kind: 'server'; note?: string }
    | { kind: 'targets'; targets: Target[]; note?: string }
    | { kind: 'none'; reason: string } {
    const where = runOn ?? (step.roles.length ? 'targets' : 'server');
    if (RUNS_ONCE_ON_SERVER.has(actionType) || step.roles.length === 0) return { kind: 'server' };
    // With roles, a step run on a worker or the server runs once on behalf of each target (Octopus's rule).
    const onBehalf = where !== 'targets';
    const { space, environment, deployment, machines } = this.loaded;
    const roles = step.roles.map((r) => r.name);
    if (!space.defines.targets) {
      return {
        kind: 'server',
        note: `The space has no deployment targets, so this action runs once on the ${SERVER_MACHINE_NAME} instead of on targets with role ${roles.join(', ')}.`,
      };
    }
    const wanted = new Set(roles.map((r) => r.toLowerCase()));
    const nameOf = (id: string) => machines.find((m) => m.Id === id)?.Name.toLowerCase();
    const specific = new Set(deployment.SpecificMachineIds.map(nameOf));
    const excluded = new Set(deployment.ExcludedMachineIds.map(nameOf));
    const targets = targetsInEnvironment(space, environment.Name).filter(
      (t) =>
        t.roles.some((r) => wanted.has(r.name.toLowerCase())) &&
        (!specific.size || specific.has(t.name.toLowerCase())) &&
        !excluded.has(t.name.toLowerCase()),
    );
    if (!targets.length)
      return {
        kind: 'none',
        reason: `Skipping this step as no deployment targets were found in the role${roles.length > 1 ? 's' : ''} ${roles.join(', ')} in ${environment.Name}.`,
      };
    return onBehalf
      ? {
          kind: 'targets',
          targets,
          note: `Running on the ${SERVER_MACHINE_NAME} (as the ${where}) on behalf of each target: ${targets.map((t) => t.name).join(', ')}.`,
        }
      : { kind: 'targets', targets };
  }

  private async runAtSite(
    step: Step,
    stepIndex: number,
    actionIndex: number,
    target: Target | undefined,
    actionActivity: Activity,
  ): Promise<ActionOutcome> {
    const action = step.actions[actionIndex];
    const stepResource = this.loaded.process.Steps[stepIndex];
    const resource = stepResource.Actions[actionIndex];
    const machineName = target?.name ?? SERVER_MACHINE_NAME;
    const activity = actionActivity.child(machineName, 'Running');
    const machine = target && this.loaded.machines.find((m) => m.Name === target.name);
    const selected = this.loaded.release.SelectedPackages.find(
      (p) => p.ActionName === action.name && !p.PackageReferenceName,
    );
    const extra: Record<string, string> = {
      ...this.extraVariables(),
      'Octopus.Step.Id': stepResource.Id,
      'Octopus.Action.Id': resource.Id,
      'Octopus.Tentacle.Agent.ApplicationDirectoryPath': path.join(
        this.services.dataDir,
        'targets',
        machineName.replace(/[^A-Za-z0-9._-]+/g, '_'),
        'Applications',
      ),
    };
    if (machine) extra['Octopus.Machine.Id'] = machine.Id;
    if (selected) {
      extra['Octopus.Action.Package.PackageVersion'] = selected.Version;
      for (const key of stepKeys(action)) extra[`Octopus.Action[${key}].Package.PackageVersion`] = selected.Version;
      extra['Octopus.Release.Package'] = selected.Version;
    }
    const workDir = path.join(
      this.workRoot,
      `${stepIndex + 1}.${actionIndex + 1}-${slugify(action.name)}`,
      slugify(machineName),
    );
    mkdirSync(workDir, { recursive: true, mode: 0o700 });
    const acquired = await acquirePackages(
      resource,
      this.loaded.release,
      this.task.space_id,
      this.services.feed,
      workDir,
      activity,
    );
    if ('failed' in acquired)
      return this.finishSite(action.name, machineName, activity, { status: 'failed', message: acquired.failed });
    Object.assign(extra, acquired.variables);
    const site: EvaluationSite = { step, stepIndex, action, actionIndex, target };
    const bound = this.variables.at(site, extra);
    for (const value of bound.sensitiveValues) this.masker.add(value);
    const dictionary = new VariableDictionary(bound.values);
    const properties: Record<string, string> = {};
    for (const [name, text] of action.properties)
      properties[name] = text.value.includes('#{')
        ? (evaluateTemplate(text.value, dictionary, { haltOnError: false }).result ?? '')
        : text.value;
    let evaluated: Map<string, string> | undefined;
    const actionSite: ActionSite = {
      run: this.deploymentRun,
      step,
      stepIndex,
      action,
      actionIndex,
      resource,
      target,
      machineName,
      variables: bound.values,
      dictionary,
      properties,
      activity,
      workDir,
      evaluatedVariables: () => {
        evaluated ??= new Map(
          [...bound.values].map(([k, v]) => [
            k,
            v.includes('#{') ? (evaluateTemplate(v, dictionary, { haltOnError: false }).result ?? v) : v,
          ]),
        );
        return evaluated;
      },
      setOutput: (name, value, sensitive) => {
        const key = `Octopus.Action[${action.name}].Output.${name}`;
        if (sensitive) this.masker.add(value);
        // By name (older files) and by slug (as current Octopus writes references).
        for (const step of stepKeys(action)) {
          this.outputs.set(`Octopus.Action[${step}].Output.${name}`, value);
          if (target) this.outputs.set(`Octopus.Action[${step}].Output[${target.name}].${name}`, value);
        }
        activity.verbose(`Output variable ${key} = ${sensitive ? MASK : value}`);
      },
    };
    let outcome: ActionOutcome;
    try {
      outcome = await ACTION_HANDLERS[resource.ActionType](actionSite, this.services);
    } catch (error) {
      outcome = {
        status: 'failed',
        message: `The Stepwise server could not run this action: ${(error as Error).message}`,
      };
    }
    return this.finishSite(action.name, machineName, activity, outcome);
  }

  private finishSite(
    actionName: string,
    machineName: string,
    activity: Activity,
    outcome: ActionOutcome,
  ): ActionOutcome {
    if (outcome.status === 'failed') {
      activity.error(outcome.message);
      this.recordFailure(actionName, machineName, outcome.message);
      activity.finish('Failed');
    } else activity.finish(outcome.status === 'canceled' ? 'Canceled' : 'Success');
    return outcome;
  }

  private recordFailure(actionName: string, machineName: string, message: string): void {
    if (this.error) return;
    this.error = this.masker.mask(
      `The step failed: Activity ${actionName} on ${machineName} failed with error '${message}'.`,
    );
    this.errorDetail = this.masker.mask(message);
  }
}

function stepTitle(step: Step, index: number): string {
  return `Step ${index + 1}: ${step.name}`;
}

/** The names a reference to an action may use: its name and its slug. */
function stepKeys(action: { name: string; slug?: { value: string } }): string[] {
  const slug = slugOf(action);
  return slug && slug.toLowerCase() !== action.name.toLowerCase() ? [action.name, slug] : [action.name];
}
