import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createArchive } from '../../src/testing/archives';
import { writeOctopusWorkspace } from '../../src/testing/octopusWorkspace';
import { startServerProcess, type ServerProcess } from '../../src/testing/serverProcess';

const here = path.dirname(fileURLToPath(import.meta.url));

// Clients nobody here wrote: scripts written after Octopus's published REST examples (bash, curl,
// jq; see README.md) and @octopusdeploy/octopackjs, against the real server process.
describe('Octopus REST API examples and octopackjs', () => {
  let dir: string;
  let server: ServerProcess;
  const script = (name: string, ...args: string[]) => {
    const result = spawnSync('bash', [path.join(here, name), ...args], {
      env: { ...process.env, OCTOPUS_URL: server.url, OCTOPUS_API_KEY: server.apiKey },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return {
      code: result.status,
      out: result.stdout.trim(),
      err: `${result.stderr}${result.error ? String(result.error) : ''}`,
    };
  };
  const ok = (name: string, ...args: string[]) => {
    const result = script(name, ...args);
    assert.equal(result.code, 0, `${name} ${args.join(' ')} failed:\n${result.out}\n${result.err}`);
    return result.out;
  };

  before(async () => {
    for (const tool of ['bash', 'curl', 'jq'])
      assert.equal(spawnSync(tool, ['--version']).status, 0, `these tests need ${tool} on the PATH`);
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-rest-examples-'));
    const workspace = writeOctopusWorkspace(path.join(dir, 'workspace'), path.join(dir, 'install'));
    server = await startServerProcess({ dataDir: path.join(dir, 'data'), workspace });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a package, creates a release, deploys it with a prompted value, waits, promotes it and reads the variables', async () => {
    const file = path.join(dir, 'webapp.1.0.2.tar.gz');
    writeFileSync(file, createArchive('.tar.gz', { 'index.html': 'webapp 1.0.2' }));
    assert.match(ok('push-package.sh', file), /Package uploaded successfully/);
    const again = script('push-package.sh', file);
    assert.equal(again.code, 1, 'replace=false refuses the same version again');

    assert.match(ok('create-release.sh', 'webapp', '1.0.2', '1.0.2'), /^Releases-\d+$/);
    const release = await server.get('/api/Spaces-1/projects/Projects-1/releases/1.0.2');
    assert.deepEqual(
      release.SelectedPackages.map((p: { ActionName: string; Version: string }) => [p.ActionName, p.Version]),
      [['Deploy webapp', '1.0.2']],
    );

    const taskId = ok('deploy-release.sh', 'webapp', '1.0.2', 'Development', 'Note::from bash');
    assert.match(taskId, /^ServerTasks-\d+$/);
    assert.equal(ok('wait-for-task.sh', taskId), 'Success');
    assert.match(
      (await server.request('GET', `/api/tasks/${taskId}/raw`)).text,
      /Hello, Web App 1\.0\.2 is in Development \(note: from bash\)/,
    );
    assert.equal(readFileSync(path.join(dir, 'install', 'Development', 'index.html'), 'utf8'), 'webapp 1.0.2');

    const early = script('promote-release.sh', 'webapp', '1.0.2', 'Production');
    assert.equal(early.code, 1);
    assert.match(early.err, /cannot be promoted to Production yet; it can go to: Development, Test/);
    const promoted = ok('promote-release.sh', 'webapp', '1.0.2', 'Test');
    assert.equal(ok('wait-for-task.sh', promoted), 'Success');

    const variables = ok('read-variable-set.sh', 'webapp').split('\n');
    assert.ok(variables.includes('AppTitle=Web App'), variables.join('\n'));
    assert.ok(variables.includes('Greeting=Hello'), variables.join('\n'));
  });

  it('creates a channel with a version rule that release creation keeps to, and a library variable set a project reads', async () => {
    for (const version of ['1.5.0', '1.6.0-beta']) {
      const file = path.join(dir, `webapp.${version}.zip`);
      writeFileSync(file, createArchive('.zip', { 'index.html': `webapp ${version}` }));
      ok('push-package.sh', file);
    }
    assert.match(ok('create-channel.sh', 'webapp', 'Stable', '[1.5,2.0)', '^$'), /^Channels-\d+$/);
    assert.match(ok('create-release.sh', 'webapp', '1.5.0', '1.5.0', 'Default', 'Stable'), /^Releases-\d+$/);
    const refused = script('create-release.sh', 'webapp', '1.6.0', '1.6.0-beta', 'Default', 'Stable');
    assert.equal(refused.code, 22, `curl --fail-with-body exits 22 on the 400:\n${refused.out}\n${refused.err}`);
    assert.match(
      refused.err,
      /The version 1\.6\.0-beta of package webapp for step 'Deploy webapp' does not satisfy the version rule of channel 'Stable' \(version range \[1\.5,2\.0\) and pre-release tag \^\$\)/,
    );

    assert.match(
      ok('create-library-variable-set.sh', 'Regional', 'webapp', 'Region=eu-west-1', 'Tier=gold'),
      /^LibraryVariableSets-\d+$/,
    );
    const variables = ok('read-variable-set.sh', 'webapp').split('\n');
    assert.ok(variables.includes('Region=eu-west-1') && variables.includes('Tier=gold'), variables.join('\n'));
  });

  it('takes a package pushed by @octopusdeploy/octopackjs', async () => {
    const octo = (await import('@octopusdeploy/octopackjs')).default as {
      pack(
        type: string,
        options: { id: string; version: string },
      ): {
        append(name: string, data: Buffer): unknown;
        toFile(dir: string, cb: (error: Error | null, file: { path: string; name: string }) => void): void;
      };
      push(file: string, options: Record<string, unknown>, cb: (error: unknown, body: any) => void): void;
    };
    const outDir = mkdtempSync(path.join(dir, 'octopack-'));
    for (const [type, version] of [
      ['targz', '2.0.0'],
      ['zip', '2.0.1'],
      ['tar', '2.0.2'],
    ]) {
      const pkg = octo.pack(type, { id: 'webapp', version });
      pkg.append('index.html', Buffer.from(`webapp ${version}`));
      const packed = await new Promise<{ path: string; name: string }>((resolve, reject) =>
        pkg.toFile(outDir, (error, file) => (error ? reject(error) : resolve(file))),
      );
      const body = await new Promise<any>((resolve, reject) =>
        octo.push(
          packed.path,
          { host: server.url, apikey: server.apiKey, spaceId: 'Spaces-1', replace: true, name: packed.name },
          (error, result) =>
            error ? reject(new Error(JSON.stringify((error as { body?: unknown }).body ?? error))) : resolve(result),
        ),
      );
      assert.deepEqual([body.PackageId, body.Version], ['webapp', version], packed.name);
    }
    const versions = await server.get('/api/Spaces-1/feeds/feeds-builtin/packages/versions?packageId=webapp');
    assert.deepEqual(versions.Items.map((v: { Version: string }) => v.Version).slice(0, 3), [
      '2.0.2',
      '2.0.1',
      '2.0.0',
    ]);
  });
});
