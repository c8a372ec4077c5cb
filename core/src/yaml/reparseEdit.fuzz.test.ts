// Differential fuzzer for the in-place update: random edit sequences on real process files, each
// edit checked against a full parse of the same text — the YAML documents (every node, value,
// range, comment), the diagnostics, the loaded model and what the language service derives from
// them. `reparseEdit` may decline any edit; whatever it accepts must equal the full parse.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { visit } from 'yaml';
import { fuzzIterations, fuzzSeed, Random, reproduce } from '../../../test/support/fuzz';
import { fixturesDir } from '../../../test/support/paths';
import { getDocumentSymbols } from '../languageService/documentSymbols';
import { getFoldingRanges } from '../languageService/foldingRanges';
import { getSemanticTokens } from '../languageService/semanticTokens';
import type { ProcessDocument } from '../languageService/types';
import { readSpace, validateProcess } from '../validate';
import type { ParsedYaml } from './parseYaml';

function processFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return processFiles(full);
    return entry.name.endsWith('.process.yaml') ? [full] : [];
  });
}

/** Shapes the fixtures have few of: quoted values before an edit, empty values with comments, lists of values. */
const EXTRA_SOURCES = [
  `project: Extras\nsteps:\n  - name: "Build"\n    type: script\n    syntax: #todo\n    script: |\n      echo "#{Octopus.Release.Number}"\n  - name: 'Say ''hi'''\n    type: #x\n    script: >-\n      folded\n      text\n    environments: [Test, Production]\nvariables:\n  - name: Greeting\n    value: Hello\n  - name: Empty\n    value:\n  - name: Commented\n    value: x # note\n  - name: Number\n    value: 12\n`,
  `project: P\n\n- x\n`,
  `project: P\nvariables:\n  A: "a\\"b"\n  B: 'c'\n  C: plain # c\n  D:\n  E: [1, {f: g}]\n`,
];

const sources = [...processFiles(fixturesDir).map((file) => readFileSync(file, 'utf8')), ...EXTRA_SOURCES];
const space = readSpace(readFileSync(path.join(fixturesDir, 'checks', '.octopus', 'space.yaml'), 'utf8'), 'space.yaml');

const PIECES = [
  '"',
  "'",
  '#',
  ' #',
  '\\',
  ':',
  ': ',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '-',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a',
  '*a',
  '!',
  '|',
  '>',
  '?',
  '%',
  '@',
  '`',
  'é',
  '😀',
  '#{Name}',
  'bash',
  'x',
  '1',
  'true',
  '~',
  'null',
  '\\"',
  "''",
  '\u00a0',
];

/** A position: mostly inside or at the edge of a value (where the in-place path applies), sometimes anywhere. */
function pickPosition(random: Random, text: string, scalars: [number, number][]): number {
  if (scalars.length && random.chance(0.8)) {
    const [start, end] = random.pick(scalars);
    // Typing inside a value, as a user mostly does; otherwise its edges too.
    if (end - start > 2 && random.chance(0.5)) return start + 1 + random.int(end - start - 1);
    return Math.max(0, Math.min(text.length, start - 1 + random.int(end - start + 3)));
  }
  return random.int(text.length + 1);
}

function randomEdit(random: Random, text: string, scalars: [number, number][]): string {
  const at = pickPosition(random, text, scalars);
  const insert = () => {
    const n = 1 + (random.chance(0.3) ? random.int(3) : 0);
    let out = '';
    for (let i = 0; i < n; i++)
      out += random.chance(0.35) ? random.pick(PIECES) : random.string(1 + random.int(4), 'abcXYZ019 _.-/#{}"');
    return out;
  };
  switch (random.int(3)) {
    case 0:
      return text.slice(0, at) + insert() + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + random.int(random.chance(0.2) ? 12 : 4)));
    default:
      return text.slice(0, at) + insert() + text.slice(Math.min(text.length, at + 1 + random.int(4)));
  }
}

function scalarRanges(parsed: ParsedYaml): [number, number][] {
  const out: [number, number][] = [];
  if (parsed.document)
    visit(parsed.document, {
      // Values, not keys: editing a key is never done in place.
      Scalar(key, node) {
        if (node.range && key !== 'key') out.push([node.range[0], node.range[1]]);
      },
    });
  return out;
}

function serviceDocument(result: ReturnType<typeof validateProcess>): ProcessDocument {
  return {
    kind: 'process',
    uri: 'file:///fuzz.process.yaml',
    parsed: result.parsed,
    project: result.project!,
    space,
    spaceUri: undefined,
  };
}

/** Everything a client sees of one analysis, besides the documents themselves. */
function derived(result: ReturnType<typeof validateProcess>): unknown {
  const document = serviceDocument(result);
  return {
    diagnostics: result.diagnostics,
    project: result.project,
    value: result.parsed.value,
    symbols: result.project ? getDocumentSymbols(document) : undefined,
    folding: getFoldingRanges(document),
    tokens: result.project ? getSemanticTokens(document) : undefined,
  };
}

function assertSameDocument(inPlace: ParsedYaml, full: ParsedYaml, where: string): void {
  assert.ok(inPlace.document && full.document, where);
  assert.deepStrictEqual(inPlace.document.range, full.document.range, `document range; ${where}`);
  assert.deepStrictEqual(inPlace.document.contents, full.document.contents, `document contents; ${where}`);
  assert.deepStrictEqual(
    [inPlace.document.comment, inPlace.document.commentBefore],
    [full.document.comment, full.document.commentBefore],
    where,
  );
  assert.deepStrictEqual(inPlace.diagnostics, full.diagnostics, `parse diagnostics; ${where}`);
}

describe('reparseEdit fuzz: in-place updates equal a full parse', () => {
  it('random edit sequences on process files', () => {
    const seed = fuzzSeed();
    const random = new Random(seed);
    const sequences = fuzzIterations(40);
    let edits = 0;
    let inPlace = 0;
    for (let iteration = 0; iteration < sequences; iteration++) {
      const where = reproduce('core/src/yaml/reparseEdit.fuzz.test.ts', seed, iteration);
      let text = random.pick(sources);
      if (random.chance(0.3)) text = text.replace(/\r?\n/g, '\r\n');
      let previous = validateProcess(text, { space }).parsed;
      const length = 5 + random.int(20);
      for (let step = 0; step < length; step++) {
        const next = randomEdit(random, text, scalarRanges(previous));
        if (next === text) continue;
        edits++;
        const handedOver = previous;
        const hadDocument = handedOver.document !== undefined;
        const updated = validateProcess(next, { space, previous: handedOver });
        const full = validateProcess(next, { space });
        // `reparseEdit` takes the previous document over exactly when it updates in place.
        const tookOver = hadDocument && handedOver.document === undefined;
        if (tookOver && updated.parsed.document) {
          inPlace++;
          const context = `${where}, edit ${step}: ${JSON.stringify(text)} → ${JSON.stringify(next)}`;
          assertSameDocument(updated.parsed, full.parsed, context);
          assert.deepStrictEqual(derived(updated), derived(full), context);
        }
        // Mostly undo an edit that broke the YAML (as a user would), so that sequences keep reaching the in-place path.
        if (!tookOver && full.parsed.diagnostics.length && random.chance(0.7)) continue;
        text = next;
        // Go on from whichever parse the editor would hold; a full one when the edit was declined.
        previous = tookOver ? updated.parsed : full.parsed;
      }
    }
    console.log(
      `reparseEdit fuzz: seed ${seed}, ${sequences} sequences, ${edits} edits, ${inPlace} updated in place, 0 disagreements`,
    );
    assert.ok(
      inPlace > edits / 10,
      `only ${inPlace} of ${edits} edits were updated in place: the fuzzer no longer reaches the in-place path`,
    );
  });
});
