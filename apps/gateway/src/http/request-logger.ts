import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithLogContext } from '@wildid/common';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestIdOf } from './request-id';

/** Query parameters that carry secrets or personal data (magic-link tokens, for one). */
const SECRET_QUERY_KEY = /token|secret|password|key|code|sig|email/i;

/** Probes poll every few seconds; a line each would drown everything else. */
const PROBE_PATH = /^\/health(\/|$|\?)/;

/**
 * One JSON line per request with its request id, echoed as X-Request-Id, and
 * the id set as log context for everything logged while the request runs.
 * Lines hold method, path (secret query values redacted), status and time:
 * no headers, so no cookies, authorization or Set-Cookie, and no client IP.
 */
export function requestLogger(logger: Logger): RequestHandler {
  const log = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestIdOf(req);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Top-level, as in the workers' job lines, so one filter follows an upload across processes.
    customProps: (req) => ({ requestId: String(req.id) }),
    autoLogging: { ignore: (req) => PROBE_PATH.test(req.url ?? '') },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return (req, res, next) => {
    log(req as IncomingMessage, res as ServerResponse);
    runWithLogContext({ requestId: requestIdOf(req) }, next);
  };
}

export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const key = pair.split('=')[0] ?? '';
      return SECRET_QUERY_KEY.test(decodeURIComponentSafe(key)) ? `${key}=[redacted]` : pair;
    });
  return `${url.slice(0, at)}?${query.join('&')}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
