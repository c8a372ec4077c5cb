import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

/** Limits that keep a hostile archive from filling the disk. */
export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 100_000, maxTotalBytes: 4 * 1024 ** 3 };

function open(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    );
  });
}

/** Visits each entry in order; `visit` may read it with `zip.openReadStream`. */
async function eachEntry(
  file: string,
  visit: (zip: yauzl.ZipFile, entry: yauzl.Entry) => Promise<boolean | void>,
): Promise<void> {
  const zip = await open(file);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        visit(zip, entry).then((stop) => (stop ? resolve() : zip.readEntry()), reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

function readStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}

/** The text of the first entry whose name matches, or undefined. */
export async function readEntryText(
  file: string,
  matches: (name: string) => boolean,
  maxBytes = 1024 * 1024,
): Promise<string | undefined> {
  let found: string | undefined;
  await eachEntry(file, async (zip, entry) => {
    if (entry.fileName.endsWith('/') || !matches(entry.fileName)) return false;
    if (entry.uncompressedSize > maxBytes) throw new Error(`${entry.fileName} is larger than ${maxBytes} bytes`);
    const chunks: Buffer[] = [];
    for await (const chunk of (await readStream(zip, entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
    found = Buffer.concat(chunks).toString('utf8');
    return true;
  });
  return found;
}

/**
 * Extracts every entry under `destination`. Entries that would land outside it (`../`, absolute
 * paths) are refused, as are archives past the limits. Returns the number of files written.
 */
export async function extractZip(
  file: string,
  destination: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<number> {
  const root = path.resolve(destination);
  let entries = 0;
  let total = 0;
  let files = 0;
  mkdirSync(root, { recursive: true });
  await eachEntry(file, async (zip, entry) => {
    if (++entries > limits.maxEntries) throw new Error(`the package has more than ${limits.maxEntries} entries`);
    const name = entry.fileName.replace(/\\/g, '/');
    const target = path.resolve(root, name);
    if (target !== root && !target.startsWith(root + path.sep))
      throw new Error(`the package entry '${entry.fileName}' points outside the installation folder`);
    if (name.endsWith('/')) {
      mkdirSync(target, { recursive: true });
      return false;
    }
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) throw new Error(`the package unpacks to more than ${limits.maxTotalBytes} bytes`);
    mkdirSync(path.dirname(target), { recursive: true });
    const mode = (entry.externalFileAttributes >>> 16) & 0o777;
    await pipeline(await readStream(zip, entry), createWriteStream(target, { mode: mode & 0o111 ? 0o755 : 0o644 }));
    files++;
    return false;
  });
  return files;
}
