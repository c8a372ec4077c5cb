import type { Action, Space, Step, Target } from '@stepwise/core';
import type { VariableDictionary } from '@stepwise/core/template';
import type { Store } from '../db/store';
import type { Activity } from '../log/taskLog';
import type { Masker } from '../log/masker';
import type { PackageFeed } from '../packages/feed';
import type {
  DeploymentActionResource,
  DeploymentResource,
  EnvironmentResource,
  ProjectResource,
  ReleaseResource,
} from '../resources/types';
import type { Interruptions } from '../tasks/interruptions';
import type { TaskQueue } from '../tasks/queue';
import type { TaskRow } from '../tasks/taskStore';
import type { Mailer } from './mailer';

/** What the executor needs from the server around it. */
export interface ExecutorServices {
  store: Store;
  feed: PackageFeed;
  interruptions: Interruptions;
  mailer: Mailer | undefined;
  dataDir: string;
  /** Where scripts' working folders are made: outside the data folder (scripts/workRoot.ts). */
  workRoot: string;
  /** The imported workspace folder, when there is one (never purged). */
  workspace?: string;
  scriptTimeoutMs: number;
  serverUrl: () => string;
}

/** One deployment being run: what it deploys, and where. */
export interface DeploymentRun {
  task: TaskRow;
  deployment: DeploymentResource;
  release: ReleaseResource;
  project: ProjectResource;
  environment: EnvironmentResource;
  space: Space;
  queue: TaskQueue;
  signal: AbortSignal;
  masker: Masker;
  workRoot: string;
}

/** One action on one target (or once on the server): where a handler does its work. */
export interface ActionSite {
  run: DeploymentRun;
  step: Step;
  stepIndex: number;
  action: Action;
  actionIndex: number;
  resource: DeploymentActionResource;
  target: Target | undefined;
  /** The target's name, or the server's when the action runs there. */
  machineName: string;
  /** Variables as bound for this site (unevaluated values). */
  variables: Map<string, string>;
  dictionary: VariableDictionary;
  /** Every action property with its templates evaluated. */
  properties: Record<string, string>;
  activity: Activity;
  workDir: string;
  /** Every variable with its templates evaluated, as scripts and file features see them. */
  evaluatedVariables(): Map<string, string>;
  setOutput(name: string, value: string, sensitive: boolean): void;
}

export type ActionOutcome = { status: 'success' } | { status: 'failed'; message: string } | { status: 'canceled' };

export type ActionHandler = (site: ActionSite, services: ExecutorServices) => Promise<ActionOutcome>;

export const SERVER_MACHINE_NAME = 'Stepwise server';
