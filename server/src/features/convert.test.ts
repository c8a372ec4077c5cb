// `stepwise/convert` over LSP (stdio): the real OctopusBuilds sample's `.octopus` folder to a
// process file (with an open editor's unsaved edit), and a process file to `.octopus/*.ocl`.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseOcl } from '@stepwise/core/ocl/parseOcl';
import { SAMPLES_DIR } from '@stepwise/core/ocl/testdata/projects';
import { validateProcess } from '@stepwise/core';
import { LspClient } from '../../../test/support/lspClient';
import { fileUri, fixturesDir } from '../../../test/support/paths';
import { ConvertRequest, StepwiseErrorCodes, type ConvertResult } from '../requestTypes';

const SAMPLE = 'OctopusSamples__OctopusBuilds__.octopus__';

describe('stepwise/convert over LSP', () => {
  let client: LspClient;
  let dir: string;
  let octopus: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-convert-lsp-'));
    octopus = path.join(dir, 'builds', '.octopus');
    mkdirSync(octopus, { recursive: true });
    for (const file of ['deployment_process.ocl', 'variables.ocl'])
      copyFileSync(path.join(SAMPLES_DIR, SAMPLE + file), path.join(octopus, file));
    copyFileSync(path.join(fixturesDir, 'demo', 'hello-world.process.yaml'), path.join(dir, 'hello.process.yaml'));
    client = await LspClient.start({ rootUri: fileUri(dir) });
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an OCL project → one process file beside `.octopus`, from an open file’s unsaved text', async () => {
    const processFile = path.join(octopus, 'deployment_process.ocl');
    const edited = readFileSync(processFile, 'utf8').replace('name = "Verify application"', 'name = "Check the site"');
    await client.open(fileUri(processFile), edited, 'stepwise-ocl');
    for (const uri of [
      fileUri(path.join(octopus, 'variables.ocl')),
      fileUri(octopus),
      fileUri(path.join(dir, 'builds')),
    ]) {
      const result = (await client.request(ConvertRequest, { uri, to: 'yaml' })) as ConvertResult;
      assert.deepEqual(
        result.files.map((f) => f.path),
        [path.join(dir, 'builds', 'builds.process.yaml')],
      );
      assert.equal(result.open, result.files[0].path);
      const text = result.files[0].text;
      assert.match(text, /^project: builds\n/);
      assert.match(text, /\n {2}- name: Check the site\n {4}slug: verify-application\n/);
      const loaded = validateProcess(text);
      assert.equal(loaded.project?.process.steps.length, 11);
      assert.equal(loaded.project?.variables.length, 10);
    }
    await client.close(fileUri(processFile));
  });

  it('a process file → `.octopus/*.ocl` beside it, opening deployment_process.ocl', async () => {
    const file = path.join(dir, 'hello.process.yaml');
    const result = (await client.request(ConvertRequest, { uri: fileUri(file), to: 'ocl' })) as ConvertResult;
    assert.deepEqual(
      result.files.map((f) => path.relative(dir, f.path)),
      [path.join('.octopus', 'deployment_process.ocl'), path.join('.octopus', 'variables.ocl')],
    );
    assert.equal(result.open, path.join(dir, '.octopus', 'deployment_process.ocl'));
    for (const f of result.files) {
      assert.deepEqual(parseOcl(f.text).errors, [], f.path);
      assert.ok(f.text.endsWith('}\n'));
    }
    assert.match(result.files[0].text, /^step "hello-world" \{\n {4}name = "Hello world"\n/);
  });

  it("says that a channel's tenant tags are not written: channels.ocl has none", async () => {
    const file = path.join(dir, 'tagged', 'web.process.yaml');
    mkdirSync(path.dirname(file));
    writeFileSync(
      file,
      'project: Web\nchannels:\n  - name: Dedicated\n    tenant-tags: [Hosting/Dedicated]\nsteps:\n  - name: Hello\n    type: script\n    script: echo hi\n',
    );
    const result = (await client.request(ConvertRequest, { uri: fileUri(file), to: 'ocl' })) as ConvertResult;
    assert.deepEqual(result.notes, [
      "Channel 'Dedicated': its tenant tags (Hosting/Dedicated) were not written: channels.ocl has none; Octopus keeps them in its database.",
    ]);
    const channels = result.files.find((f) => f.path.endsWith('channels.ocl'))!;
    assert.doesNotMatch(channels.text, /tenant/);
  });

  it('refuses a source with syntax errors (HasErrors), and a file of another kind', async () => {
    const broken = path.join(dir, 'broken.process.yaml');
    writeFileSync(broken, 'project: [\n');
    await assert.rejects(
      client.request(ConvertRequest, { uri: fileUri(broken), to: 'ocl' }),
      (e: { code: number; message: string }) =>
        e.code === StepwiseErrorCodes.HasErrors && /broken\.process\.yaml has YAML errors/.test(e.message),
    );
    await assert.rejects(
      client.request(ConvertRequest, { uri: fileUri(path.join(octopus, 'variables.ocl')), to: 'ocl' }),
      (e: { code: number }) => e.code === StepwiseErrorCodes.NotAProcessFile,
    );
  });
});
