import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (the folder holding package.json). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Shared fixture files for tests. */
export const fixturesDir = path.join(repoRoot, 'test-fixtures');

/** The bundled language server, built by `node scripts/build.mjs`. */
export const serverBundle = path.join(repoRoot, 'dist', 'server.js');

/** The `file://` URI of a path, absolute or relative to the repository root. */
export function fileUri(filePath: string): string {
  return pathToFileURL(path.resolve(repoRoot, filePath)).href;
}

/** The path of a `file://` URI. */
export function uriPath(uri: string): string {
  return fileURLToPath(uri);
}
