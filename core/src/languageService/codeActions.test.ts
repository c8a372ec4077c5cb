import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, processDocument, spaceDocument } from '../../../test/support/serviceDocuments';
import { validateProcess, validateSpace } from '../validate';
import { getCodeActions } from './codeActions';
import type { CodeAction, ServiceDocument } from './types';

/** The actions for the diagnostics with `code` (at the cursor: the first such diagnostic's range). */
function actionsFor(text: string, code: string, document: ServiceDocument = processDocument(text)): CodeAction[] {
  const diagnostics = validateProcess(text, { space: document.space }).diagnostics.filter((d) => d.code === code);
  assert.ok(diagnostics.length, `no ${code} diagnostic in:\n${text}`);
  return getCodeActions(
    document,
    diagnostics[0].range,
    diagnostics.map((d) => ({ ...d, source: 'stepwise' })),
  );
}

function apply(text: string, action: CodeAction | undefined): string {
  assert.ok(action, 'no such action');
  const [edits] = Object.values(action.edit.changes);
  return applyEdits(text, edits);
}

/** The refactorings offered with the cursor on `needle`. */
function refactorsAt(text: string, needle: string): CodeAction[] {
  const document = processDocument(text, { space: null });
  const offset = text.indexOf(needle);
  const position = document.parsed.lines.positionAt(offset + 1);
  return getCodeActions(document, { start: position, end: position }, []).filter((a) => a.kind === 'refactor.rewrite');
}

const clean = (text: string) =>
  assert.deepEqual(
    validateProcess(text, { space: spaceDocument().space }).diagnostics.map(
      (d) => `${d.range.start.line + 1}: ${d.message}`,
    ),
    [],
  );

describe('quick fixes', () => {
  const typo =
    'project: x\nvariables:\n  Greeting: Hi\nsteps:\n  - name: s\n    type: script\n    script: "#{Greting}"\n';

  it('did-you-mean replaces the unknown name', () => {
    const actions = actionsFor(typo, 'unknown-variable');
    assert.equal(actions[0].title, "Change to 'Greeting'");
    assert.equal(actions[0].isPreferred, true);
    clean(apply(typo, actions[0]));
  });

  it('did-you-mean for unknown environments, roles and step references too', () => {
    let text =
      'project: x\nsteps:\n  - name: Build\n    roles: [web-servr]\n    type: script\n    script: "#{Octopus.Action[Buld].Output.X}"\n    environments: [Prodution]\n';
    for (const code of ['unknown-environment', 'role-without-target', 'unknown-step-reference'])
      text = apply(text, actionsFor(text, code)[0]);
    assert.match(text, /roles: \[web-server\]/);
    assert.match(text, /Action\[Build\]/);
    assert.match(text, /environments: \[Production\]/);
  });

  it('"Create variable" adds it under `variables:`', () => {
    const text =
      'project: x\nvariables:\n  Greeting: Hi\n  Other:\n    - value: a\nsteps:\n  - name: s\n    type: script\n    script: "#{Missing.Part}"\n';
    const create = actionsFor(text, 'unknown-variable').find((a) => a.title === "Create variable 'Missing.Part'")!;
    const fixed = apply(text, create);
    assert.equal(fixed, text.replace('    - value: a\n', '    - value: a\n  Missing.Part: ""\n'));
    clean(fixed);
  });

  it('"Create variable" makes the `variables:` section when there is none', () => {
    const text = 'project: x\nsteps:\n  - name: s\n    type: script\n    script: "#{Missing}"\n';
    const create = actionsFor(text, 'unknown-variable').find((a) => a.title.startsWith('Create variable'))!;
    assert.equal(create.isPreferred, true, 'preferred when there is no did-you-mean');
    const fixed = apply(text, create);
    assert.equal(
      fixed,
      'project: x\nvariables:\n  Missing: ""\n\nsteps:\n  - name: s\n    type: script\n    script: "#{Missing}"\n',
    );
    clean(fixed);
  });

  it('quotes a value whose template YAML cut off as a comment', () => {
    const text =
      'project: x\nvariables:\n  Name: x\nsteps:\n  - name: s\n    type: script\n    script: echo #{Name} done\n';
    const fixed = apply(text, actionsFor(text, 'template-cut-by-comment')[0]);
    assert.match(fixed, /script: "echo #\{Name\} done"/);
    clean(fixed);
  });

  it('wraps a bare run condition in #{…}', () => {
    const text =
      'project: x\nvariables:\n  RunIt: "True"\nsteps:\n  - name: s\n    condition: { variable: RunIt }\n    type: script\n    script: x\n';
    const fixed = apply(text, actionsFor(text, 'invalid-condition')[0]);
    assert.match(fixed, /condition: \{ variable: "#\{RunIt\}" \}/);
    clean(fixed);
  });

  it('removes a duplicate key, a duplicate list entry and an identical duplicate step', () => {
    const key = 'project: x\nsteps:\n  - name: s\n    type: script\n    script: one\n    script: two\n';
    assert.equal(
      apply(key, actionsFor(key, 'yaml-syntax')[0]),
      'project: x\nsteps:\n  - name: s\n    type: script\n    script: one\n',
    );

    const space = 'environments: [Test, Production, Test]\n';
    const spaceDoc = spaceDocument(space);
    const dup = validateSpace(space, spaceDoc.uri).diagnostics.find((d) => d.code === 'duplicate-environment')!;
    const actions = getCodeActions(spaceDoc, dup.range, [{ ...dup, source: 'stepwise' }]);
    assert.equal(applyEdits(space, Object.values(actions[0].edit.changes)[0]), 'environments: [Test, Production]\n');

    const steps =
      'project: x\nsteps:\n  - name: s\n    type: script\n    script: one\n  - name: t\n    type: script\n    script: two\n  - name: s\n    type: script\n    script: one\n';
    const removed = apply(steps, actionsFor(steps, 'duplicate-step-name')[0]);
    assert.equal(
      removed,
      'project: x\nsteps:\n  - name: s\n    type: script\n    script: one\n  - name: t\n    type: script\n    script: two\n',
    );
    const different = steps.replace(/script: one\n$/, 'script: other\n');
    assert.deepEqual(
      actionsFor(different, 'duplicate-step-name').filter((a) => a.title.startsWith('Remove')),
      [],
      'a step that differs is not removed',
    );
  });
});

describe('step refactorings', () => {
  const single = [
    'project: x',
    'steps:',
    '  - name: Build',
    '    roles: [web-server]',
    '    # the script',
    '    type: script',
    '    script: |',
    '      echo one',
    '      echo two',
    '    condition: always',
    '  - name: Test',
    '    roles: [web-server]',
    '    type: script',
    '    script: echo test',
    '',
  ].join('\n');

  it('splits a single-action step into a multi-action step, keeping comments and block scalars', () => {
    const split = refactorsAt(single, 'name: Build').find((a) => a.title === 'Split into a multi-action step')!;
    const text = apply(single, split);
    assert.equal(
      text,
      [
        'project: x',
        'steps:',
        '  - name: Build',
        '    roles: [web-server]',
        '    condition: always',
        '    actions:',
        '      - name: Build',
        '        # the script',
        '        type: script',
        '        script: |',
        '          echo one',
        '          echo two',
        '  - name: Test',
        '    roles: [web-server]',
        '    type: script',
        '    script: echo test',
        '',
      ].join('\n'),
    );
    // …and back again.
    const merged = refactorsAt(text, 'name: Build').find((a) => a.title === 'Merge into a single-action step')!;
    assert.equal(
      apply(text, merged),
      single.replace(
        '    # the script\n    type: script\n    script: |\n      echo one\n      echo two\n    condition: always\n',
        '    condition: always\n    # the script\n    type: script\n    script: |\n      echo one\n      echo two\n',
      ),
    );
  });

  it('merges a step into the previous one when their step settings agree', () => {
    const text = single.replace('    condition: always\n', '');
    const merge = refactorsAt(text, 'name: Test').find((a) => a.title === "Merge into the previous step 'Build'")!;
    assert.equal(
      apply(text, merge),
      [
        'project: x',
        'steps:',
        '  - name: Build',
        '    roles: [web-server]',
        '    actions:',
        '      - name: Build',
        '        # the script',
        '        type: script',
        '        script: |',
        '          echo one',
        '          echo two',
        '      - name: Test',
        '        type: script',
        '        script: echo test',
        '',
      ].join('\n'),
    );
    assert.equal(
      refactorsAt(
        single.replace('  - name: Test\n    roles: [web-server]', '  - name: Test\n    roles: [db]'),
        'name: Test',
      ).filter((a) => a.title.startsWith('Merge into the previous')).length,
      0,
    );
  });

  it('splits an action out of a multi-action step into its own step', () => {
    const text = [
      'project: x',
      'steps:',
      '  - name: Deploy',
      '    roles: [web]',
      '    actions:',
      '      - name: One',
      '        type: script',
      '        script: echo 1',
      '      - name: Two',
      '        type: script',
      '        script: echo 2',
      '',
    ].join('\n');
    const split = refactorsAt(text, 'name: One').find((a) => a.title === "Split 'One' out into its own step")!;
    assert.equal(
      apply(text, split),
      [
        'project: x',
        'steps:',
        '  - name: Deploy',
        '    roles: [web]',
        '    actions:',
        '      - name: Two',
        '        type: script',
        '        script: echo 2',
        '  - name: One',
        '    roles: [web]',
        '    type: script',
        '    script: echo 1',
        '',
      ].join('\n'),
    );
  });
});
