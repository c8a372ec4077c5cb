import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

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
