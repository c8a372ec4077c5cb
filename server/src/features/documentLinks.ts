import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';
import { getDocumentLinks } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/documentLink`: package and feed pages where a URL is known. */
export function provideDocumentLinks(workspace: WorkspaceDocuments, params: DocumentLinkParams): DocumentLink[] | null {
  const document = workspace.open(params.textDocument.uri);
  return document ? getDocumentLinks(document) : null;
}
