import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertRangeInside, editorLines } from '../../../test/support/ranges';
import { editorWorkspace } from '../../../test/support/serviceDocuments';
import { getDocumentSymbols } from './documentSymbols';
import type { DocumentSymbol } from './types';

/** `name (detail)` indented by depth, for comparing whole outlines. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`,
    ...outline(s.children ?? [], depth + 1),
  ]);
}

function assertNested(symbols: DocumentSymbol[]): void {
  const inside = (a: DocumentSymbol['range'], b: DocumentSymbol['range']) =>
    (a.start.line > b.start.line || (a.start.line === b.start.line && a.start.character >= b.start.character)) &&
    (a.end.line < b.end.line || (a.end.line === b.end.line && a.end.character <= b.end.character));
  for (const s of symbols) {
    assert.ok(inside(s.selectionRange, s.range), `${s.name}: selection range outside its range`);
    for (const child of s.children ?? []) assert.ok(inside(child.range, s.range), `${child.name} outside ${s.name}`);
    assertNested(s.children ?? []);
  }
}

describe('document symbols', () => {
  it('a process file: variables, channels, steps → actions', () => {
    const symbols = getDocumentSymbols(editorWorkspace().app);
    assert.deepEqual(outline(symbols), [
      'variables',
      '  Greeting (3 values)',
      '  ApiKey (sensitive)',
      '  Servers',
      '  DeployNote',
      'channels',
      '  Hotfix',
      'steps',
      '  Build (script · web-server)',
      '  Deploy (2 actions · web-server)',
      '    Deploy package (deploy-package)',
      '    Smoke test (script)',
      '  Approve (manual)',
    ]);
    assertNested(symbols);
  });

  it('a space file: environments, lifecycles → phases, targets, sets → variables', () => {
    const symbols = getDocumentSymbols(editorWorkspace().space);
    assert.deepEqual(outline(symbols), [
      'environments',
      '  Development (1)',
      '  Test (2)',
      '  Production (3)',
      'lifecycles',
      '  Default (Test → Production)',
      '    Test (Test, Development)',
      '    Production (Production)',
      'targets',
      '  TWeb01 (Test · web-server)',
      '  PWeb01 (Production · web-server, db-migrator)',
      'variable-sets',
      '  Common',
      '    LogLevel (2 values)',
      '    SupportEmail',
    ]);
    assertNested(symbols);
  });

  it('a file with \\r\\n line breaks: no range ends past the end of a line', () => {
    const { app } = editorWorkspace();
    const crlf = editorWorkspace(app.parsed.text.replace(/\n/g, '\r\n')).app;
    const lines = editorLines(crlf.parsed.text);
    const all = (symbols: DocumentSymbol[]): DocumentSymbol[] => symbols.flatMap((s) => [s, ...all(s.children ?? [])]);
    const symbols = all(getDocumentSymbols(crlf));
    assert.ok(symbols.length > 5);
    for (const s of symbols) {
      assertRangeInside(lines, s.range, s.name);
      assertRangeInside(lines, s.selectionRange, s.name);
    }
    assert.deepEqual(outline(getDocumentSymbols(crlf)), outline(getDocumentSymbols(app)));
  });
});
