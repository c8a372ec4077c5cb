import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isNode, visit } from 'yaml';
import { fixturesDir } from '../../../test/support/paths';
import { parseYaml, type ParsedYaml } from './parseYaml';
import { reparseEdit } from './reparseEdit';

/** Every node's kind, range and scalar value, in document order: what a full parse would give. */
function shape(parsed: ParsedYaml): string[] {
  const out: string[] = [];
  visit(parsed.document!, (_key, node) => {
    if (isNode(node))
      out.push(
        `${node.constructor.name} ${node.range?.join(',')} ${'value' in node && typeof node.value !== 'object' ? JSON.stringify(node.value) : ''}`,
      );
  });
  return out;
}

function edit(text: string, at: number, removeLength: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + removeLength);
}

/** Edits `text` at `anchor` + `offset`, and checks the update in place equals a full parse. */
function assertInPlaceLikeFullParse(
  text: string,
  [anchor, offset, remove, insert]: readonly [string, number, number, string],
): void {
  const next = edit(text, text.indexOf(anchor) + offset, remove, insert);
  const updated = reparseEdit(parseYaml(text), next);
  assert.ok(updated, `not updated in place: ${anchor} + ${insert}`);
  const full = parseYaml(next);
  assert.deepEqual(shape(updated), shape(full), anchor);
  assert.deepEqual(updated.value, full.value, anchor);
  assert.deepEqual(updated.diagnostics, []);
}

const PROCESS = `project: Edits
steps:
  - name: Build
    type: script
    script: |
      echo "building #{Octopus.Release.Number}"
      make all
  - name: Notes
    type: manual
    instructions: >-
      Check the release
      before it goes out.
  - name: Kept
    type: script
    script: |+
      tail

    syntax: bash
`;

describe('reparseEdit', () => {
  it('gives the same tree and value as a full parse for edits inside block scalars', () => {
    const samples = [
      ['make all', 5, 0, 'X'],
      ['make all', 1, 3, 'AKE'],
      ['building', 8, 0, ' and testing'],
      ['Check the', 6, 3, 'a'],
      ['before it', 1, 5, 'EFORE'],
      ['tail', 4, 0, ' -f log'],
    ] as const;
    for (const sample of samples) assertInPlaceLikeFullParse(PROCESS, sample);
  });

  it('gives the same tree and value for edits inside one-line plain and quoted values', () => {
    const text = `project: Edits\nvariables:\n  Greeting: "Hello, #{Name}"\n  Note: 'it''s fine'\n  Count: 12\nsteps:\n  - name: Build web\n    type: script\n    script: echo hi # trailing comment\n`;
    const samples = [
      ['Build web', 5, 0, 'the '],
      ['Build web', 9, 0, ' app'],
      ['Hello, #{Name}', 5, 2, ' there'],
      ['Hello, #{Name}', 9, 4, 'Who'],
      ['Hello, #{Name}', 13, 0, ' \\"x\\"'],
      ["it''s", 2, 0, 'x'],
      ['12', 1, 0, '3'],
      ['echo hi', 5, 2, 'there'],
      ['Edits', 5, 0, ' and more'],
      ['Build web', 0, 1, 'G'],
      ['Build web', 0, 0, '-'],
    ] as const;
    for (const sample of samples) assertInPlaceLikeFullParse(text, sample);
  });

  it('declines plain and quoted edits that change the structure', () => {
    const text = `project: Edits\nvariables:\n  Greeting: "Hello"\n  List: [a, b]\nsteps:\n  - name: Build web\n    type: script\n    script: echo hi\n`;
    const at = (anchor: string) => text.indexOf(anchor);
    const declined: [string, string][] = [
      ['a colon and space make a mapping', edit(text, at('Build web') + 5, 0, ': x')],
      ['a space and # make a comment', edit(text, at('echo hi') + 7, 0, ' #x')],
      ['a quote ends the string', edit(text, at('Hello') + 2, 0, '"')],
      ['an edit inside a flow list', edit(text, at('[a, b]') + 1, 0, 'x')],
      ['an edit of a key', edit(text, at('Greeting') + 2, 0, 'x')],
      ['a list marker before the value', edit(text, at('Build web'), 0, '- ')],
      ['an anchor before the value', edit(text, at('Build web'), 0, '&a ')],
      ['a tag before the value', edit(text, at('Build web'), 0, '!x ')],
      ['a flow list for a value', edit(text, at('Build web'), 0, '[')],
      ['a comment for a value', edit(text, at('Build web'), 0, '# ')],
      ['a trailing space (not part of the value)', edit(text, at('echo hi') + 7, 0, ' ')],
    ];
    for (const [what, next] of declined) assert.equal(reparseEdit(parseYaml(text), next), undefined, what);
  });

  it('keeps a real process file equal to a full parse over many edits in a row', () => {
    let text = readFileSync(path.join(fixturesDir, 'checks', 'valid.process.yaml'), 'utf8');
    let parsed = parseYaml(text);
    const lines = text.split('\n');
    const scriptLine = lines.findIndex((l) => l.includes('echo "Log level'));
    let updates = 0;
    for (let i = 0; i < 30; i++) {
      const lineStart = text.split('\n').slice(0, scriptLine).join('\n').length + 1;
      const next = edit(text, lineStart + 10 + (i % 7), i % 3 === 0 ? 1 : 0, i % 2 ? 'x' : '#{');
      const updated = reparseEdit(parsed, next);
      const full = parseYaml(next);
      if (updated) {
        updates++;
        assert.deepEqual(shape(updated), shape(full));
        assert.deepEqual(updated.value, full.value);
      }
      text = next;
      parsed = updated ?? full;
    }
    assert.equal(updates, 30);
  });

  it('declines what could change the structure, so the caller parses in full', () => {
    const at = (anchor: string) => PROCESS.indexOf(anchor);
    const declined: [string, string][] = [
      ['a new line in a script', edit(PROCESS, at('make all'), 0, 'one\n      two ')],
      ['an edit in the indentation of a script line', edit(PROCESS, at('make all') - 1, 1, '')],
      ['an edit at the start of a script line', edit(PROCESS, at('make all'), 0, 'x')],
      ['an edit in a key', edit(PROCESS, at('syntax'), 0, 'x')],
    ];
    for (const [what, text] of declined) {
      assert.equal(reparseEdit(parseYaml(PROCESS), text), undefined, what);
    }
    const broken = parseYaml(`${PROCESS}bad: [\n`);
    assert.equal(
      reparseEdit(broken, edit(broken.text, at('make all') + 2, 0, 'x')),
      undefined,
      'a file with YAML errors',
    );
    const explicit = `a:\n  b: |2\n      x y\n`;
    assert.equal(
      reparseEdit(parseYaml(explicit), edit(explicit, explicit.indexOf('y'), 0, 'z')),
      undefined,
      'an explicit indentation indicator',
    );
  });

  // What the editor ends up with after an edit: the in-place update when it is made, else a full parse.
  function afterEdit(text: string, next: string): ParsedYaml {
    return reparseEdit(parseYaml(text), next) ?? parseYaml(next);
  }

  function assertSameAsFullParse(updated: ParsedYaml, full: ParsedYaml): void {
    assert.deepStrictEqual(updated.document?.contents, full.document?.contents);
    assert.deepStrictEqual(updated.document?.range, full.document?.range);
    assert.deepStrictEqual(updated.value, full.value);
    assert.deepStrictEqual(updated.diagnostics, full.diagnostics);
  }

  it('sees a backslash that escapes the closing quote: the string no longer ends there', () => {
    const text = 'project: P\nsteps:\n  - name: "Build"\n    type: script\n    script: echo\n';
    const next = edit(text, text.indexOf('Build"') + 5, 0, '\\');
    const updated = afterEdit(text, next);
    assertSameAsFullParse(updated, parseYaml(next));
    assert.match(updated.diagnostics.map((d) => d.message).join('\n'), /This string has no closing `"`/);
  });

  it('sees the characters after an empty value: typing before a `#` makes them part of it', () => {
    for (const [text, typed, value] of [
      ['project: P\nsteps:\n  - name: A\n    type: script\n    syntax: #todo\n    script: echo\n', 'bash', 'bash#todo'],
      ['project: P\nsteps:\n  - name: A\n    type: #x\n', '1', '1#x'],
    ] as const) {
      const next = edit(text, text.indexOf('#'), 0, typed);
      const updated = afterEdit(text, next);
      assertSameAsFullParse(updated, parseYaml(next));
      assert.ok(
        JSON.stringify(updated.value).includes(JSON.stringify(value)),
        `${typed}: ${JSON.stringify(updated.value)}`,
      );
    }
  });

  it('keeps ranges right when a value is deleted to nothing', () => {
    const text = 'project: P\nvariables:\n  Greeting:\n    - value: Hello\n      environment: Test\n';
    const next = edit(text, text.indexOf('Hello'), 5, '');
    assertSameAsFullParse(afterEdit(text, next), parseYaml(next));
  });

  it('gives the very same nodes as a full parse (sources, comments), not only the same values', () => {
    const text = 'project: P\nsteps:\n  - name: Build # the build\n    type: script\n    script: |\n      echo one\n';
    for (const next of [edit(text, text.indexOf('Build') + 2, 0, 'x'), edit(text, text.indexOf('one') + 1, 0, 'x')]) {
      const updated = reparseEdit(parseYaml(text), next);
      assert.ok(updated, JSON.stringify(next));
      assertSameAsFullParse(updated, parseYaml(next));
    }
  });

  it('takes over the previous parse: it cannot be used twice', () => {
    const previous = parseYaml(PROCESS);
    const text = edit(PROCESS, PROCESS.indexOf('make all') + 4, 0, 'X');
    assert.ok(reparseEdit(previous, text));
    assert.equal(previous.document, undefined);
    assert.equal(reparseEdit(previous, text), undefined);
  });
});
