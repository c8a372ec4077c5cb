import type { DocumentSymbol, DocumentSymbolParams } from 'vscode-languageserver';
import { getDocumentSymbols, getOclDocumentSymbols } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/documentSymbol`: the outline. */
export function provideDocumentSymbols(
  workspace: WorkspaceDocuments,
  params: DocumentSymbolParams,
): DocumentSymbol[] | null {
  const ocl = workspace.openOcl(params.textDocument.uri);
  if (ocl) return getOclDocumentSymbols(ocl.parsed);
  const document = workspace.open(params.textDocument.uri);
  return document ? getDocumentSymbols(document) : null;
}
