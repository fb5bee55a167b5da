import { createHash } from 'node:crypto';
import helmet from 'helmet';
import { API_DOCS_STYLE } from '../api-docs/api-docs-page';
import { AUTH_PAGE_STYLE } from '../auth/auth-pages';

/** Content-Security-Policy `'sha256-…'` source that allows exactly this inline `<style>` text. */
export function styleHashSource(css: string): string {
  return `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
}

/** Our own origin's websocket URL (ws: for http, wss: for https): the only socket a page may open. */
export function ownWebSocketOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
}

/**
 * The one strict policy for every response: no inline scripts anywhere, no
 * third-party hosts. The only inline code allowed is the style blocks of the
 * sign-in pages and of /api/docs, by hash, since those pages are served at
 * several depths and cannot link a stylesheet by one relative URL. Sockets may connect to our
 * own origin only (CSP Level 2 browsers do not count ws: under 'self').
 */
export function contentSecurityPolicy(publicUrl: string): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", styleHashSource(AUTH_PAGE_STYLE), styleHashSource(API_DOCS_STYLE)],
    'img-src': ["'self'", 'blob:', 'data:'],
    'connect-src': ["'self'", ownWebSocketOrigin(publicUrl)],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
  };
}

/** helmet with the policy above; its other defaults (nosniff, no framing, no referrer…) stay on. */
export function securityHeaders(publicUrl: string) {
  return helmet({ contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(publicUrl) } });
}
