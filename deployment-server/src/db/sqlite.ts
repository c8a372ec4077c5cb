import type BetterSqlite3 from 'better-sqlite3';

/**
 * The one place that picks a SQLite implementation (see docs/decisions/embedded-server-sqlite.md).
 * The rest of the server sees only this subset of better-sqlite3's synchronous API.
 *
 * - `better-sqlite3`: native, fastest; what a clone of the repo uses (its dev dependency).
 * - `wasm` (node-sqlite3-wasm): SQLite compiled to WebAssembly, so it runs in any Node or Electron
 *   runtime with no native module. The extension's embedded server and the CLI package use it.
 *
 * `STEPWISE_SQLITE=wasm|better-sqlite3` forces one; by default better-sqlite3 when it loads, else wasm.
 */
export type SqliteDriver = 'better-sqlite3' | 'wasm';

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** A statement whose rows are their first column's value. */
  pluck(): Statement;
}

export interface Database {
  readonly driver: SqliteDriver;
  prepare(sql: string): Statement;
  exec(sql: string): void;
  /** `PRAGMA x = y`; with `simple`, the first column of the first row. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** Wraps `work` in a transaction (a savepoint when nested), as better-sqlite3 does. */
  transaction<T>(work: () => T): () => T;
  close(): void;
}

// Both are loaded on first use with plain require() calls: esbuild bundles node-sqlite3-wasm and
// leaves better-sqlite3 external (scripts/build.mjs), so a bundle without it never asks for it.

export function openSqlite(file: string, driver: SqliteDriver = defaultDriver()): Database {
  return driver === 'wasm' ? openWasm(file) : openBetterSqlite3(file);
}

let chosen: SqliteDriver | undefined;

export function defaultDriver(): SqliteDriver {
  const forced = process.env.STEPWISE_SQLITE;
  if (forced === 'wasm' || forced === 'better-sqlite3') return forced;
  if (forced) throw new Error(`STEPWISE_SQLITE is '${forced}'; use 'wasm' or 'better-sqlite3'.`);
  if (!chosen) {
    try {
      require('better-sqlite3');
      chosen = 'better-sqlite3';
    } catch {
      chosen = 'wasm';
    }
  }
  return chosen;
}

function openBetterSqlite3(file: string): Database {
  const BetterSqlite3Ctor = require('better-sqlite3') as typeof BetterSqlite3;
  const db = new BetterSqlite3Ctor(file);
  return Object.assign(db, { driver: 'better-sqlite3' as const }) as unknown as Database;
}

type WasmStatement = import('node-sqlite3-wasm').Statement;

function openWasm(file: string): Database {
  const { Database: WasmDatabaseCtor } = require('node-sqlite3-wasm') as typeof import('node-sqlite3-wasm');
  const db = new WasmDatabaseCtor(file);
  const statements: WasmStatement[] = [];
  let depth = 0;
  const wrapped: Database = {
    driver: 'wasm',
    prepare(sql) {
      const statement = db.prepare(sql);
      statements.push(statement);
      return wasmStatement(statement, false);
    },
    exec: (sql) => db.exec(sql),
    pragma(source, options) {
      const rows = db.all(`PRAGMA ${source}`) as Record<string, unknown>[];
      return options?.simple ? (rows[0] ? Object.values(rows[0])[0] : undefined) : rows;
    },
    transaction<T>(work: () => T) {
      return () => {
        // Nested calls become savepoints, so an inner failure rolls back only its own writes.
        const name = `sw_${depth}`;
        db.exec(depth === 0 ? 'BEGIN' : `SAVEPOINT ${name}`);
        depth++;
        let result: T;
        try {
          result = work();
        } catch (error) {
          depth--;
          if (depth === 0) {
            if (db.inTransaction) db.exec('ROLLBACK');
          } else {
            db.exec(`ROLLBACK TO ${name}`);
            db.exec(`RELEASE ${name}`);
          }
          throw error;
        }
        depth--;
        db.exec(depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
        return result;
      };
    },
    close() {
      // The wasm heap is not garbage-collected: statements must be finalized before closing.
      for (const s of statements) {
        try {
          if (!s.isFinalized) s.finalize();
        } catch {
          // finalize repeats the statement's last error (e.g. a failed insert); it is freed all the same
        }
      }
      if (db.isOpen) db.close();
    },
  };
  return wrapped;
}

function wasmStatement(statement: WasmStatement, plucked: boolean): Statement {
  const first = (row: unknown) => (row == null ? undefined : Object.values(row as Record<string, unknown>)[0]);
  // node-sqlite3-wasm resets a statement before its next use, not after: a cached statement left
  // mid-step keeps a read open, and COMMIT then fails ("SQL statements in progress").
  const done = <T>(result: T): T => {
    (statement as unknown as { _reset(): boolean })._reset();
    return result;
  };
  return {
    run: (...params) => statement.run(bindValues(params)),
    get: (...params) => {
      const row = done(statement.get(bindValues(params)));
      return row == null ? undefined : plucked ? first(row) : row;
    },
    all: (...params) => done(statement.all(bindValues(params))).map((row) => (plucked ? first(row) : row)),
    pluck: () => wasmStatement(statement, true),
  };
}

type BindValues = import('node-sqlite3-wasm').BindValues;

/** better-sqlite3 takes parameters spread (`run(a, b)`); node-sqlite3-wasm one array. */
function bindValues(params: unknown[]): BindValues {
  const values = params.length === 1 && Array.isArray(params[0]) ? params[0] : params;
  return values.map((v) => (v === undefined ? null : v)) as BindValues;
}
