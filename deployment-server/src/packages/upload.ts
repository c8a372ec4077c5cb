import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../errors';

export interface Upload {
  fileName: string;
  file: string;
  size: number;
  sha1: string;
}

/**
 * Streams the first file part of a multipart upload (api-client, octopackjs and curl `-F` send
 * one, named `fileToUpload`) to `file`, counting and hashing it on the way, so memory stays flat
 * whatever the size. Past `maxBytes`, or when the body is not valid multipart, it is a 400 and
 * nothing is kept.
 */
export async function readUpload(request: FastifyRequest, maxBytes: number, file: string): Promise<Upload> {
  const hash = createHash('sha1');
  let size = 0;
  try {
    const part = await request.file({
      limits: { fileSize: maxBytes, files: 1, parts: 20, fieldSize: 64 * 1024, headerPairs: 50 },
    });
    if (!part) throw badRequest('The multipart body has no file part: send the package in a part named fileToUpload.');
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(part.file, count, createWriteStream(file, { mode: 0o600 }));
    if (part.file.truncated) throw tooLarge(maxBytes);
    return { fileName: part.filename, file, size, sha1: hash.digest('hex') };
  } catch (error) {
    rmSync(file, { force: true });
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    // Disk errors (ENOSPC, EACCES…) are the server's problem: a logged 500, not the client's 400.
    if (/^E[A-Z]+$/.test(code) || (error as { statusCode?: number }).statusCode === 400) throw error;
    throw badRequest(`The multipart body could not be read: ${(error as Error).message}`);
  }
}

function tooLarge(maxBytes: number) {
  return badRequest(`The package is larger than the ${maxBytes} bytes this server accepts.`);
}
