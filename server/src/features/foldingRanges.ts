import type { FoldingRange, FoldingRangeParams } from 'vscode-languageserver';
import { getFoldingRanges, getOclFoldingRanges } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/foldingRange` */
export function provideFoldingRanges(workspace: WorkspaceDocuments, params: FoldingRangeParams): FoldingRange[] | null {
  const ocl = workspace.openOcl(params.textDocument.uri);
  if (ocl) return getOclFoldingRanges(ocl.parsed);
  const document = workspace.open(params.textDocument.uri);
  return document ? getFoldingRanges(document) : null;
}
