import * as vscode from 'vscode';
import { pullProject } from '@stepwise/server/cli/pullProject';
import { slugify } from '@stepwise/core/octopus/toApiResources';
import { reportError } from '../connections/reportError';
import type { Services } from '../services';
import { resolveConnection, type CommandArg } from './projectTarget';

/**
 * Stepwise: Import Project from Server… — a project of the server (the tree node's, or the
 * current one) picked from a list, written as a process file where the user says, with what it
 * uses merged into `.octopus/space.yaml` next to it (`stepwise pull`), then opened.
 */
export async function importProjectCommand(services: Services, arg?: CommandArg): Promise<vscode.Uri | undefined> {
  const connection = await resolveConnection(services, arg);
  if (!connection) return undefined;
  try {
    const client = await services.connections.client(connection);
    const apiKey = await services.connections.apiKey(connection);
    const projects = await client.projects();
    if (!projects.length) {
      void vscode.window.showInformationMessage(`${connection.name} has no projects to import.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      projects.map((p) => ({ label: p.Name, description: p.Id, project: p })),
      { placeHolder: `Which project of ${connection.name} to bring into files?` },
    );
    if (!picked) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const fileName = `${slugify(picked.project.Name)}.process.yaml`;
    const target = await vscode.window.showSaveDialog({
      title: `Save ${picked.project.Name} as a process file`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: { 'Process files': ['process.yaml'] },
      saveLabel: 'Import',
    });
    if (!target) return undefined;
    const out = target.fsPath.endsWith('.process.yaml')
      ? target.fsPath
      : `${target.fsPath.replace(/\.ya?ml$/, '')}.process.yaml`;
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Importing ${picked.project.Name} from ${connection.name}…`,
      },
      () =>
        pullProject({
          server: connection.url,
          apiKey: apiKey ?? '',
          project: picked.project.Id,
          space: client.spaceId,
          out,
          cwd: folder?.fsPath ?? '.',
          progress: (line) => services.log.info(line),
        }),
    );
    for (const note of result.notes) services.log.warn(note);
    const uri = vscode.Uri.file(result.processFile);
    await vscode.window.showTextDocument(uri);
    return uri;
  } catch (error) {
    reportError(services.log, error, { doing: `Could not import a project from ${connection.name}`, connection });
    return undefined;
  }
}
