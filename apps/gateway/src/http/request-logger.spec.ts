import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestIdOf } from './request-id';
import { redactUrl } from './request-logger';

function makeRequest(headers: Record<string, string> = {}): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('redactUrl', () => {
  it('hides the values of secret query parameters and keeps the rest', () => {
    expect(redactUrl('/auth/verify?token=abc123&next=%2Fhistory')).toBe('/auth/verify?token=[redacted]&next=%2Fhistory');
    expect(redactUrl('/x?accessToken=a&api_key=b&email=c%40d&page=2')).toBe('/x?accessToken=[redacted]&api_key=[redacted]&email=[redacted]&page=2');
  });

  it('leaves URLs without a query alone', () => {
    expect(redactUrl('/api/identifications/123')).toBe('/api/identifications/123');
  });
});

describe('requestIdOf', () => {
  it('keeps a sane client-sent X-Request-Id', () => {
    expect(requestIdOf(makeRequest({ 'x-request-id': 'edge-42.a:b' }))).toBe('edge-42.a:b');
  });

  it('replaces an unusable one with a UUID, the same one on every call for the request', () => {
    const request = makeRequest({ 'x-request-id': 'bad id with spaces\n' });

    const first = requestIdOf(request);

    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(request)).toBe(first);
  });
});
