import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DatabaseWork } from '../db/store';
import { startDeploymentServer, type DeploymentServer } from '../startDeploymentServer';

// The SQLite work one deployment costs, counted (statements, rows, commits) rather than timed, so a
// cost that grows with the data, or a commit per log line, shows on any machine however loaded.

const ENVIRONMENTS = ['Development', 'Test', 'Staging', 'Production'];

function writeWorkspace(dir: string): string {
  mkdirSync(path.join(dir, '.octopus'), { recursive: true });
  writeFileSync(
    path.join(dir, '.octopus', 'space.yaml'),
    `environments: [${ENVIRONMENTS.join(', ')}]\nlifecycles:\n  - name: Anywhere\n    phases:\n      - name: All\n        environments: [${ENVIRONMENTS.join(', ')}]\n`,
  );
  const step = (name: string) =>
    `  - name: ${name}\n    type: script\n    script: 'echo "#{Greeting} from #{Octopus.Environment.Name}"'\n`;
  for (const [project, steps] of [
    ['Measured', 1],
    ['Growth', 1],
    ['Three Steps', 3],
  ] as const)
    writeFileSync(
      path.join(dir, `${project.toLowerCase().replace(' ', '-')}.process.yaml`),
      `project: ${project}\nlifecycle: Anywhere\nvariables:\n  Greeting: hello\nsteps:\n${[1, 2, 3]
        .slice(0, steps)
        .map((n) => step(`Step ${n}`))
        .join('')}`,
    );
  return dir;
}

const minus = (a: DatabaseWork, b: DatabaseWork): DatabaseWork => ({
  statements: a.statements - b.statements,
  rowsRead: a.rowsRead - b.rowsRead,
  rowsWritten: a.rowsWritten - b.rowsWritten,
  commits: a.commits - b.commits,
  autocommits: a.autocommits - b.autocommits,
});

describe('the database work of a deployment', () => {
  let dir: string;
  let server: DeploymentServer;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-deploy-work-'));
    server = await startDeploymentServer({
      dataDir: path.join(dir, 'data'),
      port: 0,
      workspace: writeWorkspace(path.join(dir, 'workspace')),
    });
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { 'X-Octopus-ApiKey': server.apiKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, any>;
    assert.ok(response.ok, `${method} ${route} → ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };

  const release = (project: string, version: string) =>
    call('POST', '/api/Spaces-1/releases/create/v1', { ProjectName: project, ReleaseVersion: version });

  const startDeployment = async (project: string, version: string, environment: string): Promise<string> => {
    const created = await call('POST', '/api/Spaces-1/deployments/create/untenanted/v1', {
      ProjectName: project,
      ReleaseVersion: version,
      EnvironmentNames: [environment],
    });
    return created.DeploymentServerTasks[0].ServerTaskId as string;
  };

  /** Polls until the task has finished; returns how many reads that took. */
  const finished = async (taskId: string): Promise<number> => {
    for (let polls = 1; ; polls++) {
      const task = await call('GET', `/api/Spaces-1/tasks/${taskId}`);
      if (task.IsCompleted) {
        assert.equal(task.State, 'Success', task.ErrorMessage);
        return polls;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  /** The work of deploying an existing release, from the request that creates it to its end, without the polling. */
  const workOfOneDeployment = async (version: string, project = 'Measured'): Promise<DatabaseWork> => {
    const start = server.databaseWork();
    const polls = await finished(await startDeployment(project, version, 'Development'));
    const end = server.databaseWork();
    // One more read of the finished task measures what each poll cost, to take it off.
    const taskId = (await call('GET', '/api/Spaces-1/tasks?skip=0&take=1')).Items[0].Id as string;
    const beforePoll = server.databaseWork();
    await call('GET', `/api/Spaces-1/tasks/${taskId}`);
    const poll = minus(server.databaseWork(), beforePoll);
    assert.equal(poll.rowsWritten, 0);
    const total = minus(end, start);
    return {
      statements: total.statements - polls * poll.statements,
      rowsRead: total.rowsRead - polls * poll.rowsRead,
      rowsWritten: total.rowsWritten,
      commits: total.commits,
      autocommits: total.autocommits,
    };
  };

  it('is a bounded number of statements, rows and commits, the same with 10 or 60 deployments stored', async () => {
    await release('Measured', '1.0.0');
    await finished(await startDeployment('Measured', '1.0.0', 'Development'));
    await release('Measured', '1.0.1');
    const early = await workOfOneDeployment('1.0.1');

    // More of everything a deployment might look through: releases, deployments, tasks, log lines.
    for (let i = 0; i < 12; i++) await release('Measured', `2.0.${i}`);
    const growth: string[] = [];
    for (let i = 0; i < 48; i++) {
      await release('Growth', `1.0.${i}`);
      growth.push(await startDeployment('Growth', `1.0.${i}`, ENVIRONMENTS[i % ENVIRONMENTS.length]));
    }
    for (const taskId of growth) await finished(taskId);
    await release('Measured', '3.0.0');
    const late = await workOfOneDeployment('3.0.0');

    assert.deepEqual(
      { statements: late.statements, rowsRead: late.rowsRead, rowsWritten: late.rowsWritten },
      { statements: early.statements, rowsRead: early.rowsRead, rowsWritten: early.rowsWritten },
      `the work of a deployment grew with the data: ${JSON.stringify({ early, late })}`,
    );
    // Log writes are batched (one commit per batch, not per line), so commits vary a little with
    // how the script's run falls across batches, never with the data or the number of lines.
    // Measured when this test was written: 58 statements, 47 rows read, 20 written, 4 or 5 commits.
    assert.ok(late.commits <= 8, `${late.commits} commits for one deployment`);
    assert.ok(early.statements <= 70 && early.rowsWritten <= 30, JSON.stringify(early));
  });

  it('commits a task state on its own only when the task starts and ends, however many steps it has', async () => {
    // Progress after each step goes with the log's next batch: a step adds no commit of its own.
    await release('Three Steps', '1.0.0');
    await release('Measured', '4.0.0');
    const threeSteps = await workOfOneDeployment('1.0.0', 'Three Steps');
    const oneStep = await workOfOneDeployment('4.0.0');
    assert.equal(oneStep.autocommits, 2, JSON.stringify(oneStep));
    assert.equal(threeSteps.autocommits, 2, JSON.stringify(threeSteps));
  });
});
