import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Connections } from './connections/connections';
import type { EmbeddedServer } from './connections/embeddedServer';
import type { DeploymentMonitor } from './deployments/deploymentMonitor';
import type { DeploymentStatusBar } from './deployments/deploymentStatusBar';
import type { TaskLogDocumentProvider } from './taskLog/taskLogDocuments';
import type { StepwiseTreeProvider } from './tree/stepwiseTree';
import type { ProcessFileIndex } from './workspace/processFiles';

/** What the release and deploy commands share; built once in octopusFeatures.ts. */
export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  languageClient: LanguageClient;
  connections: Connections;
  embeddedServer: EmbeddedServer;
  processFiles: ProcessFileIndex;
  tree: StepwiseTreeProvider;
  monitor: DeploymentMonitor;
  statusBar: DeploymentStatusBar;
  taskLogs: TaskLogDocumentProvider;
}
