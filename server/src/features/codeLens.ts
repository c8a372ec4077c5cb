import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { getCodeLenses } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/codeLens`: above each step, where it runs per environment; each opens that environment's preview. */
export function provideCodeLenses(workspace: WorkspaceDocuments, params: CodeLensParams): CodeLens[] | null {
  const document = workspace.openNamed(params.textDocument.uri);
  return document ? getCodeLenses(document) : null;
}
