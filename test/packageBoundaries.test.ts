/**
 * The house's import rule: a workspace package (core, server, deployment-server) is imported by
 * name (`@stepwise/core`…), through the subpaths its package.json `exports` lists, never by a
 * relative path into its folder. Imports may point only down the layers: core ← deployment-server
 * ← server ← the extension (client) and the tests.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..');
const PACKAGES = {
  core: '@stepwise/core',
  'deployment-server': '@stepwise/deployment-server',
  server: '@stepwise/server',
} as const;
type Folder = keyof typeof PACKAGES;
/** What each package may import; the root package (client/, test/, bench/) may import them all. */
const MAY_IMPORT: Record<Folder, Folder[]> = {
  core: [],
  'deployment-server': ['core'],
  server: ['core', 'deployment-server'],
};
const SKIP = new Set(['node_modules', 'dist', 'out', 'test-results', 'test-fixtures']);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function folderOf(file: string): Folder | undefined {
  const first = path.relative(root, file).split(path.sep)[0];
  return first in PACKAGES ? (first as Folder) : undefined;
}

const SPECIFIER = /(?:\bfrom|\bimport|\brequire\()\s*\(?\s*['"]([^'"]+)['"]/g;

function importsOf(file: string): { spec: string; line: number }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) => ({ spec: m[1], line: text.slice(0, m.index).split('\n').length }));
}

describe('package boundaries', () => {
  const files = sourceFiles(root);

  it('finds the source files to check', () => {
    assert.ok(files.length > 100, `only ${files.length} files found`);
  });

  it('no relative import reaches into another package', () => {
    const crossings: string[] = [];
    for (const file of files) {
      const own = folderOf(file);
      for (const { spec, line } of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = folderOf(path.resolve(path.dirname(file), spec));
        if (target && target !== own)
          crossings.push(`${path.relative(root, file)}:${line} ${spec} (use ${PACKAGES[target]})`);
      }
    }
    assert.deepEqual(crossings, []);
  });

  it('imports by name use only exported subpaths, and point down the layers', () => {
    const exported = Object.fromEntries(
      (Object.keys(PACKAGES) as Folder[]).map((folder) => [
        folder,
        new Set(Object.keys(JSON.parse(readFileSync(path.join(root, folder, 'package.json'), 'utf8')).exports)),
      ]),
    ) as Record<Folder, Set<string>>;
    const wrong: string[] = [];
    for (const file of files) {
      const own = folderOf(file);
      for (const { spec, line } of importsOf(file)) {
        const m = /^@stepwise\/(core|server|deployment-server)(\/.*)?$/.exec(spec);
        if (!m) continue;
        const target = m[1] as Folder;
        const where = `${path.relative(root, file)}:${line} ${spec}`;
        if (!exported[target].has(m[2] ? `.${m[2]}` : '.'))
          wrong.push(`${where}: not in ${target}/package.json exports`);
        if (own && own !== target && !MAY_IMPORT[own].includes(target))
          wrong.push(`${where}: ${own} may not import ${target}`);
        if (own === target) wrong.push(`${where}: a package imports itself by relative path`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
