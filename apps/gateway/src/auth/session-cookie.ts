import type { CookieOptions, Request, Response } from 'express';

export const SESSION_COOKIE = 'wildid_session';

export interface SessionCookieSettings {
  secure: boolean;
  path: string;
  maxAgeMs: number;
}

function cookieOptions(settings: SessionCookieSettings): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: settings.secure, path: settings.path };
}

export function setSessionCookie(response: Response, token: string, settings: SessionCookieSettings): void {
  response.cookie(SESSION_COOKIE, token, { ...cookieOptions(settings), signed: true, maxAge: settings.maxAgeMs });
}

export function clearSessionCookie(response: Response, settings: SessionCookieSettings): void {
  response.clearCookie(SESSION_COOKIE, cookieOptions(settings));
}

/** The session token if the cookie is present and its signature (SECRET_KEY) is valid. */
export function sessionTokenOf(request: Request): string | undefined {
  const value: unknown = request.signedCookies?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
