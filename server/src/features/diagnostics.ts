import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '@stepwise/core';
import { toLspDiagnostic } from '../protocol';
import type { AnalysisCache } from '../workspace/documentAnalysis';
import { errorLine } from '../errorLine';

/**
 * Publishes diagnostics for open process and space files. Validation runs on the next turn of
 * the event loop after a change, so a burst of edits costs one validation, with no fixed delay.
 */
export class DiagnosticsFeature {
  private readonly pending = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyses: AnalysisCache,
  ) {}

  schedule(uri: string): void {
    this.pending.add(uri);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const uris = [...this.pending];
      this.pending.clear();
      for (const u of uris) this.publish(u);
    });
  }

  scheduleAll(): void {
    for (const document of this.documents.all()) this.schedule(document.uri);
  }

  clear(uri: string): void {
    this.pending.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private publish(uri: string): void {
    const document = this.documents.get(uri);
    if (!document) return;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = this.analyses.get(document).diagnostics;
    } catch (error) {
      // A bug in a check must never take the server down; say so where the user looks.
      this.connection.console.error(`Stepwise: checking ${uri} failed: ${errorLine(error)}`);
      diagnostics = [
        {
          severity: 'error',
          code: 'internal-error',
          message: `Stepwise could not check this file: ${(error as Error).message}. Please report this.`,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        },
      ];
    }
    void this.connection.sendDiagnostics({
      uri,
      version: document.version,
      diagnostics: diagnostics.map(toLspDiagnostic),
    });
  }
}
