import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { Message } from 'vscode-languageserver/node';
import { FramedMessageReader } from './framedMessageReader';
import { FramedMessageWriter } from './framedMessageWriter';

/** A stream that keeps each write apart. */
function recorder() {
  const writes: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, writes };
}

const hover = (id: number): Message =>
  ({ jsonrpc: '2.0', id, result: { contents: { kind: 'markdown', value: `**Größe** — ${id} ✓` } } }) as Message;

describe('FramedMessageWriter', () => {
  it('writes each message as one frame: a header with the body length in bytes, then the body', async () => {
    const { stream, writes } = recorder();
    const writer = new FramedMessageWriter(stream);
    await writer.write(hover(1));
    await writer.write(hover(2));
    assert.equal(writes.length, 2);
    for (const [i, frame] of writes.entries()) {
      const text = frame.toString('utf8');
      const [header, body] = text.split('\r\n\r\n');
      assert.equal(header, `Content-Length: ${Buffer.byteLength(body, 'utf8')}`);
      assert.deepEqual(JSON.parse(body), hover(i + 1));
    }
  });

  it('what it writes, the reader reads back as the same messages, in order', async () => {
    const pipe = new PassThrough();
    const writer = new FramedMessageWriter(pipe);
    const reader = new FramedMessageReader(pipe, (problem) => assert.fail(problem));
    const received: Message[] = [];
    const all = new Promise<void>((resolve) =>
      reader.listen((message) => {
        received.push(message);
        if (received.length === 50) resolve();
      }),
    );
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer.write(hover(i))));
    await all;
    assert.deepEqual(
      received,
      Array.from({ length: 50 }, (_, i) => hover(i)),
    );
  });

  it('a write that fails is reported and rejected, not thrown', async () => {
    const failing = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('pipe closed'));
      },
    });
    failing.on('error', () => undefined);
    const writer = new FramedMessageWriter(failing);
    const errors: unknown[] = [];
    writer.onError(([error, message, count]) => errors.push([error.message, message?.jsonrpc, count]));
    await assert.rejects(writer.write(hover(1)), /pipe closed/);
    assert.deepEqual(errors[0], ['pipe closed', '2.0', 1]);
  });
});
