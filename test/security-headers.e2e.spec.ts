import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsp } from './support/csp';
import { type TestStack, startTestStack } from './support/test-stack';

const SAFE_REFERRER_POLICIES = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];

describe('security headers on every kind of response', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each([
    ['the web app', '/'],
    ['the sign-in confirmation page', '/auth/verify?token=x'],
    ['an API answer (401)', '/api/me'],
    ['the health check', '/health'],
    ['an unknown API route (404)', '/api/no-such-route'],
    ['an unknown page', '/no-such-page'],
  ])('%s (GET %s)', async (_label, path) => {
    const response = await fetch(`${stack.gatewayUrl}${path}`);
    const headers = response.headers;

    const csp = headers.get('content-security-policy');
    expect(csp, 'Content-Security-Policy').toBeTruthy();
    const directives = parseCsp(csp!);
    // Without script-src, default-src governs scripts.
    const scriptSources = directives['script-src'] ?? directives['default-src'];
    expect(scriptSources, 'script-src or default-src').toBeDefined();
    expect(scriptSources).not.toContain("'unsafe-inline'");
    expect(scriptSources).not.toContain("'unsafe-eval'");
    expect(scriptSources).not.toContain('*');

    expect(headers.get('x-content-type-options')).toBe('nosniff');

    const frameAncestors = directives['frame-ancestors'];
    const frameOptions = headers.get('x-frame-options');
    expect(frameAncestors ?? frameOptions, 'frame-ancestors or X-Frame-Options').toBeTruthy();
    if (frameAncestors) expect(frameAncestors.every((source) => ["'none'", "'self'"].includes(source))).toBe(true);
    if (frameOptions) expect(frameOptions.toUpperCase()).toMatch(/^(DENY|SAMEORIGIN)$/);

    const referrerPolicy = headers.get('referrer-policy');
    expect(referrerPolicy, 'Referrer-Policy').toBeTruthy();
    // Several values may be listed; browsers apply the last one they know.
    expect(SAFE_REFERRER_POLICIES).toContain(referrerPolicy!.split(',').at(-1)!.trim());

    expect(headers.get('x-powered-by')).toBeNull();
  });
});
