import type { NextFunction, Request, Response } from 'express';
import { isAdmin, routeNotFound } from './admin-access';

/** Where the gateway serves Bull Board (its page, `static/…` assets and `api/…`). */
export const DASHBOARD_ROUTE = 'admin/queues';

/**
 * The Content-Security-Policy of every dashboard response, replacing the
 * gateway-wide one there. Bull Board's scripts are all files under `static/`
 * (no inline or eval'd script: `script-src 'self'` holds), but its page has
 * inline styles (the loading placeholder's `style` attributes and a `<style>`
 * block) and its job data editor (CodeMirror) adds a `<style>` element at run
 * time without a nonce, so styles need 'unsafe-inline'. Its Google Fonts
 * stylesheet stays blocked on purpose (no third-party requests from an admin's
 * browser); the UI falls back to system fonts.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join('; ');

/**
 * Runs right before Bull Board's router, in the same middleware chain: only
 * admins get through, and their responses carry the dashboard's CSP. Everyone
 * else gets the 404 of a route that does not exist, for the page, its assets
 * and its API alike.
 */
export function queueDashboardGate(request: Request, response: Response, next: NextFunction): void {
  if (!isAdmin(request)) return next(routeNotFound(request));
  response.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  next();
}

/** PUBLIC_URL's path with a trailing slash: `/`, or `/wildid/` behind a proxy under a sub-path. */
export function publicBasePath(publicUrl: string): string {
  const path = new URL(publicUrl).pathname;
  return path.endsWith('/') ? path : `${path}/`;
}

/**
 * The dashboard's path as browsers see it. Behind a reverse proxy under a
 * sub-path (PUBLIC_URL `https://example.org/wildid/`), the proxy strips the
 * prefix, so the gateway serves `/admin/queues` while the page must load its
 * assets and call its API under `/wildid/admin/queues/`.
 */
export function dashboardBasePath(publicUrl: string): string {
  return `${publicBasePath(publicUrl)}${DASHBOARD_ROUTE}/`;
}
