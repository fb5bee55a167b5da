import type { NextFunction, Request, Response } from 'express';
import type { GatewayConfig } from '../config/gateway-config';

const BATCH_UPLOAD = /^\/api\/batches\/[^/]+\/photos$/;
// What Node itself writes when its request timeout fires.
const TIMED_OUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';

/** The one route whose body may take BATCH_UPLOAD_TIMEOUT_MS to arrive: a batch's photos or archive. */
export function isBatchUpload(request: Pick<Request, 'method' | 'path'>): boolean {
  return request.method === 'POST' && BATCH_UPLOAD.test(request.path);
}

/**
 * Node's request timeout is one per server, so it is set to the longer BATCH_UPLOAD_TIMEOUT_MS
 * (applyServerTimeouts) and every other request is held here to HTTP_REQUEST_TIMEOUT_MS: a body
 * still incomplete by then gets Node's own 408 and the connection closes.
 */
export function shorterRequestDeadline(config: GatewayConfig) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.complete || isBatchUpload(request)) return next();
    const timer = setTimeout(() => {
      if (request.complete) return;
      if (!response.headersSent) request.socket.end(TIMED_OUT);
      request.socket.destroySoon();
    }, config.HTTP_REQUEST_TIMEOUT_MS);
    timer.unref();
    response.once('close', () => clearTimeout(timer));
    next();
  };
}
