import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

const received = new WeakMap<IncomingMessage, Date>();

/** The first middleware: notes when the gateway began handling the request (an upload's first stage timestamp). */
export const markRequestReceived: RequestHandler = (request, _response, next) => {
  received.set(request, new Date());
  next();
};

/** When markRequestReceived saw the request; now, for a request that did not pass through it. */
export function receivedAtOf(request: IncomingMessage): Date {
  return received.get(request) ?? new Date();
}
