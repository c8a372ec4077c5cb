/**
 * The OCL projects of a workspace for the import: each folder (`.octopus`, `.octopus/<project>`)
 * holding Octopus's project files is one project, read with its `runbooks/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isOclProjectFile, type OclFile } from '@stepwise/core';
import { oclProjectFolderOf } from '@stepwise/core/ocl/projectFolder';
import { findWorkspaceFiles } from '@stepwise/core/workspace/workspaceFiles';

/** Every OCL project folder under `root`, sorted. */
export function findOclProjectFolders(root: string): string[] {
  const folders = new Set<string>();
  for (const file of findWorkspaceFiles([root], { kinds: ['ocl'] }).files) {
    const folder = oclProjectFolderOf(file);
    if (isOclProjectFile(path.relative(folder, file).split(path.sep).join('/'))) folders.add(folder);
  }
  return [...folders].sort();
}

/** A project folder's OCL files (paths relative to it, with `/`), as `validateOclProject` takes them. */
export function readOclProjectFiles(folder: string): OclFile[] {
  const files: OclFile[] = [];
  const names = [...list(folder), ...list(path.join(folder, 'runbooks')).map((name) => `runbooks/${name}`)];
  for (const name of names.sort()) {
    if (!isOclProjectFile(name)) continue;
    try {
      files.push({ path: name, text: readFileSync(path.join(folder, ...name.split('/')), 'utf8') });
    } catch {
      // unreadable (a folder named like a file, permissions): not part of the project
    }
  }
  return files;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
