/// <reference path="./unbzip2-stream.d.ts" />
import { createReadStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import unbzip2 from 'unbzip2-stream';
import { DEFAULT_ZIP_LIMITS, extractZip, readEntryText, type ZipLimits } from './zip';

/**
 * The package formats Octopus's built-in feed takes, by file extension (longest first, so
 * `.tar.gz` wins over a shorter match). Java archives are zip files.
 */
export const PACKAGE_EXTENSIONS = [
  '.tar.bz2',
  '.tar.gz',
  '.tgz',
  '.tbz',
  '.tar',
  '.nupkg',
  '.zip',
  '.jar',
  '.war',
  '.ear',
] as const;
export type PackageExtension = (typeof PACKAGE_EXTENSIONS)[number];

type Archive = 'zip' | 'tar' | 'tar.bz2';

function archiveOf(extension: string): Archive {
  if (extension === '.tar.bz2' || extension === '.tbz') return 'tar.bz2';
  // node-tar detects gzip by its magic bytes, so .tar.gz, .tgz and .tar share one reader.
  if (extension.startsWith('.t')) return 'tar';
  return 'zip';
}

/** The package extension a file name ends with (lower case), or undefined. */
export function packageExtension(fileName: string): PackageExtension | undefined {
  const lower = fileName.toLowerCase();
  return PACKAGE_EXTENSIONS.find((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

/** Reads the whole archive once; throws when it is not a readable archive of its kind. */
export async function checkArchive(file: string, extension: string): Promise<void> {
  const archive = archiveOf(extension);
  if (archive === 'zip') {
    await readEntryText(file, () => false);
    return;
  }
  await readTar(file, archive, tar.t({ strict: true }) as unknown as NodeJS.WritableStream);
}

/** A NuGet package's `.nuspec` text (the one at its root), or undefined. */
export function readNuspec(file: string): Promise<string | undefined> {
  return readEntryText(file, (name) => !name.includes('/') && name.toLowerCase().endsWith('.nuspec'));
}

/**
 * Extracts a package of any accepted format under `destination`, with the same guards for every
 * format: entries that would land outside it (`../`, absolute paths, links pointing out) and
 * archives past the limits are refused. Returns the number of files written.
 */
export async function extractPackage(
  file: string,
  extension: string,
  destination: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<number> {
  const archive = archiveOf(extension);
  if (archive === 'zip') return extractZip(file, destination, limits);
  const root = path.resolve(destination);
  mkdirSync(root, { recursive: true });
  let entries = 0;
  let total = 0;
  let files = 0;
  let failure: Error | undefined;
  const inside = (target: string) => target === root || target.startsWith(root + path.sep);
  const extractor = tar.x({
    cwd: root,
    strict: true,
    preservePaths: false,
    filter: (entryPath, entry) => {
      if (failure) return false;
      const stat = entry as tar.ReadEntry;
      if (++entries > limits.maxEntries) failure = new Error(`the package has more than ${limits.maxEntries} entries`);
      else if (!inside(path.resolve(root, entryPath)))
        failure = new Error(`the package entry '${entryPath}' points outside the installation folder`);
      else if (
        (stat.type === 'SymbolicLink' || stat.type === 'Link') &&
        stat.linkpath &&
        !inside(path.resolve(path.dirname(path.resolve(root, entryPath)), stat.linkpath))
      ) {
        failure = new Error(`the package entry '${entryPath}' links outside the installation folder`);
      } else if ((total += stat.size ?? 0) > limits.maxTotalBytes)
        failure = new Error(`the package unpacks to more than ${limits.maxTotalBytes} bytes`);
      if (failure) return false;
      if (stat.type === 'File' || stat.type === 'OldFile' || stat.type === 'ContiguousFile') files++;
      return true;
    },
  });
  await readTar(file, archive, extractor as unknown as NodeJS.WritableStream);
  if (failure) throw failure;
  return files;
}

function readTar(file: string, archive: Archive, sink: NodeJS.WritableStream): Promise<void> {
  const source = createReadStream(file);
  return archive === 'tar.bz2'
    ? pipeline(source, unbzip2() as unknown as NodeJS.ReadWriteStream, sink)
    : pipeline(source, sink);
}
