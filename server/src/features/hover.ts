import type { Hover, HoverParams } from 'vscode-languageserver';
import { getHover } from '@stepwise/core/languageService';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/hover` */
export function provideHover(workspace: WorkspaceDocuments, params: HoverParams): Hover | null {
  const document = workspace.open(params.textDocument.uri);
  return (document && getHover(document, params.position)) ?? null;
}
