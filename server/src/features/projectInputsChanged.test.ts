// `stepwise/projectInputsChanged` over stdio: when a file an open process reads besides its own
// text changes (its space file, another `.ocl` file of its project), the server names the open
// process files affected, and their map, asked again, shows the change.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProcessMapModel } from '@stepwise/core/processMap/processMap';
import { LspClient } from '../../../test/support/lspClient';
import { fileUri } from '../../../test/support/paths';
import { ProcessMapRequest, ProjectInputsChangedNotification, type ProjectInputsChangedParams } from '../requestTypes';

const SPACE = 'environments: [Test, Production]\n';
const APP = `project: App
steps:
  - name: Hello
    type: script
    script: echo hi
`;
const STEP = (name: string) => `step "${name.toLowerCase()}" {
    name = "${name}"

    action {
        action_type = "Octopus.Script"
        properties = {
            Octopus.Action.Script.ScriptBody = "echo #{Greeting}"
            Octopus.Action.Script.ScriptSource = "Inline"
            Octopus.Action.Script.Syntax = "Bash"
        }
    }
}
`;
const VARIABLES = `variable "Greeting" {
    value "Hi" {}
}
`;

describe('stepwise/projectInputsChanged over LSP', () => {
  let client: LspClient;
  let dir: string;
  const uri: Record<string, string> = {};
  const received: string[][] = [];

  /** What the server said since the last call; a request answered after the change is the fence. */
  async function notifiedAfter(change: () => Promise<unknown>): Promise<string[][]> {
    received.length = 0;
    await change();
    await client.request(ProcessMapRequest.method, { uri: uri.app });
    return received.map((uris) => [...uris].sort());
  }

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-inputs-'));
    const files: Record<string, [string, string]> = {
      space: ['.octopus/space.yaml', SPACE],
      app: ['app.process.yaml', APP],
      process: ['shop/.octopus/deployment_process.ocl', STEP('Deploy')],
      variables: ['shop/.octopus/variables.ocl', VARIABLES],
      otherProcess: ['other/.octopus/deployment_process.ocl', STEP('Other')],
    };
    for (const [key, [file, text]] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
      uri[key] = fileUri(path.join(dir, file));
    }
    client = await LspClient.start({ rootUri: fileUri(dir) });
    client.onNotification(ProjectInputsChangedNotification.method, (params) =>
      received.push((params as ProjectInputsChangedParams).uris),
    );
    await client.open(uri.app, APP);
    await notifiedAfter(() => client.open(uri.process, STEP('Deploy'), 'stepwise-ocl'));
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an edit to the space file names every open process, and the map then has the new environment', async () => {
    const before = (await client.request(ProcessMapRequest.method, { uri: uri.app })) as ProcessMapModel;
    assert.deepEqual(before.environments, ['Test', 'Production']);
    // Opening a file counts as a change too (its unsaved text may differ from the disk).
    await notifiedAfter(() => client.open(uri.space, SPACE, 'yaml'));
    const notified = await notifiedAfter(() =>
      client.change(uri.space, [{ text: 'environments: [Development, Test, Production]\n' }]),
    );
    assert.deepEqual(notified, [[uri.app, uri.process].sort()]);
    const after = (await client.request(ProcessMapRequest.method, { uri: uri.app })) as ProcessMapModel;
    assert.deepEqual(after.environments, ['Development', 'Test', 'Production']);
    await client.change(uri.space, [{ text: SPACE }]);
    await client.close(uri.space);
  });

  it('an edit to an .ocl file names the other open files of its project only', async () => {
    await notifiedAfter(() => client.open(uri.variables, VARIABLES, 'stepwise-ocl'));
    const notified = await notifiedAfter(() =>
      client.change(uri.variables, [{ text: VARIABLES.replace('Hi', 'Hello') }]),
    );
    assert.deepEqual(notified, [[uri.process]]);
  });

  it('an .ocl file of another project changed on disk names nothing; one of this project names its open files', async () => {
    assert.deepEqual(await notifiedAfter(() => client.changeWatchedFiles([{ uri: uri.otherProcess, type: 2 }])), []);
    await notifiedAfter(() => client.close(uri.variables));
    writeFileSync(path.join(dir, 'shop/.octopus/variables.ocl'), VARIABLES.replace('Hi', 'Hey'));
    assert.deepEqual(await notifiedAfter(() => client.changeWatchedFiles([{ uri: uri.variables, type: 2 }])), [
      [uri.process],
    ]);
  });

  it('an edit to the process file itself names nothing: the client follows its own edits', async () => {
    assert.deepEqual(await notifiedAfter(() => client.change(uri.process, [{ text: STEP('Deploy now') }])), []);
    assert.deepEqual(await notifiedAfter(() => client.change(uri.app, [{ text: APP.replace('Hello', 'Hi') }])), []);
  });
});
