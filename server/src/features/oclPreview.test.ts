// Preview, CodeLens and the process map on a project whose process is in OCL, over LSP (stdio):
// the real OctopusBuilds sample's `.octopus` folder with a space file naming two environments.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { SAMPLES_DIR } from '@stepwise/core/ocl/testdata/projects';
import { LspClient } from '../../../test/support/lspClient';
import { fileUri } from '../../../test/support/paths';
import {
  DeploymentOptionsRequest,
  PreviewRequest,
  ProcessMapRequest,
  StepwiseErrorCodes,
  type DeploymentOptionsResult,
  type ProcessMapModel,
} from '../requestTypes';
import type { ProcessPreview } from '@stepwise/core/preview';

const SAMPLE = 'OctopusSamples__OctopusBuilds__.octopus__';

describe('preview, lenses and map of an OCL project over LSP', () => {
  let client: LspClient;
  let dir: string;
  let processUri: string;
  let processText: string;
  let variablesUri: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-ocl-preview-'));
    const folder = path.join(dir, 'builds', '.octopus');
    mkdirSync(folder, { recursive: true });
    for (const file of ['deployment_process.ocl', 'variables.ocl'])
      copyFileSync(path.join(SAMPLES_DIR, SAMPLE + file), path.join(folder, file));
    writeFileSync(
      path.join(folder, 'space.yaml'),
      'environments: [Test, Production]\nlifecycles:\n  - name: Default\n    phases:\n      - environments: [Test, Production]\n',
    );
    processUri = fileUri(path.join(folder, 'deployment_process.ocl'));
    variablesUri = fileUri(path.join(folder, 'variables.ocl'));
    processText = readFileSync(path.join(folder, 'deployment_process.ocl'), 'utf8');
    client = await LspClient.start({ rootUri: fileUri(dir) });
    await client.open(processUri, processText, 'stepwise-ocl');
    await client.open(variablesUri, readFileSync(path.join(folder, 'variables.ocl'), 'utf8'), 'stepwise-ocl');
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a lens per environment above each `step "…" {` of deployment_process.ocl, none in variables.ocl', async () => {
    const lenses = (await client.request('textDocument/codeLens', { textDocument: { uri: processUri } })) as CodeLens[];
    const stepLines = processText.split('\n').flatMap((line, index) => (line.startsWith('step "') ? [index] : []));
    assert.equal(stepLines.length, 11);
    assert.deepEqual([...new Set(lenses.map((l) => l.range.start.line))], stepLines);
    const first = lenses.filter((l) => l.range.start.line === 0);
    assert.deepEqual(
      first.map((l) => l.command!.title),
      ['Test: server', 'Production: server'],
    );
    assert.deepEqual(first[0].command!.arguments, [processUri, 'Test']);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: variablesUri } }), []);
  });

  it('stepwise/preview and stepwise/deploymentOptions answer for any file of the project', async () => {
    for (const uri of [processUri, variablesUri]) {
      const preview = (await client.request(PreviewRequest, { uri, environment: 'Production' })) as ProcessPreview;
      assert.equal(preview.project, 'builds');
      assert.equal(preview.steps.length, 11);
      assert.equal(preview.steps[6].name, 'Deploy Trident.Web');
    }
    const options = (await client.request(DeploymentOptionsRequest, { uri: variablesUri })) as DeploymentOptionsResult;
    assert.deepEqual(options.environments, ['Test', 'Production']);
  });

  it('the process map of deployment_process.ocl puts each step on its block', async () => {
    const map = (await client.request(ProcessMapRequest, { uri: processUri })) as ProcessMapModel;
    assert.equal(map.steps.length, 11);
    assert.equal(map.steps[1].range.start.line, processText.split('\n').indexOf('step "run-octopus-deploy-runbook" {'));
  });

  it('a syntax error in the project: the preview says so (Unreadable), the editor keeps working', async () => {
    const broken = processText.replace('    name = "Verify application"', '    name = "Verify application');
    await client.change(processUri, [{ text: broken }]);
    await assert.rejects(
      client.request(PreviewRequest, { uri: variablesUri, environment: 'Test' }),
      (error: { code: number; message: string }) =>
        error.code === StepwiseErrorCodes.Unreadable && /\.ocl files have syntax errors/.test(error.message),
    );
    await client.change(processUri, [{ text: processText }]);
  });
});
