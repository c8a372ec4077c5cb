import type { DocumentFormattingParams, TextEdit } from 'vscode-languageserver';
import { formatOcl } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/formatting`: OCL files as Octopus writes them (process files keep their own layout). */
export function provideFormatting(workspace: WorkspaceDocuments, params: DocumentFormattingParams): TextEdit[] | null {
  const ocl = workspace.openOcl(params.textDocument.uri);
  return ocl ? formatOcl(ocl.parsed) : null;
}
