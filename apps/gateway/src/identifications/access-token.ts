import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, handed to the uploader once; only its hash is stored. */
export function createAccessToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashAccessToken(token) };
}

export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function accessTokenMatches(token: string | undefined, storedHash: string): boolean {
  if (!token) return false;
  const actual = Buffer.from(hashAccessToken(token), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_-]{1,128})$/i.exec(authorization ?? '');
  return match?.[1];
}
