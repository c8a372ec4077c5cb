import * as vscode from 'vscode';
import type { Connection } from '../connections/connections';
import { reportError, showLocalServerHelp } from '../connections/reportError';
import type { OctopusClient } from '../octopus/octopusClient';
import type { Project, Release } from '../octopus/types';
import type { Services } from '../services';
import type { StepwiseNode } from '../tree/treeNodes';
import { currentProcessDocument, projectNameOfFile } from '../workspace/processFiles';

/** Options a command also accepts as its argument (from another command, a test or a keybinding). */
export interface TargetOptions {
  /** A process file (path or URI): its project. */
  file?: string | vscode.Uri;
  /** A project name on the server. */
  project?: string;
  /** A connection, or its id or name. */
  connection?: Connection | string;
}

export type CommandArg = StepwiseNode | vscode.Uri | TargetOptions | undefined;

/** The options a command was given (by a test or another command), or none when it came from the UI (a node or a URI). */
export function commandOptions<T extends TargetOptions>(arg: CommandArg): T {
  return arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && !('kind' in arg) ? (arg as T) : ({} as T);
}

export interface ProjectTarget {
  connection: Connection;
  /** Scoped to the connection's space. */
  client: OctopusClient;
  project: Project;
  /** The workspace's process file of the project, when there is one. */
  file: vscode.Uri | undefined;
  /** A release the argument named (a release or deployment node). */
  release?: Release;
}

export function isNode(arg: unknown): arg is StepwiseNode {
  return (
    !!arg &&
    typeof arg === 'object' &&
    'kind' in arg &&
    typeof (arg as { kind: unknown }).kind === 'string' &&
    'connection' in arg
  );
}

/** The server a command uses: the argument's, else the current one; says what to do when there is none. */
export async function resolveConnection(services: Services, arg: CommandArg): Promise<Connection | undefined> {
  if (isNode(arg) && 'connection' in arg) return arg.connection;
  const wanted = arg && !(arg instanceof vscode.Uri) && !isNode(arg) ? (arg as TargetOptions).connection : undefined;
  if (wanted && typeof wanted === 'object') return wanted;
  const all = await services.connections.list();
  if (typeof wanted === 'string') {
    const found = all.find((c) => c.id === wanted || c.name.toLowerCase() === wanted.toLowerCase());
    if (found) return found;
  }
  const connection = await services.connections.current();
  if (connection) return connection;
  if (!all.length) {
    // The first deploy without a server offers the one the extension runs itself, and goes on with it.
    const chosen = await vscode.window.showWarningMessage(
      'Stepwise has no Octopus server to talk to: start the local deployment server in VS Code, or add a server.',
      'Start Local Server',
      'Add Server…',
    );
    if (chosen === 'Add Server…') void vscode.commands.executeCommand('stepwise.addServer');
    if (chosen === 'Start Local Server') {
      const started = await vscode.commands.executeCommand<string | undefined>('stepwise.startLocalServer');
      if (started) return (await services.connections.list()).find((c) => c.kind === 'local');
    }
  }
  return undefined;
}

/**
 * The project a command acts on: the tree node's, else the named one, else that of the process
 * file given or open in the editor, else one the user picks from the server.
 */
export async function resolveProject(
  services: Services,
  arg: CommandArg,
  purpose: string,
): Promise<ProjectTarget | undefined> {
  const connection = await resolveConnection(services, arg);
  if (!connection) return undefined;
  let client: OctopusClient;
  try {
    client = await services.connections.client(connection);
  } catch (error) {
    reportError(services.log, error, {
      doing: `Could not connect to ${connection.name}`,
      connection,
      retry: () => vscode.commands.executeCommand('stepwise.refresh'),
    });
    return undefined;
  }
  await services.connections.remember(connection);

  if (
    isNode(arg) &&
    (arg.kind === 'project' ||
      arg.kind === 'release' ||
      arg.kind === 'deployment' ||
      arg.kind === 'runbooks' ||
      arg.kind === 'runbook')
  ) {
    const file = arg.kind === 'project' && arg.file ? arg.file : await services.processFiles.fileOf(arg.project.Name);
    return {
      connection,
      client,
      project: arg.project,
      file,
      release: arg.kind === 'release' || arg.kind === 'deployment' ? arg.release : undefined,
    };
  }

  const options: TargetOptions = arg && !(arg instanceof vscode.Uri) && !isNode(arg) ? (arg as TargetOptions) : {};
  let file: vscode.Uri | undefined =
    arg instanceof vscode.Uri ? arg : typeof options.file === 'string' ? vscode.Uri.file(options.file) : options.file;
  let projectName = options.project;
  if (!file && !projectName) {
    file = currentProcessDocument()?.uri;
  }
  if (file && !projectName) {
    const document = await vscode.workspace.openTextDocument(file);
    projectName = projectNameOfFile(file, document.getText());
    if (!projectName) {
      void vscode.window.showErrorMessage(
        `${vscode.workspace.asRelativePath(file)} names no project: add \`project: <name>\` at its top.`,
      );
      return undefined;
    }
  }
  try {
    if (!projectName) {
      const projects = await client.projects();
      if (!projects.length) {
        void vscode.window.showWarningMessage(
          `${connection.name} has no projects yet. Open a process file to create one from it on the local server (stepwise server --workspace), or create it in Octopus.`,
        );
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        projects.map((p) => ({ label: p.Name, project: p })),
        { placeHolder: `Which project ${purpose}? (${connection.name})` },
      );
      if (!picked) return undefined;
      return {
        connection,
        client,
        project: picked.project,
        file: await services.processFiles.fileOf(picked.project.Name),
      };
    }
    const project = await client.findProject(projectName);
    if (!project) {
      const where = file ? ` (the project of ${vscode.workspace.asRelativePath(file)})` : '';
      const hint =
        connection.kind === 'local'
          ? 'The local server imports the workspace when it starts: restart it with --workspace on this folder.'
          : 'Create the project in Octopus first, with the same name.';
      const fix = connection.kind === 'local' ? 'How to Start It' : 'Open Octopus';
      void vscode.window
        .showErrorMessage(`${connection.name} has no project named '${projectName}'${where}. ${hint}`, fix)
        .then((chosen) => {
          if (chosen === 'How to Start It') showLocalServerHelp();
          if (chosen === 'Open Octopus')
            void vscode.env.openExternal(vscode.Uri.parse(`${connection.url}/app#/projects`));
        });
      return undefined;
    }
    return { connection, client, project, file: file ?? (await services.processFiles.fileOf(project.Name)) };
  } catch (error) {
    reportError(services.log, error, { doing: `Could not find the project on ${connection.name}`, connection });
    return undefined;
  }
}
