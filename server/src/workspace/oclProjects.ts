/**
 * OCL projects for the language server: an open `.ocl` file is checked with every project file of
 * its folder (`.octopus/` or `.octopus/<project>/`, plus `runbooks/`), the open editors' unsaved
 * text winning over the disk. One validation per folder and set of texts, shared by every open
 * file of that folder; unchanged files are not parsed again.
 */
import * as path from 'node:path';
import {
  isOclProjectFile,
  parseOcl,
  validateOclProject,
  type OclFile,
  type OclProjectValidation,
  type ParsedOcl,
  type Space,
} from '@stepwise/core';
import { oclProjectFolderOf, oclProjectName, readOclProjectFolder } from '../cli/oclFolders';

export interface OclFileAnalysis {
  /** The project folder (absolute) and this file's path relative to it (with `/`). */
  folder: string;
  path: string;
  parsed: ParsedOcl;
  /** The whole project's validation; undefined for an `.ocl` file that is not a project file. */
  validation: OclProjectValidation | undefined;
}

export class OclProjects {
  private readonly folders = new Map<
    string,
    { texts: OclFile[]; space: Space | undefined; validation: OclProjectValidation }
  >();

  /** `openText(file)` gives an open editor's text for an absolute path, or undefined. */
  constructor(
    private readonly openText: (file: string) => string | undefined,
    private readonly openFilesUnder: (folder: string) => string[],
  ) {}

  analyze(file: string, text: string, space: Space | undefined): OclFileAnalysis {
    const folder = oclProjectFolderOf(file);
    const relative = path.relative(folder, file).split(path.sep).join('/');
    if (!isOclProjectFile(relative)) {
      // Not one of the files Octopus reads (e.g. a stray `.ocl`): its syntax only.
      return { folder, path: relative, parsed: parseOcl(text), validation: undefined };
    }
    const texts = this.projectTexts(folder, relative, text);
    const cached = this.folders.get(folder);
    let validation: OclProjectValidation;
    if (cached && cached.space === space && sameTexts(cached.texts, texts)) validation = cached.validation;
    else {
      const previous = new Map<string, ParsedOcl>((cached?.validation.files ?? []).map((f) => [f.path, f.parsed]));
      validation = validateOclProject(texts, { name: oclProjectName(folder), space, previous });
      this.folders.set(folder, { texts, space, validation });
    }
    const parsed = validation.files.find((f) => f.path === relative)!.parsed;
    return { folder, path: relative, parsed, validation };
  }

  forget(folder: string): void {
    this.folders.delete(folder);
  }

  private projectTexts(folder: string, relative: string, text: string): OclFile[] {
    // Open editors' texts win over the disk: those files are not read (this runs on every keystroke).
    const open = new Map<string, string>([[relative, text]]);
    for (const file of this.openFilesUnder(folder)) {
      const openRelative = path.relative(folder, file).split(path.sep).join('/');
      const openText = this.openText(file);
      if (openRelative !== relative && isOclProjectFile(openRelative) && openText !== undefined)
        open.set(openRelative, openText);
    }
    const byPath = new Map(readOclProjectFolder(folder, (p) => open.get(p)).map((f) => [f.path, f.text]));
    for (const [p, t] of open) byPath.set(p, t);
    return [...byPath]
      .map(([p, t]) => ({ path: p, text: t }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

function sameTexts(a: readonly OclFile[], b: readonly OclFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.path === b[i].path && f.text === b[i].text);
}
