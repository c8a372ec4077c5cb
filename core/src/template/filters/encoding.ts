/** Base64 and hash filters (UTF-8 by default, `unicode` = UTF-16LE, hashes via node:crypto). */
import { createHash } from 'node:crypto';
import { parseInt32 } from '../dotnet/number';
import type { TemplateFilter } from './types';

function encode(text: string, encoding: 'utf8' | 'utf16le'): Buffer {
  return Buffer.from(text, encoding);
}

function decodeUtf16le(bytes: Buffer): string {
  const text = bytes.subarray(0, bytes.length - (bytes.length % 2)).toString('utf16le');
  return bytes.length % 2 ? text + '\uFFFD' : text;
}

function encodingOf(option: string | undefined): 'utf8' | 'utf16le' | null {
  switch ((option ?? 'utf8').toLowerCase()) {
    case 'utf8':
    case 'utf-8':
      return 'utf8';
    case 'unicode':
      return 'utf16le';
    default:
      return null;
  }
}

/** Strict `Convert.FromBase64String`: whitespace allowed, padding required. */
function fromBase64Strict(text: string): Buffer | null {
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, 'base64');
}

export const toBase64: TemplateFilter = (arg, options) => {
  if (options.length > 1 || arg === null) return null;
  const encoding = encodingOf(options[0]);
  return encoding ? encode(arg, encoding).toString('base64') : null;
};

export const fromBase64: TemplateFilter = (arg, options) => {
  if (options.length > 1 || arg === null) return null;
  const encoding = encodingOf(options[0]);
  const bytes = fromBase64Strict(arg);
  if (!encoding || !bytes) return null;
  return encoding === 'utf8' ? bytes.toString('utf8') : decodeUtf16le(bytes);
};

type HashInput = (text: string) => Buffer | null;

function hashInput(option: string): HashInput | null {
  switch (option.toLowerCase()) {
    case 'base64':
      return fromBase64Strict;
    case 'utf8':
    case 'utf-8':
      return (t) => encode(t, 'utf8');
    case 'unicode':
      return (t) => encode(t, 'utf16le');
    default:
      return null;
  }
}

/** Options are `[size] [encoding]` in either order; size counts digest bytes. */
function hashOptions(options: string[]): { size: number | null; input: HashInput } | null {
  let size: number | null = null;
  let input: HashInput = (t) => encode(t, 'utf8');
  if (options.length === 0) return { size, input };
  if (options.length > 2) return null;
  const first = parseInt32(options[0]);
  if (first !== null && first > 0) {
    size = first;
    if (options.length > 1) {
      const enc = hashInput(options[1]);
      if (!enc) return null;
      input = enc;
    }
    return { size, input };
  }
  const enc = hashInput(options[0]);
  if (!enc) return null;
  input = enc;
  if (options.length > 1) {
    const second = parseInt32(options[1]);
    if (second === null || second <= 0) return null;
    size = second;
  }
  return { size, input };
}

function hashFilter(algorithm: string): TemplateFilter {
  return (arg, options) => {
    if (arg === null) return null;
    const parsed = hashOptions(options);
    if (!parsed) return null;
    const bytes = parsed.input(arg);
    if (!bytes) return null;
    const digest = createHash(algorithm).update(bytes).digest();
    const size = Math.min(parsed.size ?? digest.length, digest.length);
    return digest.subarray(0, size).toString('hex');
  };
}

export const md5 = hashFilter('md5');
export const sha1 = hashFilter('sha1');
export const sha256 = hashFilter('sha256');
export const sha384 = hashFilter('sha384');
export const sha512 = hashFilter('sha512');
