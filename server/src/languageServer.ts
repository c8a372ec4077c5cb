import { CodeActionKind, TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { provideCodeActions } from './features/codeActions';
import { DiagnosticsFeature } from './features/diagnostics';
import { registerDeploymentProcessRequest } from './features/deploymentProcess';
import { registerPreviewRequests } from './features/preview';
import { AnalysisCache } from './workspace/documentAnalysis';
import { isSpaceFile, SpaceLocator } from './workspace/spaceLocator';
import { pathOf } from './workspace/uris';

/** Wires the engine to an LSP connection. Every handler is guarded: bad input never ends the server. */
export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const openText = (file: string): string | undefined => {
    for (const d of documents.all()) if (pathOf(d.uri) === file) return d.getText();
    return undefined;
  };
  const spaces = new SpaceLocator(openText);
  const analyses = new AnalysisCache(spaces);
  const diagnostics = new DiagnosticsFeature(connection, documents, analyses);

  /** Runs a request handler; a failure is logged and answered with `fallback`, never thrown. */
  const guard =
    <P, R>(name: string, fallback: R, handler: (params: P) => R) =>
    (params: P): R => {
      try {
        return handler(params);
      } catch (error) {
        connection.console.error(`Stepwise: ${name} failed: ${(error as Error).stack ?? error}`);
        return fallback;
      }
    };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'stepwise', version: '0.1.0' },
  }));

  const spaceFileChanged = () => {
    analyses.spacesChanged();
    diagnostics.scheduleAll();
  };
  documents.onDidChangeContent(({ document }) => {
    if (isSpaceFile(pathOf(document.uri) ?? '')) spaceFileChanged();
    else diagnostics.schedule(document.uri);
  });
  documents.onDidClose(({ document }) => {
    analyses.forget(document.uri);
    diagnostics.clear(document.uri);
    if (isSpaceFile(pathOf(document.uri) ?? '')) spaceFileChanged();
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (changes.some((c) => isSpaceFile(pathOf(c.uri) ?? ''))) spaceFileChanged();
  });
  connection.onCodeAction(guard('code actions', [], provideCodeActions));
  registerPreviewRequests(connection, documents, analyses);
  registerDeploymentProcessRequest(connection, documents, analyses);

  process.on('uncaughtException', (error) => connection.console.error(`Stepwise: unexpected error: ${error.stack ?? error}`));
  documents.listen(connection);
  connection.listen();
}
