import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './languageServer';

startLanguageServer(createConnection(ProposedFeatures.all));
