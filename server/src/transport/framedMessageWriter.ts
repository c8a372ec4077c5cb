import type { Writable } from 'node:stream';
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

/**
 * Writes LSP messages (`Content-Length: n\r\n\r\n` + n bytes of JSON) to a stream, header and body
 * in one write. vscode-jsonrpc's writer makes two writes per message, and waits for the first before
 * the second; stdout on a pipe writes synchronously, so that is two system calls (and two wake-ups of
 * the editor) for every answer, which was most of the time a hover took.
 */
export class FramedMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly output: Writable) {
    super();
    output.on('error', (error: Error) => this.fireError(error));
    output.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    let frame: Buffer;
    try {
      const body = Buffer.from(JSON.stringify(message), 'utf8');
      const header = `Content-Length: ${body.byteLength}\r\n\r\n`;
      frame = Buffer.allocUnsafe(header.length + body.byteLength);
      frame.write(header, 0, 'ascii');
      body.copy(frame, header.length);
    } catch (error) {
      this.fireError(error);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise((resolve, reject) => {
      this.output.write(frame, (error) => {
        if (!error) return resolve();
        this.fireError(error, message, ++this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.output.end();
  }
}
