import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { migrate, nextId, openDatabase, schemaVersion } from './database';
import { MIGRATIONS } from './migrations';

describe('the database', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-db-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('opens in WAL mode with foreign keys, and applies every migration in order, once', () => {
    const db = openDatabase(path.join(dir, 'a.db'));
    // WebAssembly SQLite has no shared memory for WAL (sqlite.ts); its server is the file's only user.
    assert.equal(db.pragma('journal_mode', { simple: true }), db.driver === 'wasm' ? 'delete' : 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(schemaVersion(db), MIGRATIONS.at(-1)!.version);
    assert.deepEqual(
      db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(),
      MIGRATIONS.map((m) => m.version),
    );
    assert.deepEqual(migrate(db), [], 'nothing left to apply');
    db.close();
  });

  it('upgrades an older database to the newest schema, keeping its data', () => {
    const file = path.join(dir, 'b.db');
    const old = openDatabase(file, MIGRATIONS.slice(0, 2));
    assert.equal(schemaVersion(old), 2);
    old.prepare("INSERT INTO spaces (id, seq, name, json) VALUES ('Spaces-1', 1, 'Default', '{}')").run();
    old.close();
    const db = openDatabase(file);
    assert.equal(schemaVersion(db), MIGRATIONS.at(-1)!.version);
    assert.equal(db.prepare('SELECT name FROM spaces').pluck().get(), 'Default');
    assert.ok(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'packages'").get());
    db.close();
  });

  it('refuses a database written by a newer server, and a migration that fails changes nothing', () => {
    const file = path.join(dir, 'c.db');
    const db = openDatabase(file);
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'x')").run();
    db.close();
    assert.throws(() => openDatabase(file), /newer Stepwise server \(schema version 999\)/);
    const fresh = openDatabase(path.join(dir, 'd.db'), MIGRATIONS.slice(0, 1));
    assert.throws(() =>
      migrate(fresh, [
        ...MIGRATIONS.slice(0, 1),
        { version: 2, name: 'broken', sql: 'CREATE TABLE t (x); CREATE TABLE broken syntax here' },
      ]),
    );
    assert.equal(schemaVersion(fresh), 1);
    assert.equal(
      fresh.prepare("SELECT 1 FROM sqlite_master WHERE name = 't'").get(),
      undefined,
      'the failed migration was rolled back',
    );
    fresh.close();
  });

  it('hands out Octopus-style ids in sequence per kind', () => {
    const db = openDatabase(path.join(dir, 'e.db'));
    assert.deepEqual(
      [nextId(db, 'Projects'), nextId(db, 'Projects'), nextId(db, 'Releases')],
      [
        { id: 'Projects-1', seq: 1 },
        { id: 'Projects-2', seq: 2 },
        { id: 'Releases-1', seq: 1 },
      ],
    );
    db.close();
  });
});
