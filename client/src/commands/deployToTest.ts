import * as vscode from 'vscode';
import { nextEnvironment } from '@stepwise/core/octopus/lifecycle';
import { reportError } from '../connections/reportError';
import { deployRelease, lifecycleOf, releaseOutcomes, type StartedDeployment } from '../deployments/deployRelease';
import type { Release } from '../octopus/types';
import type { Services } from '../services';
import { createRelease } from './createRelease';
import {
  commandOptions,
  resolveProject,
  type CommandArg,
  type ProjectTarget,
  type TargetOptions,
} from './projectTarget';
import { compareFileWithServer } from './pushProcess';

export interface DeployToTestOptions extends TargetOptions {
  /** Values of prompted variables, by name (skips asking for them). */
  variables?: Record<string, string>;
  /** When the file changed since the newest release: true creates one first, false deploys the old one. */
  createRelease?: boolean;
  /** Options for that release (version, notes, push). */
  release?: { version?: string; releaseNotes?: string; push?: boolean };
  /** false: do not ask before deploying to the last phase of the lifecycle. */
  confirm?: boolean;
}

/**
 * Stepwise: Deploy to Test — the newest release of the project to the first environment of the
 * lifecycle phase it can go to next ("Test" in the usual lifecycle). When the process file
 * changed since that release, or there is none, offers to create one first.
 */
export async function deployToTestCommand(
  services: Services,
  arg?: CommandArg,
): Promise<StartedDeployment | undefined> {
  const options = commandOptions<DeployToTestOptions>(arg);
  const target = await resolveProject(services, arg, 'to deploy');
  if (!target) return undefined;
  const { client, project, connection } = target;
  let release: Release | undefined = target.release;
  try {
    release ??= (await client.releases(project.Id, { take: 1 })).Items[0];
  } catch (error) {
    reportError(services.log, error, { doing: `Could not read the releases of ${project.Name}`, connection });
    return undefined;
  }

  const fileName = target.file && vscode.workspace.asRelativePath(target.file);
  // Without an explicit release (from the tree), a changed file means "deploy what I have now".
  if (!target.release && target.file) {
    let changes: string[] = [];
    if (release) {
      try {
        const compared = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: `Comparing ${fileName} with release ${release.Version}…` },
          () => compareFileWithServer(services, target, release!),
        );
        changes = [...compared.processChanges, ...compared.variableChanges];
      } catch (error) {
        services.log.warn(`Could not compare ${fileName} with release ${release.Version}: ${(error as Error).message}`);
      }
    }
    if (!release || changes.length) {
      let create = options.createRelease;
      if (create === undefined) {
        const question = release
          ? `${fileName} changed since release ${release.Version} of ${project.Name} (${changes.slice(0, 3).join('; ')}${changes.length > 3 ? '; …' : ''}). Push it to ${connection.name} and create a new release to deploy?`
          : `${project.Name} has no release on ${connection.name} yet. Create one from ${fileName} to deploy?`;
        const buttons = release
          ? ['Create Release and Deploy', `Deploy ${release.Version}`]
          : ['Create Release and Deploy'];
        const answer = await vscode.window.showInformationMessage(question, { modal: true }, ...buttons);
        if (!answer) return undefined;
        create = answer === 'Create Release and Deploy';
      }
      if (create) {
        // Creating it "from the file" already says to push the file: no second question.
        const created = await createRelease(services, target, { push: true, ...options.release, quiet: true });
        if (!created) return undefined;
        release = created.release;
      } else if (!release) {
        return undefined;
      }
    }
  }
  if (!release) {
    void vscode.window
      .showInformationMessage(`${project.Name} has no release on ${connection.name} yet.`, 'Create Release')
      .then(
        (c) => c && vscode.commands.executeCommand('stepwise.createRelease', { connection, project: project.Name }),
      );
    return undefined;
  }
  return deployNext(services, { ...target, release }, options);
}

/** Deploys a release to the next environment of its lifecycle, or says why there is none. */
export async function deployNext(
  services: Services,
  target: ProjectTarget & { release: Release },
  options: DeployToTestOptions = {},
): Promise<StartedDeployment | undefined> {
  const { client, project, release, connection } = target;
  try {
    const [lifecycle, environments, outcomes] = await Promise.all([
      lifecycleOf(client, project, release),
      client.environments(),
      releaseOutcomes(client, release),
    ]);
    const next = nextEnvironment(lifecycle, environments, outcomes);
    const name = (id: string) => environments.find((e) => e.Id === id)?.Name ?? id;
    const node = { kind: 'release' as const, connection, project, release };
    switch (next.kind) {
      case 'deploy': {
        const environment = environments.find((e) => e.Id === next.environmentId)!;
        const phases = lifecycle.Phases.length || environments.length;
        if (next.lastPhase && phases > 1 && options.confirm !== false) {
          const answer = await vscode.window.showWarningMessage(
            `Release ${release.Version} of ${project.Name} has been through every earlier phase of the lifecycle '${lifecycle.Name}'. Deploy it to ${environment.Name}?`,
            { modal: true, detail: `${environment.Name} is the last phase of the lifecycle.` },
            `Deploy to ${environment.Name}`,
          );
          if (!answer) return undefined;
        }
        return deployRelease(
          services,
          { connection, client, project, release, environment },
          { variables: options.variables },
        );
      }
      case 'wait': {
        // Usually the automatic deployment the new release started: wait for it, then go on.
        const waited = await waitForRunning(services, target, next.environmentIds.map(name));
        if (waited) return deployNext(services, target, options);
        void vscode.window
          .showInformationMessage(
            `Release ${release.Version} of ${project.Name} is still deploying to ${next.environmentIds.map(name).join(' and ')}; the next environment opens once that succeeds.`,
            'Show in Stepwise View',
          )
          .then((c) => c && vscode.commands.executeCommand('stepwise.deployments.focus'));
        return undefined;
      }
      case 'done':
        void vscode.window
          .showInformationMessage(
            `Release ${release.Version} of ${project.Name} is deployed to every environment of the lifecycle '${lifecycle.Name}'.`,
            'Create Release',
            'Deploy to Environment…',
          )
          .then((c) => {
            if (c === 'Create Release') void vscode.commands.executeCommand('stepwise.createRelease', node);
            if (c === 'Deploy to Environment…')
              void vscode.commands.executeCommand('stepwise.deployToEnvironment', node);
          });
        return undefined;
      case 'blocked':
        void vscode.window
          .showWarningMessage(
            `Release ${release.Version} of ${project.Name} cannot go further: phase '${next.phase}' of the lifecycle '${lifecycle.Name}' needs a successful deployment to ${next.missing.map(name).join(' or ')}.`,
            'Deploy to Environment…',
          )
          .then((c) => c && vscode.commands.executeCommand('stepwise.deployToEnvironment', node));
        return undefined;
    }
  } catch (error) {
    reportError(services.log, error, {
      doing: `Could not work out where ${project.Name} ${release.Version} goes next`,
      connection,
      retry: () => deployNext(services, target, options),
    });
    return undefined;
  }
}

/** How long "Deploy to Test" waits for a release's running deployments before giving up. */
const WAIT_FOR_RUNNING_MS = 10 * 60_000;

/** Waits, with a cancellable progress notification, until the release has nothing running; false if cancelled or too long. */
async function waitForRunning(
  services: Services,
  target: ProjectTarget & { release: Release },
  environments: string[],
): Promise<boolean> {
  const { client, project, release } = target;
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Deploy to Test: waiting for ${project.Name} ${release.Version} to finish deploying to ${environments.join(' and ')}…`,
      cancellable: true,
    },
    async (_, token) => {
      const deadline = Date.now() + WAIT_FOR_RUNNING_MS;
      let failures = 0;
      while (!token.isCancellationRequested && Date.now() < deadline) {
        try {
          const outcomes = await releaseOutcomes(client, release);
          failures = 0;
          if (!outcomes.some((o) => o.state === 'Queued' || o.state === 'Executing' || o.state === 'Cancelling'))
            return true;
        } catch (error) {
          if (++failures >= 5) {
            reportError(services.log, error, {
              doing: `Stopped waiting for ${project.Name} ${release.Version}`,
              connection: target.connection,
            });
            return false;
          }
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      return false;
    },
  );
}
