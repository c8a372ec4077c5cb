// Builds language-service documents from text for tests: `‸` marks the cursor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateProcess, validateSpace, type Position } from '@stepwise/core';
import type { ProcessDocument, SpaceDocument } from '@stepwise/core/languageService/types';
import { fixturesDir } from './paths';

export const checksDir = path.join(fixturesDir, 'checks');
/** The editor-features fixture: a space file and two process files using it. */
export const editorDir = path.join(fixturesDir, 'editor');
export const editorSpacePath = path.join(editorDir, '.octopus', 'space.yaml');
export const editorAppPath = path.join(editorDir, 'app.process.yaml');
export const editorOtherPath = path.join(editorDir, 'other.process.yaml');

/** The editor fixture as service documents: app (optionally with other text), other, and the space. */
export function editorWorkspace(appText = readFileSync(editorAppPath, 'utf8')): {
  app: ProcessDocument;
  other: ProcessDocument;
  space: SpaceDocument;
  all: (ProcessDocument | SpaceDocument)[];
} {
  const space = spaceDocument(readFileSync(editorSpacePath, 'utf8'), pathToFileURL(editorSpacePath).href);
  const app = processDocument(appText, { uri: pathToFileURL(editorAppPath).href, space });
  const other = processDocument(readFileSync(editorOtherPath, 'utf8'), {
    uri: pathToFileURL(editorOtherPath).href,
    space,
  });
  return { app, other, space, all: [app, other, space] };
}

/** The position of the `n`-th (0-based) occurrence of `needle` in `text`, plus `offset` characters. */
export function positionOf(text: string, needle: string, offset = 0, n = 0): Position {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`\`${needle}\` not found (${i + 1}. occurrence)`);
  }
  const before = text.slice(0, at + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
export const checksSpacePath = path.join(checksDir, '.octopus', 'space.yaml');
export const checksSpaceUri = pathToFileURL(checksSpacePath).href;

export function spaceDocument(text = readFileSync(checksSpacePath, 'utf8'), uri = checksSpaceUri): SpaceDocument {
  const result = validateSpace(text, uri);
  return { kind: 'space', uri, parsed: result.parsed, space: result.space! };
}

/** A process document deploying into the checks fixture's space (or `space`, or none with `null`). */
export function processDocument(
  text: string,
  options: { uri?: string; space?: SpaceDocument | null } = {},
): ProcessDocument {
  const space = options.space === null ? undefined : (options.space ?? spaceDocument());
  const result = validateProcess(text, { space: space?.space });
  return {
    kind: 'process',
    uri: options.uri ?? pathToFileURL(path.join(checksDir, 'test.process.yaml')).href,
    parsed: result.parsed,
    project: result.project!,
    space: space?.space,
    spaceUri: space?.uri,
  };
}

/** Splits `text` at its `‸` cursor marker (the first one, or the one after `⟨marker⟩` when given). */
export function atCursor(textWithCursor: string, marker = '‸'): { text: string; position: Position; offset: number } {
  const offset = textWithCursor.indexOf(marker);
  if (offset < 0) throw new Error('no cursor marker');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + marker.length);
  const before = text.slice(0, offset).split('\n');
  return { text, offset, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** Applies one edit (range in LSP positions) to a text. */
export function applyEdit(text: string, edit: { range: { start: Position; end: Position }; newText: string }): string {
  const offsetOf = (p: Position) => {
    const lines = text.split('\n');
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  return text.slice(0, offsetOf(edit.range.start)) + edit.newText + text.slice(offsetOf(edit.range.end));
}

/** Applies several non-overlapping edits. */
export function applyEdits(
  text: string,
  edits: { range: { start: Position; end: Position }; newText: string }[],
): string {
  const sorted = [...edits].sort(
    (a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
  );
  return sorted.reduce((t, e) => applyEdit(t, e), text);
}
