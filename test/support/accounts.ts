import { expect } from 'vitest';
import type { SmtpTestServer } from './smtp-test-server';

/** Everything a browser would send with a signed-in request. */
export interface Browser {
  cookie: string;
  origin: string;
}

export async function requestMagicLink(baseUrl: string, email: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api/auth/magic-link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

/** Waits for the next mail to `email` and returns the sign-in link in it. */
export async function receiveSignInLink(smtp: SmtpTestServer, email: string, previousCount = 0): Promise<URL> {
  let messages = smtp.messagesTo(email);
  while (messages.length <= previousCount) {
    await smtp.waitForMessages(smtp.messages.length + 1, 15_000);
    messages = smtp.messagesTo(email);
  }
  const text = messages.at(-1)!.text ?? '';
  const match = /https?:\/\/\S+\/auth\/verify\?token=[A-Za-z0-9_-]+/.exec(text);
  expect(match, `no sign-in link in: ${text}`).not.toBeNull();
  return new URL(match![0]);
}

/** Submits the confirmation form the way the browser does (urlencoded POST from our origin). */
export async function submitSignIn(baseUrl: string, token: string, origin = baseUrl, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}/api/auth/verify`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...headers },
    body: new URLSearchParams({ token }).toString(),
  });
}

export function sessionCookieOf(response: Response): string {
  const setCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith('wildid_session='));
  expect(setCookie, 'no session cookie was set').toBeDefined();
  return setCookie!.split(';')[0];
}

/** The whole sign-in: request a link, read it from the mail, open it, press "Sign in" (`headers`: e.g. a User-Agent, an older cookie). */
export async function signIn(baseUrl: string, smtp: SmtpTestServer, email: string, headers: Record<string, string> = {}): Promise<Browser> {
  const before = smtp.messagesTo(email).length;
  expect((await requestMagicLink(baseUrl, email)).status).toBe(202);
  const link = await receiveSignInLink(smtp, email, before);
  const page = await fetch(`${baseUrl}/auth/verify${link.search}`);
  expect(page.status).toBe(200);
  const response = await submitSignIn(baseUrl, link.searchParams.get('token')!, baseUrl, headers);
  expect(response.status).toBe(303);
  return { cookie: sessionCookieOf(response), origin: baseUrl };
}

export function asBrowser(browser: Browser, extra: Record<string, string> = {}): Record<string, string> {
  return { cookie: browser.cookie, origin: browser.origin, ...extra };
}
