import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './languageServer';
import { createServerConnection } from './transport/serverConnection';

// VS Code starts the server with --node-ipc; other editors and tests use --stdio. Anything else
// (--socket, --pipe) is left to vscode-languageserver, without the checks of createServerConnection.
const argv = process.argv.slice(2);
startLanguageServer(
  argv.includes('--stdio')
    ? createServerConnection('stdio')
    : argv.includes('--node-ipc')
      ? createServerConnection('ipc')
      : createConnection(ProposedFeatures.all),
);
