// Feature fuzzer: mutated process and space files (byte flips, lines duplicated or deleted,
// random insertions, other line breaks, deep nesting, huge scalars, unicode, NUL) through every
// language-service feature at random positions, and through the preview. No feature may throw,
// and every range, position or line it returns must be a place in the document as an editor
// sees it: inside the text, never past the end of a line (so never between `\r` and `\n`).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { fuzzIterations, fuzzSeed, Random, reproduce } from '../../../test/support/fuzz';
import { fixturesDir } from '../../../test/support/paths';
import { assertPositionInside, assertRangeInside, editorLines } from '../../../test/support/ranges';
import { PreviewError, previewProcess } from '../preview/index';
import type { Position } from '../text';
import { validateProcess, validateSpace } from '../validate';
import {
  encodeSemanticTokens,
  getCodeActions,
  getCodeLenses,
  getCompletions,
  getDefinition,
  getDocumentHighlights,
  getDocumentLinks,
  getDocumentSymbols,
  getFoldingRanges,
  getHover,
  getReferences,
  getSemanticTokens,
  getWorkspaceSymbols,
  prepareRename,
  rename,
  LanguageServiceError,
  type ProcessDocument,
  type ServiceDocument,
  type SpaceDocument,
} from './index';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return entry.name.endsWith('.yaml') ? [full] : [];
  });
}

const files = yamlFiles(fixturesDir).map((file) => ({
  file,
  text: readFileSync(file, 'utf8'),
  space: file.endsWith(`${path.sep}space.yaml`),
}));
const processSources = files.filter((f) => !f.space);
const spaceSources = files.filter((f) => f.space);
const ALPHABET = ' \t\n\r:-#"\'\\[]{},&*!|>?%@`~=.$éü中😀\u0000\u00a0\u2028\uFEFFabcXYZ019';

/** One random mutation of a file's text. */
function mutate(random: Random, text: string): string {
  const lines = text.split('\n');
  const at = random.int(text.length + 1);
  switch (random.int(12)) {
    case 0: {
      // Flip bytes: characters replaced by random ones.
      let out = text;
      for (let n = 1 + random.int(4); n > 0; n--) {
        const i = random.int(out.length);
        out = out.slice(0, i) + random.string(1, ALPHABET) + out.slice(i + 1);
      }
      return out;
    }
    case 1: {
      const i = random.int(lines.length);
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 2:
      lines.splice(random.int(lines.length), 1 + random.int(3));
      return lines.join('\n');
    case 3:
      return text.slice(0, at) + random.string(1 + random.int(12), ALPHABET) + text.slice(at);
    case 4:
      return text.replace(/\n/g, '\r\n');
    case 5:
      return text.replace(/\n/g, '\r');
    case 6: {
      // Mixed line breaks.
      return text.replace(/\n/g, () => random.pick(['\n', '\r\n', '\r', '\n\r']));
    }
    case 7: {
      const depth = 20 + random.int(300);
      const nest = random.chance(0.5)
        ? `${'['.repeat(depth)}${']'.repeat(random.int(depth + 1))}`
        : Array.from({ length: depth }, (_, d) => `${' '.repeat(d)}- x:`).join('\n');
      return text.slice(0, at) + nest + text.slice(at);
    }
    case 8: {
      const huge = random.string(1, 'ab#{}"\\ ').repeat(20_000 + random.int(80_000));
      return text.slice(0, at) + huge + text.slice(at);
    }
    case 9:
      return text.slice(0, at) + '\u0000' + text.slice(at);
    case 10:
      return (
        text.slice(0, at) +
        random.pick(['😀', '\uD83D', '\uDE00', 'é', 'e\u0301', '中文', '\uFFFD', '\u2028']) +
        text.slice(at)
      );
    default: {
      // A template or a value cut in half.
      return (
        text.slice(0, at) +
        random.pick([
          '#{',
          '#{if x}',
          '#{each a in B}',
          '#{X | Replace "a" b}',
          ': ',
          '- ',
          '"',
          "'",
          '|',
          '>-',
          '&a ',
          '*a',
          '<<: *a',
        ]) +
        text.slice(at)
      );
    }
  }
}

function randomPosition(random: Random, lines: string[]): Position {
  const line = random.chance(0.03) ? lines.length + random.int(3) : random.int(lines.length);
  const length = lines[line]?.length ?? 0;
  return { line, character: random.chance(0.05) ? length + 1 + random.int(3) : random.int(length + 1) };
}

/**
 * Every range, position and line number in a feature's answer, checked against the text of the
 * document it names (a `uri` field, a `changes` key), or `uri` when it names none.
 */
function checkAnswer(answer: unknown, uri: string, texts: Map<string, string[]>, what: string): number {
  let checked = 0;
  const walk = (value: unknown, at: string, where: string): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, at, `${where}[${i}]`));
      return;
    }
    const record = value as Record<string, unknown>;
    const here = typeof record.uri === 'string' && texts.has(record.uri) ? record.uri : at;
    const lines = texts.get(here)!;
    const isPosition = (p: unknown): p is Position =>
      !!p &&
      typeof p === 'object' &&
      typeof (p as Position).line === 'number' &&
      typeof (p as Position).character === 'number';
    if (isPosition(record.start) && isPosition(record.end)) {
      assertRangeInside(lines, { start: record.start, end: record.end }, `${what} ${where}`);
      checked++;
      return;
    }
    if (typeof record.startLine === 'number' && typeof record.endLine === 'number') {
      assert.ok(
        record.startLine >= 0 && record.endLine >= record.startLine && record.endLine < lines.length,
        `${what} ${where}: lines ${record.startLine}–${record.endLine} of ${lines.length}`,
      );
      checked++;
    }
    for (const [key, child] of Object.entries(record)) {
      if (key === 'changes' && child && typeof child === 'object') {
        for (const [target, edits] of Object.entries(child)) {
          assert.ok(texts.has(target), `${what}: an edit to ${target}, a document it was not given`);
          walk(edits, target, `${where}.changes`);
        }
      } else walk(child, here, `${where}.${key}`);
    }
  };
  walk(answer, uri, '');
  return checked;
}

/** A feature's answer, or its refusal: a LanguageServiceError is the message the user is meant to see. */
function refusedOr<T>(feature: () => T): T | string {
  try {
    return feature();
  } catch (error) {
    if (error instanceof LanguageServiceError) return error.message;
    throw error;
  }
}

/** Every feature at a few random positions; returns how many ranges were checked. */
function exerciseFeatures(
  random: Random,
  document: ServiceDocument,
  workspace: ServiceDocument[],
  what: string,
): { calls: number; ranges: number } {
  const texts = new Map(workspace.map((d) => [d.uri, editorLines(d.parsed.text)]));
  const lines = texts.get(document.uri)!;
  let calls = 0;
  let ranges = 0;
  const check = (name: string, answer: unknown) => {
    calls++;
    ranges += checkAnswer(answer, document.uri, texts, `${what}: ${name}`);
  };
  check('symbols', getDocumentSymbols(document));
  check('folding', getFoldingRanges(document));
  check('links', getDocumentLinks(document));
  check('code lenses', getCodeLenses(document));
  check('workspace symbols', getWorkspaceSymbols(workspace, random.pick(['', 'a', 'Deploy', 'é'])));
  const tokens = getSemanticTokens(document);
  calls++;
  for (const token of tokens) {
    assertPositionInside(lines, token, `${what}: semantic token`);
    assert.ok(
      token.length > 0 && token.character + token.length <= lines[token.line].length,
      `${what}: semantic token ${JSON.stringify(token)} runs past its line`,
    );
    ranges++;
  }
  encodeSemanticTokens(tokens);
  const diagnostics =
    document.kind === 'process'
      ? validateProcess(document.parsed.text).diagnostics
      : validateSpace(document.parsed.text, document.uri).diagnostics;
  for (let n = 0; n < 3; n++) {
    const position = randomPosition(random, lines);
    const where = `${what} at ${position.line}:${position.character}`;
    calls += 9;
    ranges += checkAnswer(
      getCompletions(document, position, { triggerCharacter: random.pick([undefined, '{', ' ', '|', ':']) }),
      document.uri,
      texts,
      `${where}: completion`,
    );
    ranges += checkAnswer(getHover(document, position), document.uri, texts, `${where}: hover`);
    ranges += checkAnswer(getDefinition(document, position, workspace), document.uri, texts, `${where}: definition`);
    ranges += checkAnswer(getReferences(document, position, workspace), document.uri, texts, `${where}: references`);
    ranges += checkAnswer(getDocumentHighlights(document, position), document.uri, texts, `${where}: highlights`);
    ranges += checkAnswer(
      refusedOr(() => prepareRename(document, position, workspace)),
      document.uri,
      texts,
      `${where}: prepare rename`,
    );
    ranges += checkAnswer(
      refusedOr(() => rename(document, position, random.pick(['New name', '', 'a"b', 'x: y']), workspace)),
      document.uri,
      texts,
      `${where}: rename`,
    );
    const end = random.chance(0.5) ? position : randomPosition(random, lines);
    const range =
      end.line < position.line || (end.line === position.line && end.character < position.character)
        ? { start: end, end: position }
        : { start: position, end };
    ranges += checkAnswer(
      getCodeActions(
        document,
        range,
        diagnostics.filter(() => random.chance(0.5)),
      ),
      document.uri,
      texts,
      `${where}: code actions`,
    );
    ranges += checkAnswer(
      getSemanticTokens(document, range),
      document.uri,
      texts,
      `${where}: semantic tokens in a range`,
    );
  }
  if (document.kind === 'process' && !document.parsed.document?.errors.length) {
    calls++;
    const environment = random.pick(['Test', 'Production', 'Staging', 'Development', 'Nowhere']);
    try {
      const preview = previewProcess(
        document.project,
        document.space,
        { environment, releaseNumber: '1.0.0' },
        document.parsed.lines,
      );
      ranges += checkAnswer(preview, document.uri, texts, `${what}: preview in ${environment}`);
    } catch (error) {
      if (!(error instanceof PreviewError)) throw error;
    }
  }
  return { calls, ranges };
}

describe('language-service features on mutated files', () => {
  it('never throw, and answer with ranges inside the document', () => {
    const seed = fuzzSeed();
    const random = new Random(seed);
    const inputs = fuzzIterations(40);
    let calls = 0;
    let ranges = 0;
    for (let iteration = 0; iteration < inputs; iteration++) {
      const what = reproduce('core/src/languageService/features.fuzz.test.ts', seed, iteration);
      const spaceSource = random.pick(spaceSources);
      const mutateSpace = random.chance(0.2);
      const source = mutateSpace ? spaceSource : random.pick(processSources);
      let text = source.text;
      for (let n = 1 + random.int(3); n > 0; n--) text = mutate(random, text);
      const spaceUri = pathToFileURL(spaceSource.file).href;
      const spaceText = mutateSpace ? text : spaceSource.text;
      const spaceResult = validateSpace(spaceText, spaceUri);
      const space: SpaceDocument | undefined = spaceResult.space && {
        kind: 'space',
        uri: spaceUri,
        parsed: spaceResult.parsed,
        space: spaceResult.space,
      };
      let document: ServiceDocument | undefined = space;
      const workspace: ServiceDocument[] = space ? [space] : [];
      if (!mutateSpace) {
        const result = validateProcess(text, { space: space?.space });
        const uri = pathToFileURL(source.file).href;
        const lines = editorLines(text);
        for (const d of result.diagnostics)
          assertRangeInside(lines, d.range, `${what}: diagnostic ${d.code} ${d.message}`);
        ranges += result.diagnostics.length;
        if (!result.project) continue;
        const processDocument: ProcessDocument = {
          kind: 'process',
          uri,
          parsed: result.parsed,
          project: result.project,
          space: space?.space,
          spaceUri: space?.uri,
        };
        document = processDocument;
        workspace.unshift(processDocument);
      } else {
        const lines = editorLines(text);
        for (const d of spaceResult.diagnostics)
          assertRangeInside(lines, d.range, `${what}: space diagnostic ${d.code} ${d.message}`);
        ranges += spaceResult.diagnostics.length;
      }
      if (!document) continue;
      try {
        const counts = exerciseFeatures(random, document, workspace, what);
        calls += counts.calls;
        ranges += counts.ranges;
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        throw new Error(`${what}: ${(error as Error).stack}`);
      }
    }
    console.log(
      `features fuzz: seed ${seed}, ${inputs} mutated files, ${calls} feature calls, ${ranges} ranges checked`,
    );
  });
});
