import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { apiDocsPage } from '../api-docs/api-docs-page';
import { buildOpenApiDocument } from '../api-docs/openapi-document';
import { checkInboxPage, confirmSignInPage, invalidLinkPage } from '../auth/auth-pages';
import { contentSecurityPolicy, securityHeaders, styleHashSource } from './security-headers';

const PUBLIC_URL = 'https://wildid.example.org/app/';

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
      const policy = headersSetBy(sut(PUBLIC_URL))['content-security-policy'];

      expect(policy).toMatch(/^default-src 'self';script-src 'self';style-src 'self' 'sha256-[A-Za-z0-9+/]+=*' 'sha256-[A-Za-z0-9+/]+=*';img-src 'self' blob: data:;/);
      expect(policy).toContain(";connect-src 'self' wss://wildid.example.org;object-src 'none';base-uri 'none';frame-ancestors 'none';form-action 'self'");
      expect(policy).not.toMatch(/unsafe|https?:|\*|ws:(?!\/\/)|wss:(?!\/\/)/);
    });

    it('lets sockets connect to our own origin only: ws: with an http PUBLIC_URL, with its port', () => {
      expect(contentSecurityPolicy('http://127.0.0.1:3000')['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:3000']);
      expect(contentSecurityPolicy('https://wildid.example.org:8443/x')['connect-src']).toEqual(["'self'", 'wss://wildid.example.org:8443']);
    });

    it("keeps helmet's other protections on", () => {
      const headers = headersSetBy(sut(PUBLIC_URL));

      expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'referrer-policy': 'no-referrer' });
    });
  });

  describe('style-src', () => {
    it.each([
      ['confirm', confirmSignInPage('a'.repeat(43), '/')],
      ['invalid link', invalidLinkPage('expired', '/')],
      ['check inbox', checkInboxPage('/')],
      ['API description', apiDocsPage(buildOpenApiDocument(PUBLIC_URL))],
    ])('allows exactly the style block of the %s page', (_name, html) => {
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]);

      expect(styles).toHaveLength(1);
      expect(contentSecurityPolicy(PUBLIC_URL)['style-src']).toContain(styleHashSource(styles[0]!));
    });

    it('would refuse any other style block', () => {
      expect(contentSecurityPolicy(PUBLIC_URL)['style-src']).not.toContain(styleHashSource('body{color:red}'));
    });
  });
});
