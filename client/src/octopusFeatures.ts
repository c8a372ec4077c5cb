import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { cancelTaskCommand } from './commands/cancelTask';
import { createReleaseCommand } from './commands/createRelease';
import { deployToEnvironmentCommand } from './commands/deployToEnvironment';
import { deployToTestCommand } from './commands/deployToTest';
import { importProjectCommand } from './commands/importProject';
import { openProcessFileCommand } from './commands/openProcessFile';
import { promoteReleaseCommand } from './commands/promoteRelease';
import { respondToInterventionCommand } from './commands/respondToIntervention';
import { runRunbookCommand } from './commands/runRunbook';
import { showTaskLogCommand } from './commands/showTaskLog';
import { addServerCommand } from './connections/addServer';
import { Connections } from './connections/connections';
import { EmbeddedServer } from './connections/embeddedServer';
import { removeServerCommand } from './connections/removeServer';
import { selectServerCommand } from './connections/selectServer';
import { signInCommand } from './connections/signIn';
import { readServerEntries } from './connections/serverSettings';
import { signOutCommand } from './connections/signOut';
import { syncServerStepTemplates } from './connections/serverStepTemplates';
import { DeploymentMonitor } from './deployments/deploymentMonitor';
import { DeploymentStatusBar } from './deployments/deploymentStatusBar';
import type { Services } from './services';
import { TASK_LOG_SCHEME, TaskLogDocumentProvider } from './taskLog/taskLogDocuments';
import { StepwiseTreeProvider, TREE_VIEW_ID } from './tree/stepwiseTree';
import { ProcessFileIndex } from './workspace/processFiles';

/** What activate() returns: the pieces tests and other extensions may look at. */
export interface StepwiseApi {
  services: Services;
}

/**
 * Releases and deployments from VS Code: servers and keys, the Stepwise view, the release and
 * deploy commands, live task logs and the status bar. Everything is registered on `context`.
 */
export function registerOctopusFeatures(
  context: vscode.ExtensionContext,
  languageClient: LanguageClient,
  log: vscode.LogOutputChannel,
): StepwiseApi {
  const embeddedServer = new EmbeddedServer(context);
  const connections = new Connections(context, log, embeddedServer);
  const processFiles = new ProcessFileIndex();
  const tree = new StepwiseTreeProvider(connections, processFiles, log);
  const statusBar = new DeploymentStatusBar();
  const monitor = new DeploymentMonitor(log, statusBar);
  const taskLogs = new TaskLogDocumentProvider(connections, log);
  const services: Services = {
    context,
    log,
    languageClient,
    connections,
    embeddedServer,
    processFiles,
    tree,
    monitor,
    statusBar,
    taskLogs,
  };

  const view = vscode.window.createTreeView(TREE_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const updateStatusBar = () =>
    connections.current({ pick: false }).then(
      (c) => statusBar.last || statusBar.setConnection(c),
      () => undefined,
    );
  // Sign In, Sign Out and Remove Server show in the command palette only when there is a server they work on.
  const updateContext = () =>
    void vscode.commands.executeCommand('setContext', 'stepwise.hasConfiguredServers', readServerEntries().length > 0);
  const command = (id: string, run: (...args: never[]) => unknown) =>
    vscode.commands.registerCommand(id, run as (...args: unknown[]) => unknown);

  context.subscriptions.push(
    embeddedServer,
    embeddedServer.onDidChange((state) => {
      void vscode.commands.executeCommand('setContext', 'stepwise.localServerRunning', state.kind === 'running');
      connections.invalidate();
    }),
    connections,
    processFiles,
    tree,
    statusBar,
    monitor,
    taskLogs,
    view,
    tree.attach(view),
    vscode.workspace.registerTextDocumentContentProvider(TASK_LOG_SCHEME, taskLogs),
    vscode.languages.registerFoldingRangeProvider({ scheme: TASK_LOG_SCHEME }, taskLogs),
    connections.onDidChange(() => {
      updateContext();
      tree.refresh();
      void updateStatusBar();
      void syncServerStepTemplates(connections, languageClient, log).catch(() => undefined);
    }),
    monitor.onDidChange(() => tree.refresh()),

    command('stepwise.addServer', (options?: Parameters<typeof addServerCommand>[2]) =>
      addServerCommand(connections, log, options ?? {}),
    ),
    command('stepwise.signIn', (connection?: Parameters<typeof signInCommand>[2], apiKey?: string) =>
      signInCommand(connections, log, connectionOf(connection), apiKey),
    ),
    command('stepwise.signOut', (connection?: Parameters<typeof signOutCommand>[2]) =>
      signOutCommand(connections, log, connectionOf(connection)),
    ),
    command(
      'stepwise.removeServer',
      (connection?: Parameters<typeof removeServerCommand>[2], options?: { confirm?: boolean }) =>
        removeServerCommand(connections, log, connectionOf(connection), options),
    ),
    command('stepwise.selectServer', async (connection?: Parameters<typeof selectServerCommand>[1]) => {
      const selected = await selectServerCommand(connections, connectionOf(connection));
      if (selected && !statusBar.last) statusBar.setConnection(selected);
      return selected;
    }),
    command('stepwise.refresh', () => connections.invalidate()),
    command('stepwise.startLocalServer', () => startLocalServerCommand(embeddedServer)),
    command('stepwise.stopLocalServer', () => embeddedServer.stop()),
    command('stepwise.showLocalServerLog', () => embeddedServer.showLog()),
    command('stepwise.createRelease', (arg?: Parameters<typeof createReleaseCommand>[1]) =>
      createReleaseCommand(services, arg),
    ),
    command('stepwise.importProject', (arg?: Parameters<typeof importProjectCommand>[1]) =>
      importProjectCommand(services, arg),
    ),
    command('stepwise.deployToTest', (arg?: Parameters<typeof deployToTestCommand>[1]) =>
      deployToTestCommand(services, arg),
    ),
    command('stepwise.deployToEnvironment', (arg?: Parameters<typeof deployToEnvironmentCommand>[1]) =>
      deployToEnvironmentCommand(services, arg),
    ),
    command('stepwise.promoteRelease', (arg?: Parameters<typeof promoteReleaseCommand>[1]) =>
      promoteReleaseCommand(services, arg),
    ),
    command('stepwise.showTaskLog', (arg?: Parameters<typeof showTaskLogCommand>[1]) =>
      showTaskLogCommand(services, arg),
    ),
    command('stepwise.cancelTask', (arg?: Parameters<typeof cancelTaskCommand>[1]) => cancelTaskCommand(services, arg)),
    command('stepwise.respondToIntervention', (arg?: Parameters<typeof respondToInterventionCommand>[1]) =>
      respondToInterventionCommand(services, arg),
    ),
    command('stepwise.openProcessFile', (node?: Parameters<typeof openProcessFileCommand>[1]) =>
      openProcessFileCommand(services, node),
    ),
    command('stepwise.runRunbook', (arg?: Parameters<typeof runRunbookCommand>[1]) => runRunbookCommand(services, arg)),
    // The tree's shorter names for the same commands ("Deploy…", "Promote").
    command('stepwise.tree.deploy', (arg?: Parameters<typeof deployToEnvironmentCommand>[1]) =>
      deployToEnvironmentCommand(services, arg),
    ),
    command('stepwise.tree.promote', (arg?: Parameters<typeof promoteReleaseCommand>[1]) =>
      promoteReleaseCommand(services, arg),
    ),
  );
  updateContext();
  void updateStatusBar();
  return { services };
}

/** Starts the embedded server with progress; says why when it could not start. */
async function startLocalServerCommand(embeddedServer: EmbeddedServer): Promise<string | undefined> {
  const server = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Starting the Stepwise local server…' },
    () => embeddedServer.start(),
  );
  if (server) {
    vscode.window.setStatusBarMessage(`$(check) Stepwise local server running at ${server.url}`, 5000);
    return server.url;
  }
  const reason = embeddedServer.state.kind === 'failed' ? `: ${embeddedServer.state.message}` : '';
  void vscode.window
    .showErrorMessage(`The Stepwise local server did not start${reason}`, 'Show Log')
    .then((c) => c && embeddedServer.showLog());
  return undefined;
}

/** A connection from a server node of the tree, or a connection itself. */
function connectionOf<T>(arg: T | { kind: 'server'; connection: T } | undefined): T | undefined {
  if (arg && typeof arg === 'object' && 'kind' in arg && (arg as { kind: string }).kind === 'server')
    return (arg as { connection: T }).connection;
  return arg as T | undefined;
}
