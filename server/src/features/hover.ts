import type { Hover, HoverParams } from 'vscode-languageserver';
import { getHover, getOclHover } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/hover` */
export function provideHover(workspace: WorkspaceDocuments, params: HoverParams): Hover | null {
  const ocl = workspace.openOcl(params.textDocument.uri);
  if (ocl) return getOclHover(ocl.parsed, ocl.path, ocl.document, params.position) ?? null;
  const document = workspace.open(params.textDocument.uri);
  return (document && getHover(document, params.position)) ?? null;
}
