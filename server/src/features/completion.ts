import type { CompletionList, CompletionParams } from 'vscode-languageserver';
import { getCompletions, getOclCompletions } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/completion`: the engine's items, passed through (they are LSP-shaped). */
export function provideCompletion(workspace: WorkspaceDocuments, params: CompletionParams): CompletionList | null {
  const triggerCharacter = params.context?.triggerCharacter;
  const ocl = workspace.openOcl(params.textDocument.uri);
  // In OCL a typed space opens nothing (values follow `=`, names start lines).
  if (ocl)
    return triggerCharacter === ' '
      ? { isIncomplete: false, items: [] }
      : getOclCompletions(ocl.parsed, ocl.path, ocl.document, params.position, { triggerCharacter });
  const document = workspace.open(params.textDocument.uri);
  if (!document) return null;
  return getCompletions(document, params.position, { triggerCharacter });
}
