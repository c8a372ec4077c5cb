import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileChangeType, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { assertGolden, formatDiagnostics, messageText } from '../../test/support/golden';
import { LspClient } from '../../test/support/lspClient';
import { fileUri, fixturesDir } from '../../test/support/paths';

const checksDir = path.join(fixturesDir, 'checks');

describe('language server over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ rootUri: fileUri(fixturesDir) });
  });
  after(async () => {
    await client.shutdown();
  });

  for (const name of readdirSync(checksDir).filter((f) => f.endsWith('.process.yaml'))) {
    it(`publishes the golden diagnostics for ${name}`, async () => {
      const uri = fileUri(path.join(checksDir, name));
      const version = await client.open(uri, readFileSync(path.join(checksDir, name), 'utf8'));
      const published = await client.waitForDiagnostics(uri, { version });
      assertGolden(
        path.join(checksDir, name.replace('.process.yaml', '.expected.txt')),
        formatDiagnostics(published.diagnostics),
      );
      assert.ok(published.diagnostics.every((d) => d.source === 'stepwise'));
      await client.close(uri);
    });
  }

  it('re-checks as the user types (incremental sync)', async () => {
    const uri = fileUri(path.join(checksDir, 'typing.process.yaml'));
    const text =
      'project: Typing\nvariables:\n  Greeting: Hi\nsteps:\n  - name: Say\n    type: script\n    script: echo "#{Greeting}"\n';
    let version = await client.open(uri, text);
    assert.deepEqual((await client.waitForDiagnostics(uri, { version })).diagnostics, []);

    // Typo in the reference: `Greeting` → `Greting`.
    version = await client.change(uri, [
      { range: { start: { line: 6, character: 23 }, end: { line: 6, character: 24 } }, text: '' },
    ]);
    const typo = (await client.waitForDiagnostics(uri, { version })).diagnostics;
    assert.equal(typo.length, 1);
    assert.equal(typo[0].code, 'unknown-variable');
    assert.deepEqual(typo[0].range, { start: { line: 6, character: 20 }, end: { line: 6, character: 27 } });
    assert.match(messageText(typo[0].message), /Did you mean `Greeting`\?/);

    // The did-you-mean quick fix, applied, clears it.
    const actions = (await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: typo[0].range,
      context: { diagnostics: typo },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(fix.title, "Change to 'Greeting'");
    const edit = fix.edit!.changes![uri][0];
    version = await client.change(uri, [{ range: edit.range, text: edit.newText }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, { version })).diagnostics, []);
    await client.close(uri);
  });

  it('after an edit, publishes what the edited text opened fresh gives', async () => {
    const uri = fileUri(path.join(checksDir, 'edited.process.yaml'));
    const fresh = fileUri(path.join(checksDir, 'fresh.process.yaml'));
    const text = 'project: Edited\nsteps:\n  - name: "Build"\n    type: script\n    syntax: #todo\n    script: echo\n';
    // A backslash before the closing quote; a syntax typed before the comment.
    for (const change of [
      { range: { start: { line: 2, character: 16 }, end: { line: 2, character: 16 } }, text: '\\' },
      { range: { start: { line: 4, character: 12 }, end: { line: 4, character: 12 } }, text: 'bash' },
    ]) {
      let version = await client.open(uri, text);
      await client.waitForDiagnostics(uri, { version });
      version = await client.change(uri, [change]);
      const published = (await client.waitForDiagnostics(uri, { version })).diagnostics;
      const edited = client.text(uri);
      const freshVersion = await client.open(fresh, edited);
      const opened = (await client.waitForDiagnostics(fresh, { version: freshVersion })).diagnostics;
      await client.close(fresh);
      await client.close(uri);
      assert.ok(opened.length > 0, JSON.stringify(edited));
      assert.deepEqual(published, opened, JSON.stringify(edited));
    }
  });

  it('offers to quote a value whose template YAML cut off as a comment', async () => {
    const uri = fileUri(path.join(checksDir, 'comment.process.yaml'));
    const text =
      'project: Comment\nvariables:\n  Name: x\nsteps:\n  - name: Say\n    type: script\n    script: echo #{Name} done\n';
    let version = await client.open(uri, text);
    const diagnostics = (await client.waitForDiagnostics(uri, { version })).diagnostics;
    const cut = diagnostics.find((d) => d.code === 'template-cut-by-comment')!;
    assert.deepEqual(cut.range, { start: { line: 6, character: 17 }, end: { line: 6, character: 29 } });
    const actions = (await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: cut.range,
      context: { diagnostics: [cut] },
    })) as CodeAction[];
    const edit = actions[0].edit!.changes![uri][0];
    assert.equal(edit.newText, '"echo #{Name} done"');
    version = await client.change(uri, [{ range: edit.range, text: edit.newText }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, { version })).diagnostics, []);
    assert.equal(client.text(uri).split('\n')[6], '    script: "echo #{Name} done"');
    await client.close(uri);
  });

  it('re-checks open process files when their space file changes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-space-'));
    try {
      mkdirSync(path.join(dir, '.octopus'));
      const spacePath = path.join(dir, '.octopus', 'space.yaml');
      writeFileSync(spacePath, 'environments: [Test, Production]\n');
      const uri = fileUri(path.join(dir, 'app.process.yaml'));
      const version = await client.open(
        uri,
        'project: App\nsteps:\n  - name: Run\n    type: script\n    script: echo hi\n    environments: [Staging]\n',
      );
      const before = (await client.waitForDiagnostics(uri, { version })).diagnostics;
      assert.deepEqual(
        before.map((d) => d.code),
        ['unknown-environment'],
      );

      // On disk: the watcher tells the server, which re-reads the file.
      writeFileSync(spacePath, 'environments: [Test, Staging, Production]\n');
      await client.changeWatchedFiles([{ uri: fileUri(spacePath), type: FileChangeType.Changed }]);
      assert.deepEqual(
        (await client.waitForDiagnostics(uri, { until: (p) => p.diagnostics.length === 0 })).diagnostics,
        [],
      );

      // In an editor, unsaved: the open text wins over the disk.
      const spaceUri = fileUri(spacePath);
      await client.open(spaceUri, 'environments: [Test]\n', 'yaml');
      const again = await client.waitForDiagnostics(uri, { until: (p) => p.diagnostics.length === 1 });
      assert.match(messageText(again.diagnostics[0].message), /Unknown environment `Staging`/);
      await client.close(spaceUri);
      await client.close(uri);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks an open space file itself', async () => {
    const uri = fileUri(path.join(fixturesDir, 'tmp-space', '.octopus', 'space.yaml'));
    const version = await client.open(uri, 'environments: [Test, Test]\nbogus: 1\n', 'yaml');
    const codes = (await client.waitForDiagnostics(uri, { version })).diagnostics.map((d: Diagnostic) => d.code);
    assert.ok(codes.includes('duplicate-environment'), codes.join());
    assert.ok(
      codes.some((c) => String(c).startsWith('schema-')),
      codes.join(),
    );
    await client.close(uri);
  });

  it('survives hostile input and keeps answering', async () => {
    const inputs = [
      Array.from({ length: 100_000 }, (_, i) => String.fromCharCode((i * 7919) % 65_000)).join(''),
      'steps: ' + '['.repeat(10_000),
      'a: &a [1,1,1,1,1,1,1,1,1]\n' +
        'bcdefghi'
          .split('')
          .map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)
          .join('\n') +
        '\nsteps: *i\n',
      'project: x\nsteps:\n' + '  - name: s\n    type: script\n    script: echo hi\n'.repeat(200_000),
      '#{'.repeat(50_000),
    ];
    for (const [i, text] of inputs.entries()) {
      const uri = fileUri(path.join(fixturesDir, `hostile-${i}.process.yaml`));
      const version = await client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, { version, timeoutMs: 5000 });
      assert.ok(published.diagnostics.length > 0, `input ${i}: expected a diagnostic`);
      await client.close(uri);
    }
    assert.ok(client.isAlive);
  });
});
