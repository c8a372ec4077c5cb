import * as vscode from 'vscode';
import type { Connection } from '../connections/connections';
import { reportError } from '../connections/reportError';
import { sleep } from '../octopus/cancellation';
import type { OctopusClient } from '../octopus/octopusClient';
import type { Interruption, ServerTask } from '../octopus/types';
import { currentStep } from '../taskLog/renderTaskLog';
import { STATE_LABEL, stateOf, type DeploymentState } from './deploymentState';
import type { DeploymentStatusBar } from './deploymentStatusBar';
import { choicesOf, instructionsOf, submitIntervention } from './interventions';

export interface FollowTarget {
  connection: Connection;
  client: OctopusClient;
  projectName: string;
  version: string;
  environmentName: string;
  deploymentId: string;
  taskId: string;
  /** Set when the task is a run of this runbook (then `version` names the runbook too, for the status bar). */
  runbook?: string;
}

const POLL_MS = 1000;
/** Polls that may fail in a row before following stops (with a message and a way to resume). */
const MAX_FAILURES = 5;

/**
 * Follows deployments and runbook runs while they run: a progress notification naming the current step, a
 * notification with the intervention's choices when a manual step waits, the status bar, the
 * tree — and a closing notification with the outcome. Never waits forever on a silent server.
 */
export class DeploymentMonitor implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<{ taskId: string; state: DeploymentState }>();
  readonly onDidChange = this.changed.event;
  private readonly following = new Map<string, Promise<ServerTask | undefined>>();
  private readonly prompted = new Set<string>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly statusBar: DeploymentStatusBar,
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** Follows a task until it completes (once per task); resolves with the final task. */
  follow(target: FollowTarget): Promise<ServerTask | undefined> {
    const key = `${target.connection.id}/${target.taskId}`;
    let running = this.following.get(key);
    if (!running) {
      running = this.run(target).finally(() => this.following.delete(key));
      this.following.set(key, running);
    }
    return running;
  }

  isFollowing(connection: Connection, taskId: string): boolean {
    return this.following.has(`${connection.id}/${taskId}`);
  }

  private title(t: FollowTarget): string {
    return t.runbook
      ? `Run ${t.runbook} of ${t.projectName} in ${t.environmentName}`
      : `Deploy ${t.projectName} ${t.version} to ${t.environmentName}`;
  }

  private run(target: FollowTarget): Promise<ServerTask | undefined> {
    const { client, taskId } = target;
    return Promise.resolve(
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: target.runbook
            ? `Running ${target.runbook} of ${target.projectName} in ${target.environmentName}`
            : `Deploying ${target.projectName} ${target.version} to ${target.environmentName}`,
          cancellable: true,
        },
        async (progress, token) => {
          let cancelling = false;
          const onCancel = token.onCancellationRequested(() => {
            cancelling = true;
            progress.report({ message: 'cancelling…' });
            client.cancelTask(taskId).then(
              () => this.log.info(`Cancelled ${taskId} (${this.title(target)}) from the progress notification.`),
              (error) =>
                reportError(this.log, error, {
                  doing: `Could not cancel ${this.title(target)}`,
                  connection: target.connection,
                }),
            );
          });
          let reported = 0;
          let failures = 0;
          let lastState: DeploymentState | undefined;
          try {
            for (;;) {
              let task: ServerTask;
              let message: string;
              let percent: number | undefined;
              try {
                const details = await client.taskDetails(taskId, {}, { timeoutMs: 15_000 });
                task = details.Task;
                const step = currentStep(details);
                percent = details.Progress?.ProgressPercentage;
                if (percent === undefined && step)
                  percent = Math.round(((step.index - (step.status === 'Running' ? 1 : 0)) / step.total) * 100);
                message = this.progressMessage(task, step);
                failures = 0;
              } catch (error) {
                failures++;
                if (failures >= MAX_FAILURES) {
                  reportError(this.log, error, {
                    doing: `Stopped following ${this.title(target)} after ${MAX_FAILURES} failed attempts to read it`,
                    connection: target.connection,
                    actions: [{ title: 'Follow Again', run: () => this.follow(target) }],
                  });
                  return undefined;
                }
                this.log.warn(
                  `Following ${taskId}: ${(error as Error).message} (attempt ${failures} of ${MAX_FAILURES})`,
                );
                await sleep(POLL_MS * 2 * failures);
                continue;
              }
              const state = stateOf(task);
              if (state !== lastState) {
                lastState = state;
                this.statusBar.setDeployment({
                  connection: target.connection,
                  taskId,
                  title: this.title(target),
                  projectName: target.projectName,
                  version: target.version,
                  environmentName: target.environmentName,
                  state,
                });
                this.changed.fire({ taskId, state });
              }
              if (cancelling && !task.IsCompleted) message = `cancelling… (${message})`;
              const increment = percent !== undefined && percent > reported ? percent - reported : undefined;
              if (increment) reported = percent!;
              progress.report({ message, increment });
              if (task.HasPendingInterruptions && !task.IsCompleted)
                await this.promptForInterventions(target).catch((e) =>
                  this.log.warn(`Reading interventions of ${taskId}: ${(e as Error).message}`),
                );
              if (task.IsCompleted) {
                this.announce(target, task);
                return task;
              }
              await sleep(POLL_MS);
            }
          } finally {
            onCancel.dispose();
          }
        },
      ),
    );
  }

  private progressMessage(task: ServerTask, step: ReturnType<typeof currentStep>): string {
    if (task.State === 'Queued') return 'queued…';
    // Servers may add a step's activity only when it starts, so the total is not known: no "of N".
    const where = step ? `step ${step.index}: ${step.name}` : STATE_LABEL[stateOf(task)];
    return task.HasPendingInterruptions ? `${where} — waiting for manual intervention` : where;
  }

  /** One notification per pending intervention, with its choices as buttons. */
  private async promptForInterventions(target: FollowTarget): Promise<void> {
    const pending = await target.client.interruptions(
      { regarding: target.taskId, pendingOnly: true },
      { timeoutMs: 15_000 },
    );
    for (const interruption of pending.filter((i) => i.IsPending !== false)) {
      if (this.prompted.has(interruption.Id)) continue;
      this.prompted.add(interruption.Id);
      this.showIntervention(target, interruption);
    }
  }

  private showIntervention(target: FollowTarget, interruption: Interruption): void {
    const choices = choicesOf(interruption).options;
    const instructions = instructionsOf(interruption);
    const text = `${target.projectName} ${target.version} → ${target.environmentName} waits for you: ${interruption.Title}${instructions ? ` — ${instructions}` : ''}`;
    void vscode.window
      .showWarningMessage(text, ...choices.map((c) => c.label), 'Show Task Log')
      .then(async (chosen) => {
        if (chosen === 'Show Task Log') {
          this.prompted.delete(interruption.Id); // ask again on the next poll
          return vscode.commands.executeCommand('stepwise.showTaskLog', {
            connection: target.connection,
            taskId: target.taskId,
            title: this.title(target),
          });
        }
        const choice = choices.find((c) => c.label === chosen);
        if (!choice) return;
        try {
          const outcome = await submitIntervention(target.client, interruption, choice.value);
          if (outcome === 'already-handled')
            void vscode.window.showInformationMessage(`${interruption.Title} was already answered.`);
          this.log.info(
            `${interruption.Title} (${interruption.Id}): ${outcome === 'submitted' ? choice.value : 'already answered'}`,
          );
        } catch (error) {
          this.prompted.delete(interruption.Id);
          reportError(this.log, error, {
            doing: `Could not ${choice.value.toLowerCase()} "${interruption.Title}"`,
            connection: target.connection,
          });
        }
      });
  }

  private announce(target: FollowTarget, task: ServerTask): void {
    const what = target.runbook
      ? `${target.runbook} of ${target.projectName} in ${target.environmentName}`
      : `${target.projectName} ${target.version} to ${target.environmentName}`;
    const done = target.runbook ? 'Ran' : 'Deployed';
    const noun = target.runbook ? 'run' : 'deployment';
    const showLog = (chosen: string | undefined) =>
      chosen &&
      vscode.commands.executeCommand(chosen === 'Show Timeline' ? 'stepwise.showTimeline' : 'stepwise.showTaskLog', {
        connection: target.connection,
        taskId: target.taskId,
        title: this.title(target),
      });
    const state = stateOf(task);
    this.log.info(`${this.title(target)}: ${STATE_LABEL[state]}${task.ErrorMessage ? ` — ${task.ErrorMessage}` : ''}`);
    if (state === 'success') {
      void vscode.window
        .showInformationMessage(
          `${done} ${what}${task.HasWarningsOrErrors ? ' (with warnings)' : ''}.`,
          'Show Task Log',
          'Show Timeline',
        )
        .then(showLog);
    } else if (state === 'canceled') {
      void vscode.window
        .showWarningMessage(`The ${noun} of ${what} was canceled.`, 'Show Task Log', 'Show Timeline')
        .then(showLog);
    } else {
      void vscode.window
        .showErrorMessage(
          `The ${noun} of ${what} ${STATE_LABEL[state]}${task.ErrorMessage ? `: ${task.ErrorMessage}` : ''}.`,
          'Show Task Log',
          'Show Timeline',
        )
        .then(showLog);
    }
  }
}
