import { chmodSync, closeSync, openSync } from 'node:fs';
import { MIGRATIONS, type Migration, type MigrationContext } from './migrations';
import { openSqlite, type Database, type SqliteDriver } from './sqlite';

export type { Database } from './sqlite';

/**
 * Opens (creating when missing) the server's SQLite file: WAL so readers never wait for the
 * executor's writes, foreign keys on, and every pending migration applied in order.
 */
export function openDatabase(
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
  context: MigrationContext = {},
  driver?: SqliteDriver,
): Database {
  // SQLite gives the -wal and -shm files the database file's mode: create it private.
  closeSync(openSync(file, 'a', 0o600));
  const db = openSqlite(file, driver);
  // node-sqlite3-wasm's file system layer has no shared memory, so WAL is not on offer there:
  // its server is the only process that opens the file, and a rollback journal serves it.
  db.pragma(db.driver === 'wasm' ? 'journal_mode = DELETE' : 'journal_mode = WAL');
  // NORMAL is durable in WAL mode except for the last commits before a power loss (not a crash).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const applied = new Set(migrate(db, migrations, context));
  if (migrations.some((m) => m.vacuumAfter && applied.has(m.version))) {
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  makePrivate(file);
  return db;
}

/** The database and its -wal/-shm files readable by their owner only (also for files made by older servers). */
export function makePrivate(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** Applies the migrations newer than the database's, oldest first, each in one transaction. */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
  context: MigrationContext = {},
): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const newest = Math.max(0, ...applied);
  const known = new Set(ordered.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v));
  if (unknown.length) {
    throw new Error(
      `The database was written by a newer Stepwise server (schema version ${Math.max(...unknown)}); this one knows up to ${Math.max(0, ...known)}.`,
    );
  }
  const done: number[] = [];
  for (const migration of ordered) {
    if (applied.has(migration.version)) continue;
    if (migration.version < newest)
      throw new Error(`Migration ${migration.version} is missing from a database already at version ${newest}.`);
    db.transaction(() => {
      if (migration.sql) db.exec(migration.sql);
      migration.run?.(db, context);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    })();
    done.push(migration.version);
  }
  return done;
}

export function schemaVersion(db: Database): number {
  return (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
}

export const NEXT_ID =
  'INSERT INTO id_counters (kind, next) VALUES (?, 2) ON CONFLICT (kind) DO UPDATE SET next = next + 1 RETURNING next - 1 AS seq';

/** The next `Kind-N` id (Octopus's format) and its number, for ordering. */
export function nextId(db: Database, kind: string): { id: string; seq: number } {
  const row = db.prepare(NEXT_ID).get(kind) as { seq: number };
  return { id: `${kind}-${row.seq}`, seq: row.seq };
}

export function getSetting(db: Database, key: string): string | undefined {
  return db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
}

export function setSetting(db: Database, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
