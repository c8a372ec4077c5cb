// Renaming a thing of the space (environment, lifecycle, target, role) or of an OCL project
// (channel) over LSP (stdio): the .ocl files that refer to it are edited too, whether they are open
// or closed, whether they write its name or its slug, and a role inside a comma-separated
// `Octopus.Action.TargetRoles = "web, api"` gets an edit of its own characters only.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { positionOf } from '../../../test/support/serviceDocuments';
import { LspClient } from '../../../test/support/lspClient';
import { fileUri } from '../../../test/support/paths';

const SPACE = `environments: [Development, Test, Pre Production]
lifecycles:
  - name: Standard
    phases:
      - name: Test
        environments: [Test]
targets:
  - name: Web01
    environments: [Test, Pre Production]
    roles: [web, api]
`;

const PROCESS = `step "deploy" {
    name = "Deploy"
    properties = {
        Octopus.Action.TargetRoles = "web, api"
    }

    action {
        action_type = "Octopus.Script"
        environments = ["pre-production", "Test"]
        channels = ["Hotfix"]
        properties = {
            Octopus.Action.Script.ScriptBody = "echo hi"
        }
    }
}
`;

const VARIABLES = `variable "Url" {
    value "https://test" {
        environment = ["test"]
        machine = ["Web01"]
        role = ["api"]
    }

    value "https://hotfix" {
        channel = ["Hotfix"]
    }
}
`;

const CHANNELS = `channel "Hotfix" {
    lifecycle = "standard"
}
`;

describe('renaming space things edits the .ocl files that use them, over LSP', () => {
  let client: LspClient;
  let dir: string;
  const uris: Record<string, string> = {};
  const texts: Record<string, string> = {};

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-ocl-space-rename-'));
    const octopus = path.join(dir, '.octopus');
    const project = path.join(octopus, 'shop');
    mkdirSync(project, { recursive: true });
    const files: [string, string, string][] = [
      ['space', path.join(octopus, 'space.yaml'), SPACE],
      ['process', path.join(project, 'deployment_process.ocl'), PROCESS],
      ['variables', path.join(project, 'variables.ocl'), VARIABLES],
      ['channels', path.join(project, 'channels.ocl'), CHANNELS],
    ];
    for (const [name, file, text] of files) {
      writeFileSync(file, text);
      uris[name] = fileUri(file);
      texts[name] = readFileSync(file, 'utf8');
    }
    client = await LspClient.start({ rootUri: fileUri(dir) });
    // The space file and variables.ocl are open; deployment_process.ocl and channels.ocl are read from disk.
    await client.open(uris.space, SPACE, 'yaml');
    await client.open(uris.variables, VARIABLES, 'stepwise-ocl');
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const nameOf = (uri: string) => Object.keys(uris).find((k) => uris[k] === uri) ?? uri;
  /** Each edited file's text after the edit, by short name. */
  function applied(edit: WorkspaceEdit): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) out[nameOf(uri)] = apply(texts[nameOf(uri)], edits);
    return out;
  }
  async function rename(file: string, needle: string, offset: number, newName: string): Promise<WorkspaceEdit> {
    return (await client.request('textDocument/rename', {
      textDocument: { uri: uris[file] },
      position: positionOf(texts[file], needle, offset),
      newName,
    })) as WorkspaceEdit;
  }

  it('an environment: its name and its slug in the .ocl files, renamed from the space file', async () => {
    const after = applied(await rename('space', 'Pre Production', 1, 'Staging'));
    assert.deepEqual(Object.keys(after).sort(), ['process', 'space']);
    assert.match(after.process, /environments = \["staging", "Test"\]/);
    const test = applied(await rename('space', 'Test, Pre', 1, 'QA'));
    assert.deepEqual(Object.keys(test).sort(), ['process', 'space', 'variables']);
    assert.match(test.process, /environments = \["pre-production", "QA"\]/);
    assert.match(test.variables, /environment = \["qa"\]/);
  });

  it('a role inside "web, api": only its own characters, from the space file and from the .ocl file', async () => {
    const edit = await rename('space', 'api]', 0, 'backend');
    const processEdits = edit.changes![uris.process];
    assert.equal(processEdits.length, 1);
    const line = PROCESS.split('\n')[3];
    assert.equal(line.slice(processEdits[0].range.start.character, processEdits[0].range.end.character), 'api');
    const after = applied(edit);
    assert.match(after.process, /TargetRoles = "web, backend"/);
    assert.match(after.variables, /role = \["backend"\]/);
    assert.match(after.space, /roles: \[web, backend\]/);
    // From the process file's role string: the same edits.
    const process = await client
      .open(uris.process, PROCESS, 'stepwise-ocl')
      .then(() => rename('process', 'web, api', 0, 'frontend'));
    const fromProcess = applied(process);
    assert.match(fromProcess.process, /TargetRoles = "frontend, api"/);
    assert.match(fromProcess.space, /roles: \[frontend, api\]/);
  });

  it('a target: the machine scope in variables.ocl', async () => {
    const after = applied(await rename('space', 'Web01', 0, 'Web02'));
    assert.deepEqual(Object.keys(after).sort(), ['space', 'variables']);
    assert.match(after.variables, /machine = \["Web02"\]/);
  });

  it('a lifecycle: the channel that uses it (by slug) in channels.ocl', async () => {
    const after = applied(await rename('space', 'Standard', 0, 'Fast Track'));
    assert.deepEqual(Object.keys(after).sort(), ['channels', 'space']);
    assert.match(after.channels, /lifecycle = "fast-track"/);
  });

  it('a channel: its label in channels.ocl, the action and the variable scope that use it', async () => {
    const after = applied(await rename('variables', 'channel = ["Hotfix"]', 13, 'Patch'));
    assert.deepEqual(Object.keys(after).sort(), ['channels', 'process', 'variables']);
    assert.match(after.channels, /^channel "Patch" \{/);
    assert.match(after.process, /channels = \["Patch"\]/);
    assert.match(after.variables, /channel = \["Patch"\]/);
  });
});

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)))
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
