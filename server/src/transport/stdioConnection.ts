import { format } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { FramedMessageReader } from './framedMessageReader';

/**
 * An LSP connection over stdin/stdout that survives broken framing (see {@link FramedMessageReader}).
 * stdout carries only messages: console output goes to stderr, as does every framing problem.
 */
export function createStdioConnection(): Connection {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    console[level] = (...args: unknown[]) => void process.stderr.write(format(...args) + '\n');
  }
  let shutdownRequested = false;
  const reader = new FramedMessageReader(process.stdin, (message) => process.stderr.write(message + '\n'));
  reader.onClose(() => process.exit(shutdownRequested ? 0 : 1));
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
  connection.onShutdown(() => {
    shutdownRequested = true;
  });
  return connection;
}
