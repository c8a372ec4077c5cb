import {
  LSPErrorCodes,
  ResponseError,
  type PrepareRenameParams,
  type Range,
  type RenameParams,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { LanguageServiceError, prepareRename, rename } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/prepareRename`: the name's range, or an error the editor shows. */
export function providePrepareRename(
  workspace: WorkspaceDocuments,
  params: PrepareRenameParams,
): { range: Range; placeholder: string } | null | ResponseError<void> {
  const document = workspace.openNamed(params.textDocument.uri);
  if (!document) return null;
  return refusing(() => prepareRename(document, params.position, workspace.related(document)));
}

/**
 * `textDocument/rename`: edits to the process file, the space file (read from disk when it is not
 * open) and the other process files deploying into it; a clashing name is refused with an error.
 */
export function provideRename(
  workspace: WorkspaceDocuments,
  params: RenameParams,
): WorkspaceEdit | null | ResponseError<void> {
  const document = workspace.openNamed(params.textDocument.uri);
  if (!document) return null;
  return refusing(() => rename(document, params.position, params.newName, workspace.related(document)));
}

function refusing<T>(run: () => T): T | ResponseError<void> {
  try {
    return run();
  } catch (error) {
    if (error instanceof LanguageServiceError) return new ResponseError(LSPErrorCodes.RequestFailed, error.message);
    throw error;
  }
}
