import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './languageServer';
import { createStdioConnection } from './transport/stdioConnection';

// VS Code starts the server over IPC (no framing to go wrong); other editors and tests use --stdio.
startLanguageServer(process.argv.includes('--stdio') ? createStdioConnection() : createConnection(ProposedFeatures.all));
