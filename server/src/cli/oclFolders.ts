/**
 * Finding a project's OCL files on disk. A project folder is `.octopus/` or one of its
 * sub-folders (`.octopus/backend/`); its runbooks sit in `runbooks/` below it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isOclProjectFile, type OclFile } from '@stepwise/core';

export { oclProjectFolderOf, oclProjectName } from '@stepwise/core/ocl/projectFolder';

/**
 * The project files in `folder` (paths relative to it, with `/`); files that cannot be read are
 * skipped. `known(relative)` gives a file's text when the caller has it (an open editor's), so
 * that file is not read from disk.
 */
export function readOclProjectFolder(folder: string, known?: (relative: string) => string | undefined): OclFile[] {
  const files: OclFile[] = [];
  const read = (relative: string) => {
    const text = known?.(relative);
    if (text !== undefined) {
      files.push({ path: relative, text });
      return;
    }
    try {
      files.push({
        path: relative,
        text: new TextDecoder('utf-8').decode(readFileSync(path.join(folder, ...relative.split('/')))),
      });
    } catch {
      // unreadable: reported by whoever asked for that file
    }
  };
  for (const name of safeList(folder)) if (isOclProjectFile(name)) read(name);
  for (const name of safeList(path.join(folder, 'runbooks')))
    if (isOclProjectFile(`runbooks/${name}`)) read(`runbooks/${name}`);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Sub-folders of `folder` that hold OCL project files (`.octopus/backend`, …). */
export function oclProjectSubfolders(folder: string): string[] {
  return safeList(folder)
    .map((name) => path.join(folder, name))
    .filter((sub) => readOclProjectFolder(sub).length > 0);
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}
