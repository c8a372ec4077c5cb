// Fuzzer (differential): for random templates and every cursor offset, the token the cursor is in
// (tokenStartAt, from the parser's spans) must be the one the parser says. The parse of the whole
// template is read here on its own terms: every `#{…}` tag it completed, found by a generic walk
// of the tree rather than the structural walk cursor.ts uses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzIterations, fuzzSeed, Random, reproduce } from '../../../test/support/fuzz';
import type { Span } from '../text';
import { templateCursorAt, tokenStartAt } from './cursor';
import { parseTemplate } from './parseTemplate';

const FILE = 'core/src/template/cursor.fuzz.test.ts';
const FRAGMENTS = [
  '#{',
  '##{',
  '###{',
  '#',
  '}',
  '{',
  '|',
  ' ',
  '"',
  '\\"',
  'if ',
  'unless ',
  'elseif ',
  'each x in ',
  'calc ',
  '/if',
  '/each',
  'else',
  '#{if A}',
  '#{/if}',
  '#{else}',
  '#{each i in L}',
  '#{/each}',
  '[',
  ']',
  'A',
  'Foo.Bar',
  'Octopus.Action',
  ' | ToUpper',
  ' | Format yy ',
  ' == ',
  ' + ',
  '(',
  ')',
  '\n',
  'x',
];

/** Every `#{…}` tag the parse completed: substitutions, calcs, block tags and `[#{X}]` indexes. */
function completedTags(root: unknown): Span[] {
  const tags: Span[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const node = value as Record<string, unknown>;
    if (node.kind === 'substitution' || node.kind === 'calculation') tags.push(node.span as Span);
    if (node.kind === 'conditional' || node.kind === 'repetition')
      for (const key of ['openSpan', 'elseSpan', 'closeSpan']) if (node[key]) tags.push(node[key] as Span);
    if (node.kind === 'index' && (node.index as { kind: string }).kind === 'symbol')
      tags.push((node.index as { span: Span }).span);
    for (const [key, child] of Object.entries(node)) if (!key.endsWith('pan')) visit(child);
  };
  visit(root);
  return tags;
}

function randomTemplate(random: Random): string {
  let text = '';
  const count = 1 + random.int(12);
  for (let i = 0; i < count; i++) text += random.pick(FRAGMENTS);
  return text;
}

describe('fuzz: the cursor in a template agrees with the parser', () => {
  it('at every offset of random templates, the token around the cursor is the one the parser completed or left open', () => {
    const seed = fuzzSeed();
    const random = new Random(seed);
    const iterations = fuzzIterations(400);
    for (let i = 0; i < iterations; i++) {
      const value = randomTemplate(random);
      const parsed = parseTemplate(value);
      const tags = completedTags(parsed.nodes);
      for (let at = 0; at <= value.length; at++) {
        const where = `${JSON.stringify(value)} at ${at}\n${reproduce(FILE, seed, i)}`;
        const start = tokenStartAt(value, at);
        // The innermost completed tag around the cursor: tags nest, so it is the one starting last.
        const around = tags.filter((t) => at >= t.start + 2 && at < t.end).sort((a, b) => b.start - a.start)[0];
        const lineBreak = around && /[\r\n]/.test(value.slice(around.start, at));
        if (around && !lineBreak) assert.equal(start, around.start, where);
        else if (!around && parsed.errors.length === 0) assert.equal(start, -1, `nothing is open in ${where}`);
        if (start >= 0) {
          assert.ok(value.startsWith('#{', start) && start + 2 <= at, where);
          assert.ok(!/[\r\n]/.test(value.slice(start, at)), where);
          // A token left open is one the parser reported as incomplete.
          if (!around) assert.ok(parsed.errors.length > 0, where);
        }
        const cursor = templateCursorAt(value, at);
        if (cursor) {
          assert.ok(start >= 0, where);
          assert.ok(cursor.replace.start >= start + 2 && cursor.replace.start <= cursor.replace.end, where);
          assert.ok(cursor.replace.end <= value.length, where);
        }
      }
    }
  });
});
