import { type Socket, io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, asBrowser, receiveSignInLink, requestMagicLink, signIn, submitSignIn } from './support/accounts';
import { AppProcess, freePort } from './support/app-process';
import { testPrisma } from './support/database';
import { SmtpTestServer } from './support/smtp-test-server';
import { type TestStack, startTestStack } from './support/test-stack';

const SECRET_KEY = 'sessions-test-secret-0123456789abcdef0123456789';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const PHONE = 'Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0 Mobile Safari/537.36';
/** The sweep interval of these gateways: expired sessions' sockets must close within it. */
const CHECK_MS = 500;

interface SessionRow {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  current: boolean;
}

/** A socket opened with the browser's cookie; `closed` resolves with the reason once the server disconnects it. */
async function openSocket(url: string, browser: Browser): Promise<{ socket: Socket; closed: Promise<string> }> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: browser.cookie } });
  const closed = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, closed };
}

describe('sessions: list, end one, end all, and their sockets on every gateway', () => {
  let stack: TestStack;
  let other: AppProcess;
  let otherUrl: string;
  let mailer: AppProcess;
  const smtp = new SmtpTestServer();
  const prisma = testPrisma();
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const smtpPort = await smtp.start();
    const gatewayEnv = { SECRET_KEY, SESSION_SOCKET_CHECK_MS: String(CHECK_MS) };
    stack = await startTestStack({ withWorker: false, gatewayEnv });
    const port = await freePort();
    otherUrl = `http://127.0.0.1:${port}`;
    other = await AppProcess.start('gateway', { ...stack.env, ...gatewayEnv, PORT: String(port), PUBLIC_URL: stack.gatewayUrl });
    mailer = await AppProcess.start('mailer-worker', { ...stack.env, SECRET_KEY, MAIL_PORT: String(smtpPort), PUBLIC_URL: stack.gatewayUrl });
  });

  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.log(`gateway:\n${stack.gateway.logs.slice(-3000)}\nother gateway:\n${other.logs.slice(-3000)}`);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([mailer?.stop(), other?.stop()]);
    await stack?.stop();
    await smtp.stop();
    await prisma.$disconnect();
  });

  const me = (browser: Browser, url = stack.gatewayUrl) => fetch(`${url}/api/me`, { headers: { cookie: browser.cookie } }).then((r) => r.status);
  const listSessions = async (browser: Browser) => {
    const response = await fetch(`${stack.gatewayUrl}/api/me/sessions`, { headers: asBrowser(browser) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { sessions: SessionRow[] }).sessions;
  };
  const socketOn = async (url: string, browser: Browser) => {
    const opened = await openSocket(url, browser);
    sockets.push(opened.socket);
    return opened;
  };

  it('lists the user\'s sessions with their browser, times and which one is this one', async () => {
    const laptop = await signIn(stack.gatewayUrl, smtp, 'two-browsers@example.org', { 'user-agent': FIREFOX });
    const phone = await signIn(stack.gatewayUrl, smtp, 'two-browsers@example.org', { 'user-agent': PHONE });
    await signIn(stack.gatewayUrl, smtp, 'someone-else@example.org');

    const sessions = await listSessions(laptop);

    expect(sessions).toHaveLength(2);
    expect(sessions.find((session) => session.current)).toMatchObject({ userAgent: FIREFOX });
    expect(sessions.find((session) => !session.current)).toMatchObject({ userAgent: PHONE });
    for (const session of sessions) {
      expect(session.id).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(session.createdAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(Date.parse(session.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(session.createdAt));
    }
    expect((await listSessions(phone)).find((session) => session.current)).toMatchObject({ userAgent: PHONE });
    expect((await fetch(`${stack.gatewayUrl}/api/me/sessions`)).status).toBe(401);
  });

  it('ends one of the user\'s sessions and closes its socket on the other gateway; another user\'s session is a 404', async () => {
    const laptop = await signIn(stack.gatewayUrl, smtp, 'one@example.org');
    const phone = await signIn(stack.gatewayUrl, smtp, 'one@example.org');
    const stranger = await signIn(stack.gatewayUrl, smtp, 'stranger@example.org');
    const phoneSocket = await socketOn(otherUrl, phone);
    const laptopSocket = await socketOn(otherUrl, laptop);
    const phoneId = (await listSessions(phone)).find((session) => session.current)!.id;

    const foreign = await fetch(`${stack.gatewayUrl}/api/me/sessions/${phoneId}`, { method: 'DELETE', headers: asBrowser(stranger) });
    expect(foreign.status).toBe(404);
    expect(await me(phone)).toBe(200);
    expect((await fetch(`${stack.gatewayUrl}/api/me/sessions/not-a-session`, { method: 'DELETE', headers: asBrowser(laptop) })).status).toBe(404);

    const ended = await fetch(`${stack.gatewayUrl}/api/me/sessions/${phoneId}`, { method: 'DELETE', headers: asBrowser(laptop) });

    expect(ended.status).toBe(204);
    expect(ended.headers.getSetCookie()).toEqual([]); // not this browser's session: its cookie stays
    expect(await phoneSocket.closed).toBe('io server disconnect');
    expect(await me(phone)).toBe(401);
    expect(await me(phone, otherUrl)).toBe(401);
    expect(await me(laptop)).toBe(200);
    expect(laptopSocket.socket.connected).toBe(true);
    expect((await listSessions(laptop)).map((session) => session.current)).toEqual([true]);
    expect((await fetch(`${stack.gatewayUrl}/api/me/sessions/${phoneId}`, { method: 'DELETE', headers: asBrowser(laptop) })).status).toBe(404);
  });

  it('logs out: this session and its sockets end, on both gateways', async () => {
    const browser = await signIn(stack.gatewayUrl, smtp, 'leaving@example.org');
    const here = await socketOn(stack.gatewayUrl, browser);
    const there = await socketOn(otherUrl, browser);

    const logout = await fetch(`${otherUrl}/api/auth/logout`, { method: 'POST', headers: asBrowser(browser) });

    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().join()).toMatch(/wildid_session=;/);
    expect(await Promise.all([here.closed, there.closed])).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await me(browser)).toBe(401);
  });

  it('logs out everywhere: every session of the user and every socket of theirs end; other users stay', async () => {
    const first = await signIn(stack.gatewayUrl, smtp, 'everywhere@example.org');
    const second = await signIn(stack.gatewayUrl, smtp, 'everywhere@example.org');
    const bystander = await signIn(stack.gatewayUrl, smtp, 'bystander@example.org');
    const sockets = await Promise.all([socketOn(stack.gatewayUrl, first), socketOn(otherUrl, second), socketOn(stack.gatewayUrl, second)]);
    const bystanderSocket = await socketOn(otherUrl, bystander);
    expect((await fetch(`${stack.gatewayUrl}/api/auth/logout-everywhere`, { method: 'POST' })).status).toBe(401);

    const response = await fetch(`${stack.gatewayUrl}/api/auth/logout-everywhere`, { method: 'POST', headers: asBrowser(first) });

    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie().join()).toMatch(/wildid_session=;/);
    expect(await Promise.all(sockets.map((socket) => socket.closed))).toEqual(Array(3).fill('io server disconnect'));
    expect([await me(first), await me(second, otherUrl)]).toEqual([401, 401]);
    expect(await me(bystander)).toBe(200);
    expect(bystanderSocket.socket.connected).toBe(true);
  });

  it('ends the session a browser had when it signs in again, with its sockets', async () => {
    const before = await signIn(stack.gatewayUrl, smtp, 'first-account@example.org');
    const oldSocket = await socketOn(otherUrl, before);

    const after = await signIn(stack.gatewayUrl, smtp, 'second-account@example.org', { cookie: before.cookie });

    expect(await oldSocket.closed).toBe('io server disconnect');
    expect(await me(before)).toBe(401);
    expect(await me(after)).toBe(200);
  });

  it('disconnects the sockets of a session that expired, on every gateway, within the check interval', async () => {
    const browser = await signIn(stack.gatewayUrl, smtp, 'expiring@example.org');
    const here = await socketOn(stack.gatewayUrl, browser);
    const there = await socketOn(otherUrl, browser);
    const [session] = await listSessions(browser);

    // No request ends it: only the clock (absolute lifetime over), as when a tab stays open past it.
    await prisma.session.update({ where: { id: session.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });

    expect(await Promise.all([here.closed, there.closed])).toEqual(['io server disconnect', 'io server disconnect']);
    const row = await prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.endedAt).toBeNull(); // nothing announced it; the sweep found it
  });

  it('keeps ended sessions as rows marked ended (the maintenance job purges them later)', async () => {
    const browser = await signIn(stack.gatewayUrl, smtp, 'kept-row@example.org');
    const [session] = await listSessions(browser);
    await fetch(`${stack.gatewayUrl}/api/auth/logout`, { method: 'POST', headers: asBrowser(browser) });

    const row = await prisma.session.findUniqueOrThrow({ where: { id: session.id } });

    expect(row.endedAt).toBeInstanceOf(Date);
  });
});

describe('the session cookie with an https PUBLIC_URL', () => {
  let stack: TestStack;
  let mailer: AppProcess;
  let origin: string;
  let url: string;
  const smtp = new SmtpTestServer();

  beforeAll(async () => {
    const smtpPort = await smtp.start();
    const port = await freePort();
    // TLS ends at a reverse proxy in front; the gateway itself speaks http, as in production.
    origin = `https://127.0.0.1:${port}`;
    url = `http://127.0.0.1:${port}`;
    stack = await startTestStack({ withWorker: false, gatewayEnv: { SECRET_KEY, PORT: String(port), PUBLIC_URL: `${origin}/wildid/` } });
    mailer = await AppProcess.start('mailer-worker', { ...stack.env, SECRET_KEY, MAIL_PORT: String(smtpPort), PUBLIC_URL: `${origin}/wildid/` });
  });

  afterAll(async () => {
    await mailer?.stop();
    await stack?.stop();
    await smtp.stop();
  });

  it('is named __Host-wildid_session: Secure, Path=/, no Domain; the unprefixed name is not accepted', async () => {
    expect((await requestMagicLink(url, 'secure@example.org')).status).toBe(202);
    const token = (await receiveSignInLink(smtp, 'secure@example.org')).searchParams.get('token')!;

    const response = await submitSignIn(url, token, origin);

    expect(response.status).toBe(303);
    const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith('__Host-wildid_session='))!;
    expect(header).toBeDefined();
    expect(header).toMatch(/; Path=\/;/);
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).not.toMatch(/Domain=/i);
    const cookie = header.split(';')[0];
    expect((await fetch(`${url}/api/me`, { headers: { cookie } })).status).toBe(200);
    const unprefixed = cookie.replace('__Host-', '');
    expect((await fetch(`${url}/api/me`, { headers: { cookie: unprefixed } })).status).toBe(401);

    const logout = await fetch(`${url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin } });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().join()).toMatch(/^__Host-wildid_session=; Path=\/;.*Secure/);
  });
});
