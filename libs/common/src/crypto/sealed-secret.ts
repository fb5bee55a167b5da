import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts a secret so it can travel through Redis (BullMQ stores job data in
 * clear text) and be read only by a process that knows SECRET_KEY.
 * AES-256-GCM with a key derived per purpose, so one sealed value cannot be
 * replayed as another kind. `boundTo` (e.g. the recipient) is authenticated
 * but not encrypted: the value opens only with the same `boundTo`, so it
 * cannot be moved to another context (a mail job edited to another address).
 */
export function sealSecret(plaintext: string, secretKey: string, purpose: string, boundTo = ''): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secretKey, purpose), iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/** Throws when the value was tampered with or sealed with another key, purpose or `boundTo`. */
export function openSealedSecret(sealed: string, secretKey: string, purpose: string, boundTo = ''): string {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < 29) throw new Error('sealed secret is too short');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(secretKey, purpose), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  decipher.setAAD(Buffer.from(boundTo, 'utf8'));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

function deriveKey(secretKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'wildid', purpose, 32));
}
