import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const assigned = new WeakMap<IncomingMessage, string>();

/**
 * The id that follows one request into logs, the X-Request-Id response header
 * and the jobs it enqueues. Decided once per request, so every caller gets
 * the same one: a sane client-sent X-Request-Id is kept, otherwise a new UUID.
 */
export function requestIdOf(request: IncomingMessage): string {
  let id = assigned.get(request);
  if (!id) {
    const header = request.headers['x-request-id'];
    id = typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
    assigned.set(request, id);
  }
  return id;
}
