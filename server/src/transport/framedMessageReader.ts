import type { Readable } from 'node:stream';
import { AbstractMessageReader, Disposable, type DataCallback, type Message } from 'vscode-languageserver/node';

/**
 * Reads LSP messages (`Content-Length: n\r\n\r\n` + n bytes of JSON) from a stream and survives
 * broken framing. vscode-jsonrpc's own reader stops understanding the stream after one bad header
 * (no Content-Length, `abc`, `-5`, a wrong length), and the server goes deaf while still running.
 * This one reports each problem in one line and resynchronises at the next header, which a JSON
 * body can never contain: `Content-Length:` outside a string is not JSON, and a JSON string
 * cannot hold a raw line break.
 */
export class FramedMessageReader extends AbstractMessageReader {
  /** Bytes not yet read: a header, or part of a body. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The body length of the header just read; -1 while looking for a header. */
  private bodyLength = -1;
  /** The last bytes of an incomplete body, so a header split across chunks is still seen. */
  private tail = '';
  private callback: DataCallback | undefined;
  private readonly subscriptions: (() => void)[] = [];

  constructor(
    private readonly input: Readable,
    /** Where a framing problem is reported (one line each). */
    private readonly report: (message: string) => void,
    private readonly limits = {
      maxHeaderBytes: 8 * 1024,
      maxBodyBytes: 512 * 1024 * 1024,
      earlyParseBytes: 1024 * 1024,
    },
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer) => this.received(chunk);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('end', onClose);
    this.input.on('close', onClose);
    this.subscriptions.push(() => {
      this.input.off('data', onData);
      this.input.off('error', onError);
      this.input.off('end', onClose);
      this.input.off('close', onClose);
    });
    return Disposable.create(() => this.dispose());
  }

  override dispose(): void {
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
    super.dispose();
  }

  private received(chunk: Buffer): void {
    const before = this.pendingBytes;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.bodyLength >= 0 && this.pendingBytes < this.bodyLength && !this.bodyCutShort(before, chunk)) return;
    this.drain();
  }

  /** Reads every complete message in the buffer, resynchronising after bad framing. */
  private drain(): void {
    for (;;) {
      if (this.bodyLength < 0) {
        if (!this.readHeader()) return;
        continue;
      }
      if (this.pendingBytes < this.bodyLength) {
        this.tail = '';
        if (this.bodyCutShort(0, this.buffer())) continue;
        return;
      }
      const buffer = this.buffer();
      const body = buffer.subarray(0, this.bodyLength);
      const message = parseJson(body);
      if (message !== undefined) {
        this.consume(this.bodyLength);
        this.bodyLength = -1;
        this.deliver(message);
        continue;
      }
      // Too short a length, or a body that is not JSON: skip to the next header, wherever it is.
      const next = findHeader(
        buffer.toString('latin1', 0, Math.min(buffer.length, this.bodyLength + this.limits.maxHeaderBytes)),
        0,
      );
      this.report(
        `Stepwise: skipped a message whose ${this.bodyLength}-byte body is not JSON (is its Content-Length right?)`,
      );
      this.consume(next >= 0 && next < this.bodyLength ? next : this.bodyLength);
      this.bodyLength = -1;
    }
  }

  /**
   * While a body is incomplete: true (with the buffer read on) when the bytes so far show the length
   * was too large — a header follows them, or they already are a whole JSON message. Looks at the
   * new chunk only, so a large body arriving in many chunks is not rescanned.
   */
  private bodyCutShort(before: number, chunk: Buffer): boolean {
    const seen = this.tail + chunk.toString('latin1');
    const intruder = findFramedHeader(seen, 0);
    let end = -1;
    if (intruder >= 0) end = before - this.tail.length + intruder;
    else if (endsLikeJson(chunk) && this.pendingBytes <= this.limits.earlyParseBytes) end = this.pendingBytes;
    const message = end < 0 ? undefined : parseJson(this.buffer().subarray(0, end));
    if (end < 0 || (message === undefined && intruder < 0)) {
      this.tail = seen.slice(-HEADER_PROBE_OVERLAP);
      return false;
    }
    this.tail = '';
    this.report(
      `Stepwise: a message was shorter than its Content-Length of ${this.bodyLength} bytes; reading on from the next header`,
    );
    this.consume(end);
    this.bodyLength = -1;
    if (message !== undefined) this.deliver(message);
    return true;
  }

  /** Reads one header block; false when more bytes are needed. */
  private readHeader(): boolean {
    const buffer = this.buffer();
    const text = buffer.toString('latin1', 0, Math.min(buffer.length, 4 * this.limits.maxHeaderBytes));
    const start = findHeader(text, 0);
    if (start < 0) {
      // Keep a tail that may be the start of a header cut by the chunk boundary.
      const keep = Math.min(buffer.length, HEADER_PROBE_OVERLAP);
      this.skip(buffer.length - keep, buffer);
      return false;
    }
    if (start > 0) this.skip(start, buffer);
    const rest = text.slice(start);
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) {
      if (rest.length <= this.limits.maxHeaderBytes) return false;
      this.report(`Stepwise: skipped a message header longer than ${this.limits.maxHeaderBytes} bytes`);
      this.consume(HEADER_NAME_MIN);
      return true;
    }
    const parsed = parseHeader(rest.slice(0, end), this.limits.maxBodyBytes);
    if (typeof parsed === 'string') {
      this.report(`Stepwise: skipped a message with a bad header (${parsed}); reading on from the next header`);
      // Past this header's first name only: a good header may follow inside what looked like one block.
      this.consume(HEADER_NAME_MIN);
      return true;
    }
    this.consume(end + 4);
    this.bodyLength = parsed;
    return true;
  }

  /** Drops `count` bytes that are not a message, reporting them unless they are only whitespace. */
  private skip(count: number, buffer: Buffer): void {
    if (count <= 0) return;
    if (/\S/.test(buffer.toString('latin1', 0, Math.min(count, 4096))))
      this.report(`Stepwise: skipped ${count} bytes that are not an LSP message`);
    this.consume(count);
  }

  private deliver(message: unknown): void {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.report('Stepwise: skipped a message that is not a JSON object');
      return;
    }
    this.callback?.(message as Message);
  }

  private buffer(): Buffer {
    if (this.pending.length > 1) this.pending = [Buffer.concat(this.pending, this.pendingBytes)];
    return this.pending[0] ?? Buffer.alloc(0);
  }

  private consume(count: number): void {
    const rest = this.buffer().subarray(count);
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
  }
}

/** How far back a new chunk is searched for a header that a chunk boundary may have split. */
const HEADER_PROBE_OVERLAP = 64;
/** Bytes to step over a bad header's first name, so the search moves on. */
const HEADER_NAME_MIN = 'Content-Type:'.length;
const HEADER_NAME = /content-(?:length|type)\s*:/gi;
const FRAMED_HEADER = /content-length[ \t]*:[ \t]*\d+\r\n/gi;

/** Where the first header name is at or after `from`; -1 if none. */
function findHeader(text: string, from: number): number {
  HEADER_NAME.lastIndex = from;
  return HEADER_NAME.exec(text)?.index ?? -1;
}

/** Where a Content-Length line ending in a raw line break (impossible inside JSON) starts; -1 if none. */
function findFramedHeader(text: string, from: number): number {
  FRAMED_HEADER.lastIndex = from;
  return FRAMED_HEADER.exec(text)?.index ?? -1;
}

/** The body length of a header block, or what is wrong with it. */
function parseHeader(block: string, maxBodyBytes: number): number | string {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const field = /^([A-Za-z-]+)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!field) return `not a header field: ${JSON.stringify(line.slice(0, 40))}`;
    const name = field[1].toLowerCase();
    if (name === 'content-length') {
      if (length !== undefined) return 'two Content-Length fields';
      if (!/^\d+$/.test(field[2]))
        return `Content-Length is not a number of bytes: ${JSON.stringify(field[2].slice(0, 20))}`;
      length = Number(field[2]);
      if (length > maxBodyBytes) return `Content-Length ${field[2]} is more than ${maxBodyBytes} bytes`;
    } else if (name === 'content-type') {
      const charset = /charset=([^;\s]+)/i.exec(field[2])?.[1].replace(/"/g, '').toLowerCase();
      if (charset && charset !== 'utf-8' && charset !== 'utf8') return `unsupported charset ${charset}`;
    }
  }
  return length ?? 'no Content-Length';
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Whether the last non-space byte closes an object: only then can the bytes be a whole message. */
function endsLikeJson(buffer: Buffer): boolean {
  for (let i = buffer.length - 1; i >= 0; i--) {
    const b = buffer[i];
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    return b === 0x7d; // }
  }
  return false;
}
