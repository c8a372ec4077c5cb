import * as vscode from 'vscode';
import { nextEnvironment } from '@stepwise/core/octopus/lifecycle';
import { reportError } from '../connections/reportError';
import { deployRelease, lifecycleOf, releaseOutcomes, type StartedDeployment } from '../deployments/deployRelease';
import type { Services } from '../services';
import { commandOptions, isNode, resolveProject, type CommandArg, type TargetOptions } from './projectTarget';
import { pickEnvironment, pickRelease } from './pickRelease';

export interface DeployToEnvironmentOptions extends TargetOptions {
  /** The release version (default: ask, newest first). */
  version?: string;
  /** The environment name (default: ask). */
  environment?: string;
  variables?: Record<string, string>;
}

/** The options a command was given (by a test or another command), or none when it came from the UI. */
export function deployOptionsOf(arg?: CommandArg): DeployToEnvironmentOptions {
  return commandOptions<DeployToEnvironmentOptions>(arg);
}

/**
 * Stepwise: Deploy to Environment… — a release (the tree's, else one picked) to an environment
 * picked from the lifecycle's, those it can go to now first.
 */
export async function deployToEnvironmentCommand(
  services: Services,
  arg?: CommandArg,
): Promise<StartedDeployment | undefined> {
  const options = deployOptionsOf(arg);
  const target = await resolveProject(services, arg, 'to deploy');
  if (!target) return undefined;
  const { client, project, connection } = target;
  try {
    const release = target.release ?? (await pickRelease(target, 'Which release to deploy?', options.version));
    if (!release) return undefined;
    const [lifecycle, environments, outcomes] = await Promise.all([
      lifecycleOf(client, project, release),
      client.environments(),
      releaseOutcomes(client, release),
    ]);
    let environment = options.environment
      ? environments.find((e) => e.Name.toLowerCase() === options.environment!.toLowerCase())
      : undefined;
    if (options.environment && !environment) {
      void vscode.window.showErrorMessage(
        `${connection.name} has no environment named '${options.environment}' (it has ${environments.map((e) => e.Name).join(', ')}).`,
      );
      return undefined;
    }
    if (!environment && isNode(arg) && arg.kind === 'environment')
      environment = environments.find((e) => e.Id === arg.environment.Id);
    if (!environment) {
      const next = nextEnvironment(lifecycle, environments, outcomes);
      environment = await pickEnvironment(release, lifecycle, environments, outcomes, {
        placeHolder: `Deploy ${project.Name} ${release.Version} to…`,
        preselect: next.kind === 'deploy' ? next.environmentId : undefined,
      });
    }
    if (!environment) return undefined;
    return deployRelease(
      services,
      { connection, client, project, release, environment },
      { variables: options.variables },
    );
  } catch (error) {
    reportError(services.log, error, { doing: `Could not prepare the deployment of ${project.Name}`, connection });
    return undefined;
  }
}
