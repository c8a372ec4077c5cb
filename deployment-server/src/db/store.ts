import type { Database } from './database';
import { nextId } from './database';
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
 * The database as the API and the executor use it: cached prepared statements and JSON
 * documents. SQLite is used synchronously (sqlite.ts), so a transaction is a plain function call and
 * nothing else runs in between.
 */
export class Store {
  private readonly statements = new Map<string, Statement>();

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
    }
    return statement;
  }

  run(sql: string, ...params: unknown[]): RunResult {
    return this.stmt(sql).run(...params);
  }

  row<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  rows<T>(sql: string, ...params: unknown[]): T[] {
    return this.stmt(sql).all(...params) as T[];
  }

  value<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.stmt(sql)
      .pluck()
      .get(...params) as T | undefined;
  }

  /** One JSON document (`SELECT json …`). */
  doc<T>(sql: string, ...params: unknown[]): T | undefined {
    const json = this.value<string>(sql, ...params);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  docs<T>(sql: string, ...params: unknown[]): T[] {
    return (
      this.stmt(sql)
        .pluck()
        .all(...params) as string[]
    ).map((json) => JSON.parse(json) as T);
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
    return this.db.transaction(work)();
  }

  nextId(kind: string): { id: string; seq: number } {
    return nextId(this.db, kind);
  }
}
