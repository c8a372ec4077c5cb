// Differential fuzzer for the in-place OCL update: keystroke-sized random edits (mostly inside
// strings and heredocs, sometimes anywhere; lines added to, split in and taken out of heredocs) on the real samples, each checked against a full
// parse of the same text — the tree with every span, the line index, the syntax errors, the
// loaded model (every range, and where each string's characters map to) and the diagnostics.
// The sequence goes on from the incremental result, as the editor does, so reused steps are
// carried over many edits. `reparseOclEdit` may decline any edit; what it accepts must equal a full parse.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fuzzIterations, fuzzSeed, Random, reproduce } from '../../../test/support/fuzz';
import type { Range } from '../text';
import type { OclElement, OclValue } from './ast';
import { fileOfRange } from './loadOclProject';
import type { ParsedOcl } from './parseOcl';
import { editOf } from './reparseOcl';
import { validateOclProject, type OclProjectValidation } from './validateOcl';
import { OclValueSource } from './valueSource';

const samplesDir = path.join(import.meta.dirname, 'testdata', 'samples');
/** Each sample as the project file it is (its name ends with the path Octopus gave it). */
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.ocl'))
  .map((f) => {
    const runbook = /__runbooks__([^_]+\.ocl)$/.exec(f);
    const known = /__(deployment_process|variables|deployment_settings|channels)\.ocl$/.exec(f);
    const file = runbook ? `runbooks/${runbook[1]}` : known ? `${known[1]}.ocl` : 'deployment_process.ocl';
    return { file, text: readFileSync(path.join(samplesDir, f), 'utf8') };
  });

const PIECES = [
  '"',
  '\\',
  '\\"',
  '\\n',
  '#{',
  '}',
  '#{Octopus.Action[Build].Output.X}',
  ' ',
  '  ',
  '\t',
  'EOT',
  '{',
  '=',
  'é',
  '😀',
  '\n',
  '\r',
  '\u00a0',
];

/** The inside of every string token: between a quoted string's quotes, a heredoc's body lines. */
function stringInsides(parsed: ParsedOcl): [number, number][] {
  const out: [number, number][] = [];
  const text = parsed.text;
  const quoted = (span: { start: number; end: number }) => {
    if (text[span.start] === '"') out.push([span.start + 1, Math.max(span.start + 1, span.end - 1)]);
  };
  const value = (v: OclValue) => {
    if (v.kind === 'string') {
      if (v.heredoc) {
        const body = text.indexOf('\n', v.span.start) + 1;
        const endLine = text.lastIndexOf('\n', v.span.end - 1);
        if (body > 0 && endLine >= body) out.push([body, endLine]);
      } else quoted(v.span);
    } else if (v.kind === 'array') v.items.forEach((item) => value(item));
    else if (v.kind === 'dictionary')
      for (const entry of v.entries) {
        if (entry.quoted) quoted(entry.keySpan);
        value(entry.value);
      }
  };
  const walk = (elements: readonly OclElement[]) => {
    for (const e of elements) {
      if (e.kind === 'block') {
        e.labels.forEach((l) => quoted(l.span));
        walk(e.children);
      } else value(e.value);
    }
  };
  walk(parsed.document.children);
  return out;
}

/** Each heredoc's body, from its first line's start to the end tag line's start. */
function heredocBodies(parsed: ParsedOcl): [number, number][] {
  const out: [number, number][] = [];
  const text = parsed.text;
  const value = (v: OclValue) => {
    if (v.kind === 'string' && v.heredoc) {
      const body = text.indexOf('\n', v.span.start) + 1;
      const tagLine = text.lastIndexOf('\n', v.span.end - 1) + 1;
      if (body > 0 && tagLine > body) out.push([body, tagLine]);
    } else if (v.kind === 'dictionary') v.entries.forEach((e) => value(e.value));
  };
  const walk = (elements: readonly OclElement[]) => {
    for (const e of elements) {
      if (e.kind === 'block') walk(e.children);
      else value(e.value);
    }
  };
  walk(parsed.document.children);
  return out;
}

/** A line added to, or taken out of, a heredoc body, or a line split or joined, as Enter and Delete do. */
function lineEdit(random: Random, text: string, bodies: [number, number][]): string {
  const [body, tagLine] = random.pick(bodies);
  const starts = [body];
  for (let i = text.indexOf('\n', body); i >= 0 && i + 1 < tagLine; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineStart = random.pick(starts);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0];
  switch (random.int(5)) {
    case 0: // a new line above this one
      return text.slice(0, lineStart) + indent + random.string(1, 'abc echo#{}$"') + eol + text.slice(lineStart);
    case 1: // a new line below, typed at the end of this one
      return text.slice(0, lineEnd - (eol.length - 1)) + eol + indent + 'x' + text.slice(lineEnd - (eol.length - 1));
    case 2: // this line taken out
      return text.slice(0, lineStart) + text.slice(Math.min(text.length, lineEnd + 1));
    case 3: // split at a random place
      return ((at) => text.slice(0, at) + eol + text.slice(at))(lineStart + random.int(lineEnd - lineStart + 1));
    default: // a few lines pasted
      return text.slice(0, lineStart) + `${indent}one${eol}${indent}  two #{Name}${eol}` + text.slice(lineStart);
  }
}

function randomEdit(random: Random, text: string, insides: [number, number][], bodies: [number, number][]): string {
  if (bodies.length && random.chance(0.2)) return lineEdit(random, text, bodies);
  let at: number;
  if (insides.length && random.chance(0.85)) {
    const [start, end] = random.pick(insides);
    at = start + random.int(end - start + 1);
  } else at = random.int(text.length + 1);
  const insert = random.chance(0.3) ? random.pick(PIECES) : random.string(1, 'abcXYZ019 _.-/#{}"$');
  switch (random.int(3)) {
    case 0:
      return text.slice(0, at) + insert + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + (random.chance(0.1) ? random.int(6) : 0)));
    default:
      return text.slice(0, at) + insert + text.slice(Math.min(text.length, at + 1));
  }
}

/** The model as plain data: maps and sets as lists, each range with its file, each string source with its offsets. */
function plain(value: unknown, seen = new Set<unknown>()): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? '[function]' : value;
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  try {
    if (value instanceof OclValueSource) {
      const whole = { start: 0, end: value.value.length };
      return {
        value: value.value,
        span: { ...value.span },
        offsets: value.offsets && [...value.offsets],
        range: value.rangeOf?.(value.span),
        file: value.rangeOf && fileOfRange(value.rangeOf(whole)),
      };
    }
    if (value instanceof Map) return [...value].map(([k, v]) => [k, plain(v, seen)]);
    if (value instanceof Set) return [...value].map((v) => plain(v, seen));
    if (Array.isArray(value)) return value.map((v) => plain(v, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v, seen);
    if ('start' in value && 'end' in value && typeof (value as Range).start === 'object')
      out.file = fileOfRange(value as Range);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** The edit as its surroundings before and after, not the whole file. */
function describeEdit(before: string, after: string): string {
  let at = 0;
  while (at < before.length && before[at] === after[at]) at++;
  const from = Math.max(0, at - 40);
  const tail = after.length - before.length;
  return `at ${at}: ${JSON.stringify(before.slice(from, at + 40))} → ${JSON.stringify(after.slice(from, at + 40 + tail))}`;
}

function assertSame(incremental: OclProjectValidation, full: OclProjectValidation, where: string): void {
  const a = incremental.files[0].parsed;
  const b = full.files[0].parsed;
  assert.deepStrictEqual(a.document, b.document, `tree; ${where}`);
  assert.deepStrictEqual(a.errors, b.errors, `syntax errors; ${where}`);
  assert.deepStrictEqual(a.lines, b.lines, `line index; ${where}`);
  assert.deepStrictEqual(plain(incremental.diagnostics), plain(full.diagnostics), `diagnostics; ${where}`);
  assert.deepStrictEqual(plain(incremental.project), plain(full.project), `model; ${where}`);
}

test('reparseOclEdit fuzz: keystroke edits updated in place equal a full parse', () => {
  const seed = fuzzSeed();
  const random = new Random(seed);
  const sequences = fuzzIterations(25);
  let edits = 0;
  let inPlace = 0;
  let linesInPlace = 0;
  for (let iteration = 0; iteration < sequences; iteration++) {
    const where = reproduce('core/src/ocl/reparseOcl.fuzz.test.ts', seed, iteration);
    const sample = random.pick(samples);
    let text = random.chance(0.2) ? sample.text.replace(/\r?\n/g, '\r\n') : sample.text;
    let current = validateOclProject([{ path: sample.file, text }], { name: 'Fuzz' });
    const length = 10 + random.int(30);
    for (let step = 0; step < length; step++) {
      const parsed = current.files[0].parsed;
      const next = randomEdit(random, text, stringInsides(parsed), heredocBodies(parsed));
      if (next === text) continue;
      edits++;
      const context = () => `${where}, edit ${step} of ${sample.file}: ${describeEdit(text, next)}`;
      const previous = new Map([[sample.file, current.files[0].parsed]]);
      const incremental = validateOclProject([{ path: sample.file, text: next }], { name: 'Fuzz', previous });
      const full = validateOclProject([{ path: sample.file, text: next }], { name: 'Fuzz' });
      if (editOf(incremental.files[0].parsed)) {
        inPlace++;
        if (incremental.files[0].parsed.lines.lineCount !== parsed.lines.lineCount) linesInPlace++;
      }
      assertSame(incremental, full, context());
      // Mostly undo an edit that broke the syntax (as a user would), so that sequences keep reaching the in-place path.
      if (full.files[0].parsed.errors.length && random.chance(0.7)) continue;
      text = next;
      current = incremental;
    }
  }
  console.log(
    `reparseOclEdit fuzz: seed ${seed}, ${sequences} sequences, ${edits} edits, ${inPlace} updated in place (${linesInPlace} of them adding or removing lines), 0 disagreements`,
  );
  assert.ok(linesInPlace > 0, 'no edit that adds or removes a line was updated in place');
  assert.ok(
    inPlace > edits / 4,
    `only ${inPlace} of ${edits} edits were updated in place: the fuzzer no longer reaches the in-place path`,
  );
});
