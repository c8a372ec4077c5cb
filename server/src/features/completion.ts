import type { CompletionList, CompletionParams } from 'vscode-languageserver';
import { getCompletions } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/completion`: the engine's items, passed through (they are LSP-shaped). */
export function provideCompletion(workspace: WorkspaceDocuments, params: CompletionParams): CompletionList | null {
  const document = workspace.open(params.textDocument.uri);
  if (!document) return null;
  return getCompletions(document, params.position, { triggerCharacter: params.context?.triggerCharacter });
}
