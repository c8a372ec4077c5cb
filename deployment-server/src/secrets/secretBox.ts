import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'stepwise-sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored sensitive value that the master key cannot open. */
export class SecretDecryptionError extends Error {}

/**
 * Encrypts sensitive values for storage with AES-256-GCM under the master key: each value gets a
 * fresh random nonce, and the tag makes a changed or foreign ciphertext fail rather than decrypt
 * to garbage. Sealed text is `stepwise-sealed:v1:` + base64(nonce, tag, ciphertext), so a value
 * is recognisably sealed and a plain value from before encryption still reads as itself.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The master key must be 32 bytes (AES-256).');
  }

  seal(plain: string): string {
    if (isSealed(plain)) return plain;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64');
  }

  /** The plain value of a sealed one; anything not sealed is returned as it is. */
  open(value: string): string {
    if (!isSealed(value)) return value;
    const bytes = Buffer.from(value.slice(PREFIX.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError(
        'A stored sensitive value cannot be decrypted with this data folder’s master key (DATA/master-key): the key was replaced, or the value was changed.',
      );
    }
  }
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}
