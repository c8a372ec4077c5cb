import type { SemanticTokens, SemanticTokensParams, SemanticTokensRangeParams } from 'vscode-languageserver';
import { encodeSemanticTokens, getSemanticTokens } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/semanticTokens/full` (legend: SEMANTIC_TOKENS_LEGEND in the engine). */
export function provideSemanticTokens(workspace: WorkspaceDocuments, params: SemanticTokensParams): SemanticTokens {
  const document = workspace.open(params.textDocument.uri);
  return { data: document ? encodeSemanticTokens(getSemanticTokens(document)) : [] };
}

/** `textDocument/semanticTokens/range`: only the templates in view, for large files. */
export function provideSemanticTokensRange(
  workspace: WorkspaceDocuments,
  params: SemanticTokensRangeParams,
): SemanticTokens {
  const document = workspace.open(params.textDocument.uri);
  return { data: document ? encodeSemanticTokens(getSemanticTokens(document, params.range)) : [] };
}
