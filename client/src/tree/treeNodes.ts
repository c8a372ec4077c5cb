import type * as vscode from 'vscode';
import type { Connection } from '../connections/connections';
import type { DeploymentState } from '../deployments/deploymentState';
import type { Deployment, Environment, Project, Release, Runbook, ServerTask } from '../octopus/types';

/**
 * The items of the Stepwise view: server → projects → releases → deployments (and a project's
 * runbooks under its "Runbooks" node), and an environments node per server. Commands run from a context menu get the node as argument.
 */
export type StepwiseNode =
  | ServerNode
  | MessageNode
  | EnvironmentsNode
  | EnvironmentNode
  | ProjectNode
  | ReleaseNode
  | DeploymentNode
  | RunbooksNode
  | RunbookNode;

export interface ServerNode {
  kind: 'server';
  connection: Connection;
  signedIn: boolean;
}

/** A line of text in place of children: an error with its fix, or "no releases yet". */
export interface MessageNode {
  kind: 'message';
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: string;
  iconColor?: string;
  command?: vscode.Command;
}

export interface EnvironmentsNode {
  kind: 'environments';
  connection: Connection;
}

export interface EnvironmentNode {
  kind: 'environment';
  connection: Connection;
  environment: Environment;
  latest?: { projectName: string; version?: string; deployment: Deployment; state: DeploymentState };
}

export interface ProjectNode {
  kind: 'project';
  connection: Connection;
  project: Project;
  /** The workspace's process file for this project, when there is one. */
  file?: vscode.Uri;
}

export interface ReleaseNode {
  kind: 'release';
  connection: Connection;
  project: Project;
  release: Release;
}

export interface DeploymentNode {
  kind: 'deployment';
  connection: Connection;
  project: Project;
  release: Release;
  deployment: Deployment;
  environmentName: string;
  task: ServerTask | undefined;
  state: DeploymentState;
}

/** A project's runbooks, shown only when it has some. */
export interface RunbooksNode {
  kind: 'runbooks';
  connection: Connection;
  project: Project;
  runbooks: Runbook[];
}

export interface RunbookNode {
  kind: 'runbook';
  connection: Connection;
  project: Project;
  runbook: Runbook;
  /** The names of the environments of its scope, when it has one. */
  scope: string[] | undefined;
}
