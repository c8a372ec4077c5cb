// Typing in an `.ocl` file over LSP, keystroke by keystroke: inside a heredoc and a quoted string
// the server updates its parse in place (core/src/ocl/reparseOcl.ts) and reuses the steps off the
// edited line; the diagnostics it publishes for every version must be those of a full check of
// the same text (the engine in this process, reading the same folder), positions included.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { validateOclProject } from '@stepwise/core/ocl/validateOcl';
import { LspClient } from '../../../test/support/lspClient';
import { fileUri } from '../../../test/support/paths';

function step(i: number): string {
  return `step "step-${i}" {
    name = "Step ${i}"

    action {
        action_type = "Octopus.Script"
        properties = {
            Octopus.Action.Script.ScriptBody = <<-EOT
                echo "${i === 0 ? '#{Octopus.Release.Number}' : `#{Octopus.Action[Step ${i - 1}].Output.Ready}`}" #{Greeting}
                EOT
            Octopus.Action.Script.ScriptSource = "Inline"
            Octopus.Action.Script.Syntax = "Bash"
        }
    }
}
`;
}

const processText = [0, 1, 2, 3].map(step).join('\n');
const variablesText = `variable "Greeting" {
    value "Hi" {}
}
`;

describe('.ocl edits over LSP: the in-place update gives the diagnostics of a full check', () => {
  let client: LspClient;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-ocl-edit-'));
    const folder = path.join(dir, 'shop', '.octopus');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'deployment_process.ocl'), processText);
    writeFileSync(path.join(folder, 'variables.ocl'), variablesText);
    uri = fileUri(path.join(folder, 'deployment_process.ocl'));
    client = await LspClient.start({ rootUri: fileUri(dir) });
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The diagnostics a full check of this text (with the folder's variables) gives, as LSP sends them. */
  function expected(text: string) {
    const validation = validateOclProject(
      [
        { path: 'deployment_process.ocl', text },
        { path: 'variables.ocl', text: variablesText },
      ],
      { name: 'shop' },
    );
    return validation.diagnostics.get('deployment_process.ocl')!.map((d) => ({
      code: d.code,
      message: d.message,
      range: d.range,
      severity: d.severity,
    }));
  }

  async function typeAt(offsetOf: (text: string) => number, typed: string): Promise<number> {
    let checked = 0;
    for (const character of typed) {
      const text = client.text(uri);
      const at = client.document(uri).positionAt(offsetOf(text));
      const version = await client.change(uri, [{ range: { start: at, end: at }, text: character }]);
      const published = await client.waitForDiagnostics(uri, { version });
      const got = published.diagnostics.map((d) => ({
        code: d.code,
        message: d.message,
        range: d.range,
        severity: d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : d.severity === 3 ? 'information' : 'hint',
      }));
      assert.deepStrictEqual(got, expected(client.text(uri)), `after typing ${JSON.stringify(character)}`);
      checked += got.length;
    }
    return checked;
  }

  it('typing a reference into a script line of the second step, then a quoted value of the first', async () => {
    const version = await client.open(uri, processText, 'stepwise-ocl');
    assert.deepEqual((await client.waitForDiagnostics(uri, { version })).diagnostics, []);
    // Before the `#{Greeting}` of step 1's script: the diagnostics after it on the line move as the line grows.
    const inScript = (text: string) => text.indexOf(' #{Greeting}', text.indexOf('"step-1"'));
    const seen = await typeAt(inScript, ' #{Octopus.Action[Nope].Output.X} #{Unknown');
    // Step 0's name: every reference to `Step 0` later in the file now names no step.
    const inName = (text: string) => text.indexOf('"Step 0"') + 'Step 0'.length + 1;
    const renamed = await typeAt(inName, 'x');
    assert.ok(seen > 0 && renamed > 0, 'the edits gave diagnostics to compare');
    assert.ok(
      client
        .diagnostics(uri)!
        .diagnostics.some((d) => d.code === 'unknown-step-reference' && String(d.message).includes('Step 0')),
      JSON.stringify(client.diagnostics(uri)),
    );
  });
});
