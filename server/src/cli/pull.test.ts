import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { DeploymentProcessResource, VariableSetResource } from '@stepwise/core/octopus/apiResources';
import { startTestDeploymentServer, type TestDeploymentServer } from '../../../test/support/deploymentServer';
import { LspClient } from '../../../test/support/lspClient';
import { fileUri, fixturesDir } from '../../../test/support/paths';
import type { DeploymentProcessResult } from '../requestTypes';
import { runCli } from './cli';
import { OctopusApi } from './octopusApi';

/** The rich project the round trip pulls: test-fixtures/pull (see its header). */
const pullFixtures = path.join(fixturesDir, 'pull');

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), cwd },
    out,
    err,
    text: () => out.join('') + err.join(''),
  };
}

/** A resource without what a save changes by itself (Version, Links, LastModified*). */
function comparable(resource: object): unknown {
  return JSON.parse(
    JSON.stringify(resource, (key, value) =>
      key === 'Version' || key === 'Links' || key.startsWith('LastModified') ? undefined : value,
    ),
  );
}

describe('stepwise pull against the local deployment server (real HTTP)', () => {
  let server: TestDeploymentServer;
  let dir: string;
  before(async () => {
    server = await startTestDeploymentServer(pullFixtures);
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-pull-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round trip: pull → validate with 0 errors → push as Create Release does → the server process is unchanged field by field', async () => {
    const api = new OctopusApi(server.url, server.apiKey);
    const project = (await api.all<{ Id: string; Name: string; VariableSetId: string }>('/api/Spaces-1/projects')).find(
      (p) => p.Name === 'Shop',
    )!;
    // A sensitive action property, as a step template's sensitive parameter gives one.
    const imported = await api.get<DeploymentProcessResource>(
      `/api/Spaces-1/projects/${project.Id}/deploymentprocesses`,
    );
    imported.Steps[0].Actions[0].Properties.ApiToken = { HasValue: true, NewValue: 'tok-never-written' };
    await api.put(`/api/Spaces-1/projects/${project.Id}/deploymentprocesses`, imported);
    const before = await api.get<DeploymentProcessResource>(`/api/Spaces-1/projects/${project.Id}/deploymentprocesses`);
    assert.deepEqual(before.Steps[0].Actions[0].Properties.ApiToken, { HasValue: true, Hint: null });
    const variablesBefore = await api.get<VariableSetResource>(`/api/Spaces-1/variables/${project.VariableSetId}`);
    assert.equal(before.Steps.length, 7, 'the fixture imported');

    const pull = capture(dir);
    const code = await runCli(
      ['pull', '--server', server.url, '--api-key', server.apiKey, '--project', 'shop'],
      pull.io,
    );
    assert.equal(code, 0, pull.text());
    assert.ok(!pull.text().includes(server.apiKey), 'the key is never echoed');
    assert.match(
      pull.err.join(''),
      /wrote .*shop\.process\.yaml \(7 steps, 7 variables, 1 sensitive without their values, 1 runbooks\)/,
    );

    const processFile = path.join(dir, 'shop.process.yaml');
    const yaml = readFileSync(processFile, 'utf8');
    assert.ok(!yaml.includes('s3cret-never-written'), 'a sensitive value is never written');
    assert.ok(!yaml.includes('tok-never-written'), 'nor a sensitive property');
    assert.match(yaml, /ApiToken: "#\{ApiToken\}"/, 'a placeholder stands for it');
    assert.match(
      pull.err.join(''),
      /note: action 'Migrate database': ApiToken is sensitive; its value stays on the server\. The file has the placeholder #\{ApiToken\}/,
    );
    assert.match(
      yaml,
      /channels:\n {2}- name: Default\n {4}is-default: true\n {2}- name: Stable\n {4}rules:\n {6}- tag: \^\$\n {8}version-range: "\[1\.0,2\.0\)"\n {8}packages:\n {10}- step: Deploy web\n {12}package: ""\n/,
      'the channel keeps its version rule',
    );
    const runbooks = (parseYaml(yaml) as { runbooks: Record<string, unknown>[] }).runbooks;
    assert.deepEqual(
      runbooks.map(({ steps, ...r }) => ({ ...r, steps: (steps as { name: string }[]).map((s) => s.name) })),
      [
        {
          slug: 'restart-web',
          name: 'Restart web',
          description: 'Restarts the web servers',
          settings: {
            'environment-scope': 'Specified',
            environments: ['Production'],
            'run-retention-policy': { 'quantity-to-keep': 10, 'should-keep-forever': false },
          },
          steps: ['Restart'],
        },
      ],
      'the runbook, read from the server, with its process',
    );
    assert.match(yaml, /DbPassword:\n {4}sensitive: true\n/);
    const space = readFileSync(path.join(dir, '.octopus', 'space.yaml'), 'utf8');
    assert.match(space, /- name: ShopWeb02/);
    assert.doesNotMatch(space, /Unrelated01|Hotfix/, 'only what the project uses');
    assert.match(space, /name: Shared Settings/);

    const validate = capture(dir);
    assert.equal(await runCli(['validate', dir], validate.io), 0, validate.text());
    assert.match(validate.text(), /2 files checked: 0 errors, 0 warnings/);

    // Push as the extension does before Create Release: the language server turns the file into
    // the API's resources (stepwise/deploymentProcess) given the server's copies, then PUTs.
    const environments = await api.all<{ Id: string; Name: string }>('/api/Spaces-1/environments');
    const machines = await api.all<{ Id: string; Name: string }>('/api/Spaces-1/machines');
    const channels = await api.all<{ Id: string; Name: string }>(`/api/Spaces-1/projects/${project.Id}/channels`);
    const lsp = await LspClient.start({ rootUri: fileUri(dir) });
    let result: DeploymentProcessResult;
    try {
      await lsp.open(fileUri(processFile), yaml);
      result = (await lsp.request('stepwise/deploymentProcess', {
        uri: fileUri(processFile),
        process: before,
        variables: variablesBefore,
        environments: environments.map((e) => ({ Id: e.Id, Name: e.Name })),
        machines: machines.map((m) => ({ Id: m.Id, Name: m.Name })),
        channels: channels.map((c) => ({ Id: c.Id, Name: c.Name })),
        spaceId: 'Spaces-1',
        projectId: project.Id,
      })) as DeploymentProcessResult;
    } finally {
      await lsp.shutdown();
    }
    assert.deepEqual(result.processChanges, [], 'the pulled file is the server process');
    assert.deepEqual(result.variableChanges, [], 'and its variables');
    await api.put(`/api/Spaces-1/projects/${project.Id}/deploymentprocesses`, result.process);
    await api.put(`/api/Spaces-1/variables/${project.VariableSetId}`, result.variables);

    const after = await api.get<DeploymentProcessResource>(`/api/Spaces-1/projects/${project.Id}/deploymentprocesses`);
    assert.equal(after.Version, before.Version + 1, 'the push reached the server');
    assert.deepEqual(comparable(after), comparable(before));
    const variablesAfter = await api.get<VariableSetResource>(`/api/Spaces-1/variables/${project.VariableSetId}`);
    assert.deepEqual(comparable(variablesAfter), comparable(variablesBefore));
  });

  it('merges into an existing space file without dropping or changing what is there', async () => {
    const target = mkdtempSync(path.join(tmpdir(), 'stepwise-pull-merge-'));
    try {
      mkdirSync(path.join(target, '.octopus'));
      const mine =
        '# our own space\nenvironments: [Production, QA]\ntargets:\n  - name: ShopWeb01\n    environments: [QA]\n    roles: [web]\n';
      writeFileSync(path.join(target, '.octopus', 'space.yaml'), mine);
      const run = capture(target);
      const code = await runCli(
        [
          'pull',
          '--server',
          `${server.url}/api/`,
          '--project',
          'Projects-1',
          '--space',
          'default',
          '--out',
          'apps/shop.process.yaml',
        ],
        run.io,
      );
      assert.equal(code, 2, 'no key: a usage error');
      process.env.OCTOPUS_API_KEY = server.apiKey;
      try {
        assert.equal(
          await runCli(
            ['pull', '--server', `${server.url}/api/`, '--project', 'Projects-1', '--space', 'default'],
            run.io,
          ),
          0,
          run.text(),
        );
      } finally {
        delete process.env.OCTOPUS_API_KEY;
      }
      const merged = readFileSync(path.join(target, '.octopus', 'space.yaml'), 'utf8');
      assert.ok(merged.startsWith('# our own space\n'), merged);
      assert.match(
        merged,
        /^environments: \[Production, QA, Development, Test, Staging\]\ntargets:\n  - name: ShopWeb01\n/m,
      );
      assert.match(
        merged,
        /- name: ShopWeb01\n {4}environments: \[QA\]/,
        'an existing target is kept as the file says',
      );
      assert.match(merged, /- name: ShopDb01/);
      assert.match(
        run.err.join(''),
        /merged into .*space\.yaml \(added 3 environments, 1 lifecycles, 2 targets, 1 variable-sets\)/,
      );
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  it('says what is wrong: usage errors exit 2, a refused key, an unknown project or space and an unreachable server exit 1', async () => {
    const cases: [string[], number, RegExp][] = [
      [['pull'], 2, /pull needs --server URL/],
      [['pull', '--server', 'ftp://x', '--api-key', 'K', '--project', 'P'], 2, /--server must be an http\(s\) address/],
      [
        ['pull', '--server', server.url, '--project', 'Shop'],
        2,
        /needs an API key: --api-key KEY or the OCTOPUS_API_KEY/,
      ],
      [['pull', '--server', server.url, '--api-key', 'K'], 2, /needs --project/],
      [
        ['pull', '--server', server.url, '--api-key', 'K', '--project', 'Shop', '--out', 'x.yaml'],
        2,
        /--out must name a \*\.process\.yaml/,
      ],
      [['pull', '--server', server.url, '--api-key', 'K', '--project', 'Shop', '--bogus'], 2, /bogus/],
      [
        ['pull', '--server', server.url, '--api-key', 'API-WRONGKEY123', '--project', 'Shop'],
        1,
        /the API key was refused by the server \(401\)/,
      ],
      [
        ['pull', '--server', server.url, '--api-key', server.apiKey, '--project', 'Nope'],
        1,
        /there is no project 'Nope' in space Default on http/,
      ],
      [
        ['pull', '--server', server.url, '--api-key', server.apiKey, '--project', 'Shop', '--space', 'Mars'],
        1,
        /there is no space 'Mars' on http.*\(spaces: Default\)/,
      ],
      [
        ['pull', '--server', 'http://127.0.0.1:9', '--api-key', server.apiKey, '--project', 'Shop'],
        1,
        /cannot reach http:\/\/127\.0\.0\.1:9: /,
      ],
    ];
    for (const [args, exit, message] of cases) {
      const run = capture(dir);
      assert.equal(await runCli(args, run.io), exit, `${args.join(' ')}: ${run.text()}`);
      assert.match(run.text(), message, args.join(' '));
      assert.ok(
        !run.text().includes('WRONGKEY') && !run.text().includes(server.apiKey),
        `the key is never echoed: ${run.text()}`,
      );
    }
  });
});
