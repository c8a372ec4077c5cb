import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RawLspProcess } from '../../../test/support/rawLspProcess';
import { paramsProblem } from './paramsCheck';

const uri = 'file:///tmp/stepwise-params-test/app.process.yaml';
const text = 'project: Params\nsteps:\n  - name: Say hello\n    type: script\n    script: echo hi\n';
const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

describe('malformed params over stdio: InvalidParams and one log line, never an internal error', () => {
  let server: RawLspProcess;
  before(async () => {
    server = await RawLspProcess.start();
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'stepwise-process', version: 1, text } });
  });
  after(async () => {
    await server.stop();
  });

  const cases: [string, string, unknown, RegExp][] = [
    [
      'a codeAction without context',
      'textDocument/codeAction',
      { textDocument: { uri }, range },
      /params\.context must be an object, not missing/,
    ],
    [
      'workspace/symbol with a numeric query',
      'workspace/symbol',
      { query: 5 },
      /params\.query must be a string, not number 5/,
    ],
    ['a completion with params: null', 'textDocument/completion', null, /params must be an object, not null/],
    [
      'a hover at line "a"',
      'textDocument/hover',
      { textDocument: { uri }, position: { line: 'a', character: 0 } },
      /params\.position\.line must be a non-negative integer/,
    ],
    [
      'a rename without a new name',
      'textDocument/rename',
      { textDocument: { uri }, position: { line: 0, character: 0 } },
      /params\.newName must be a string/,
    ],
    ['a preview without params', 'stepwise/preview', undefined, /params must be an object, not missing/],
    [
      'a preview with numeric variables',
      'stepwise/preview',
      { uri, environment: 'Test', variables: { A: 1 } },
      /params\.variables\.A must be a string/,
    ],
  ];
  for (const [name, method, params, message] of cases) {
    it(name, async () => {
      const response = await server.request(method, params);
      assert.equal(response.error?.code, -32602, JSON.stringify(response));
      assert.match(response.error!.message, message);
      assert.doesNotMatch(response.error!.message, /\n|\bat \S+ \(/); // no stack trace
      await server.stderrMatching(new RegExp(`^Stepwise: refused ${method}: .+$`, 'm'));
    });
  }

  it('ignores a didOpen with numeric text, and the documents it already has stay usable', async () => {
    const bad = 'file:///tmp/stepwise-params-test/bad.process.yaml';
    server.notify('textDocument/didOpen', {
      textDocument: { uri: bad, languageId: 'stepwise-process', version: 1, text: 5 },
    });
    server.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 7 }] });
    const symbols = await server.request('workspace/symbol', { query: '' });
    assert.equal(symbols.error, undefined);
    assert.ok((symbols.result as { name: string }[]).some((s) => s.name === 'Say hello'));
    const hover = await server.request('textDocument/hover', {
      textDocument: { uri: bad },
      position: { line: 0, character: 0 },
    });
    assert.deepEqual(hover, { jsonrpc: '2.0', id: hover.id, result: null });
    await server.stderrMatching(
      /^Stepwise: ignored textDocument\/didOpen: params\.textDocument\.text must be a string, not number 5$/m,
    );
    await server.stderrMatching(
      /^Stepwise: ignored textDocument\/didChange: params\.contentChanges\[0\]\.text must be a string/m,
    );
    assert.doesNotMatch(server.stderr, /\n\s+at /);
  });
});

describe('paramsProblem', () => {
  it('accepts what an editor sends, with fields it does not read', () => {
    assert.equal(
      paramsProblem('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 3 },
        workDoneToken: 'x',
      }),
      undefined,
    );
    assert.equal(
      paramsProblem('textDocument/codeAction', {
        textDocument: { uri },
        range,
        context: { diagnostics: [{ range, message: 'm', code: 'c' }], triggerKind: 1 },
      }),
      undefined,
    );
    assert.equal(paramsProblem('stepwise/preview', { uri, environment: 'Test', channel: null }), undefined);
    assert.equal(paramsProblem('initialize', null), undefined); // not checked here
  });

  it('names the first wrong field', () => {
    assert.equal(
      paramsProblem('textDocument/codeAction', {
        textDocument: { uri },
        range,
        context: { diagnostics: [{ range: {}, message: 'm' }] },
      }),
      'params.context.diagnostics[0].range.start must be an object, not missing',
    );
    assert.equal(
      paramsProblem('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: {} }),
      'params.contentChanges must be an array, not an object',
    );
    assert.equal(
      paramsProblem('textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 0 } }),
      'params.position.line must be a non-negative integer, not number -1',
    );
  });
});
