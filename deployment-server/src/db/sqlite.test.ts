import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../secrets/secretBox';
import { openDatabase } from './database';
import { openSqlite, type SqliteDriver } from './sqlite';
import { Store } from './store';

// Both implementations behind sqlite.ts must behave alike: a clone runs better-sqlite3, the
// extension's embedded server and the CLI package run the WebAssembly build.
for (const driver of ['better-sqlite3', 'wasm'] as SqliteDriver[]) {
  describe(`SQLite through sqlite.ts (${driver})`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), `stepwise-sqlite-${driver}-`));
    const secrets = new SecretBox(randomBytes(32));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('runs, gets, lists and plucks with parameters spread or in an array', () => {
      const db = openSqlite(path.join(dir, 'a.db'), driver);
      assert.equal(db.driver, driver);
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
      const insert = db.prepare('INSERT INTO t (id, name) VALUES (?, ?)');
      assert.equal(insert.run(1, 'one').changes, 1);
      assert.equal(insert.run([2, 'two']).changes, 1);
      assert.deepEqual(db.prepare('SELECT * FROM t WHERE id = ?').get(2), { id: 2, name: 'two' });
      assert.equal(db.prepare('SELECT * FROM t WHERE id = ?').get(9), undefined);
      assert.deepEqual(db.prepare('SELECT name FROM t ORDER BY id').pluck().all(), ['one', 'two']);
      assert.equal(db.prepare('SELECT name FROM t WHERE id = ?').pluck().get(1), 'one');
      assert.equal(db.prepare('SELECT name FROM t WHERE id = ?').pluck().get(9), undefined);
      db.pragma('user_version = 7');
      assert.equal(db.pragma('user_version', { simple: true }), 7);
      db.close();
    });

    it('commits a transaction, rolls back a failed one, and a failed nested one alone', () => {
      const store = new Store(openDatabase(path.join(dir, 'b.db'), undefined, { secrets }, driver), secrets);
      store.db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
      store.transaction(() => store.run('INSERT INTO t VALUES (1)'));
      assert.throws(() =>
        store.transaction(() => {
          store.run('INSERT INTO t VALUES (2)');
          throw new Error('boom');
        }),
      );
      store.transaction(() => {
        store.run('INSERT INTO t VALUES (3)');
        assert.throws(() =>
          store.transaction(() => {
            store.run('INSERT INTO t VALUES (4)');
            store.run('INSERT INTO t VALUES (4)'); // duplicate key
          }),
        );
        store.run('INSERT INTO t VALUES (5)');
      });
      assert.deepEqual(store.db.prepare('SELECT id FROM t ORDER BY id').pluck().all(), [1, 3, 5]);
      store.db.close();
    });

    it('commits while a cached statement was only partly read (get of a many-row query)', () => {
      const store = new Store(openDatabase(path.join(dir, 'c.db'), undefined, { secrets }, driver), secrets);
      store.db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
      store.transaction(() => {
        for (let i = 1; i <= 3; i++) store.run('INSERT INTO t VALUES (?)', i);
        assert.equal(store.value('SELECT id FROM t ORDER BY id'), 1);
      });
      assert.equal(store.value('SELECT COUNT(*) FROM t'), 3);
      store.db.close();
    });

    it('keeps what was written after closing and opening again', () => {
      const file = path.join(dir, 'd.db');
      const first = new Store(openDatabase(file, undefined, { secrets }, driver), secrets);
      first.nextId('Projects');
      first.db.close();
      const again = new Store(openDatabase(file, undefined, { secrets }, driver), secrets);
      assert.equal(again.nextId('Projects').id, 'Projects-2');
      again.db.close();
    });
  });
}
