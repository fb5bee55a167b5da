import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkInboxPage, confirmSignInPage, invalidLinkPage } from '../auth/auth-pages';
import { CONTENT_SECURITY_POLICY, securityHeaders, styleHashSource } from './security-headers';

function headersSetBy(middleware: ReturnType<typeof securityHeaders>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  middleware({ headers: {} } as IncomingMessage, response, () => undefined);
  return headers;
}

describe('security headers', () => {
  describe(securityHeaders.name, () => {
    const sut = securityHeaders;

    it('sends a policy without inline scripts, inline styles or other hosts', () => {
      const policy = headersSetBy(sut())['content-security-policy'];

      expect(policy).toMatch(/^default-src 'self';script-src 'self';style-src 'self' 'sha256-[A-Za-z0-9+/]+=*';img-src 'self' blob: data:;/);
      expect(policy).toContain(";connect-src 'self' ws: wss:;object-src 'none';base-uri 'none';frame-ancestors 'none';form-action 'self'");
      expect(policy).not.toMatch(/unsafe|https?:|\*/);
    });

    it("keeps helmet's other protections on", () => {
      const headers = headersSetBy(sut());

      expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'referrer-policy': 'no-referrer' });
    });
  });

  describe('style-src', () => {
    it.each([
      ['confirm', confirmSignInPage('a'.repeat(43), '/')],
      ['invalid link', invalidLinkPage('expired', '/')],
      ['check inbox', checkInboxPage('/')],
    ])('allows exactly the style block of the %s page', (_name, html) => {
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]);

      expect(styles).toHaveLength(1);
      expect(CONTENT_SECURITY_POLICY['style-src']).toContain(styleHashSource(styles[0]!));
    });

    it('would refuse any other style block', () => {
      expect(CONTENT_SECURITY_POLICY['style-src']).not.toContain(styleHashSource('body{color:red}'));
    });
  });
});
