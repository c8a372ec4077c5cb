import * as vscode from 'vscode';
import { reportError } from '../connections/reportError';
import type { OctopusClient } from '../octopus/octopusClient';
import type { Environment, Project, Runbook } from '../octopus/types';
import type { Services } from '../services';
import { commandOptions, isNode, resolveProject, type CommandArg, type TargetOptions } from './projectTarget';

export interface RunRunbookOptions extends TargetOptions {
  /** The runbook's name (default: the tree's, else ask). */
  runbook?: string;
  /** Environment names (default: ask, several may be picked). */
  environments?: string[];
}

export interface StartedRunbookRun {
  environmentName: string;
  runId: string;
  taskId: string;
}

export interface StartedRunbookRuns {
  runs: StartedRunbookRun[];
  /** Resolves once every run has ended (or following stopped). */
  finished: Promise<unknown>;
}

/**
 * Stepwise: Run Runbook… — a project's runbook (the tree's, else one picked) in the environments
 * picked from those its scope allows. As Octopus's UI does, each environment gets one
 * `POST /runbookRuns` naming the runbook's published snapshot; each run is followed as a
 * deployment is (progress, status bar, outcome, task log).
 */
export async function runRunbookCommand(services: Services, arg?: CommandArg): Promise<StartedRunbookRuns | undefined> {
  const options = commandOptions<RunRunbookOptions>(arg);
  const target = await resolveProject(services, arg, 'whose runbook to run');
  if (!target) return undefined;
  const { client, project, connection } = target;
  let runbook: Runbook | undefined;
  let environments: Environment[] | undefined;
  try {
    runbook = isNode(arg) && arg.kind === 'runbook' ? arg.runbook : await pickRunbook(client, project, options.runbook);
    if (!runbook) return undefined;
    if (!runbook.PublishedRunbookSnapshotId) {
      void vscode.window.showErrorMessage(
        `Runbook ${runbook.Name} of ${project.Name} has no published snapshot, so it cannot run: publish it in Octopus first.`,
      );
      return undefined;
    }
    environments = await pickEnvironments(client, project, runbook, options.environments);
    if (!environments?.length) return undefined;
  } catch (error) {
    reportError(services.log, error, { doing: `Could not prepare a run of a runbook of ${project.Name}`, connection });
    return undefined;
  }

  const runs: StartedRunbookRun[] = [];
  const following: Promise<unknown>[] = [];
  for (const environment of environments) {
    const what = `${runbook.Name} of ${project.Name} in ${environment.Name}`;
    try {
      const run = await client.createRunbookRun({
        RunbookId: runbook.Id,
        RunbookSnapshotId: runbook.PublishedRunbookSnapshotId,
        EnvironmentId: environment.Id,
      });
      services.log.info(`Running ${what} on ${connection.name}: ${run.Id}, task ${run.TaskId}.`);
      runs.push({ environmentName: environment.Name, runId: run.Id, taskId: run.TaskId });
      following.push(
        services.monitor
          .follow({
            connection,
            client,
            projectName: project.Name,
            version: runbook.Name,
            environmentName: environment.Name,
            deploymentId: run.Id,
            taskId: run.TaskId,
            runbook: runbook.Name,
          })
          .finally(() => services.tree.refresh()),
      );
    } catch (error) {
      reportError(services.log, error, { doing: `${connection.name} did not start ${what}`, connection });
    }
  }
  services.tree.refresh();
  return runs.length ? { runs, finished: Promise.all(following) } : undefined;
}

async function pickRunbook(client: OctopusClient, project: Project, named?: string): Promise<Runbook | undefined> {
  const runbooks = await client.runbooks(project.Id);
  if (named) {
    const found = runbooks.find((r) => r.Name.toLowerCase() === named.trim().toLowerCase());
    if (!found)
      void vscode.window.showErrorMessage(
        `${project.Name} has no runbook named '${named}' (it has ${runbooks.map((r) => r.Name).join(', ') || 'none'}).`,
      );
    return found;
  }
  if (!runbooks.length) {
    void vscode.window.showInformationMessage(`${project.Name} has no runbooks.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runbooks.map((r) => ({ label: r.Name, detail: r.Description || undefined, runbook: r })),
    { placeHolder: `Which runbook of ${project.Name} to run?` },
  );
  return picked?.runbook;
}

/**
 * The environments the runbook may run in (its scope: all, those it names, or those of the
 * project's lifecycle), the named ones or those the user picks.
 */
async function pickEnvironments(
  client: OctopusClient,
  project: Project,
  runbook: Runbook,
  named?: string[],
): Promise<Environment[] | undefined> {
  const all = await client.environments();
  let allowed = all;
  if (runbook.EnvironmentScope === 'Specified') {
    const ids = new Set(runbook.Environments ?? []);
    allowed = all.filter((e) => ids.has(e.Id));
  } else if (runbook.EnvironmentScope === 'FromProjectLifecycles') {
    const lifecycle = await client.lifecycle(project.LifecycleId);
    const ids = new Set(
      lifecycle.Phases.flatMap((p) => [...p.AutomaticDeploymentTargets, ...p.OptionalDeploymentTargets]),
    );
    if (ids.size) allowed = all.filter((e) => ids.has(e.Id));
  }
  if (named?.length) {
    const chosen = named.map((n) => allowed.find((e) => e.Name.toLowerCase() === n.trim().toLowerCase()));
    const missing = named.filter((_, i) => !chosen[i]);
    if (missing.length) {
      void vscode.window.showErrorMessage(
        `Runbook ${runbook.Name} cannot run in ${missing.join(', ')}: it may run in ${allowed.map((e) => e.Name).join(', ') || 'no environment'}.`,
      );
      return undefined;
    }
    return chosen as Environment[];
  }
  if (!allowed.length) {
    void vscode.window.showErrorMessage(`Runbook ${runbook.Name} may run in no environment of this space.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    allowed.map((e) => ({ label: e.Name, environment: e })),
    { placeHolder: `Run ${runbook.Name} of ${project.Name} in…`, canPickMany: true },
  );
  return picked?.map((p) => p.environment);
}
