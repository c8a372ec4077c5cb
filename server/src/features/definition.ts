import type {
  DefinitionParams,
  DocumentHighlight,
  DocumentHighlightParams,
  Location,
  ReferenceParams,
} from 'vscode-languageserver';
import { getDefinition, getDocumentHighlights, getReferences } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/definition`: may point into the space file, opened or not. */
export function provideDefinition(workspace: WorkspaceDocuments, params: DefinitionParams): Location[] | null {
  const document = workspace.openNamed(params.textDocument.uri);
  if (!document) return null;
  return getDefinition(document, params.position, workspace.withSpace(document));
}

/** `textDocument/references`: across the process file, the space file and the process files sharing it. */
export function provideReferences(workspace: WorkspaceDocuments, params: ReferenceParams): Location[] | null {
  const document = workspace.openNamed(params.textDocument.uri);
  if (!document) return null;
  return getReferences(document, params.position, workspace.related(document), params.context.includeDeclaration);
}

/** `textDocument/documentHighlight` */
export function provideDocumentHighlights(
  workspace: WorkspaceDocuments,
  params: DocumentHighlightParams,
): DocumentHighlight[] | null {
  const document = workspace.openNamed(params.textDocument.uri);
  return document ? getDocumentHighlights(document, params.position) : null;
}
