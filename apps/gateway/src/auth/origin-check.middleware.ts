import { ForbiddenException, Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { requestOriginOf } from './request-origin';
import { carriesSessionCookie } from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection, one rule for every unsafe method on every path (no path is special, so no
 * spelling of a path can slip past it): a request whose Origin (else Referer) names another
 * origin than PUBLIC_URL's is refused, cookie or not, since a hostile page could otherwise sign a
 * visitor into its own account (login CSRF) or act with the visitor's session. A request with
 * neither header comes from a client that is not a browser (browsers send Origin on every unsafe
 * request), and is let through only if it carries no session cookie: then it rides on nothing.
 */
@Injectable()
export class OriginCheckMiddleware implements NestMiddleware {
  private readonly allowedOrigin: string;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.allowedOrigin = new URL(config.PUBLIC_URL).origin;
  }

  use(request: Request, _response: Response, next: NextFunction): void {
    if (SAFE_METHODS.has(request.method)) return next();
    const origin = requestOriginOf(request.headers);
    const allowed = origin === undefined ? !carriesSessionCookie(request) : origin === this.allowedOrigin;
    if (!allowed) {
      return next(new ForbiddenException('This request did not come from the WildID web app (origin check failed). Reload the page and try again.'));
    }
    next();
  }
}

