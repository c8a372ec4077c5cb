import { TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseYaml } from '../../core/src/yaml/parseYaml';

const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
    serverInfo: { name: 'stepwise' },
  }));
  documents.onDidChangeContent(({ document }) => {
    const diagnostics = parseYaml(document.getText()).diagnostics.map((d) => ({
      range: d.range,
      severity: SEVERITY[d.severity],
      code: d.code,
      source: 'stepwise',
      message: d.message,
    }));
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  });
  documents.listen(connection);
  connection.listen();
}
