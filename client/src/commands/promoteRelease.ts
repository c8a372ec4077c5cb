import * as vscode from 'vscode';
import { environmentsInReach, nextEnvironment } from '@stepwise/core/octopus/lifecycle';
import { reportError } from '../connections/reportError';
import { deployRelease, lifecycleOf, releaseOutcomes, type StartedDeployment } from '../deployments/deployRelease';
import type { Services } from '../services';
import { resolveProject, type CommandArg } from './projectTarget';
import { pickEnvironment, pickRelease } from './pickRelease';
import { deployOptionsOf } from './deployToEnvironment';

/**
 * Stepwise: Promote Release… — a release onward in its lifecycle: to an environment it may go
 * to now and has not reached yet, the next one preselected.
 */
export async function promoteReleaseCommand(
  services: Services,
  arg?: CommandArg,
): Promise<StartedDeployment | undefined> {
  const options = deployOptionsOf(arg);
  const target = await resolveProject(services, arg, 'to promote');
  if (!target) return undefined;
  const { client, project, connection } = target;
  try {
    const release = target.release ?? (await pickRelease(target, 'Which release to promote?', options.version));
    if (!release) return undefined;
    const [lifecycle, environments, outcomes] = await Promise.all([
      lifecycleOf(client, project, release),
      client.environments(),
      releaseOutcomes(client, release),
    ]);
    const open = environmentsInReach(lifecycle, environments, outcomes).filter((r) => r.available && !r.succeeded);
    if (!open.length) {
      const next = nextEnvironment(lifecycle, environments, outcomes);
      const why =
        next.kind === 'done'
          ? `it is deployed to every environment of the lifecycle '${lifecycle.Name}'`
          : next.kind === 'wait'
            ? 'its current deployment has to finish first'
            : `the lifecycle '${lifecycle.Name}' needs a successful deployment in an earlier phase first`;
      void vscode.window.showInformationMessage(
        `Release ${release.Version} of ${project.Name} cannot be promoted now: ${why}.`,
      );
      return undefined;
    }
    let environment = options.environment
      ? environments.find((e) => e.Name.toLowerCase() === options.environment!.toLowerCase())
      : undefined;
    if (!environment) {
      const next = nextEnvironment(lifecycle, environments, outcomes);
      environment = await pickEnvironment(release, lifecycle, environments, outcomes, {
        placeHolder: `Promote ${project.Name} ${release.Version} to…`,
        onlyAvailable: true,
        hideDeployed: true,
        preselect: next.kind === 'deploy' ? next.environmentId : open[0].environmentId,
      });
    }
    if (!environment) return undefined;
    return deployRelease(
      services,
      { connection, client, project, release, environment },
      { variables: options.variables },
    );
  } catch (error) {
    reportError(services.log, error, { doing: `Could not promote a release of ${project.Name}`, connection });
    return undefined;
  }
}
