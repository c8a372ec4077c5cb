import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Which process group a script runs in, recorded beside it so that a server started after a crash
 * can stop what the dead one left running. Scripts are spawned detached, so the script's first
 * process leads its own group and every process it starts joins it, wherever they `cd`. The
 * leader's start time (from /proc, Linux) guards against a reused pid: a group is only stopped
 * when its leader is still the process that was started.
 */
export interface ProcessGroupRecord {
  pgid: number;
  /** Clock ticks after boot (field 22 of /proc/<pid>/stat); undefined where there is no /proc. */
  startTime: string | undefined;
}

export function writeProcessGroupRecord(file: string, pid: number): void {
  writeFileSync(file, `${pid}\n${processStartTime(pid) ?? ''}\n`, { mode: 0o600 });
}

export function readProcessGroupRecord(file: string): ProcessGroupRecord | undefined {
  const [pidText, startTime] = readFileSync(file, 'utf8').split('\n');
  const pgid = Number(pidText);
  if (!Number.isInteger(pgid) || pgid <= 1) return undefined;
  return { pgid, startTime: /^\d+$/.test(startTime ?? '') ? startTime : undefined };
}

/**
 * Kills (SIGKILL) the recorded group when its leader is still the process that was recorded.
 * Returns whether it did. Where start times cannot be read, nothing is killed.
 */
export function stopRecordedProcessGroup(record: ProcessGroupRecord): boolean {
  if (record.startTime === undefined || processStartTime(record.pgid) !== record.startTime) return false;
  try {
    process.kill(-record.pgid, 'SIGKILL');
    return true;
  } catch {
    return false; // gone meanwhile
  }
}

/** A process's start time from /proc/<pid>/stat, or undefined (gone, a zombie, or no /proc). */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  if (fields[0] === 'Z') return undefined;
  return fields[19];
}
