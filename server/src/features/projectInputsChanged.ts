import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { oclProjectFolderOf } from '@stepwise/core/ocl/projectFolder';
import { isProcessFile } from '@stepwise/core/workspace/workspaceFiles';
import { ProjectInputsChangedNotification } from '../requestTypes';
import { isOclFile } from '../workspace/documentAnalysis';
import { pathOf } from '../workspace/uris';

/**
 * Tells the client which open process files' inputs changed without their own text changing: a
 * space file changes every process's targets and tenants; an `.ocl` file changes the other files
 * of its project folder. The client's own edits to a file it already follows are not repeated.
 */
export class ProjectInputsNotifier {
  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {}

  /** A space file changed (`changed`: the open one edited, if any). */
  spaceChanged(changed?: string): void {
    this.send(this.documents.all().filter((d) => d.uri !== changed && isProcessDocument(d)));
  }

  /** `.ocl` files at `paths` changed (`changed`: the open one edited, if any). */
  oclChanged(paths: string[], changed?: string): void {
    const folders = new Set(paths.map(oclProjectFolderOf));
    this.send(
      this.documents
        .all()
        .filter((d) => d.uri !== changed && isOclFile(d) && folders.has(oclProjectFolderOf(pathOf(d.uri) ?? ''))),
    );
  }

  private send(affected: TextDocument[]): void {
    if (affected.length)
      void this.connection
        .sendNotification(ProjectInputsChangedNotification.method, { uris: affected.map((d) => d.uri) })
        .catch(() => undefined);
  }
}

function isProcessDocument(document: TextDocument): boolean {
  return isOclFile(document) || document.languageId === 'stepwise-process' || isProcessFile(pathOf(document.uri) ?? '');
}
