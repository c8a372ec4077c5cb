import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertGolden, formatDiagnostics } from '../../test/support/golden';
import { fixturesDir } from '../../test/support/paths';
import { assertRangeInside, editorLines } from '../../test/support/ranges';
import { readSpace, validateProcess, validateSpace } from './index';

const checksDir = path.join(fixturesDir, 'checks');
const spaceFile = path.join(checksDir, '.octopus', 'space.yaml');
const space = readSpace(readFileSync(spaceFile, 'utf8'), spaceFile);

describe('validateProcess on the golden fixtures', () => {
  for (const name of readdirSync(checksDir).filter((f) => f.endsWith('.process.yaml'))) {
    it(name, () => {
      const text = readFileSync(path.join(checksDir, name), 'utf8');
      const { diagnostics } = validateProcess(text, { space });
      assertGolden(
        path.join(checksDir, name.replace('.process.yaml', '.expected.txt')),
        formatDiagnostics(diagnostics),
      );
    });
  }

  it('the spec example is clean', () => {
    const { diagnostics } = validateProcess(readFileSync(path.join(checksDir, 'valid.process.yaml'), 'utf8'), {
      space,
    });
    assert.deepEqual(diagnostics, []);
  });

  it('reports nothing about names it cannot know without a space file', () => {
    const text = readFileSync(path.join(fixturesDir, 'no-space', 'no-space.process.yaml'), 'utf8');
    assert.deepEqual(validateProcess(text).diagnostics, []);
  });

  it('the space file itself is clean', () => {
    assert.deepEqual(validateSpace(readFileSync(spaceFile, 'utf8'), spaceFile).diagnostics, []);
  });
});

describe('validateProcess on files with \\r\\n line breaks', () => {
  it('puts no range past the end of a line (between \\r and \\n)', () => {
    const texts = [
      'project: P\r\n\r\n- x\r\n',
      ...readdirSync(checksDir)
        .filter((f) => f.endsWith('.process.yaml'))
        .map((f) => readFileSync(path.join(checksDir, f), 'utf8').replace(/\n/g, '\r\n')),
    ];
    let ranges = 0;
    for (const text of texts) {
      const lines = editorLines(text);
      for (const d of validateProcess(text, { space }).diagnostics) {
        assertRangeInside(lines, d.range, `${d.code} ${d.message}`);
        ranges++;
      }
    }
    assert.ok(ranges > 20, `only ${ranges} diagnostics`);
  });
});

describe('validateSpace', () => {
  it('reports duplicate names and environments the space does not define', () => {
    const text = [
      'environments: [Test, Production, Test]',
      'lifecycles:',
      '  - name: Default',
      '    phases:',
      '      - name: One',
      '        environments: [Tset]',
      'targets:',
      '  - name: A',
      '    environments: [Production]',
      '    roles: [web]',
      '  - name: A',
      '    environments: [Prod]',
      '    roles: [web]',
      '',
    ].join('\n');
    const lines = formatDiagnostics(validateSpace(text, 'space.yaml').diagnostics).split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(' ').slice(0, 3).join(' ')),
      [
        '1:34-1:38 error duplicate-environment',
        '6:24-6:28 error unknown-environment',
        '11:11-11:12 error duplicate-target',
        '12:20-12:24 error unknown-environment',
      ],
    );
    assert.match(lines[1], /Did you mean `Test`\?/);
  });
});

describe('validateProcess on hostile input', () => {
  // Each is turned away by a limit before the full parse, with the diagnostic that says which;
  // how fast that is, is measured in bench/. The timeout only ends a hang.
  const cases: [string, () => string, string][] = [
    [
      'random bytes',
      () => Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''),
      'invalid-encoding',
    ],
    [
      'a 20 MB file',
      () => 'steps:\n' + '  - name: x\n    type: script\n    script: echo hi\n'.repeat((20 * 1024 * 1024) / 44),
      'file-too-large',
    ],
    ['10,000-deep flow nesting', () => 'steps: ' + '['.repeat(10_000) + ']'.repeat(10_000), 'nesting-too-deep'],
    [
      '1,000-deep block nesting',
      () => Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
      'nesting-too-deep',
    ],
    [
      '10,000-deep block nesting',
      () => Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
      'file-too-large',
    ],
    [
      'an alias bomb',
      () =>
        [
          'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
          ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
          'steps: *i',
        ].join('\n'),
      'yaml-alias-limit',
    ],
    [
      'non-UTF-8 text',
      () =>
        new TextDecoder('utf-8').decode(
          Uint8Array.from([0x70, 0x72, 0x6f, 0x6a, 0x65, 0x63, 0x74, 0x3a, 0x20, 0xff, 0xfe, 0x0a]),
        ),
      'invalid-encoding',
    ],
  ];
  for (const [name, make, code] of cases) {
    it(`${name}: one diagnostic, ${code}`, { timeout: 60_000 }, () => {
      const { diagnostics } = validateProcess(make());
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        [code],
      );
    });
  }
});

describe('validateProcess after an edit, reusing the previous parse', () => {
  it('reports exactly what a full check reports, as a step is renamed', () => {
    let text = readFileSync(path.join(checksDir, 'templates.process.yaml'), 'utf8');
    let previous = validateProcess(text, { space }).parsed;
    const anchor = text.indexOf('name: Later step') + 'name: L'.length;
    // Typing over the name: references to `Later step` turn unknown, then a duplicate-free name.
    for (const typed of ['X', 'Y', ' #', ': ', 'Z']) {
      const next = text.slice(0, anchor) + typed + text.slice(anchor);
      const incremental = validateProcess(next, { space, previous });
      const full = validateProcess(next, { space });
      assert.equal(
        formatDiagnostics(incremental.diagnostics),
        formatDiagnostics(full.diagnostics),
        `after typing ${JSON.stringify(typed)}`,
      );
      previous = incremental.parsed;
      text = next;
    }
  });

  it('reports exactly what a full check reports, as a template is typed into a script', () => {
    let text = readFileSync(path.join(checksDir, 'templates.process.yaml'), 'utf8');
    let previous = validateProcess(text, { space }).parsed;
    const typed = ' #{Octopus.Action[Greet].Output.X | ToUpper} and #{Greting';
    const anchor = text.indexOf('#{Greeting | ToUpper}');
    for (let i = 1; i <= typed.length; i++) {
      const next = text.slice(0, anchor) + typed.slice(0, i) + text.slice(anchor + i - 1);
      const incremental = validateProcess(next, { space, previous });
      const full = validateProcess(next, { space });
      assert.equal(
        formatDiagnostics(incremental.diagnostics),
        formatDiagnostics(full.diagnostics),
        `after typing ${JSON.stringify(typed.slice(0, i))}`,
      );
      assert.deepEqual(incremental.parsed.value, full.parsed.value);
      previous = incremental.parsed;
      text = next;
    }
  });
});
