import type { SemanticTokens, SemanticTokensParams, SemanticTokensRangeParams } from 'vscode-languageserver';
import { encodeSemanticTokens, getOclSemanticTokens, getSemanticTokens } from '@stepwise/core/languageService';
import type { Range } from '@stepwise/core/text';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/semanticTokens/full` (legend: SEMANTIC_TOKENS_LEGEND in the engine). */
export function provideSemanticTokens(workspace: WorkspaceDocuments, params: SemanticTokensParams): SemanticTokens {
  return { data: tokens(workspace, params.textDocument.uri) };
}

/** `textDocument/semanticTokens/range`: only the templates in view, for large files. */
export function provideSemanticTokensRange(
  workspace: WorkspaceDocuments,
  params: SemanticTokensRangeParams,
): SemanticTokens {
  return { data: tokens(workspace, params.textDocument.uri, params.range) };
}

function tokens(workspace: WorkspaceDocuments, uri: string, range?: Range): number[] {
  const ocl = workspace.openOcl(uri);
  if (ocl) return encodeSemanticTokens(getOclSemanticTokens(ocl.parsed, ocl.document, range));
  const document = workspace.open(uri);
  return document ? encodeSemanticTokens(getSemanticTokens(document, range)) : [];
}
