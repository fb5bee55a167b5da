import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessTokenMatches, bearerToken, createAccessToken, hashAccessToken } from './access-token';

describe('access token', () => {
  describe(createAccessToken.name, () => {
    const sut = createAccessToken;

    it('creates a 43-character base64url token (256 bits)', () => {
      const { token } = sut();

      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    });

    it('creates a different token every time', () => {
      const tokens = new Set(Array.from({ length: 100 }, () => sut().token));

      expect(tokens.size).toBe(100);
    });

    it('returns the sha256 hex of the token as its hash', () => {
      const { token, hash } = sut();

      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(hash).not.toBe(token);
      expect(hash).not.toContain(token);
    });
  });

  describe(hashAccessToken.name, () => {
    const sut = hashAccessToken;

    it('is the sha256 hex digest', () => {
      expect(sut('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });

    it('is stable for the same token', () => {
      expect(sut('some-token')).toBe(sut('some-token'));
    });
  });

  describe(accessTokenMatches.name, () => {
    const sut = accessTokenMatches;

    it('is true for the token the hash was made from', () => {
      const { token, hash } = createAccessToken();

      expect(sut(token, hash)).toBe(true);
    });

    it('is false for undefined', () => {
      const { hash } = createAccessToken();

      expect(sut(undefined, hash)).toBe(false);
    });

    it('is false for an empty token', () => {
      expect(sut('', hashAccessToken(''))).toBe(false);
    });

    it('is false for another token', () => {
      const { hash } = createAccessToken();

      expect(sut(createAccessToken().token, hash)).toBe(false);
    });

    it('is false for a token that differs in one character', () => {
      const { token, hash } = createAccessToken();
      const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

      expect(sut(altered, hash)).toBe(false);
    });

    it('is false for a token of a different length', () => {
      const { token, hash } = createAccessToken();

      expect(sut(token.slice(0, 20), hash)).toBe(false);
      expect(sut(`${token}x`, hash)).toBe(false);
    });

    it('is false, without throwing, when the stored hash has a different length', () => {
      const { token, hash } = createAccessToken();

      expect(sut(token, hash.slice(0, 32))).toBe(false);
      expect(sut(token, '')).toBe(false);
    });

    it('is false when the token itself is given as the stored hash', () => {
      const { token } = createAccessToken();

      expect(sut(token, token)).toBe(false);
    });
  });

  describe(bearerToken.name, () => {
    const sut = bearerToken;

    it('returns the token of a Bearer header', () => {
      const { token } = createAccessToken();

      expect(sut(`Bearer ${token}`)).toBe(token);
    });

    it('reads the scheme name case-insensitively (RFC 9110)', () => {
      expect(sut('bearer abc')).toBe('abc');
      expect(sut('BEARER abc')).toBe('abc');
    });

    it('accepts more than one space after Bearer', () => {
      expect(sut('Bearer   abc_DEF-123')).toBe('abc_DEF-123');
    });

    it.each([
      ['undefined', undefined],
      ['empty', ''],
      ['Basic scheme', 'Basic dXNlcjpwYXNz'],
      ['Token scheme', 'Token abc'],
      ['no scheme', 'abc'],
      ['scheme only', 'Bearer'],
      ['scheme and space only', 'Bearer '],
      ['two tokens', 'Bearer abc def'],
      ['trailing space', 'Bearer abc '],
      ['leading space', ' Bearer abc'],
      ['non-base64url characters', 'Bearer abc+/='],
      ['a JSON body', 'Bearer {"token":"abc"}'],
      ['a token over 128 characters', `Bearer ${'a'.repeat(129)}`],
    ])('rejects %s', (_label, header) => {
      expect(sut(header)).toBeUndefined();
    });

    it('accepts a token of exactly 128 characters', () => {
      expect(sut(`Bearer ${'a'.repeat(128)}`)).toBe('a'.repeat(128));
    });
  });
});
