import { CodeActionKind, FileChangeType, TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { provideCodeActions } from './features/codeActions';
import { DiagnosticsFeature, pathOf } from './features/diagnostics';
import { isSpaceFile, SpaceLocator } from './workspace/spaceLocator';

/** Wires the engine to an LSP connection. Every handler is guarded: bad input never ends the server. */
export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const openText = (file: string): string | undefined => {
    for (const d of documents.all()) if (pathOf(d.uri) === file) return d.getText();
    return undefined;
  };
  const spaces = new SpaceLocator(openText);
  const diagnostics = new DiagnosticsFeature(connection, documents, spaces);

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'stepwise', version: '0.1.0' },
  }));

  documents.onDidChangeContent(({ document }) => {
    const file = pathOf(document.uri);
    if (file && isSpaceFile(file)) {
      spaces.invalidate();
      diagnostics.scheduleAllProcessFiles();
    }
    diagnostics.schedule(document.uri);
  });
  documents.onDidClose(({ document }) => {
    diagnostics.clear(document.uri);
    const file = pathOf(document.uri);
    if (file && isSpaceFile(file)) diagnostics.scheduleAllProcessFiles();
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (changes.some((c) => isSpaceFile(pathOf(c.uri) ?? ''))) {
      if (changes.some((c) => c.type !== FileChangeType.Changed)) spaces.invalidate();
      diagnostics.scheduleAllProcessFiles();
    }
  });
  connection.onCodeAction((params) => {
    try {
      return provideCodeActions(params);
    } catch (error) {
      connection.console.error(`Stepwise: code actions failed: ${(error as Error).stack ?? error}`);
      return [];
    }
  });

  process.on('uncaughtException', (error) => connection.console.error(`Stepwise: unexpected error: ${error.stack ?? error}`));
  documents.listen(connection);
  connection.listen();
}
