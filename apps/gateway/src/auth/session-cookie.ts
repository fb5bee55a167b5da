import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

/**
 * The session cookie's names: the ONE place they are defined.
 * With an https PUBLIC_URL the cookie carries the `__Host-` prefix: browsers
 * then accept it only when Secure, with Path=/ and no Domain, so no other
 * subdomain or plain-http page can set or shadow it.
 */
export const SESSION_COOKIE = 'wildid_session';
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
const SESSION_COOKIE_NAMES = [SESSION_COOKIE, SECURE_SESSION_COOKIE];

/** Whether the request carries a session cookie under either name, valid or not (the CSRF check's question). */
export function carriesSessionCookie(request: Request): boolean {
  // The parsed cookies (cookie-parser runs first), not the raw header: `wildid_session =…` must count too.
  return SESSION_COOKIE_NAMES.some((name) => name in (request.cookies ?? {}) || name in (request.signedCookies ?? {}));
}

/** How this gateway writes and reads its session cookie, decided once from PUBLIC_URL. */
@Injectable()
export class SessionCookie {
  readonly name: string;
  private readonly options: CookieOptions;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const publicUrl = new URL(config.PUBLIC_URL);
    const secure = publicUrl.protocol === 'https:';
    this.name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
    // `__Host-` demands Path=/; over plain http the cookie stays on PUBLIC_URL's path.
    const path = secure ? '/' : publicUrl.pathname.endsWith('/') ? publicUrl.pathname : `${publicUrl.pathname}/`;
    this.options = { httpOnly: true, sameSite: 'lax', secure, path };
  }

  set(response: Response, token: string, maxAgeMs: number): void {
    response.cookie(this.name, token, { ...this.options, signed: true, maxAge: maxAgeMs });
  }

  clear(response: Response): void {
    response.clearCookie(this.name, this.options);
  }

  /** The session token if the cookie is present under this gateway's name and its signature (SECRET_KEY) is valid. */
  tokenOf(request: Request): string | undefined {
    const value: unknown = request.signedCookies?.[this.name];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }
}
