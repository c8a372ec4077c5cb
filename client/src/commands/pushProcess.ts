import * as vscode from 'vscode';
import { reportError } from '../connections/reportError';
import { OctopusError } from '@stepwise/core/octopus/errors';
import type { Release } from '../octopus/types';
import type { Services } from '../services';
import {
  DeploymentProcessRequest,
  StepwiseErrorCodes,
  type DeploymentProcessResult,
} from '@stepwise/server/requestTypes';
import type { ProjectTarget } from './projectTarget';

/** The answer of the language server's `stepwise/deploymentProcess`. */
export type FileAsResources = DeploymentProcessResult;

/**
 * The target's process file in the API's shape, compared with the server's current process and
 * variables — or, given a release, with that release's snapshots (what it deploys).
 */
export async function compareFileWithServer(
  services: Services,
  target: ProjectTarget,
  against?: Release,
): Promise<FileAsResources> {
  const { client, project } = target;
  if (!target.file) throw new Error(`No process file for ${project.Name} in this workspace.`);
  const document = await vscode.workspace.openTextDocument(target.file);
  const optional = <T>(p: Promise<T>) =>
    p.catch((error) =>
      error instanceof OctopusError && (error.kind === 'not-found' || error.kind === 'forbidden')
        ? undefined
        : Promise.reject(error),
    );
  const [current, variables, environments, machines, channels] = await Promise.all([
    against?.ProjectDeploymentProcessSnapshotId
      ? optional(client.deploymentProcessById(against.ProjectDeploymentProcessSnapshotId)).then(
          (p) => p ?? client.deploymentProcess(project.Id),
        )
      : optional(client.deploymentProcess(project.Id)),
    against?.ProjectVariableSetSnapshotId
      ? optional(client.variableSet(against.ProjectVariableSetSnapshotId)).then(
          (v) => v ?? optional(client.variableSet(project.VariableSetId)),
        )
      : optional(client.variableSet(project.VariableSetId)),
    client.environments(),
    optional(client.machines()),
    optional(client.channels(project.Id)),
  ]);
  const params = {
    uri: document.uri.toString(),
    process: current,
    variables,
    environments: environments.map((e) => ({ Id: e.Id, Name: e.Name })),
    machines: machines?.map((m) => ({ Id: m.Id, Name: m.Name })),
    channels: channels?.map((c) => ({ Id: c.Id, Name: c.Name })),
    spaceId: client.spaceId,
    projectId: project.Id,
  };
  try {
    return await services.languageClient.sendRequest(DeploymentProcessRequest, params);
  } catch (error) {
    // The editor may not have told the language server about a file it just opened.
    if ((error as { code?: number }).code !== StepwiseErrorCodes.NotAProcessFile) throw error;
    await new Promise((r) => setTimeout(r, 300));
    return services.languageClient.sendRequest(DeploymentProcessRequest, params);
  }
}

export type PushOutcome = 'unchanged' | 'pushed' | 'kept' | 'cancelled' | 'no-file';

/**
 * Before a release is created: when the process file differs from the server's process, asks
 * whether to push it (`push` answers for the user), then PUTs the process and the variables.
 */
export async function pushProcessIfChanged(
  services: Services,
  target: ProjectTarget,
  options: { push?: boolean } = {},
): Promise<PushOutcome> {
  const { client, project, connection } = target;
  if (!target.file) return 'no-file';
  const fileName = vscode.workspace.asRelativePath(target.file);
  if (project.IsVersionControlled) {
    services.log.info(`${project.Name} keeps its process in Git on ${connection.name}: not pushing ${fileName}.`);
    return 'kept';
  }
  let compared: FileAsResources;
  try {
    compared = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Comparing ${fileName} with ${connection.name}…` },
      () => compareFileWithServer(services, target),
    );
  } catch (error) {
    const lsp = error as { code?: number; message?: string };
    if (lsp.code === StepwiseErrorCodes.HasErrors) {
      void vscode.window
        .showErrorMessage(`Cannot push ${fileName} to ${connection.name}: ${lsp.message}`, 'Show Problems')
        .then((c) => c && vscode.commands.executeCommand('workbench.actions.view.problems'));
      return 'cancelled';
    }
    reportError(services.log, error, {
      doing: `Could not compare ${fileName} with ${project.Name} on ${connection.name}`,
      connection,
    });
    return 'cancelled';
  }
  const changes = [...compared.processChanges, ...compared.variableChanges];
  if (!changes.length) return 'unchanged';

  let push = options.push;
  if (push === undefined) {
    const shown = changes.slice(0, 12).map((c) => `• ${c}`);
    if (changes.length > shown.length) shown.push(`• and ${changes.length - shown.length} more`);
    const answer = await vscode.window.showWarningMessage(
      `${fileName} differs from ${project.Name} on ${connection.name}. Push the file to the server first?`,
      {
        modal: true,
        detail: `${shown.join('\n')}\n\nPushing replaces the project's deployment process${compared.variableChanges.length ? ' and variables' : ''} on the server with the file's.`,
      },
      'Push and Continue',
      'Continue Without Pushing',
    );
    if (!answer) return 'cancelled';
    push = answer === 'Push and Continue';
  }
  if (!push) return 'kept';

  const document = await vscode.workspace.openTextDocument(target.file);
  if (document.isDirty) await document.save();
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Pushing ${fileName} to ${project.Name} on ${connection.name}…`,
      },
      async () => {
        if (compared.processChanges.length) await client.updateDeploymentProcess(project.Id, compared.process);
        if (compared.variableChanges.length) await client.updateVariableSet(compared.variables);
      },
    );
  } catch (error) {
    reportError(services.log, error, {
      doing: `Could not push ${fileName} to ${connection.name}`,
      connection,
      retry: () => pushProcessIfChanged(services, target, { push: true }),
    });
    return 'cancelled';
  }
  services.log.info(`Pushed ${fileName} to ${project.Name} on ${connection.name}: ${changes.join('; ')}`);
  return 'pushed';
}
