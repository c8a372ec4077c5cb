import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../../test/support/paths';
import { RawLspProcess } from '../../../test/support/rawLspProcess';

const frame = RawLspProcess.frame;
const body = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'workspace/symbol', params: { query: 'x' } });

/** Broken messages as an editor or a proxy might write them; each is followed by a good request. */
const broken: { name: string; bytes: (id: number) => string | Buffer }[] = [
  {
    name: 'no Content-Length',
    bytes: (id) => `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body(id)}`,
  },
  { name: 'Content-Length: abc', bytes: (id) => `Content-Length: abc\r\n\r\n${body(id)}` },
  { name: 'Content-Length: -5', bytes: (id) => `Content-Length: -5\r\n\r\n${body(id)}` },
  { name: 'a length too small', bytes: (id) => `Content-Length: 10\r\n\r\n${body(id)}` },
  { name: 'a length too large', bytes: (id) => `Content-Length: ${body(id).length + 40}\r\n\r\n${body(id)}` },
  { name: 'a length past any buffer', bytes: (id) => `Content-Length: 99999999999999\r\n\r\n${body(id)}` },
  {
    name: 'two Content-Length fields',
    bytes: (id) => `Content-Length: 5\r\nContent-Length: ${body(id).length}\r\n\r\n${body(id)}`,
  },
  {
    name: 'two header blocks',
    bytes: (id) => `Content-Length: 30\r\n\r\nContent-Length: ${body(id).length}\r\n\r\n${body(id)}`,
  },
  { name: 'bytes that are no message', bytes: () => 'hello\r\n\r\n\u0000\u00ff garbage {"jsonrpc"' },
  { name: 'a body that is not JSON', bytes: () => frame('{"jsonrpc":"2.0","id":') },
  { name: 'a body that is JSON but no message', bytes: () => frame('[1,2,3]') },
  {
    name: 'a charset the server cannot read',
    bytes: (id) =>
      `Content-Length: ${body(id).length}\r\nContent-Type: application/json; charset=utf-16\r\n\r\n${body(id)}`,
  },
];

/** A request the server always answers, to prove it still listens. */
async function answers(server: RawLspProcess): Promise<void> {
  const response = await server.request('workspace/symbol', { query: '' });
  assert.deepEqual(response.error, undefined);
  assert.ok(Array.isArray(response.result));
}

describe('broken framing over stdio: the server reads on from the next header', () => {
  for (const { name, bytes } of broken) {
    it(`${name}: answers the next request, in a separate write and in the same write`, async () => {
      const server = await RawLspProcess.start();
      try {
        server.write(bytes(server.takeId()));
        await answers(server);
        // The broken message and the next good one arriving together, in one chunk.
        const id = server.takeId();
        server.write(Buffer.concat([Buffer.from(bytes(server.takeId())), frame(body(id))]));
        assert.ok(Array.isArray((await server.response(id)).result));
        assert.ok(server.alive);
        await server.stderrMatching(/^Stepwise: (skipped|a message was shorter)/m);
        assert.doesNotMatch(server.stderr, /\n\s+at /); // one line per problem, no stack trace
      } finally {
        await server.stop();
      }
    });
  }

  it('answers a request whose Content-Length was too large, once its JSON is complete', async () => {
    const server = await RawLspProcess.start();
    try {
      const id = server.takeId();
      server.write(`Content-Length: ${body(id).length + 100}\r\n\r\n${body(id)}`);
      assert.ok(Array.isArray((await server.response(id)).result));
    } finally {
      await server.stop();
    }
  });

  it('reads a large message that arrives in many small chunks', async () => {
    const server = await RawLspProcess.start();
    try {
      const id = server.takeId();
      const big = frame({
        jsonrpc: '2.0',
        id,
        method: 'workspace/symbol',
        params: { query: 'x'.repeat(200_000) + '}' },
      });
      for (let at = 0; at < big.length; at += 997) server.write(big.subarray(at, at + 997));
      assert.ok(Array.isArray((await server.response(id)).result));
      assert.equal(server.stderr.match(/^Stepwise: /gm), null);
    } finally {
      await server.stop();
    }
  });

  it('stepwise lsp --stdio reads on too', async () => {
    const server = await RawLspProcess.start([
      process.execPath,
      path.join(repoRoot, 'bin', 'stepwise.js'),
      'lsp',
      '--stdio',
    ]);
    try {
      server.write(`Content-Length: abc\r\n\r\n${body(server.takeId())}`);
      await answers(server);
    } finally {
      await server.stop();
    }
  });

  it('exits when stdin closes, 0 after shutdown and 1 without', async () => {
    const clean = await RawLspProcess.start();
    assert.equal(await clean.stop(), 0);
    const abrupt = await RawLspProcess.start();
    abrupt.write(Buffer.alloc(0));
    (abrupt as unknown as { child: { stdin: { end(): void } } }).child.stdin.end();
    await abrupt.exited;
    assert.equal(abrupt.exitCode, 1);
  });
});
