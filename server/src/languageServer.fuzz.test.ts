// Fuzzer: the real language server over stdio. Each batch makes random edits (didChange) to open
// process files, sends random requests at random positions and requests with params of the wrong
// type, then writes malformed bytes (broken framing, bad JSON) and probes that the server still
// answers. The server must answer every well-framed request without an internal error, never
// crash, and keep answering after the garbage.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fuzzIterations, fuzzSeed, Random, reproduce } from '../../test/support/fuzz';
import { fileUri } from '../../test/support/paths';
import { RawLspProcess, type RawResponse } from '../../test/support/rawLspProcess';
import { editorAppPath, editorDir, editorOtherPath } from '../../test/support/serviceDocuments';

const FILE = 'server/src/languageServer.fuzz.test.ts';
const SNIPPETS = [
  '',
  '\n',
  '  ',
  '- ',
  ': ',
  '"',
  "'",
  '#',
  '#{',
  '}',
  '#{Greeting}',
  '#{Greeting | Replace "(a+)+$" x}',
  ' | ToUpper',
  '[',
  ']',
  '{',
  ',',
  'name: Step',
  'steps:\n  - name: X\n    type: script\n    script: echo\n',
  'environments: [Production]',
  'type: ',
  'script: |\n  echo #{A}\n',
  '\t',
  '\r\n',
  'ñ😀',
  'variables:\n  A: 1\n',
  '&a ',
  '*a',
  '!!str ',
  '---\n',
  '...\n',
  '? ',
  'value: #{each s in Servers}#{s}#{/each}',
];
const POSITION_METHODS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentHighlight',
  'textDocument/prepareRename',
  'textDocument/rename',
];
const DOCUMENT_METHODS = [
  'textDocument/documentSymbol',
  'textDocument/foldingRange',
  'textDocument/semanticTokens/full',
  'textDocument/documentLink',
  'textDocument/codeLens',
  'textDocument/semanticTokens/range',
  'textDocument/codeAction',
  'stepwise/preview',
  'stepwise/comparePreviews',
  'stepwise/deploymentOptions',
  'stepwise/deploymentProcess',
];
const WRONG_VALUES: unknown[] = [null, 5, -1, 'x', [], {}, true, 1.5, { line: 'a' }];

/** Broken bytes; each ends where a following well-framed message is still recognisable. */
function malformed(r: Random): string {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 'lost', method: 'workspace/symbol', params: { query: '' } });
  switch (r.int(9)) {
    case 0:
      return `Content-Type: application/json\r\n\r\n${body}`;
    case 1:
      return `Content-Length: ${r.pick(['abc', '-5', '', '1e3', '0x10', '99999999999999'])}\r\n\r\n${body}`;
    case 2:
      return `Content-Length: ${r.int(body.length)}\r\n\r\n${body}`;
    case 3:
      return `Content-Length: ${body.length + 1 + r.int(100)}\r\n\r\n${body}`;
    case 4:
      return `Content-Length: 5\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    case 5:
      return RawLspProcess.frame(body.slice(0, r.int(body.length))).toString('utf8');
    case 6:
      return RawLspProcess.frame(
        r.pick(['[]', '1', '"x"', 'null', '{}', '{"jsonrpc":"2.0"}', '{"id":1}', '{"jsonrpc":"2.0","method":5}']),
      ).toString('utf8');
    case 7:
      return r.string(r.int(60), 'ab{}[]":,\r\n Content-Length:0123456789\u0000');
    default:
      return `Content-Length: 20\r\n\r\n`;
  }
}

function randomPosition(r: Random, document: TextDocument) {
  if (r.chance(0.1)) return { line: document.lineCount + r.int(3), character: r.int(5) };
  const offset = r.int(document.getText().length + 1);
  const position = document.positionAt(offset);
  return r.chance(0.1) ? { line: position.line, character: position.character + r.int(200) } : position;
}

function validParams(r: Random, method: string, uri: string, document: TextDocument): unknown {
  const textDocument = { uri };
  const position = randomPosition(r, document);
  const range = { start: position, end: randomPosition(r, document) };
  switch (method) {
    case 'textDocument/rename':
      return { textDocument, position, newName: r.pick(['Renamed', '', 'a b', '#{x}']) };
    case 'textDocument/references':
      return { textDocument, position, context: { includeDeclaration: r.chance(0.5) } };
    case 'textDocument/completion':
      return { textDocument, position, context: { triggerKind: 1 } };
    case 'textDocument/semanticTokens/range':
      return { textDocument, range };
    case 'textDocument/codeAction':
      return {
        textDocument,
        range,
        context: {
          diagnostics: r.chance(0.5) ? [] : [{ range, message: 'm', code: r.pick(['unknown-variable', 'x', 1]) }],
        },
      };
    case 'stepwise/preview':
      return {
        uri,
        environment: r.pick(['Test', 'Production', 'Nowhere']),
        tenant: r.chance(0.3) ? r.pick(['Acme', 'Nobody']) : undefined,
        variables: r.chance(0.3) ? { A: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' } : undefined,
      };
    case 'stepwise/comparePreviews': {
      const side = () => ({
        environment: r.pick(['Test', 'Production', 'Nowhere']),
        tenant: r.chance(0.5) ? r.pick(['Acme', 'Globex', 'Nobody']) : undefined,
      });
      return { uri, left: side(), right: side() };
    }
    case 'stepwise/deploymentOptions':
    case 'stepwise/deploymentProcess':
      return { uri };
    default:
      return POSITION_METHODS.includes(method) ? { textDocument, position } : { textDocument };
  }
}

/** Replaces one field, somewhere in the params, with a value of the wrong type. */
function corrupt(r: Random, params: unknown): unknown {
  if (params === null || typeof params !== 'object' || r.chance(0.2)) return r.pick(WRONG_VALUES);
  const copy: Record<string, unknown> = { ...(params as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (!keys.length) return r.pick(WRONG_VALUES);
  const key = r.pick(keys);
  copy[key] = r.chance(0.5) ? corrupt(r, copy[key]) : r.pick(WRONG_VALUES);
  if (r.chance(0.2)) delete copy[key];
  return copy;
}

describe('language server fuzzer (stdio)', () => {
  it('keeps answering through random edits, requests and malformed messages', { timeout: 900_000 }, async () => {
    const seed = fuzzSeed();
    const r = new Random(seed);
    const batches = fuzzIterations(6);
    const server = await RawLspProcess.start(undefined, fileUri(editorDir));
    const documents = new Map<string, TextDocument>();
    for (const path of [editorAppPath, editorOtherPath]) {
      const uri = fileUri(path);
      documents.set(uri, TextDocument.create(uri, 'stepwise-process', 1, readFileSync(path, 'utf8')));
      server.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'stepwise-process', version: 1, text: documents.get(uri)!.getText() },
      });
    }
    const counts = { edits: 0, requests: 0, wrongParams: 0, malformed: 0, probes: 0 };
    try {
      for (let batch = 0; batch < batches; batch++) {
        const where = reproduce(FILE, seed, batch);
        const pending: { method: string; params: unknown; response: Promise<RawResponse> }[] = [];
        for (let step = 0; step < 25; step++) {
          const uri = r.pick([...documents.keys()]);
          let document = documents.get(uri)!;
          if (r.chance(0.4)) {
            const start = r.int(document.getText().length + 1);
            const end = Math.min(document.getText().length, start + (r.chance(0.5) ? 0 : r.int(20)));
            const change = r.chance(0.05)
              ? { text: r.pick(SNIPPETS).repeat(1 + r.int(3)) }
              : { range: { start: document.positionAt(start), end: document.positionAt(end) }, text: r.pick(SNIPPETS) };
            document = TextDocument.update(document, [change], document.version + 1);
            documents.set(uri, document);
            server.notify('textDocument/didChange', {
              textDocument: { uri, version: document.version },
              contentChanges: [change],
            });
            counts.edits++;
          } else if (r.chance(0.8)) {
            const method = r.chance(0.1) ? 'workspace/symbol' : r.pick([...POSITION_METHODS, ...DOCUMENT_METHODS]);
            const params =
              method === 'workspace/symbol'
                ? { query: r.pick(['', 'Build', 'x']) }
                : validParams(r, method, uri, document);
            pending.push({ method, params, response: server.request(method, params) });
            counts.requests++;
          } else {
            const method = r.pick([...POSITION_METHODS, ...DOCUMENT_METHODS, 'workspace/symbol']);
            const params = corrupt(r, validParams(r, method, uri, document));
            pending.push({ method, params, response: server.request(method, params) });
            counts.wrongParams++;
          }
        }
        for (const { method, params, response } of pending) {
          const answer = await response.catch((error: Error) =>
            assert.fail(`${method} ${JSON.stringify(params)}: ${error.message}\n${where}`),
          );
          assert.notEqual(
            answer.error?.code,
            -32603,
            `internal error for ${method} ${JSON.stringify(params)}: ${answer.error?.message}\n${where}`,
          );
        }
        for (let k = 1 + r.int(3); k > 0; k--) {
          server.write(malformed(r));
          counts.malformed++;
        }
        const probe = await server
          .request('workspace/symbol', { query: '' })
          .catch((error: Error) => assert.fail(`${error.message}\n${where}`));
        assert.ok(Array.isArray(probe.result), `${JSON.stringify(probe)}\n${where}`);
        counts.probes++;
        assert.ok(server.alive, where);
        const crash = /Stepwise: (unexpected error|[^\n]* failed: )/.exec(logText(server));
        assert.equal(crash, null, `a handler threw: ${crash?.input.slice(crash.index, crash.index + 500)}\n${where}`);
      }
    } finally {
      console.log(
        `language server fuzzer: ${batches} batches, ${counts.edits} edits, ${counts.requests} requests, ${counts.wrongParams} with wrong params, ${counts.malformed} malformed messages, ${counts.probes} probes answered, seed ${seed}`,
      );
      await server.stop();
    }
  });
});

/** What the server logged: stderr and its window/logMessage notifications. */
function logText(server: RawLspProcess): string {
  const messages = server.received
    .filter((m) => m.method === 'window/logMessage')
    .map((m) => (m.params as { message: string }).message);
  return server.stderr + '\n' + messages.join('\n');
}
