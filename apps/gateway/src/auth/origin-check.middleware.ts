import { ForbiddenException, Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { SESSION_COOKIE } from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection: a state-changing request that a browser could send with our
 * cookies (it carries the session cookie, or it signs in) must come from our
 * own origin (PUBLIC_URL). SameSite=Lax already stops most cross-site posts;
 * this also covers same-site subdomains and old browsers.
 */
@Injectable()
export class OriginCheckMiddleware implements NestMiddleware {
  private readonly allowedOrigin: string;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.allowedOrigin = new URL(config.PUBLIC_URL).origin;
  }

  use(request: Request, _response: Response, next: NextFunction): void {
    if (SAFE_METHODS.has(request.method) || !this.needsCheck(request)) return next();
    const origin = request.headers.origin ?? originOf(request.headers.referer);
    if (origin !== this.allowedOrigin) {
      return next(new ForbiddenException('This request did not come from the WildID web app (origin check failed). Reload the page and try again.'));
    }
    next();
  }

  private needsCheck(request: Request): boolean {
    // originalUrl: middleware mounted by Nest sees `path` relative to its mount point.
    const path = request.originalUrl.split('?')[0];
    // The parsed cookies (cookie-parser runs first), not the raw header: `wildid_session =…` must count too.
    const carriesSession = SESSION_COOKIE in (request.cookies ?? {}) || SESSION_COOKIE in (request.signedCookies ?? {});
    return carriesSession || path === '/api/auth/verify';
  }
}

function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
