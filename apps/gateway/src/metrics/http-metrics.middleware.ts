import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@wildid/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, type Registry } from 'prom-client';
import { receivedAtOf } from '../http/request-received';

/** nginx's code for "client closed the request", so aborted uploads are not counted as successes. */
const CLIENT_CLOSED = 499;

/**
 * `wildid_http_request_duration_seconds{method,route,status_code}`; route is the matched pattern, never the raw URL.
 * Mounted by main.ts right after markRequestReceived, before every other middleware, so answers
 * given before routing (403 from the origin check, 503, 413 on the headers) are counted too, and
 * timed from the request's arrival.
 */
@Injectable()
export class HttpMetricsMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.duration = new Histogram({
      name: 'wildid_http_request_duration_seconds',
      help: 'Time from request received to response sent (or connection closed), by route pattern.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  readonly use = (req: Request, res: Response, next: NextFunction): void => {
    const receivedAt = receivedAtOf(req).getTime();
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED;
      this.duration.observe({ method: req.method, route: routeOf(req), status_code: String(status) }, (Date.now() - receivedAt) / 1_000);
    });
    next();
  };
}

/** Ids and tokens in paths would make a series per request: label by the pattern Express matched. */
function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
}
