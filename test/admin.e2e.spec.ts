import { existsSync } from 'node:fs';
import { type Server, createServer, request as httpRequest } from 'node:http';
import { once } from 'node:events';
import { IDENTIFY_QUEUE, MAIL_QUEUE } from '@wildid/common';
import { Queue, QueueEvents } from 'bullmq';
import { chromium } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, asBrowser, signIn } from './support/accounts';
import { connectSocket, followIdentification, uploadOk } from './support/api-client';
import { AppProcess, freePort } from './support/app-process';
import { parseCsp } from './support/csp';
import { testPrisma } from './support/database';
import { makeJpeg } from './support/images';
import { SmtpTestServer } from './support/smtp-test-server';
import { TEST_REDIS_URL, type TestStack, startTestStack } from './support/test-stack';

const SECRET_KEY = 'admin-test-secret-0123456789abcdef0123456789';
const ADMIN = 'admin@example.org';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STAMPED = /^\d{4}-\d\d-\d\dT[\d:.]+Z /;

describe('admin: queue dashboard, job logs and stats', () => {
  let stack: TestStack;
  let mailer: AppProcess;
  let socket: Socket;
  let admin: Browser;
  let member: Browser;
  const smtp = new SmtpTestServer();
  const prisma = testPrisma();
  const connection = { url: TEST_REDIS_URL };
  const identifyQueue = new Queue(IDENTIFY_QUEUE, { connection });
  const identifyEvents = new QueueEvents(IDENTIFY_QUEUE, { connection });
  let seed = 700;
  /** Set by the stats test: an identification that completed after one retry, and one that failed. */
  let retried: { id: string; status: string };
  let failed: { id: string; status: string };

  beforeAll(async () => {
    const smtpPort = await smtp.start();
    stack = await startTestStack({ gatewayEnv: { SECRET_KEY, ADMIN_EMAILS: ADMIN } });
    mailer = await AppProcess.start('mailer-worker', { ...stack.env, SECRET_KEY, MAIL_PORT: String(smtpPort), PUBLIC_URL: stack.gatewayUrl });
    admin = await signIn(stack.gatewayUrl, smtp, ADMIN);
    member = await signIn(stack.gatewayUrl, smtp, 'member@example.org');
    socket = await connectSocket(stack.gatewayUrl);
    await identifyEvents.waitUntilReady();
  });

  afterAll(async () => {
    socket?.disconnect();
    await mailer?.stop();
    await stack?.stop();
    await smtp.stop();
    await Promise.all([identifyQueue.close(), identifyEvents.close(), prisma.$disconnect()]);
  });

  const get = (path: string, browser?: Browser) => fetch(`${stack.gatewayUrl}${path}`, { headers: browser ? asBrowser(browser) : {} });
  const put = (path: string, headers: Record<string, string>) => fetch(`${stack.gatewayUrl}${path}`, { method: 'PUT', headers });

  async function scriptAssetOf(page: Response): Promise<string> {
    const asset = /<script defer src="(static\/js\/main\.[\w.]+\.js)">/.exec(await page.text())?.[1];
    expect(asset, 'no main script in the page').toBeDefined();
    return asset!;
  }

  async function identify(...steps: Parameters<TestStack['fake']['script']>) {
    stack.fake.script(...steps);
    const created = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: seed++ }));
    const { events } = await followIdentification(socket, created);
    return { id: created.id, status: events.at(-1)!.status };
  }

  it('serves the page, its assets and its API to an admin, with the dashboard CSP', async () => {
    const page = await get('/admin/queues', admin);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-powered-by')).toBeNull();
    const csp = parseCsp(page.headers.get('content-security-policy'));
    expect(csp).toMatchObject({ 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'base-uri': ["'self'"] });
    // The relaxation is the dashboard's only.
    expect(parseCsp((await get('/api/me', admin)).headers.get('content-security-policy'))['style-src']).not.toContain("'unsafe-inline'");
    const html = await page.clone().text();
    expect(html).toContain('<base href="/admin/queues/" />');
    expect(html).toContain('"boardTitle":"WildID queues"');

    const asset = await get(`/admin/queues/${await scriptAssetOf(page)}`, admin);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);

    const api = await get('/admin/queues/api/queues', admin);
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: Array<{ name: string }> };
    expect(queues.map((queue) => queue.name).sort()).toEqual(['identify', 'mail', 'maintenance']);
  });

  it('answers anonymous and non-admin users like a route that does not exist', async () => {
    const asset = await scriptAssetOf(await get('/admin/queues', admin));
    const missing = await get('/admin/nothing-here');
    expect(await missing.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /admin/nothing-here' });
    const paths = ['/admin/queues', '/admin/queues/', '/admin/queues/queue/identify', `/admin/queues/${asset}`, '/admin/queues/api/queues', '/api/admin/stats'];
    for (const browser of [undefined, member]) {
      for (const path of paths) {
        const response = await get(path, browser);
        const who = browser ? 'member' : 'anonymous';
        expect(response.status, `${who} GET ${path}`).toBe(404);
        expect(await response.json(), `${who} GET ${path}`).toEqual({ statusCode: 404, error: 'Not Found', message: `Cannot GET ${path}` });
      }
    }
    expect((await put('/admin/queues/api/queues/identify/pause', asBrowser(member))).status).toBe(404);
    expect(await identifyQueue.isPaused()).toBe(false);
  });

  it('pauses and resumes a queue through the Bull Board API, after the CSRF origin check', async () => {
    const foreign = await put('/admin/queues/api/queues/identify/pause', asBrowser(admin, { origin: 'https://evil.example' }));
    expect(foreign.status).toBe(403);
    expect(await identifyQueue.isPaused()).toBe(false);

    expect((await put('/admin/queues/api/queues/identify/pause', asBrowser(admin))).status).toBe(200);
    expect(await identifyQueue.isPaused()).toBe(true);
    const stats = (await (await get('/api/admin/stats', admin)).json()) as { queues: Array<{ name: string; isPaused: boolean }> };
    expect(stats.queues.find((queue) => queue.name === 'identify')?.isPaused).toBe(true);

    expect((await put('/admin/queues/api/queues/identify/resume', asBrowser(admin))).status).toBe(200);
    expect(await identifyQueue.isPaused()).toBe(false);
  });

  it('logs each attempt into the job log and reports matching stats after 2 completed and 1 failed identification', async () => {
    // Identification stats come from the run's shared database: compare with what other test files left there.
    const before = ((await (await get('/api/admin/stats', admin)).json()) as StatsBody).identifications.lastHour;
    retried = await identify({ kind: 'status', status: 503 });
    const completed = await identify();
    failed = await identify({ kind: 'error', error: 'invalid_image' });
    expect([retried.status, completed.status, failed.status]).toEqual(['completed', 'completed', 'failed']);

    const retriedLog = (await identifyQueue.getJobLogs(retried.id)).logs;
    expect(retriedLog.every((line) => STAMPED.test(line))).toBe(true);
    expect(retriedLog.map((line) => line.replace(STAMPED, '').replace(/\d+ ms, \d+ tokens/, 'N ms, N tokens'))).toEqual([
      expect.stringMatching(/^attempt 1 of 3: model called: /),
      'error model_unavailable; will retry',
      expect.stringMatching(/^attempt 2 of 3: model called: /),
      expect.stringMatching(/^model answered in N ms, N tokens \(.+\); result stored: completed$/),
    ]);
    const failedLog = (await identifyQueue.getJobLogs(failed.id)).logs.map((line) => line.replace(STAMPED, ''));
    expect(failedLog.slice(1)).toEqual(['error model_rejected_photo; giving up (not retryable)', 'failure stored: model_rejected_photo']);
    const shown = await get(`/admin/queues/api/queues/identify/${failed.id}/logs`, admin);
    expect(((await shown.json()) as string[]).join('\n')).toContain('giving up (not retryable)');

    const response = await get('/api/admin/stats?recent=10', admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const stats = (await response.json()) as StatsBody;
    const identifyStats = stats.queues.find((queue) => queue.name === IDENTIFY_QUEUE)!;
    expect(identifyStats).toMatchObject({
      isPaused: false,
      counts: { waiting: 0, active: 0, delayed: 0, failed: 1, completed: 2, paused: 0 },
      lastHour: { completed: 2, failed: 1, jobsPerMinute: 0.05, failureRate: 0.3333 },
    });
    expect(identifyStats.workersOnline).toBeGreaterThanOrEqual(1);
    const mailStats = stats.queues.find((queue) => queue.name === MAIL_QUEUE)!;
    expect(mailStats.lastHour.completed).toBeGreaterThanOrEqual(2);
    expect(mailStats.workersOnline).toBeGreaterThanOrEqual(1);

    const after = stats.identifications.lastHour;
    expect([after.completed - before.completed, after.failed - before.failed]).toEqual([2, 1]);
    expect(after.failureRate).toBeCloseTo(after.failed / (after.completed + after.failed), 3);
    expect(after.totalTokens).toBeGreaterThan(before.totalTokens);
    expect(stats.identifications.recent.slice(0, 3).map((item) => item.id)).toEqual([failed.id, completed.id, retried.id]);
    for (const item of stats.identifications.recent.slice(1, 3)) {
      expect(item).toMatchObject({ status: 'completed', model: expect.stringMatching(/.+/), errorCode: null });
      expect(item.modelLatencyMs).toBeGreaterThanOrEqual(0);
      expect(item.totalTokens).toBeGreaterThan(0);
      expect(Object.values(item.timestamps).every(Boolean)).toBe(true);
      expect(item.durationsMs.model).toBeGreaterThanOrEqual(0);
      expect(item.durationsMs.total).toBeGreaterThanOrEqual(item.durationsMs.model!);
    }
    expect(stats.identifications.recent[0]).toMatchObject({ status: 'failed', errorCode: 'model_rejected_photo', model: null, totalTokens: null });

    // Tokens and cost, every round counted, at the catalog price of the default model (0.17 / 0.25 USD per million).
    expect(stats.model).toMatchObject({ name: 'Qwen/Qwen3.5-9B', available: true, paused: false, checkedAt: expect.any(String) });
    expect(stats.model.models).toEqual([expect.objectContaining({ name: 'Qwen/Qwen3.5-9B', available: true })]);
    expect(stats.model.tokensToday).toBeGreaterThan(0);
    expect(stats.model.costTodayUsd).toBeGreaterThan(0);
    const priced = stats.identifications.recent[1];
    expect(priced.costUsd).toBeCloseTo((priced.promptTokens! * 0.17 + priced.completionTokens! * 0.25) / 1_000_000, 10);
    expect(priced.promptTokens! + priced.completionTokens!).toBe(priced.totalTokens);
    const cost = stats.identifications.cost;
    expect(cost.todayUsd).toBeCloseTo(stats.model.costTodayUsd, 10);
    expect(cost.last30DaysUsd).toBeGreaterThanOrEqual(cost.todayUsd);
    expect(cost.perIdentificationUsd).toBeGreaterThan(0);

    // Reviews and reports per model (test/reports.e2e.spec.ts checks the counts): every model that answered is listed.
    expect(stats.modelReviews).toContainEqual(expect.objectContaining({ model: 'Qwen/Qwen3.5-9B', completed: expect.any(Number), topCorrections: expect.any(Array) }));
    expect(stats.modelReviews.find((entry) => entry.model === 'Qwen/Qwen3.5-9B')!.completed).toBeGreaterThanOrEqual(2);

    const row = await prisma.identification.findUniqueOrThrow({ where: { id: retried.id } });
    expect(row.receivedAt! <= row.parsedAt! && row.parsedAt! <= row.normalizedAt! && row.normalizedAt! <= row.createdAt).toBe(true);
    expect(row.createdAt <= row.startedAt! && row.startedAt! <= row.modelStartedAt!).toBe(true);
    expect(row.modelStartedAt! <= row.modelFinishedAt! && row.modelFinishedAt! <= row.completedAt!).toBe(true);
  });

  it('retries a failed job from the dashboard', async () => {
    const finished = new Promise<void>((resolve) => identifyEvents.on('completed', ({ jobId }) => jobId === failed.id && resolve()));
    const retry = await put(`/admin/queues/api/queues/identify/${failed.id}/retry`, asBrowser(admin));
    expect(retry.status).toBe(204);
    await finished;
    // The identification had already ended, so the worker leaves it as it was.
    expect((await identifyQueue.getJobLogs(failed.id)).logs.at(-1)).toMatch(/identification is gone or already finished; nothing to do$/);
    expect((await prisma.identification.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe('failed');
  });

  it('shows the mail queue read-only and without addresses', async () => {
    const email = 'private.person@example.org';
    await signIn(stack.gatewayUrl, smtp, email);
    const listed = await get('/admin/queues/api/queues?activeQueue=mail&status=latest', admin);
    const body = await listed.text();
    const mail = (JSON.parse(body) as { queues: Array<{ name: string; readOnlyMode: boolean; jobs: Array<{ id: string; data: object }> }> }).queues.find(
      (queue) => queue.name === MAIL_QUEUE,
    )!;

    expect(mail.readOnlyMode).toBe(true);
    expect(mail.jobs.length).toBeGreaterThan(0);
    expect(mail.jobs[0].data).toEqual({ template: 'magic-link', to: '(hidden)', expiresAt: expect.any(String), requestId: expect.any(String) });
    expect(body).not.toContain(email);
    expect(body).not.toContain('sealedToken');
    const one = await get(`/admin/queues/api/queues/mail/${mail.jobs[0].id}`, admin);
    expect(await one.text()).not.toMatch(/@example\.org|sealedToken/);
    for (const action of [`mail/${mail.jobs[0].id}/retry`, 'mail/retry/completed', 'mail/clean/completed', 'mail/pause']) {
      expect((await put(`/admin/queues/api/queues/${action}`, asBrowser(admin))).status, action).toBe(405);
    }
    expect((await put('/admin/queues/api/queues/identify/pause', asBrowser(admin))).status).toBe(200);
    expect((await put('/admin/queues/api/queues/identify/resume', asBrowser(admin))).status).toBe(200);
  });

  describe('behind a reverse proxy under a sub-path', () => {
    let gateway: AppProcess;
    let proxy: SubPathProxy;

    beforeAll(async () => {
      const port = await freePort();
      proxy = await startSubPathProxy('/wildid/', `http://127.0.0.1:${port}`);
      gateway = await AppProcess.start('gateway', {
        ...stack.env,
        SECRET_KEY,
        ADMIN_EMAILS: ADMIN,
        PORT: String(port),
        PUBLIC_URL: `${proxy.url}/wildid/`,
      });
    });

    afterAll(async () => {
      await gateway?.stop();
      await proxy?.close();
    });

    it('points the page at its assets and API under the prefix', async () => {
      const base = `${proxy.url}/wildid/admin/queues/`;
      const page = await fetch(`${proxy.url}/wildid/admin/queues`, { headers: { cookie: admin.cookie } });
      expect(page.status).toBe(200);
      const html = await page.clone().text();
      expect(html).toContain('<base href="/wildid/admin/queues/" />');
      expect(html).toContain('"url":"/wildid/"');
      const asset = await fetch(new URL(await scriptAssetOf(page), base), { headers: { cookie: admin.cookie } });
      expect(asset.status).toBe(200);
      // The UI calls `${base href}api/…`.
      const api = await fetch(new URL('api/queues', base), { headers: { cookie: admin.cookie } });
      expect(api.status).toBe(200);
    });

    it('renders in a browser under its CSP, loading everything under the prefix', async () => {
      expect(existsSync(CHROMIUM), `Chromium is needed at ${CHROMIUM} (apt-get install chromium)`).toBe(true);
      const browser = await chromium.launch({ executablePath: CHROMIUM });
      try {
        const context = await browser.newContext();
        const [name, value] = admin.cookie.split('=');
        await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/wildid/' }]);
        const page = await context.newPage();
        const refused: string[] = [];
        const failedRequests: string[] = [];
        const requested: string[] = [];
        page.on('console', (message) => message.text().includes('Content Security Policy') && refused.push(message.text()));
        page.on('request', (request) => requested.push(request.url()));
        page.on('response', (response) => response.status() >= 400 && failedRequests.push(`${response.status()} ${response.url()}`));

        await page.goto(`${proxy.url}/wildid/admin/queues/queue/identify`);
        await page.getByText(retried.id).first().waitFor({ timeout: 15_000 });
        await page.getByText('maintenance').first().waitFor();
        // A deep link: relative asset URLs only work through <base href>.
        await page.goto(`${proxy.url}/wildid/admin/queues/queue/identify/${retried.id}`);
        await page.getByText('Logs', { exact: true }).first().click({ timeout: 15_000 });
        await page.getByText(/result stored: completed/).first().waitFor();

        expect(failedRequests).toEqual([]);
        expect(requested.filter((url) => !url.startsWith(`${proxy.url}/wildid/admin/queues/`) && !url.startsWith('https://fonts.googleapis.com/'))).toEqual([]);
        // Only the Google Fonts stylesheet is refused, on purpose.
        expect(refused.filter((text) => !text.includes('fonts.googleapis.com'))).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  });
});

interface StatsBody {
  queues: Array<{
    name: string;
    isPaused: boolean;
    counts: Record<string, number>;
    workersOnline: number;
    lastHour: { completed: number; failed: number; jobsPerMinute: number; failureRate: number | null };
  }>;
  model: {
    name: string | null;
    available: boolean;
    paused: boolean;
    checkedAt: string | null;
    tokensToday: number;
    costTodayUsd: number;
    models: Array<{ name: string; available: boolean }>;
  };
  identifications: {
    cost: { todayUsd: number; last30DaysUsd: number; perIdentificationUsd: number | null };
    lastHour: { completed: number; failed: number; failureRate: number | null; avgModelLatencyMs: number | null; totalTokens: number };
    recent: Array<{
      id: string;
      status: string;
      model: string | null;
      modelLatencyMs: number | null;
      promptTokens: number | null;
      completionTokens: number | null;
      totalTokens: number | null;
      costUsd: number | null;
      errorCode: string | null;
      timestamps: Record<string, string | null>;
      durationsMs: { upload: number | null; normalization: number | null; untilLastAttempt: number | null; model: number | null; total: number | null };
    }>;
  };
  modelReviews: Array<{ model: string | null; completed: number; reviewed: number; corrected: number; reports: number; topCorrections: unknown[] }>;
}

interface SubPathProxy {
  url: string;
  close(): Promise<void>;
}

/** A reverse proxy that serves `target` under `prefix`, stripping it, as nginx's `proxy_pass http://gateway/;` does. */
async function startSubPathProxy(prefix: string, target: string): Promise<SubPathProxy> {
  const server: Server = createServer((request, response) => {
    if (!request.url?.startsWith(prefix)) {
      response.writeHead(404).end();
      return;
    }
    const upstream = httpRequest(new URL(request.url.slice(prefix.length - 1), target), { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
