import * as vscode from 'vscode';
import type { DeploymentOutcome } from '@stepwise/core/octopus/lifecycle';
import type { Connection } from '../connections/connections';
import { reportError } from '../connections/reportError';
import { OctopusError } from '@stepwise/core/octopus/errors';
import type { OctopusClient } from '../octopus/octopusClient';
import type { Environment, Lifecycle, Project, Release, Variable } from '../octopus/types';
import type { Services } from '../services';

export interface DeployTarget {
  connection: Connection;
  client: OctopusClient;
  project: Project;
  release: Release;
  environment: Environment;
}

export interface StartedDeployment {
  deploymentId: string;
  taskId: string;
  /** Resolves with the final task once the deployment ends (or following stops). */
  finished: Promise<unknown>;
}

/**
 * Deploys a release to an environment: asks for the prompted variables that apply there,
 * creates the deployment, and follows it (progress, interventions, status bar, outcome).
 * `variables` answers prompts without asking.
 */
export async function deployRelease(
  services: Services,
  target: DeployTarget,
  options: { variables?: Record<string, string> } = {},
): Promise<StartedDeployment | undefined> {
  const { client, project, release, environment, connection } = target;
  const what = `${project.Name} ${release.Version} to ${environment.Name}`;
  let values: Record<string, string> | undefined;
  try {
    values = await askPromptedVariables(target, options.variables ?? {});
  } catch (error) {
    reportError(services.log, error, {
      doing: `Could not read the prompted variables of ${project.Name} ${release.Version}`,
      connection,
    });
    return undefined;
  }
  if (!values) return undefined;
  let created: { DeploymentId: string; ServerTaskId: string };
  try {
    [created] = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Starting deployment of ${what}…` },
      () =>
        client.createDeployment({
          ProjectName: project.Name,
          ReleaseVersion: release.Version,
          EnvironmentNames: [environment.Name],
          Variables: Object.keys(values!).length ? values : undefined,
        }),
    );
  } catch (error) {
    const refused = error instanceof OctopusError && error.kind === 'refused';
    reportError(services.log, error, {
      doing: `${connection.name} did not start the deployment of ${what}`,
      connection,
      actions: refused
        ? [
            {
              title: 'Deploy to Another Environment…',
              run: () =>
                vscode.commands.executeCommand('stepwise.deployToEnvironment', {
                  kind: 'release',
                  connection,
                  project,
                  release,
                }),
            },
          ]
        : [],
      retry: () => deployRelease(services, target, { variables: values }),
    });
    return undefined;
  }
  services.log.info(`Deploying ${what} on ${connection.name}: ${created.DeploymentId}, task ${created.ServerTaskId}.`);
  services.tree.refresh();
  const finished = services.monitor
    .follow({
      connection,
      client,
      projectName: project.Name,
      version: release.Version,
      environmentName: environment.Name,
      deploymentId: created.DeploymentId,
      taskId: created.ServerTaskId,
    })
    .finally(() => services.tree.refresh());
  return { deploymentId: created.DeploymentId, taskId: created.ServerTaskId, finished };
}

/**
 * The release's prompted variables that apply to the environment, asked one by one (masked
 * when sensitive); undefined when the user backs out.
 */
async function askPromptedVariables(
  target: DeployTarget,
  given: Record<string, string>,
): Promise<Record<string, string> | undefined> {
  const { client, project, release, environment } = target;
  const set = await client.variableSet(release.ProjectVariableSetSnapshotId ?? project.VariableSetId).catch((error) => {
    if (error instanceof OctopusError && error.kind === 'not-found' && release.ProjectVariableSetSnapshotId)
      return client.variableSet(project.VariableSetId);
    throw error;
  });
  const prompted = new Map<string, Variable>();
  for (const v of set.Variables ?? []) {
    if (!v.Prompt) continue;
    const environments = v.Scope?.Environment;
    if (environments?.length && !environments.includes(environment.Id)) continue;
    if (!prompted.has(v.Name) || environments?.length) prompted.set(v.Name, v);
  }
  const values: Record<string, string> = {};
  for (const [name, variable] of prompted) {
    if (Object.hasOwn(given, name)) {
      values[name] = given[name];
      continue;
    }
    const prompt = variable.Prompt!;
    const sensitive =
      variable.IsSensitive ||
      variable.Type === 'Sensitive' ||
      prompt.DisplaySettings?.['Octopus.ControlType'] === 'Sensitive';
    const answer = await vscode.window.showInputBox({
      title: `Deploy ${project.Name} ${release.Version} to ${environment.Name}`,
      prompt: `${prompt.Label || name}${prompt.Description ? ` — ${prompt.Description}` : ''}${prompt.Required ? '' : ' (optional)'}`,
      value: sensitive ? '' : (variable.Value ?? ''),
      password: sensitive,
      ignoreFocusOut: true,
      validateInput: (v) =>
        prompt.Required && !v.trim() ? `${prompt.Label || name} is required for this deployment.` : undefined,
    });
    if (answer === undefined) return undefined;
    if (answer !== '' || prompt.Required) values[name] = answer;
  }
  return values;
}

/** What the lifecycle needs of a release: where it went and how each deployment stands. */
export async function releaseOutcomes(client: OctopusClient, release: Release): Promise<DeploymentOutcome[]> {
  const deployments = await client.releaseDeployments(release.Id, { take: 100 });
  const tasks = new Map((await client.tasks(deployments.map((d) => d.TaskId))).map((t) => [t.Id, t]));
  return deployments.map((d) => ({ environmentId: d.EnvironmentId, state: tasks.get(d.TaskId)?.State ?? 'Queued' }));
}

/** The lifecycle a release follows: its channel's, else its project's. */
export async function lifecycleOf(client: OctopusClient, project: Project, release: Release): Promise<Lifecycle> {
  const channels = await client.channels(project.Id).catch(() => []);
  const channel = channels.find((c) => c.Id === release.ChannelId);
  return client.lifecycle(channel?.LifecycleId ?? project.LifecycleId);
}
