// A runbook's OCL file (`.octopus/runbooks/<slug>.ocl`) over LSP: lenses above its steps in the
// environments its scope allows, opening the runbook's preview. Fixture: test-fixtures/ocl-runbooks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import type { ProcessPreview } from '@stepwise/core/preview';
import { LspClient } from '../../../test/support/lspClient';
import { fileUri, fixturesDir } from '../../../test/support/paths';
import { PreviewRequest, StepwiseErrorCodes } from '../requestTypes';

const root = path.join(fixturesDir, 'ocl-runbooks');
const runbookFile = path.join(root, '.octopus', 'runbooks', 'restart-web.ocl');
const processFile = path.join(root, '.octopus', 'deployment_process.ocl');

describe('runbook files over LSP', () => {
  let client: LspClient;
  const runbookUri = fileUri(runbookFile);
  const runbookText = readFileSync(runbookFile, 'utf8');
  before(async () => {
    client = await LspClient.start({ rootUri: fileUri(root) });
    await client.open(runbookUri, runbookText, 'stepwise-ocl');
    await client.open(fileUri(processFile), readFileSync(processFile, 'utf8'), 'stepwise-ocl');
  });
  after(async () => {
    await client.shutdown();
  });

  it('puts a lens per environment of the runbook’s scope above each of its steps, opening the runbook’s preview', async () => {
    const lenses = (await client.request('textDocument/codeLens', { textDocument: { uri: runbookUri } })) as CodeLens[];
    const stepLine = runbookText.split('\n').findIndex((l) => l.includes('step "restart"'));
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command!.title]),
      [
        [stepLine, 'Test: TestWeb01'],
        [stepLine, 'Production: ProdWeb01'],
      ],
      'Development is outside its scope',
    );
    assert.deepEqual(lenses[0].command!.arguments, [runbookUri, 'Test', null, 'Restart web']);
    // The deployment process keeps its own lenses.
    const processLenses = (await client.request('textDocument/codeLens', {
      textDocument: { uri: fileUri(processFile) },
    })) as CodeLens[];
    assert.deepEqual(
      processLenses.map((l) => l.command!.title),
      ['Development: skipped', 'Test: TestWeb01', 'Production: ProdWeb01'],
    );
  });

  it('stepwise/preview previews the runbook it names, and refuses an environment outside its scope', async () => {
    const preview = (await client.request(PreviewRequest, {
      uri: runbookUri,
      environment: 'Production',
      runbook: 'Restart web',
    })) as ProcessPreview;
    assert.equal(preview.runbook, 'Restart web');
    assert.equal(
      preview.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'],
      'echo restarting ProdWeb01 by Restart web',
    );
    await assert.rejects(
      client.request(PreviewRequest, { uri: runbookUri, environment: 'Development', runbook: 'restart-web' }),
      (error: { code: number; message: string }) =>
        error.code === StepwiseErrorCodes.BadContext && /may run only in test, production/.test(error.message),
    );
  });
});
