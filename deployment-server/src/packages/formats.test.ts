import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as tar from 'tar';
import { createArchive } from '../testing/archives';
import { checkArchive, extractPackage, PACKAGE_EXTENSIONS } from './formats';

describe('package formats', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-formats-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const extension of PACKAGE_EXTENSIONS) {
    it(`extracts a ${extension} package written by other tools`, async () => {
      const file = path.join(dir, `p${extension}`);
      writeFileSync(file, createArchive(extension, { 'index.html': '<h1>hi</h1>', 'config/app.json': '{"a":1}' }));
      await checkArchive(file, extension);
      const out = path.join(dir, `out${extension}`);
      const files = await extractPackage(file, extension, out);
      assert.equal(files, 2);
      assert.equal(readFileSync(path.join(out, 'index.html'), 'utf8'), '<h1>hi</h1>');
      assert.equal(readFileSync(path.join(out, 'config/app.json'), 'utf8'), '{"a":1}');
    });
  }

  it('refuses a file that is not an archive of its kind', async () => {
    const file = path.join(dir, 'bad.tar.gz');
    writeFileSync(file, 'not a tarball at all');
    await assert.rejects(checkArchive(file, '.tar.gz'));
    const bz = path.join(dir, 'bad.tar.bz2');
    writeFileSync(bz, createArchive('.tar.gz', { a: 'b' }));
    await assert.rejects(checkArchive(bz, '.tar.bz2'));
  });

  it('refuses tar entries and links that point outside the installation folder', async () => {
    const src = path.join(dir, 'evil-src', 'inner');
    const { mkdirSync, symlinkSync } = await import('node:fs');
    mkdirSync(src, { recursive: true });
    writeFileSync(path.join(dir, 'evil-src', 'evil.txt'), 'x');
    const evil = path.join(dir, 'evil.tar');
    await tar.c({ cwd: src, file: evil, preservePaths: true }, ['../evil.txt']);
    const out = path.join(dir, 'evil-out');
    await assert.rejects(extractPackage(evil, '.tar', out), /outside the installation folder|path contains/);
    assert.ok(
      !existsSync(path.join(dir, 'evil.txt')) || readFileSync(path.join(dir, 'evil-src', 'evil.txt'), 'utf8') === 'x',
    );

    symlinkSync('/etc', path.join(src, 'etc-link'));
    const linked = path.join(dir, 'link.tar');
    await tar.c({ cwd: src, file: linked }, ['etc-link']);
    await assert.rejects(extractPackage(linked, '.tar', path.join(dir, 'link-out')), /links outside/);
    assert.ok(!existsSync(path.join(dir, 'link-out', 'etc-link')));
  });

  it('stops at the entry and size limits for tar packages too', async () => {
    const file = path.join(dir, 'many.tgz');
    writeFileSync(file, createArchive('.tgz', { a: '1', b: '2', c: '3' }));
    await assert.rejects(
      extractPackage(file, '.tgz', path.join(dir, 'many-out'), { maxEntries: 2, maxTotalBytes: 1e9 }),
      /more than 2 entries/,
    );
    await assert.rejects(
      extractPackage(file, '.tgz', path.join(dir, 'big-out'), { maxEntries: 100, maxTotalBytes: 2 }),
      /more than 2 bytes/,
    );
  });
});
