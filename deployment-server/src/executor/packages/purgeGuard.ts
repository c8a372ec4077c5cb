import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Folders a purge must never empty, nor any folder that contains them. */
export interface ProtectedFolders {
  /** The server's data folder: nothing inside it may be purged either (the feed, the database). */
  dataDir: string;
  /** The imported workspace, when there is one. */
  workspace?: string;
}

/**
 * Why purging `dir` before a deployment is refused, or undefined when it may be emptied.
 * Refused: the file system root and first-level folders (`/usr`, `/home`), a home folder and
 * anything containing it, the workspace and anything containing it, and the data folder, anything
 * inside it and anything containing it. Symbolic links are followed, so a link into the data
 * folder is refused as the data folder is.
 */
export function purgeRefusal(dir: string, folders: ProtectedFolders): string | undefined {
  const candidates = unique([path.resolve(dir), realPath(dir)]);
  const data = unique([path.resolve(folders.dataDir), realPath(folders.dataDir)]);
  const homes = unique(
    [process.env.HOME, homedir()].filter((h): h is string => !!h).flatMap((h) => [path.resolve(h), realPath(h)]),
  );
  const workspaces = folders.workspace ? unique([path.resolve(folders.workspace), realPath(folders.workspace)]) : [];
  for (const candidate of candidates) {
    const shown = candidate === path.resolve(dir) ? `'${dir}'` : `'${dir}' (which is ${candidate})`;
    if (candidate.split(path.sep).filter(Boolean).length < 2)
      return `Refusing to purge ${shown} before deployment: it is the root or a folder directly under it.`;
    if (data.some((d) => isWithin(candidate, d)))
      return `Refusing to purge ${shown} before deployment: it is inside the Stepwise server's data folder, which holds its database and packages. Choose an installation directory outside it.`;
    if (data.some((d) => isWithin(d, candidate)))
      return `Refusing to purge ${shown} before deployment: it contains the Stepwise server's data folder. Choose an installation directory outside it.`;
    if (homes.some((h) => isWithin(h, candidate)))
      return `Refusing to purge ${shown} before deployment: it is a home folder or contains one.`;
    if (workspaces.some((w) => isWithin(w, candidate)))
      return `Refusing to purge ${shown} before deployment: it is the workspace the server imports, or contains it.`;
  }
  return undefined;
}

/** `inner` is `outer` or somewhere below it. */
function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** The path with symbolic links resolved, as far as it exists (the rest appended). */
function realPath(file: string): string {
  const resolved = path.resolve(file);
  const rest: string[] = [];
  for (let current = resolved; ; current = path.dirname(current)) {
    try {
      return path.join(realpathSync(current), ...rest.reverse());
    } catch {
      if (path.dirname(current) === current) return resolved;
      rest.push(path.basename(current));
    }
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
