import { format } from 'node:util';
import {
  createConnection,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  type Connection,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { FramedMessageReader } from './framedMessageReader';
import { FramedMessageWriter } from './framedMessageWriter';
import { checkingParams } from './paramsCheck';

/** Problems with what the client sent: one line each on stderr, which every LSP client shows in its log. */
const log = (line: string) => void process.stderr.write(line + '\n');

/**
 * The server's connection. Over `stdio`, framing problems are survived ({@link FramedMessageReader}),
 * each message is written in one piece ({@link FramedMessageWriter}), and stdout carries only messages (console output goes to stderr). Over `ipc` (how VS Code starts
 * it) there is no framing. Either way, params are checked before any handler runs ({@link checkingParams}).
 */
export function createServerConnection(transport: 'stdio' | 'ipc'): Connection {
  let reader: MessageReader;
  let writer: MessageWriter;
  if (transport === 'stdio') {
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
      console[level] = (...args: unknown[]) => log(format(...args));
    let shutdownRequested = false;
    reader = new FramedMessageReader(process.stdin, log);
    writer = new FramedMessageWriter(process.stdout);
    reader.onClose(() => process.exit(shutdownRequested ? 0 : 1));
    const connection = createConnection(ProposedFeatures.all, reader, writer, {
      messageStrategy: checkingParams(writer, log),
    });
    connection.onShutdown(() => {
      shutdownRequested = true;
    });
    return connection;
  }
  reader = new IPCMessageReader(process);
  writer = new IPCMessageWriter(process);
  return createConnection(ProposedFeatures.all, reader, writer, { messageStrategy: checkingParams(writer, log) });
}
