import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Files under `root` matching a pattern as Octopus's file-selection fields take them: a path
 * relative to the folder, with `*` (within a folder), `**` (any depth) and `?`; `\` works as `/`.
 */
export function matchFiles(root: string, pattern: string): string[] {
  const normalised = pattern.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  if (!normalised) return [];
  const regex = globToRegExp(normalised);
  return listFiles(root)
    .filter((relative) => regex.test(relative))
    .map((relative) => path.join(root, relative));
}

export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` anything.
      if (pattern[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relative);
      else if (entry.isFile()) out.push(relative);
    }
  };
  walk(root, '');
  return out.sort();
}
