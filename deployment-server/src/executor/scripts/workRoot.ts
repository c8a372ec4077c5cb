import { lstatSync, mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getSetting, setSetting, type Database } from '../../db/database';

const SETTING = 'script-work-root';

/**
 * Where scripts get their working folders (`<root>/<task>/<action>/<target>/`): a private folder
 * under the system's temporary folder, not inside the data folder, so a script's current
 * directory (and the `PWD` its shell exports) does not lead to the API key, the master key or the
 * database. The folder is recorded in the database, so a server started after a crash finds the
 * scripts the previous one left behind; a recorded folder that is gone, or is no longer a private
 * folder of this user, is replaced.
 */
export function scriptWorkRoot(db: Database): string {
  const recorded = getSetting(db, SETTING);
  if (recorded && isPrivateFolder(recorded)) return recorded;
  const created = mkdtempSync(path.join(tmpdir(), 'stepwise-work-'));
  setSetting(db, SETTING, created);
  return created;
}

/** The work root recorded by an earlier start, if it is still this user's private folder (crash recovery looks there). */
export function recordedScriptWorkRoot(db: Database): string | undefined {
  const recorded = getSetting(db, SETTING);
  return recorded && isPrivateFolder(recorded) ? recorded : undefined;
}

/** On a clean stop: the (then empty) work root is removed, and the next start makes a new one. */
export function removeScriptWorkRoot(db: Database, root: string): void {
  try {
    rmdirSync(root);
    db.prepare('DELETE FROM settings WHERE key = ?').run(SETTING);
  } catch {
    // not empty (a script's leftovers) or gone: keep the record for the next start
  }
}

function isPrivateFolder(dir: string): boolean {
  try {
    const stat = lstatSync(dir);
    return (
      stat.isDirectory() &&
      !stat.isSymbolicLink() &&
      (process.getuid === undefined || stat.uid === process.getuid()) &&
      (stat.mode & 0o077) === 0
    );
  } catch {
    return false;
  }
}
