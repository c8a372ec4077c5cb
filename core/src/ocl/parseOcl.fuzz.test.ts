// Hostile input never makes the OCL parser throw or hang, and every span it reports lies inside
// the text. Inputs: real samples with random edits, and random strings over OCL's punctuation.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fuzzIterations, fuzzSeed, Random, reproduce } from '../../../test/support/fuzz';
import type { OclElement, OclValue } from './ast';
import { parseOcl } from './parseOcl';
import { toOclNode, writeOcl } from './writeOcl';
import { validateOclProject } from './validateOcl';

const samplesDir = path.join(import.meta.dirname, 'testdata', 'samples');
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.ocl'))
  .map((f) => readFileSync(path.join(samplesDir, f), 'utf8'));
const ALPHABET = 'ab_1-.={}[]",<<-EOT \n\r\t\\#{}truefalsenull\u00a0é';
const PIECES = [
  '<<-EOT\n',
  '<<EOT\n',
  '\nEOT\n',
  '{\n',
  '}\n',
  '"',
  '\\',
  '= ',
  '[',
  ']',
  ',',
  'step "x" {\n',
  'x = {\n',
  '\r\n',
  '\u2028',
  '2147483648',
];

function checkSpans(text: string, element: OclElement | OclValue, depth = 0): void {
  assert.ok(depth < 200);
  assert.ok(
    element.span.start >= 0 && element.span.start <= element.span.end && element.span.end <= text.length,
    `span ${JSON.stringify(element.span)}`,
  );
  if ('children' in element) for (const child of element.children) checkSpans(text, child, depth + 1);
  if (element.kind === 'attribute') checkSpans(text, element.value, depth + 1);
  if (element.kind === 'dictionary') for (const entry of element.entries) checkSpans(text, entry.value, depth + 1);
  if (element.kind === 'array') for (const item of element.items) checkSpans(text, item, depth + 1);
}

function mutate(random: Random, text: string): string {
  let out = text;
  const edits = 1 + random.int(6);
  for (let i = 0; i < edits; i++) {
    const at = random.int(out.length + 1);
    const kind = random.int(3);
    if (kind === 0) out = out.slice(0, at) + out.slice(at + random.int(40));
    else if (kind === 1) out = out.slice(0, at) + random.pick(PIECES) + out.slice(at);
    else out = out.slice(0, at) + random.string(1 + random.int(8), ALPHABET) + out.slice(at);
  }
  return out;
}

test('parseOcl never throws, never hangs, and keeps its spans inside the text', () => {
  const seed = fuzzSeed();
  const random = new Random(seed);
  const iterations = fuzzIterations(300);
  for (let i = 0; i < iterations; i++) {
    const text = random.chance(0.7) ? mutate(random, random.pick(samples)) : random.string(random.int(300), ALPHABET);
    try {
      const parsed = parseOcl(text);
      for (const child of parsed.document.children) checkSpans(text, child);
      for (const error of parsed.errors) {
        assert.ok(
          error.span.start >= 0 && error.span.start <= error.span.end && error.span.end <= text.length,
          `error span ${JSON.stringify(error)}`,
        );
        assert.ok(!error.message.startsWith('Internal error'), error.message);
      }
      // The whole engine on it, as each kind of project file: never a throw.
      const path = random.pick([
        'deployment_process.ocl',
        'variables.ocl',
        'channels.ocl',
        'runbooks/x.ocl',
        'deployment_settings.ocl',
      ]);
      validateOclProject([{ path, text }]);
      if (parsed.errors.length === 0) {
        // What parses without an error is written back to text that parses to the same tree.
        const tree = parsed.document.children.map(toOclNode);
        const again = parseOcl(writeOcl(tree));
        assert.deepEqual(again.errors, [], 'the written text parses');
        // A quoted string with `\n` escapes is written as a heredoc: the same string. A name with a
        // leading digit is written with a `_` before it, as Octopus's writer does.
        const plain = (nodes: unknown) =>
          JSON.parse(
            JSON.stringify(nodes, (_, v) =>
              v && typeof v === 'object' && 'heredoc' in v
                ? v.heredoc
                : v && typeof v === 'object' && typeof v.type === 'string' && /^[0-9]/.test(v.name)
                  ? { ...v, name: `_${v.name}` }
                  : v,
            ),
          );
        assert.deepEqual(plain(again.document.children.map(toOclNode)), plain(tree), 'the written text means the same');
      }
    } catch (error) {
      assert.fail(
        `${(error as Error).message}\n${reproduce('core/src/ocl/parseOcl.fuzz.test.ts', seed, i)}\ninput: ${JSON.stringify(text.slice(0, 2000))}`,
      );
    }
  }
});
