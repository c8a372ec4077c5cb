import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  deployFixturesDir,
  startTestDeploymentServer,
  type TestDeploymentServer,
} from '../../../../test/support/deploymentServer';
import { checkConnection } from '../../octopus/checkConnection';
import type { OctopusClient } from '../../octopus/octopusClient';
import type { ServerTaskDetails } from '../../octopus/types';
import { renderTimeline } from './renderTimeline';
import { compareTimelines, timelineFromDetails } from './timelineModel';

const PROCESS = `project: Timeline
steps:
  - name: Build cache
    type: script
    script: sleep 0.3; echo cached
  - name: Warm up
    start: with-previous
    type: script
    script: echo warm
  - name: Migrate
    type: script
    script: |
      echo "migrating"
      echo "column missing" >&2
      exit 3
`;

async function deployAndWait(client: OctopusClient, version: string): Promise<ServerTaskDetails> {
  await client.createRelease({ ProjectName: 'Timeline', ReleaseVersion: version });
  const [started] = await client
    .createDeployment({ ProjectName: 'Timeline', ReleaseVersion: version, EnvironmentNames: ['Development'] })
    .catch(async () => {
      // The lifecycle deploys Development by itself: take that deployment.
      const release = (await client.releases((await client.findProject('Timeline'))!.Id, { searchByVersion: version }))
        .Items[0];
      const [d] = await client.releaseDeployments(release.Id);
      return [{ DeploymentId: d.Id, ServerTaskId: d.TaskId }];
    });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const details = await client.taskDetails(started.ServerTaskId, { verbose: true });
    if (details.Task.IsCompleted) return details;
    if (Date.now() > deadline) throw new Error(`${started.ServerTaskId} did not finish in 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the deployment timeline from a real task', () => {
  let server: TestDeploymentServer;
  let client: OctopusClient;
  let workspace: string;
  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'stepwise-timeline-'));
    mkdirSync(path.join(workspace, '.octopus'));
    writeFileSync(
      path.join(workspace, '.octopus', 'space.yaml'),
      readFileSync(path.join(deployFixturesDir, '.octopus', 'space.yaml')),
    );
    writeFileSync(path.join(workspace, 'timeline.process.yaml'), PROCESS);
    server = await startTestDeploymentServer(workspace);
    ({ client } = await checkConnection({ url: server.url, apiKey: server.apiKey }));
  });
  after(async () => {
    await server?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('puts steps on one time axis, parallel ones overlapping, the failed one with its log lines', async () => {
    const details = await deployAndWait(client, '1.0.0');
    const model = timelineFromDetails(details, 'Timeline 1.0.0 to Development');
    assert.equal(model.state, 'failed');
    assert.equal(model.running, false);
    const steps = model.bars.filter((b) => b.depth === 0);
    assert.deepEqual(
      steps.map((s) => [s.name.replace(/^Step \d+: /, ''), s.state]),
      [
        ['Build cache', 'success'],
        ['Warm up', 'success'],
        ['Migrate', 'failed'],
      ],
    );
    for (const bar of model.bars.filter((b) => b.start !== undefined))
      assert.ok(bar.start! <= bar.end! && bar.end! <= model.span, `${bar.name} lies on the axis`);
    const [cache, warm, migrate] = steps;
    assert.ok(warm.start! < cache.end!, 'Warm up starts before Build cache ends: they run side by side');
    assert.ok(migrate.start! >= cache.end!, 'Migrate waits for both');
    assert.ok(
      model.bars.some((b) => b.depth > 0),
      'actions and targets are bars too',
    );
    assert.ok(
      migrate.log?.some((l) => /column missing/.test(l)),
      'the failed bar carries its error lines',
    );

    const html = renderTimeline(model);
    assert.match(html, /class="span failed"/);
    assert.match(html, /<details class="log">/);
    assert.match(html, /column missing/);
  });

  it('compares two deployments of the project, the step that got slower first', async () => {
    const first = timelineFromDetails(await deployAndWait(client, '1.0.1'), 'a');
    const second = timelineFromDetails(await deployAndWait(client, '1.0.2'), 'b');
    const rows = compareTimelines(first, second);
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.before !== undefined && r.after !== undefined && r.change === r.after - r.before));
    for (let i = 1; i < rows.length; i++)
      assert.ok(rows[i - 1].change! >= rows[i].change!, 'sorted by change, slowest first');
    assert.match(renderTimeline(second, { title: 'Compared with 1.0.1', rows }), /Compared with 1\.0\.1/);
  });
});

describe('timelineFromDetails while the task runs', () => {
  const details = (state: string, completed: boolean): ServerTaskDetails => ({
    Task: {
      Id: 'ServerTasks-9',
      Name: 'Deploy',
      Description: 'Deploy',
      State: state as never,
      IsCompleted: completed,
      HasPendingInterruptions: false,
      StartTime: '2026-01-01T10:00:00.000Z',
    },
    ActivityLogs: [
      {
        Id: 'A-1',
        Name: 'Deploy',
        Started: '2026-01-01T10:00:00.000Z',
        Status: 'Running',
        LogElements: [],
        Children: [
          {
            Id: 'A-2',
            Name: 'Step 1: One',
            Started: '2026-01-01T10:00:00.000Z',
            Ended: '2026-01-01T10:00:02.000Z',
            Status: 'Success',
            Children: [],
            LogElements: [],
          },
          {
            Id: 'A-3',
            Name: 'Step 2: Two',
            Started: '2026-01-01T10:00:02.000Z',
            Status: 'Running',
            Children: [],
            LogElements: [],
          },
          { Id: 'A-4', Name: 'Step 3: Three', Status: 'Pending', Children: [], LogElements: [] },
        ],
      },
    ],
  });

  it('grows the running step to now and marks it current; a pending step has no bar yet', () => {
    const model = timelineFromDetails(details('Executing', false), 'x', new Date('2026-01-01T10:00:05.000Z'));
    assert.equal(model.running, true);
    assert.equal(model.current, 'A-3');
    assert.equal(model.span, 5000);
    assert.deepEqual(
      model.bars.map((b) => [b.start, b.end]),
      [
        [0, 2000],
        [2000, 5000],
        [undefined, undefined],
      ],
    );
    const later = timelineFromDetails(details('Executing', false), 'x', new Date('2026-01-01T10:00:09.000Z'));
    assert.equal(later.bars[1].end, 9000, 'the current step moves on as time passes');
  });
});
