import type { Database } from './database';
import { NEXT_ID } from './database';
import type { RunResult, Statement } from './sqlite';
import type { SecretBox } from '../secrets/secretBox';

export interface Page<T> {
  items: T[];
  total: number;
}

/** A filter for a paged list: SQL conditions joined with AND, and their parameters. */
export class Where {
  readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  add(condition: string, ...params: unknown[]): this {
    this.conditions.push(condition);
    this.params.push(...params);
    return this;
  }

  /** `column IN ids` when ids are given. */
  ids(column: string, ids: string[] | undefined): this {
    if (ids) this.add(`${column} IN (SELECT value FROM json_each(?))`, JSON.stringify(ids));
    return this;
  }

  /** Case-insensitive substring match, as Octopus's `partialName`. */
  partialName(column: string, partial: string | undefined): this {
    if (partial) this.add(`${column} LIKE ? ESCAPE '\\'`, `%${partial.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return this;
  }

  toSql(): string {
    return this.conditions.length ? ` WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/**
 * What the server has asked of SQLite since it started: statements run, rows they read and wrote,
 * and commits (transactions that wrote something, and writes outside a transaction). Tests count
 * these rather than time a deployment, so a cost that grows with the data shows on any machine.
 */
export interface DatabaseWork {
  statements: number;
  rowsRead: number;
  rowsWritten: number;
  commits: number;
  /** Of the commits, the writes made outside a transaction: each one statement, committed alone. */
  autocommits: number;
}

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;

/**
 * The database as the API and the executor use it: cached prepared statements and JSON
 * documents. SQLite is used synchronously (sqlite.ts), so a transaction is a plain function call and
 * nothing else runs in between.
 */
export class Store {
  private readonly statements = new Map<string, Statement>();
  private readonly writes = new Set<string>();
  private readonly work: DatabaseWork = { statements: 0, rowsRead: 0, rowsWritten: 0, commits: 0, autocommits: 0 };
  private depth = 0;

  constructor(
    readonly db: Database,
    /** Seals sensitive values before they are stored and opens them when read (resources/documents.ts). */
    readonly secrets: SecretBox,
  ) {}

  stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
      if (WRITE.test(sql)) this.writes.add(sql);
    }
    return statement;
  }

  /** A copy of the work counted so far (see DatabaseWork). */
  databaseWork(): DatabaseWork {
    return { ...this.work };
  }

  /** Counts one statement run; `rows` is how many rows it wrote (a write) or returned (a read). */
  private counted<T>(sql: string, result: T, rows: number): T {
    this.work.statements++;
    if (!this.writes.has(sql)) this.work.rowsRead += rows;
    else if (rows > 0) {
      this.work.rowsWritten += rows;
      if (this.depth === 0) {
        this.work.commits++;
        this.work.autocommits++;
      }
    }
    return result;
  }

  run(sql: string, ...params: unknown[]): RunResult {
    const result = this.stmt(sql).run(...params);
    return this.counted(sql, result, result.changes);
  }

  row<T>(sql: string, ...params: unknown[]): T | undefined {
    const row = this.stmt(sql).get(...params) as T | undefined;
    return this.counted(sql, row, row === undefined ? 0 : 1);
  }

  rows<T>(sql: string, ...params: unknown[]): T[] {
    const rows = this.stmt(sql).all(...params) as T[];
    return this.counted(sql, rows, rows.length);
  }

  value<T>(sql: string, ...params: unknown[]): T | undefined {
    const value = this.stmt(sql)
      .pluck()
      .get(...params) as T | undefined;
    return this.counted(sql, value, value === undefined ? 0 : 1);
  }

  /** One JSON document (`SELECT json …`). */
  doc<T>(sql: string, ...params: unknown[]): T | undefined {
    const json = this.value<string>(sql, ...params);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  docs<T>(sql: string, ...params: unknown[]): T[] {
    const texts = this.stmt(sql)
      .pluck()
      .all(...params) as string[];
    return this.counted(sql, texts, texts.length).map((json) => JSON.parse(json) as T);
  }

  /** A page of documents of `table`, in `orderBy` order, with the total count. */
  page<T>(table: string, where: Where, orderBy: string, skip: number, take: number): Page<T> {
    const filter = where.toSql();
    const total = this.value<number>(`SELECT COUNT(*) FROM ${table}${filter}`, ...where.params) ?? 0;
    const items =
      take > 0 && skip < total
        ? this.docs<T>(
            `SELECT json FROM ${table}${filter} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
            ...where.params,
            take,
            skip,
          )
        : [];
    return { items, total };
  }

  /** `page`, with each document's id and stored JSON text unparsed (for api/presentedJson.ts). */
  pageText(
    table: string,
    where: Where,
    orderBy: string,
    skip: number,
    take: number,
  ): Page<{ id: string; json: string }> {
    const filter = where.toSql();
    const total = this.value<number>(`SELECT COUNT(*) FROM ${table}${filter}`, ...where.params) ?? 0;
    const items =
      take > 0 && skip < total
        ? this.rows<{ id: string; json: string }>(
            `SELECT id, json FROM ${table}${filter} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
            ...where.params,
            take,
            skip,
          )
        : [];
    return { items, total };
  }

  transaction<T>(work: () => T): T {
    const written = this.work.rowsWritten;
    this.depth++;
    let result: T;
    try {
      result = this.db.transaction(work)();
    } finally {
      this.depth--;
    }
    if (this.depth === 0 && this.work.rowsWritten > written) this.work.commits++;
    return result;
  }

  nextId(kind: string): { id: string; seq: number } {
    const row = this.row<{ seq: number }>(NEXT_ID, kind)!;
    return { id: `${kind}-${row.seq}`, seq: row.seq };
  }
}
