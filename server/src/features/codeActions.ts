import type { CodeAction, CodeActionParams } from 'vscode-languageserver';
import { getCodeActions } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/**
 * `textDocument/codeAction`: quick fixes for the diagnostics in the request (did-you-mean, quote a
 * cut-off template, create a variable, remove a duplicate) and step refactorings at the cursor.
 */
export function provideCodeActions(workspace: WorkspaceDocuments, params: CodeActionParams): CodeAction[] {
  const document = workspace.open(params.textDocument.uri);
  if (!document) return [];
  const only = params.context.only;
  const actions = getCodeActions(document, params.range, params.context.diagnostics);
  return only ? actions.filter((a) => only.some((kind) => a.kind === kind || a.kind.startsWith(`${kind}.`))) : actions;
}
