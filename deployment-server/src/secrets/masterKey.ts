import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MASTER_KEY_FILE = 'master-key';
const KEY_BYTES = 32;

/**
 * The key sensitive values are encrypted with (AES-256), as Octopus's master key: created on the
 * first start as `DATA/master-key` (base64, readable by its owner only) and reused after. Losing
 * it makes the stored sensitive values unreadable; the server then refuses to start.
 */
export function resolveMasterKey(dataDir: string): { key: Buffer; file: string; created: boolean } {
  const file = path.join(dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== KEY_BYTES)
      throw new Error(
        `${file} does not hold a master key (${KEY_BYTES} bytes in base64). Restore the one this data folder was created with.`,
      );
    chmodSync(file, 0o600);
    return { key, file, created: false };
  }
  const key = randomBytes(KEY_BYTES);
  // 'wx': never overwrite a key another start wrote meanwhile.
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, file, created: true };
}
