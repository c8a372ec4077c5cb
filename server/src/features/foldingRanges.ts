import type { FoldingRange, FoldingRangeParams } from 'vscode-languageserver';
import { getFoldingRanges } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/foldingRange` */
export function provideFoldingRanges(workspace: WorkspaceDocuments, params: FoldingRangeParams): FoldingRange[] | null {
  const document = workspace.open(params.textDocument.uri);
  return document ? getFoldingRanges(document) : null;
}
