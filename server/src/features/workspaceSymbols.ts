import type { SymbolInformation, WorkspaceSymbolParams } from 'vscode-languageserver';
import { getWorkspaceSymbols } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `workspace/symbol`: open documents and the process and space files under the workspace folders. */
export function provideWorkspaceSymbols(
  workspace: WorkspaceDocuments,
  params: WorkspaceSymbolParams,
): SymbolInformation[] {
  return getWorkspaceSymbols(workspace.all(), params.query);
}
