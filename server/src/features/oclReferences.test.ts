// Go to definition, find references and rename on a real OCL project over LSP (stdio): the
// OctopusBuilds sample's `.octopus` folder, where variables.ocl uses `Octopus.Action[Step name]`
// and deployment_process.ocl uses the variables; only one of the two files is open.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { SAMPLES_DIR } from '@stepwise/core/ocl/testdata/projects';
import { positionOf } from '../../../test/support/serviceDocuments';
import { LspClient } from '../../../test/support/lspClient';
import { fileUri } from '../../../test/support/paths';

const SAMPLE = 'OctopusSamples__OctopusBuilds__.octopus__';

describe('definition, references and rename in .ocl files over LSP', () => {
  let client: LspClient;
  let dir: string;
  let processUri: string;
  let variablesUri: string;
  let variablesText: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-ocl-names-'));
    const folder = path.join(dir, '.octopus');
    mkdirSync(folder, { recursive: true });
    for (const file of ['deployment_process.ocl', 'variables.ocl'])
      copyFileSync(path.join(SAMPLES_DIR, SAMPLE + file), path.join(folder, file));
    processUri = fileUri(path.join(folder, 'deployment_process.ocl'));
    variablesUri = fileUri(path.join(folder, 'variables.ocl'));
    variablesText = readFileSync(path.join(folder, 'variables.ocl'), 'utf8');
    client = await LspClient.start({ rootUri: fileUri(dir) });
    await client.open(variablesUri, variablesText, 'stepwise-ocl');
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const at = (needle: string, offset: number) => ({
    textDocument: { uri: variablesUri },
    position: positionOf(variablesText, needle, offset),
  });

  it('Octopus.Action[Name] → the step’s slug label and name in the closed deployment_process.ocl', async () => {
    const locations = (await client.request(
      'textDocument/definition',
      at('Action[Calculate Deployment Mode]', 8),
    )) as Location[];
    assert.deepEqual(
      locations.map(
        (l) =>
          `${l.uri === processUri ? 'deployment_process.ocl' : l.uri}:${l.range.start.line + 1}:${l.range.start.character + 1}`,
      ),
      ['deployment_process.ocl:1:6', 'deployment_process.ocl:2:12'],
    );
  });

  it('a variable’s references: its uses in deployment_process.ocl', async () => {
    const locations = (await client.request('textDocument/references', {
      ...at('variable "Project.Database.RunOnDeploy"', 11),
      context: { includeDeclaration: true },
    })) as Location[];
    assert.deepEqual(
      locations.map((l) =>
        l.uri === variablesUri ? 'variables.ocl' : l.uri === processUri ? 'deployment_process.ocl' : l.uri,
      ),
      [
        'variables.ocl',
        'deployment_process.ocl',
        'deployment_process.ocl',
        'deployment_process.ocl',
        'deployment_process.ocl',
      ],
    );
  });

  it('renames a step from its reference: the name in deployment_process.ocl and the reference here', async () => {
    const prepared = (await client.request(
      'textDocument/prepareRename',
      at('Action[Calculate Deployment Mode]', 8),
    )) as {
      placeholder: string;
    };
    assert.equal(prepared.placeholder, 'Calculate Deployment Mode');
    const edit = (await client.request('textDocument/rename', {
      ...at('Action[Calculate Deployment Mode]', 8),
      newName: 'Pick the mode',
    })) as WorkspaceEdit;
    assert.deepEqual(
      Object.entries(edit.changes!).map(([uri, edits]) => [
        uri === processUri ? 'process' : 'variables',
        edits.map((e) => e.newText),
      ]),
      [
        ['variables', ['Pick the mode']],
        ['process', ['"Pick the mode"']],
      ],
    );
  });

  it('refuses a name another step has', async () => {
    await assert.rejects(
      client.request('textDocument/rename', {
        ...at('Action[Calculate Deployment Mode]', 8),
        newName: 'Verify Application',
      }),
      /already a step named `Verify application`/,
    );
  });
});
