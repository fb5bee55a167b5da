import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

/** Travels with jobs so one request can be followed across processes; a sane client-sent X-Request-Id is kept. */
export function requestIdOf(request: Request): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
}
