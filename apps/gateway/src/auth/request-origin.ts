import type { IncomingHttpHeaders } from 'node:http';

/** A header was sent but names no origin (`Referer: garbage`): never ours. */
export const UNREADABLE_ORIGIN = 'unreadable';

/**
 * The origin a browser says a request comes from: `Origin`, else the origin of `Referer`.
 * undefined when neither header is sent (a client that is not a browser, or a browser's
 * same-origin GET).
 */
export function requestOriginOf(headers: IncomingHttpHeaders): string | undefined {
  if (headers.origin !== undefined) return headers.origin;
  if (headers.referer === undefined) return undefined;
  try {
    return new URL(headers.referer).origin;
  } catch {
    return UNREADABLE_ORIGIN;
  }
}
