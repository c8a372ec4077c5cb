import { readFileSync } from 'node:fs';
import * as path from 'node:path';

declare const __STEPWISE_VERSION__: string | undefined;

/**
 * Stepwise's version, written in one place: the root package.json. The build puts it in
 * (scripts/build.mjs, esbuild `define`); unbundled runs (tests under tsx) read the file.
 */
export const STEPWISE_VERSION: string =
  typeof __STEPWISE_VERSION__ === 'string' ? __STEPWISE_VERSION__ : readPackageVersion();

function readPackageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}
