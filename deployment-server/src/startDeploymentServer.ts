import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from './api/app';
import type { ApiContext } from './api/context';
import { resolveApiKey } from './auth';
import { getSetting, openDatabase, setSetting } from './db/database';
import { MIGRATIONS } from './db/migrations';
import { Store, type DatabaseWork } from './db/store';
import { createMailer } from './executor/mailer';
import { deploymentRunner } from './executor/runDeployment';
import { recordedScriptWorkRoot, removeScriptWorkRoot, scriptWorkRoot } from './executor/scripts/workRoot';
import type { ExecutorServices } from './executor/types';
import { importWorkspace, type ImportReport } from './import/importWorkspace';
import { TaskLogs } from './log/taskLog';
import { PackageFeed } from './packages/feed';
import { ensureDefaultSpace } from './resources/spaces';
import { checkMasterKey } from './secrets/masterKeyCheck';
import { resolveMasterKey } from './secrets/masterKey';
import { SecretBox } from './secrets/secretBox';
import { queueAutomaticDeployments } from './tasks/deployments';
import { Interruptions } from './tasks/interruptions';
import { TaskQueue } from './tasks/queue';
import { failInterruptedTasks } from './tasks/recovery';

export interface DeploymentServerOptions {
  /** Where the database, API key, packages and deployed files live. */
  dataDir: string;
  /** Default 127.0.0.1: the server is for this machine unless told otherwise. */
  host?: string;
  /** Default 8065; 0 picks a free port. */
  port?: number;
  /** Import this folder's space file and process files on start. */
  workspace?: string;
  /** Use (and store) this key instead of the stored or a new one. */
  apiKey?: string;
  /** Tasks run at once (Octopus's task cap); default 5. */
  taskCap?: number;
  /** A script running longer is stopped and fails its step; default 30 minutes. */
  scriptTimeoutMs?: number;
  /** SMTP connection URL for email steps; default the STEPWISE_SMTP_URL environment variable. */
  smtpUrl?: string;
  /** Largest JSON body accepted; default 4 MB. */
  maxJsonBytes?: number;
  /** Largest package upload accepted; default 1 GB. */
  maxPackageBytes?: number;
}

export interface DeploymentServer {
  url: string;
  apiKey: string;
  /** True when this start created the key (the first start with this data folder). */
  apiKeyCreated: boolean;
  apiKeyFile: string;
  dataDir: string;
  importReport: ImportReport | undefined;
  /** Tasks a previous server process left running, now failed. */
  recoveredTasks: string[];
  /** The SQLite work done since the server started (statements, rows written, commits), for tests that count work. */
  databaseWork(): DatabaseWork;
  /** Stops taking requests, stops running tasks (they are failed with the reason) and closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the local deployment server: opens (or creates) the data folder and its SQLite
 * database, fails tasks a crashed process left behind, imports the workspace, and serves the
 * Octopus REST API while its task queue runs deployments.
 */
export async function startDeploymentServer(options: DeploymentServerOptions): Promise<DeploymentServer> {
  const dataDir = path.resolve(options.dataDir);
  if (options.workspace !== undefined && !statSync(options.workspace, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`the workspace folder ${options.workspace} does not exist.`);
  }
  // Only a folder the server creates gets 0700: an existing one (`--data /tmp`) keeps its mode;
  // the files that matter in it are 0600 either way.
  if (mkdirSync(dataDir, { recursive: true, mode: 0o700 }) !== undefined) chmodSync(dataDir, 0o700);
  const key = resolveApiKey(dataDir, options.apiKey);
  const secrets = new SecretBox(resolveMasterKey(dataDir).key);
  const db = openDatabase(path.join(dataDir, 'stepwise.db'), MIGRATIONS, { secrets });
  try {
    checkMasterKey(db, secrets);
  } catch (error) {
    db.close();
    throw error;
  }
  const store = new Store(db, secrets);
  ensureDefaultSpace(store);
  let installationId = getSetting(db, 'installation-id');
  if (!installationId) {
    installationId = randomUUID();
    setSetting(db, 'installation-id', installationId);
  }

  // Scripts left behind are looked for where the last start put them, and where servers before
  // the work root moved out of the data folder did.
  const workRoots = [recordedScriptWorkRoot(db), path.join(dataDir, 'work')].filter((r): r is string => !!r);
  const recoveredTasks = failInterruptedTasks(
    store,
    workRoots,
    `The Stepwise server stopped while this task was running (found when it started again at ${new Date().toISOString()}); the task did not finish. Deploy again.`,
  );
  const importReport = options.workspace ? importWorkspace(store, options.workspace) : undefined;

  const workRoot = scriptWorkRoot(db);
  const logs = new TaskLogs(store);
  const feed = new PackageFeed(store, path.join(dataDir, 'packages'));
  const interruptions = new Interruptions(store);
  let url = '';
  const services: ExecutorServices = {
    store,
    feed,
    interruptions,
    mailer: createMailer(options.smtpUrl ?? process.env.STEPWISE_SMTP_URL),
    dataDir,
    workRoot,
    workspace: options.workspace,
    scriptTimeoutMs: options.scriptTimeoutMs ?? 30 * 60 * 1000,
    serverUrl: () => url,
  };
  const queue = new TaskQueue(store, deploymentRunner(services, logs), options.taskCap ?? 5, (task, outcome) => {
    interruptions.closeAllOfTask(task.id);
    // A successful deployment may move the release into phases with automatic environments.
    if (outcome.state === 'Success' && task.deployment_id) {
      const releaseId = store.value<string>('SELECT release_id FROM deployments WHERE id = ?', task.deployment_id);
      if (releaseId) store.transaction(() => queueAutomaticDeployments(store, releaseId));
    }
  });
  const host = options.host ?? '127.0.0.1';
  const ctx: ApiContext = {
    store,
    queue,
    logs,
    feed,
    interruptions,
    installationId,
    limits: {
      jsonBodyBytes: options.maxJsonBytes ?? 4 * 1024 * 1024,
      packageBytes: options.maxPackageBytes ?? 1024 * 1024 * 1024,
    },
    listenHost: host,
  };
  const app = buildApp(ctx, key.key);
  try {
    await app.listen({ host, port: options.port ?? 8065 });
  } catch (error) {
    db.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  queue.pump();

  let closing: Promise<void> | undefined;
  return {
    url,
    apiKey: key.key,
    apiKeyCreated: key.created,
    apiKeyFile: key.file,
    dataDir,
    importReport,
    recoveredTasks,
    databaseWork: () => store.databaseWork(),
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await queue.close();
        logs.flush();
        failInterruptedTasks(
          store,
          [workRoot],
          'The Stepwise server was stopped while this task was running; the task did not finish. Deploy again.',
        );
        removeScriptWorkRoot(db, workRoot);
        db.close();
      })()),
  };
}
