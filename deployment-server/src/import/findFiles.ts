import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isOclProjectFile, type OclFile } from '../../../core/src/index';

const PROCESS_FILE = /\.process\.ya?ml$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);

/** Every process file under `dir`, sorted, skipping dependency and build folders. */
export function findProcessFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && (!entry.name.startsWith('.') || entry.name === '.octopus')) walk(full);
      } else if (PROCESS_FILE.test(entry.name)) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}

/** The space file a process file deploys into: the nearest `.octopus/space.yaml` up the tree. */
export function nearestSpaceFile(processFile: string): string | undefined {
  let current = path.dirname(path.resolve(processFile));
  for (;;) {
    for (const name of ['space.yaml', 'space.yml']) {
      const candidate = path.join(current, '.octopus', name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * Every OCL project folder under `dir`, sorted: each `.octopus` folder, and each folder directly in
 * one, that holds Octopus's project files (`deployment_process.ocl`, `variables.ocl`, …).
 */
export function findOclProjectFolders(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of listDirectory(current)) {
      if (!entry.isDirectory() || SKIPPED_DIRS.has(entry.name)) continue;
      const full = path.join(current, entry.name);
      if (entry.name === '.octopus') {
        if (readOclProjectFiles(full).length) found.push(full);
        for (const sub of listDirectory(full)) {
          if (sub.isDirectory() && sub.name !== 'runbooks' && readOclProjectFiles(path.join(full, sub.name)).length) found.push(path.join(full, sub.name));
        }
      } else if (!entry.name.startsWith('.')) walk(full);
    }
  };
  walk(dir);
  return found.sort();
}

/** A project folder's OCL files (paths relative to it, with `/`), as `loadOclProject` takes them. */
export function readOclProjectFiles(folder: string): OclFile[] {
  const files: OclFile[] = [];
  const names = [...listDirectory(folder).map((e) => e.name), ...listDirectory(path.join(folder, 'runbooks')).map((e) => `runbooks/${e.name}`)];
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

function listDirectory(dir: string): import('node:fs').Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
