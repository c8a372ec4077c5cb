import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../../../test/support/lspClient';
import { fileUri, fixturesDir } from '../../../test/support/paths';
import { DeploymentProcessRequest, type DeploymentProcessResult } from '../requestTypes';

describe(`${DeploymentProcessRequest.method} over stdio`, () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ rootUri: fileUri(fixturesDir) });
  });
  after(async () => {
    await client.shutdown();
  });

  const demo = path.join(fixturesDir, 'demo', 'hello-world.process.yaml');

  it('answers the demo file as a DeploymentProcess and a VariableSet, with the server ids it is given', async () => {
    const uri = fileUri(demo);
    await client.open(uri, readFileSync(demo, 'utf8'));
    const result = await client.request(DeploymentProcessRequest, {
      uri,
      projectId: 'Projects-3',
      spaceId: 'Spaces-1',
      environments: [
        { Id: 'Environments-1', Name: 'Development' },
        { Id: 'Environments-2', Name: 'Test' },
      ],
    });
    assert.equal(result.projectName, 'Hello World');
    assert.equal(result.process.Id, 'deploymentprocess-Projects-3');
    assert.deepEqual(
      result.process.Steps.map((s) => [s.Name, s.Actions[0].ActionType, s.Properties['Octopus.Action.TargetRoles']]),
      [['Hello world', 'Octopus.Script', 'web-server']],
    );
    assert.equal(result.variables.Id, 'variableset-Projects-3');
    assert.deepEqual(
      result.variables.Variables.map((v) => [v.Value, v.Scope]),
      [
        ['Hello, Development!', { Environment: ['Environments-1'] }],
        ['Hello, Test!', { Environment: ['Environments-2'] }],
        ['Hello, Production!', { Environment: ['Production'] }],
        ['Hello, world!', {}],
      ],
    );
    assert.deepEqual(result.processChanges, ['the server has no deployment process for this project']);

    // Given the server's copy, it keeps the server's ids and says what differs.
    const serverCopy = structuredClone(result.process);
    serverCopy.Steps[0].Id = 'step-on-server';
    serverCopy.Steps[0].Actions[0].Properties['Octopus.Action.Script.ScriptBody'] = 'echo old';
    serverCopy.Version = 5;
    const again = (await client.request(DeploymentProcessRequest, {
      uri,
      process: serverCopy,
      variables: result.variables,
    })) as DeploymentProcessResult;
    assert.equal(again.process.Steps[0].Id, 'step-on-server');
    assert.equal(again.process.Version, 5, 'ready to PUT: the version it is based on (the server counts up)');
    assert.deepEqual(again.processChanges, ['step `Hello world`: script changed']);
    assert.deepEqual(again.variableChanges, []);
    await client.close(uri);
  });

  it('refuses a file with errors, saying where the first one is', async () => {
    const uri = fileUri(path.join(fixturesDir, 'e2e', 'broken.process.yaml'));
    await client.open(uri, readFileSync(path.join(fixturesDir, 'e2e', 'broken.process.yaml'), 'utf8'));
    await assert.rejects(
      client.request(DeploymentProcessRequest, { uri }),
      /The process file has \d+ errors? \(line \d+: .+\)\. Fix/,
    );
    await client.close(uri);
  });
});
