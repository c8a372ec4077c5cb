import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeTestWorkspace } from '../testing/fixtures';
import {
  deploy,
  isAlive,
  startServerProcess,
  waitFor,
  waitForTask,
  type ServerProcess,
} from '../testing/serverProcess';
import { startSmtpSink } from '../testing/smtpSink';
import { createZip, multipartBody } from '../testing/zipWriter';

// Deployments that really run, against the real server process on a real SQLite file.
describe('deployments', () => {
  let dir: string;
  let scratch: string;
  let server: ServerProcess;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-deploy-'));
    scratch = path.join(dir, 'scratch');
    smtp = await startSmtpSink();
    const workspace = writeTestWorkspace(path.join(dir, 'workspace'), { scratch });
    server = await startServerProcess({
      dataDir: path.join(dir, 'data'),
      workspace,
      env: { STEPWISE_SMTP_URL: smtp.url, STEPWISE_SMTP_FROM: 'deploy@example.com' },
    });
  });
  after(async () => {
    await server?.stop();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const raw = (taskId: string) => server.request('GET', `/api/Spaces-1/tasks/${taskId}/raw`).then((r) => r.text);

  it('runs a script on each target with its scoped variables, and output variables reach later steps', async () => {
    const { taskId } = await deploy(server, 'Hello World', '1.0.0', ['Development']);
    const task = await waitForTask(server, taskId);
    assert.equal(task.State, 'Success', await raw(taskId));
    const log = await raw(taskId);
    assert.match(log, /Hello, Development! from DevWeb01 \(log level Debug\)/);
    assert.match(log, /answer: 42-DevWeb01/);
    assert.match(log, /templated: 42-DevWeb01/);
    assert.match(log, /by slug: 42-DevWeb01/);
    // Sensitive variables and sensitive output variables are masked as Octopus masks them.
    assert.match(log, /password \*{8} \/ \*{8}/);
    assert.match(log, /token: \*{8}/);
    assert.doesNotMatch(log, /pa55-w0rd-xyz|tok-DevWeb01-hush/);

    // Promotion to the next phase runs on both Test targets, each with Octopus.Machine.Name.
    const test = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
      ProjectName: 'Hello World',
      ReleaseVersion: '1.0.0',
      EnvironmentNames: ['Test'],
    });
    assert.equal(test.status, 200, test.text);
    const testTask = await waitForTask(server, test.body.DeploymentServerTasks[0].ServerTaskId);
    assert.equal(testTask.State, 'Success');
    const testLog = await raw(testTask.Id);
    assert.match(testLog, /Hello, world! from TestWeb01/);
    assert.match(testLog, /Hello, world! from TestWeb02/);
  });

  it('returns the activity tree task → step → action → target with statuses, times and masked lines', async () => {
    const { taskId } = await deploy(server, 'Hello World', '1.0.1', ['Development']);
    await waitForTask(server, taskId);
    const details = await server.get(`/api/Spaces-1/tasks/${taskId}/details?verbose=true`);
    assert.equal(details.Task.Id, taskId);
    assert.equal(details.Progress.ProgressPercentage, 100);
    const [root] = details.ActivityLogs;
    assert.equal(root.Name, 'Deploy Hello World release 1.0.1 to Development');
    assert.equal(root.Status, 'Success');
    assert.deepEqual(
      root.Children.map((c: { Name: string }) => c.Name),
      ['Step 1: Say hello', 'Step 2: Use output'],
    );
    const action = root.Children[0].Children[0];
    assert.equal(action.Name, 'Say hello');
    const target = action.Children[0];
    assert.equal(target.Name, 'DevWeb01');
    assert.equal(target.Status, 'Success');
    assert.ok(target.Started && target.Ended && target.Started <= target.Ended);
    const lines = target.LogElements.map((l: { MessageText: string }) => l.MessageText);
    assert.ok(lines.includes('password ******** / ********'), lines.join('\n'));
    assert.ok(target.LogElements.every((l: { Category: string; OccurredAt: string }) => l.Category && l.OccurredAt));
    assert.doesNotMatch(JSON.stringify(details), /pa55-w0rd-xyz/);
    // Without verbose=true (api-client's default), Verbose lines are left out, as Octopus does.
    const quiet = await server.get(`/api/Spaces-1/tasks/${taskId}/details`);
    assert.doesNotMatch(JSON.stringify(quiet), /Output variable/);
  });

  it('after a failing script: skips success steps, runs failure and always steps with Octopus.Deployment.Error, records the email', async () => {
    const { taskId } = await deploy(server, 'Failing', '1.0.0', ['Test']);
    const task = await waitForTask(server, taskId);
    const log = await raw(taskId);
    assert.equal(task.State, 'Failed', log);
    assert.equal(task.FinishedSuccessfully, false);
    assert.match(task.ErrorMessage, /^The deployment failed because one or more steps failed\./);
    assert.match(task.ErrorMessage, /Database migration failed for \*{8}/);
    assert.match(log, /== Success: Step 1: Prepare ==/);
    assert.match(log, /== Success: Step 2: Parallel buddy ==/);
    assert.match(log, /Error +\|.*this goes to stderr/);
    assert.match(log, /== Failed: Step 3: Break ==/);
    assert.match(log, /== Skipped: Step 4: Never ==/);
    assert.doesNotMatch(log, /should not run/);
    assert.match(
      log,
      /rolling back because: The step failed: Activity Break on Stepwise server failed with error 'Database migration failed for \*{8}'\./,
    );
    assert.match(log, /== Success: Step 6: Clean up ==/);
    assert.match(log, /== Skipped: Step 7: Only without error ==/);
    assert.match(log, /To: team@example.com/);
    assert.match(log, /Subject: Failing 1.0.0 failed/);
    assert.doesNotMatch(log, /sk-live-abcdef123/);
    // The mail itself went out over SMTP with the real values.
    const mail = await waitFor(
      async () => smtp.messages.find((m) => m.data.includes('Failing 1.0.0 failed')),
      'the email',
    );
    assert.match(mail.data, /sk-live-abcdef123/);
    assert.match(log, /Email sent via smtp:\/\/127\.0\.0\.1/);
    // Parallel steps overlapped: the with-previous step started before the first one ended.
    const details = await server.get(`/api/Spaces-1/tasks/${taskId}/details`);
    const [prepare, buddy] = details.ActivityLogs[0].Children;
    assert.ok(buddy.Started < prepare.Ended || prepare.Started < buddy.Ended);
  });

  it('pauses at a manual intervention until it is proceeded', async () => {
    const { taskId, deploymentId } = await deploy(server, 'Approval', '1.0.0', ['Production']);
    const pending = await waitFor(async () => {
      const list = await server.get(`/api/Spaces-1/interruptions?regarding=${taskId}&pendingOnly=true`);
      return list.Items[0];
    }, 'the interruption');
    assert.equal(pending.Type, 'ManualIntervention');
    assert.equal(pending.IsPending, true);
    assert.equal(pending.Form.Values.Instructions, 'Approve release 1.0.0 for Production');
    assert.deepEqual(pending.ResponsibleTeamIds, ['Release Managers']);
    assert.ok(pending.RelatedDocumentIds.includes(deploymentId));
    assert.equal(pending.Links.Submit, `/api/Spaces-1/interruptions/${pending.Id}/submit`);
    const waiting = await server.get(`/api/Spaces-1/tasks/${taskId}`);
    assert.equal(waiting.State, 'Executing');
    assert.equal(waiting.HasPendingInterruptions, true);
    assert.deepEqual(waiting.PendingInterruptionTypes, ['ManualIntervention']);

    const early = await server.post(`/api/Spaces-1/interruptions/${pending.Id}/submit`, { Result: 'Proceed' });
    assert.equal(early.status, 400);
    assert.match(early.body.Errors[0], /Take responsibility/);
    const user = await server.request('PUT', `/api/Spaces-1/interruptions/${pending.Id}/responsible`, {});
    assert.equal(user.status, 200);
    assert.equal(user.body.Id, 'Users-1');
    const bad = await server.post(`/api/Spaces-1/interruptions/${pending.Id}/submit`, { Result: 'Maybe' });
    assert.equal(bad.status, 400);
    const ok = await server.post(`/api/Spaces-1/interruptions/${pending.Id}/submit`, {
      Result: 'Proceed',
      Notes: 'looks good',
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.IsPending, false);
    const task = await waitForTask(server, taskId);
    assert.equal(task.State, 'Success');
    const log = await raw(taskId);
    assert.match(log, /approved \(Proceed\) by stepwise: looks good/);
    assert.match(log, /after approval/);
    const again = await server.post(`/api/Spaces-1/interruptions/${pending.Id}/submit`, { Result: 'Proceed' });
    assert.equal(again.status, 409);
  });

  it('fails the deployment when a manual intervention is aborted, and still runs always steps', async () => {
    const { taskId, deploymentId } = await deploy(server, 'Approval', '1.0.1', ['Production']);
    // Regarding the deployment (not the task), through the default-space route.
    const pending = await waitFor(
      async () => (await server.get(`/api/interruptions?regarding=${deploymentId}&pendingOnly=true`)).Items[0],
      'the interruption',
    );
    assert.equal(pending.TaskId, taskId);
    await server.request('PUT', `/api/Spaces-1/interruptions/${pending.Id}/responsible`, null);
    const aborted = await server.post(`/api/Spaces-1/interruptions/${pending.Id}/submit`, {
      Result: 'Abort',
      Notes: 'not today',
    });
    assert.equal(aborted.status, 200, aborted.text);
    const task = await waitForTask(server, taskId);
    assert.equal(task.State, 'Failed');
    const log = await raw(taskId);
    assert.match(log, /The deployment was aborted by stepwise at manual intervention 'Approve': not today/);
    assert.match(log, /== Skipped: Step 3: After ==/);
    assert.match(log, /always runs/);
  });

  it('deploys a package from the built-in feed into the custom directory and applies its configuration', async () => {
    const zip = createZip({
      'config/app.conf': 'name=#{AppName}\nenv=#{Octopus.Environment.Name}\nconnection=#{ConnectionSecret}\n',
      'appsettings.json': JSON.stringify(
        {
          Logging: { LogLevel: { Default: 'Debug' } },
          Servers: [{ Host: 'localhost' }],
          Feature: { Enabled: false },
          Untouched: 'x',
        },
        null,
        2,
      ),
      'config/settings.yaml': 'database:\n  host: localhost # stays\n  port: 5432\n',
      'Deploy.sh': 'echo "Deploy.sh ran in $(pwd) for $(get_octopusvariable Octopus.Environment.Name)"\n',
    });
    const upload = multipartBody('fileToUpload', 'Acme.Web.1.2.3.zip', zip);
    const uploaded = await server.request('POST', '/api/Spaces-1/packages/raw', undefined, {
      raw: upload.body,
      headers: { 'Content-Type': upload.contentType },
    });
    assert.equal(uploaded.status, 201, uploaded.text);
    assert.equal(uploaded.body.PackageId, 'Acme.Web');
    assert.equal(uploaded.body.Version, '1.2.3');
    const duplicate = await server.request('POST', '/api/Spaces-1/packages/raw', undefined, {
      raw: upload.body,
      headers: { 'Content-Type': upload.contentType },
    });
    assert.equal(duplicate.status, 400);
    assert.match(duplicate.body.Errors[0], /already exists/);
    const versions = await server.get('/api/Spaces-1/feeds/feeds-builtin/packages/versions?packageId=Acme.Web');
    assert.deepEqual(
      versions.Items.map((v: { Version: string }) => v.Version),
      ['1.2.3'],
    );

    const { taskId } = await deploy(server, 'Web App', '2.0.0', ['Staging']);
    const task = await waitForTask(server, taskId);
    const log = await raw(taskId);
    assert.equal(task.State, 'Success', log);
    const release = (await server.get('/api/Spaces-1/releases?searchByVersion=2.0.0')).Items[0];
    assert.deepEqual(release.SelectedPackages, [
      { ActionName: 'Deploy web app', StepName: 'Deploy web app', PackageReferenceName: '', Version: '1.2.3' },
    ]);

    const installed = path.join(scratch, 'install', 'Staging');
    assert.equal(
      readFileSync(path.join(installed, 'config/app.conf'), 'utf8'),
      'name=Stepwise Demo\nenv=Staging\nconnection=super-secret-conn\n',
    );
    assert.deepEqual(JSON.parse(readFileSync(path.join(installed, 'appsettings.json'), 'utf8')), {
      Logging: { LogLevel: { Default: 'Warning' } },
      Servers: [{ Host: 'prod-db.internal' }],
      Feature: { Enabled: true },
      Untouched: 'x',
    });
    assert.equal(
      readFileSync(path.join(installed, 'config/settings.yaml'), 'utf8'),
      'database:\n  host: localhost # stays\n  port: 5433\n',
    );
    assert.match(log, /Deploy\.sh ran in .*Staging for Staging/);
    // The next step read the install folder from the package step's output variable; the secret is masked there.
    assert.match(log, /connection=\*{8}/);
    assert.doesNotMatch(log, /super-secret-conn/);
    assert.ok(!existsSync(path.join(installed, '.stepwise-pid')) && !existsSync(path.join(installed, 'bootstrap.sh')));
  });

  it('fails a package step whose version is not in the feed, saying how to fix it', async () => {
    const release = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Web App',
      ReleaseVersion: '2.0.1',
      Packages: ['Deploy web app:9.9.9'],
    });
    assert.equal(release.status, 201, release.text);
    const { taskId } = await deploy(server, 'Web App', '2.0.1', ['Test']);
    const task = await waitForTask(server, taskId);
    assert.equal(task.State, 'Failed');
    assert.match(await raw(taskId), /Package Acme\.Web 9\.9\.9 is not in the built-in feed\. Upload it/);
  });

  it('asks for required prompted variables and masks sensitive ones in the deployment', async () => {
    await server.post('/api/Spaces-1/releases/create/v1', { ProjectName: 'Prompted', ReleaseVersion: '1.0.0' });
    const missing = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
      ProjectName: 'Prompted',
      ReleaseVersion: '1.0.0',
      EnvironmentNames: ['Test'],
    });
    assert.equal(missing.status, 400);
    assert.match(missing.body.Errors[0], /required prompted variable 'Release note'/);
    const created = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
      ProjectName: 'Prompted',
      ReleaseVersion: '1.0.0',
      EnvironmentNames: ['Test'],
      Variables: { 'Release note': 'first cut', Pin: '8642' },
    });
    assert.equal(created.status, 200, created.text);
    const { DeploymentId, ServerTaskId } = created.body.DeploymentServerTasks[0];
    await waitForTask(server, ServerTaskId);
    assert.match(await raw(ServerTaskId), /note=first cut pin=\*{8}/);
    const deployment = await server.get(`/api/Spaces-1/deployments/${DeploymentId}`);
    assert.deepEqual(deployment.FormValues, { ReleaseNote: 'first cut', Pin: '********' });
  });

  it('fails what it cannot run with a message saying so, and goes on with always steps', async () => {
    const release = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Unsupported',
      ReleaseVersion: '1.0.0',
      Packages: ['External package:13.0.1'],
    });
    assert.equal(release.status, 201, release.text);
    const { taskId } = await deploy(server, 'Unsupported', '1.0.0', ['Test']);
    const task = await waitForTask(server, taskId);
    assert.equal(task.State, 'Failed');
    const log = await raw(taskId);
    assert.match(log, /CSharp scripts are not supported by the Stepwise server/);
    assert.match(log, /after/);
    // Nothing it could not do is called done: each of these steps failed, saying why and what would run it.
    const details = await server.get(`/api/Spaces-1/tasks/${taskId}/details`);
    const status = Object.fromEntries(
      details.ActivityLogs[0].Children.map((c: { Name: string; Status: string }) => [
        c.Name.replace(/^Step \d+: /, ''),
        c.Status,
      ]),
    );
    assert.deepEqual(status, {
      CSharp: 'Failed',
      'From a template': 'Failed',
      Kubernetes: 'Failed',
      'Team email': 'Failed',
      'External package': 'Failed',
      After: 'Success',
    });
    assert.match(log, /built from step template ActionTemplates-1241 \(version 3\), which the space does not declare/);
    assert.match(log, /cannot run Octopus\.KubernetesRunScript steps; a real Octopus Server/);
    assert.match(log, /addressed only to teams \(teams-everyone\)/);
    assert.match(log, /comes from feed 'nuget-org'; the Stepwise server deploys packages from its built-in feed only/);
    assert.doesNotMatch(log, /Stepwise server cannot run this action: /);
  });

  it("acquires a script action's named packages from the built-in feed, and fails one on an external feed saying so", async () => {
    const zip = createZip({ 'tool.txt': 'tool 1.4.0 inside\n' });
    const upload = multipartBody('fileToUpload', 'Acme.Tool.1.4.0.zip', zip);
    const uploaded = await server.request('POST', '/api/Spaces-1/packages/raw', undefined, {
      raw: upload.body,
      headers: { 'Content-Type': upload.contentType },
    });
    assert.equal(uploaded.status, 201, uploaded.text);
    const release = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Tools',
      ReleaseVersion: '1.0.0',
      Packages: ['Use tool:image:1.25', 'From an external feed:lib:13.0.1'],
    });
    assert.equal(release.status, 201, release.text);
    const { taskId } = await deploy(server, 'Tools', '1.0.0', ['Test']);
    const task = await waitForTask(server, taskId);
    const log = await raw(taskId);
    assert.equal(task.State, 'Failed', log);
    assert.match(log, /Acquired package Acme\.Tool 1\.4\.0 from the built-in feed/);
    assert.match(log, /file Acme\.Tool\.1\.4\.0\.zip version 1\.4\.0 from feeds-builtin/);
    assert.match(log, /tool 1\.4\.0 inside/);
    assert.match(log, /image library\/nginx:1\.25/);
    assert.match(log, /== Success: Step 1: Use tool ==/);
    assert.match(
      log,
      /cannot reach external feed nuget-org for package lib \(Newtonsoft\.Json\): it acquires packages from its built-in feed only\. A real Octopus Server would download Newtonsoft\.Json from nuget-org/,
    );
    assert.match(log, /== Failed: Step 2: From an external feed ==/);
    assert.doesNotMatch(log, /should not run/);
  });

  it('runs a runbook in an environment of its scope (POST runbookRuns) and refuses one outside it', async () => {
    const runbooks = await server.get('/api/Spaces-1/runbooks/all');
    const restart = runbooks.find((r: { Name: string }) => r.Name === 'Restart service');
    assert.equal(restart.EnvironmentScope, 'Specified');
    assert.equal(restart.RunRetentionPolicy.QuantityToKeep, 5);
    const project = await server.get(`/api/Spaces-1/projects/${restart.ProjectId}/runbooks`);
    assert.deepEqual(
      project.Items.map((r: { Id: string }) => r.Id),
      [restart.Id],
    );

    // As Octopus's UI does: the published snapshot, named.
    assert.match(restart.PublishedRunbookSnapshotId, /^RunbookSnapshots-\d+$/);
    const snapshot = await server.get(`/api/Spaces-1/runbookSnapshots/${restart.PublishedRunbookSnapshotId}`);
    assert.equal(snapshot.RunbookId, restart.Id);
    const run = await server.post('/api/Spaces-1/runbookRuns', {
      RunbookId: restart.Id,
      RunbookSnapshotId: restart.PublishedRunbookSnapshotId,
      EnvironmentId: 'Test',
    });
    assert.equal(run.status, 201, run.text);
    assert.equal(run.body.RunbookSnapshotId, restart.PublishedRunbookSnapshotId);
    assert.equal(run.body.FrozenRunbookProcessId, snapshot.FrozenRunbookProcessId);
    const task = await waitForTask(server, run.body.TaskId);
    const log = await raw(run.body.TaskId);
    assert.equal(task.State, 'Success', log);
    assert.match(log, /Running runbook Restart service of Operations in Test/);
    assert.match(log, /restarting web-api in Test by runbook Restart service/);
    assert.equal((await server.get(`/api/Spaces-1/runbookRuns/${run.body.Id}`)).TaskId, run.body.TaskId);

    const outside = await server.post('/api/Spaces-1/runbookRuns', {
      RunbookId: 'Restart service',
      EnvironmentId: 'Development',
    });
    assert.equal(outside.status, 400);
    assert.match(outside.body.Errors[0], /may run only in the environments of its scope/);
    const wrongSnapshot = await server.post('/api/Spaces-1/runbookRuns', {
      RunbookId: restart.Id,
      RunbookSnapshotId: 'RunbookSnapshots-999',
      EnvironmentId: 'Test',
    });
    assert.equal(wrongSnapshot.status, 400);
    assert.match(wrongSnapshot.body.Errors[0], /no runbook snapshot RunbookSnapshots-999/);
    const unknown = await server.post('/api/Spaces-1/runbookRuns', { RunbookId: 'Nope', EnvironmentId: 'Test' });
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.Errors[0], /no runbook Nope\. Runbooks: .*Restart service/);
  });

  it('runs an action built from a step template the space declares, with its parameters as variables', async () => {
    const { taskId } = await deploy(server, 'Templated', '1.0.0', ['Test']);
    const task = await waitForTask(server, taskId);
    const log = await raw(taskId);
    assert.equal(task.State, 'Success', log);
    assert.match(log, /template says hello world! in Test/);
    assert.match(log, /as a variable: hello world/);
    assert.match(log, /template says goodbye\? in Test/);
  });

  it('runs a step with roles run on a worker once on behalf of each target', async () => {
    const { taskId } = await deploy(server, 'On Behalf', '1.0.0', ['Test']);
    const task = await waitForTask(server, taskId);
    const log = await raw(taskId);
    assert.equal(task.State, 'Success', log);
    assert.match(log, /checking TestWeb01 from a worker/);
    assert.match(log, /checking TestWeb02 from a worker/);
    const details = await server.get(`/api/Spaces-1/tasks/${taskId}/details`);
    assert.deepEqual(
      details.ActivityLogs[0].Children[0].Children[0].Children.map((c: { Name: string }) => c.Name).sort(),
      ['TestWeb01', 'TestWeb02'],
    );
  });

  it('runs 20 deployments started at once: all succeed, one at a time per project and environment, in order', async () => {
    const versions = Array.from({ length: 20 }, (_, i) => `3.0.${i}`);
    for (const v of versions)
      assert.equal(
        (await server.post('/api/Spaces-1/releases/create/v1', { ProjectName: 'Quick', ReleaseVersion: v })).status,
        201,
      );
    const environments = ['Development', 'Test'];
    const responses = await Promise.all(
      versions.map((v, i) =>
        server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
          ProjectName: 'Quick',
          ReleaseVersion: v,
          EnvironmentNames: [environments[i % 2]],
        }),
      ),
    );
    assert.ok(
      responses.every((r) => r.status === 200),
      responses.map((r) => r.text).join('\n'),
    );
    const ids = responses.map((r) => r.body.DeploymentServerTasks[0].ServerTaskId as string);
    assert.equal(new Set(ids).size, 20);
    const deadline = Date.now() + 60_000;
    let tasks;
    do {
      await new Promise((r) => setTimeout(r, 100));
      // The same call api-client's ServerTaskWaiter makes.
      tasks = (await server.get(`/api/Spaces-1/tasks?skip=0&take=300&ids=${ids.join(',')}`)).Items as {
        Id: string;
        State: string;
        IsCompleted: boolean;
        StartTime: string;
        CompletedTime: string;
        Description: string;
      }[];
    } while (tasks.some((t) => !t.IsCompleted) && Date.now() < deadline);
    assert.equal(tasks.length, 20);
    assert.deepEqual([...new Set(tasks.map((t) => t.State))], ['Success']);
    for (const env of environments) {
      const mine = tasks
        .filter((t) => t.Description.endsWith(`to ${env}`))
        .sort((a, b) => Number(a.Id.split('-')[1]) - Number(b.Id.split('-')[1]));
      assert.equal(mine.length, 10);
      for (let i = 1; i < mine.length; i++)
        assert.ok(
          mine[i].StartTime >= mine[i - 1].CompletedTime,
          `${mine[i].Id} started before ${mine[i - 1].Id} finished`,
        );
    }
  });

  it('cancels a running deployment and stops its script', async () => {
    const { taskId } = await deploy(server, 'Slow', '1.0.0', ['Test']);
    await waitFor(
      async () => ((await raw(taskId)).includes('started sleeping') ? true : undefined),
      'the script to start',
    );
    const canceled = await server.post(`/api/tasks/${taskId}/cancel`, {});
    assert.equal(canceled.status, 200);
    assert.ok(['Cancelling', 'Canceled'].includes(canceled.body.State));
    const task = await waitForTask(server, taskId, (t) => t.IsCompleted, 10_000);
    assert.equal(task.State, 'Canceled');
    for (const file of ['slow.pid', 'slow-child.pid']) {
      const pid = Number(readFileSync(path.join(scratch, file), 'utf8'));
      await waitFor(async () => (isAlive(pid) ? undefined : true), `script process ${pid} (${file}) to stop`, 5000);
    }
  });

  it('deploys automatically as a release enters phases with automatic environments', async () => {
    const created = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Auto',
      ReleaseVersion: '1.0.0',
    });
    assert.equal(created.status, 201);
    const byEnvironment = async () => {
      const list = await server.get(`/api/Spaces-1/releases/${created.body.ReleaseId}/deployments`);
      return list.Items as { EnvironmentId: string; TaskId: string }[];
    };
    // Development is automatic in the first phase; once it succeeds, Test (automatic in the next, optional, phase) follows.
    const both = await waitFor(async () => {
      const items = await byEnvironment();
      if (items.length < 2) return undefined;
      const tasks = await Promise.all(items.map((d) => server.get(`/api/Spaces-1/tasks/${d.TaskId}`)));
      return tasks.every((t) => t.IsCompleted) ? items : undefined;
    }, 'two automatic deployments');
    const environments = await server.get('/api/Spaces-1/environments');
    const name = (id: string) => environments.Items.find((e: { Id: string }) => e.Id === id).Name;
    assert.deepEqual(both.map((d) => name(d.EnvironmentId)).sort(), ['Development', 'Test']);
    // The optional Testing phase does not hold up Production.
    const production = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
      ProjectName: 'Auto',
      ReleaseVersion: '1.0.0',
      EnvironmentNames: ['Production'],
    });
    assert.equal(production.status, 200, production.text);
  });
});
