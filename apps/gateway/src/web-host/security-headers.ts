import { createHash } from 'node:crypto';
import helmet from 'helmet';
import { AUTH_PAGE_STYLE } from '../auth/auth-pages';

/** Content-Security-Policy `'sha256-…'` source that allows exactly this inline `<style>` text. */
export function styleHashSource(css: string): string {
  return `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
}

/**
 * The one strict policy for every response: no inline scripts anywhere, no
 * third-party hosts. The only inline code allowed is the sign-in pages' small
 * style block, by hash, since those pages are served at several depths and
 * cannot link a stylesheet by one relative URL.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", styleHashSource(AUTH_PAGE_STYLE)],
  'img-src': ["'self'", 'blob:', 'data:'],
  'connect-src': ["'self'", 'ws:', 'wss:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/** helmet with the policy above; its other defaults (nosniff, no framing, no referrer…) stay on. */
export function securityHeaders() {
  return helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } });
}
