import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { METRICS_REGISTRY } from '@wildid/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, type Registry } from 'prom-client';

/** nginx's code for "client closed the request", so aborted uploads are not counted as successes. */
const CLIENT_CLOSED = 499;

/** `wildid_http_request_duration_seconds{method,route,status_code}`; route is the matched pattern, never the raw URL. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
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

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.duration.startTimer();
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED;
      end({ method: req.method, route: routeOf(req), status_code: String(status) });
    });
    next();
  }
}

/** Ids and tokens in paths would make a series per request: label by the pattern Express matched. */
function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
}
