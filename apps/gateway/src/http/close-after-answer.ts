import type { Request } from 'express';

/**
 * Requests refused on their headers alone, before any of the body was read. Their answer
 * closes the connection, so the unread body is never read (Node would otherwise read and
 * discard it to reuse the connection). Refusals decided mid-body keep Node's default: a
 * client still sending then reads its answer instead of a reset.
 */
const refusedOnHeaders = new WeakSet<Request>();

export function closeAfterAnswer(request: Request): void {
  refusedOnHeaders.add(request);
}

export function mustCloseAfterAnswer(request: Request): boolean {
  return refusedOnHeaders.has(request);
}
