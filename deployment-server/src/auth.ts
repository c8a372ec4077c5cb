import { randomInt, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { ApiError, MESSAGES } from './errors';

/** Octopus's API key format: `API-` then upper-case letters and digits (25 or more). */
export const API_KEY_PATTERN = /^API-[A-Z0-9]{25,}$/;
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const KEY_LENGTH = 28;

export function generateApiKey(): string {
  let key = 'API-';
  for (let i = 0; i < KEY_LENGTH; i++) key += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return key;
}

export function isValidApiKey(key: string): boolean {
  return API_KEY_PATTERN.test(key);
}

/**
 * The server's key: the one given (stored for next time), the stored one, or a new one. The
 * file is `DATA/api-key`, readable by its owner only.
 */
export function resolveApiKey(
  dataDir: string,
  given: string | undefined,
): { key: string; created: boolean; file: string } {
  const file = path.join(dataDir, 'api-key');
  if (given !== undefined) {
    if (!isValidApiKey(given))
      throw new Error(
        `--api-key must look like an Octopus API key: API- then 25 or more upper-case letters and digits (got '${given.slice(0, 8)}…').`,
      );
    writeKey(file, given);
    return { key: given, created: false, file };
  }
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (!isValidApiKey(stored))
      throw new Error(`${file} does not hold a valid API key; delete it to have a new one created.`);
    chmodSync(file, 0o600);
    return { key: stored, created: false, file };
  }
  const key = generateApiKey();
  writeKey(file, key);
  return { key, created: true, file };
}

function writeKey(file: string, key: string): void {
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The key a request presents: `X-Octopus-ApiKey`, or `Authorization: Bearer`. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-octopus-apikey'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key) return key.trim();
  const authorization = request.headers.authorization;
  const bearer = authorization && /^Bearer\s+(.+)$/i.exec(authorization);
  return bearer ? bearer[1].trim() : undefined;
}

/** Only `GET /api` (the root document, as api-client's first call) is open; the rest needs the key. */
export function isPublic(request: FastifyRequest): boolean {
  const pathOnly = request.url.split('?')[0];
  return (request.method === 'GET' || request.method === 'HEAD') && (pathOnly === '/api' || pathOnly === '/api/');
}

export function authHook(apiKey: string) {
  const expected = Buffer.from(apiKey);
  return async (request: FastifyRequest): Promise<void> => {
    if (isPublic(request)) return;
    const key = presentedKey(request);
    if (!key) throw new ApiError(401, MESSAGES.unauthorized);
    const given = Buffer.from(key);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new ApiError(401, MESSAGES.invalidKey);
  };
}
