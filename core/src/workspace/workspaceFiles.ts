/**
 * Which files of a workspace Stepwise reads, decided in one place for the language server, the
 * CLI and the deployment server's import: process files (`*.process.yaml`), space files
 * (`.octopus/space.yaml`) and Octopus's own config-as-code files (`.ocl` files below `.octopus`). The only module of core that
 * touches the disk, and only to list folders.
 *
 * The rules:
 * - a process file ends in `.process.yaml` or `.process.yml`, in any letter case;
 * - a space file is `space.yaml` or `space.yml` (lower case, as Octopus writes it) directly in a
 *   folder named `.octopus`;
 * - an OCL file ends in `.ocl` and has a folder named `.octopus` on its path (`.octopus/deployment_process.ocl`,
 *   `.octopus/backend/runbooks/restart.ocl`);
 * - the walk skips dependency and build folders ({@link SKIPPED_FOLDERS}) and every hidden folder
 *   except `.octopus`;
 * - limits on depth and count are the caller's choice; a walk that hit one says so.
 */
import { existsSync, readdirSync, type Dirent } from 'node:fs';
import * as path from 'node:path';

export type WorkspaceFileKind = 'process' | 'space' | 'ocl';

/** Folders never searched: dependencies, build output, test output. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'dist',
  'out',
  'bin',
  'obj',
  '.vscode-test',
  'test-results',
]);

/** The folder holding a space's files, where Octopus keeps config-as-code. */
export const OCTOPUS_FOLDER = '.octopus';
export const SPACE_FILE_NAMES: readonly string[] = ['space.yaml', 'space.yml'];

const PROCESS_FILE = /\.process\.ya?ml$/i;

export function isProcessFile(file: string): boolean {
  return PROCESS_FILE.test(file);
}

export function isSpaceFile(file: string): boolean {
  return SPACE_FILE_NAMES.includes(path.basename(file)) && path.basename(path.dirname(file)) === OCTOPUS_FOLDER;
}

/** An `.ocl` file under a `.octopus` folder: part of an Octopus config-as-code project. */
export function isOclFile(file: string): boolean {
  return file.endsWith('.ocl') && file.split(/[\\/]/).includes(OCTOPUS_FOLDER);
}

/** What a file is to Stepwise, or undefined when Stepwise does not read it. */
export function workspaceFileKind(file: string): WorkspaceFileKind | undefined {
  if (isSpaceFile(file)) return 'space';
  if (isProcessFile(file)) return 'process';
  if (isOclFile(file)) return 'ocl';
  return undefined;
}

/** Whether a walk goes into a folder of this name. */
export function isSearchedFolder(name: string): boolean {
  if (name === OCTOPUS_FOLDER) return true;
  return !SKIPPED_FOLDERS.has(name) && !name.startsWith('.');
}

export interface FindOptions {
  /** The kinds wanted (default: process and space files). */
  kinds?: readonly WorkspaceFileKind[];
  /** Folders below a root at most (default: no limit). */
  maxDepth?: number;
  /** Files at most (default: no limit). */
  maxFiles?: number;
}

export interface FoundFiles {
  /** Absolute paths, sorted. */
  files: string[];
  /** True when a limit stopped the walk before it saw everything. */
  truncated: boolean;
}

/** The files of the wanted kinds under the roots, by the rules above; unreadable folders are passed over. */
export function findWorkspaceFiles(roots: readonly string[], options: FindOptions = {}): FoundFiles {
  const kinds = new Set(options.kinds ?? ['process', 'space']);
  const maxDepth = options.maxDepth ?? Infinity;
  const maxFiles = options.maxFiles ?? Infinity;
  const found = new Set<string>();
  let truncated = false;
  const walk = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isSearchedFolder(entry.name)) continue;
        if (depth + 1 > maxDepth) truncated = true;
        else walk(full, depth + 1);
      } else if (entry.isFile()) {
        const kind = workspaceFileKind(full);
        if (!kind || !kinds.has(kind)) continue;
        if (found.size >= maxFiles) {
          truncated = true;
          return;
        }
        found.add(full);
      }
    }
  };
  for (const root of roots) walk(path.resolve(root), 0);
  return { files: [...found].sort(), truncated };
}

/**
 * The space file a process file deploys into: the nearest `.octopus/space.yaml` (or `.yml`) up
 * the tree. `exists` lets the language server count space files open in an editor but not saved.
 */
export function nearestSpaceFile(
  processFile: string,
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  let current = path.dirname(path.resolve(processFile));
  for (;;) {
    for (const name of SPACE_FILE_NAMES) {
      const candidate = path.join(current, OCTOPUS_FOLDER, name);
      if (exists(candidate)) return candidate;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
