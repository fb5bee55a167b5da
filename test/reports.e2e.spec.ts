import { type AdminReport, type AdminReportPage, IDENTIFY_QUEUE, REPORT_INVALID } from '@wildid/common';
import { noAnimalAnswer } from '@wildid/common/testing';
import { Queue } from 'bullmq';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, asBrowser } from './support/accounts';
import { type CreatedBody, connectSocket, followIdentification, nextEvent } from './support/api-client';
import { testPrisma } from './support/database';
import { type SignedInStack, startSignedInStack, uploadAs } from './support/signed-in-stack';
import { TEST_REDIS_URL } from './support/test-stack';

const SECRET_KEY = 'reports-test-secret-0123456789abcdef0123456789';
const ADMIN = 'reports-admin@example.org';
// No other suite answers with this model: its review and report counts in the admin stats are this suite's alone.
const MODEL = 'moonshotai/Kimi-K3';
const REPORT_LIMIT = 3;
const NOT_FOUND = 'No identification with this id for this access token or account.';

describe('reports of wrong identifications, the admin review queue and review stats per model', () => {
  let env: SignedInStack;
  let socket: Socket;
  let admin: Browser;
  let owner: Browser;
  let member: Browser;
  const prisma = testPrisma();
  const identifyQueue = new Queue(IDENTIFY_QUEUE, { connection: { url: TEST_REDIS_URL } });
  /** Every report this suite made, in the order made. */
  const reportIds: string[] = [];
  const made: Array<{ id: string; createdAt: string }> = [];
  /** The queue's order: oldest first, ties (the same millisecond) by id. */
  const queueOrder = () => [...made].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).map((report) => report.id);
  /** Set by the first tests: the owner's reported identification, and an anonymous one reported by its token. */
  let owned: CreatedBody;
  let anonymous: CreatedBody;
  let clients = 0;

  beforeAll(async () => {
    env = await startSignedInStack({
      secretKey: SECRET_KEY,
      gatewayEnv: { ADMIN_EMAILS: ADMIN, REPORT_RATE_LIMIT: String(REPORT_LIMIT) },
      workerEnv: { TOGETHER_MODEL: MODEL },
    });
    [admin, owner, member] = await Promise.all([env.signIn(ADMIN), env.signIn('reporting.owner@example.org'), env.signIn('reports.member@example.org')]);
    socket = await connectSocket(env.stack.gatewayUrl);
  });

  afterAll(async () => {
    socket?.disconnect();
    await env?.stop();
    await Promise.all([identifyQueue.close(), prisma.$disconnect()]);
  });

  /** A new photo, uploaded by this browser (anonymous without one), once the model has answered. */
  async function finished(browser?: Browser): Promise<CreatedBody> {
    const created = await uploadAs(env.stack.gatewayUrl, browser);
    const { events } = await followIdentification(socket, created);
    expect(events.at(-1)!.status).toBe('completed');
    return created;
  }

  /** Each report comes from its own client address (the gateway trusts its loopback proxy) unless told: the limit is per client. */
  function report(id: string, body: unknown, as: { browser?: Browser; token?: string; client?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': as.client ?? `198.51.100.${++clients}` };
    if (as.browser) Object.assign(headers, asBrowser(as.browser));
    if (as.token) headers.authorization = `Bearer ${as.token}`;
    return fetch(env.url(`/api/identifications/${id}/report`), { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  }

  async function reportOk(id: string, body: unknown, as: { browser?: Browser; token?: string; client?: string }): Promise<{ id: string; createdAt: string }> {
    const response = await report(id, body, as);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; createdAt: string };
    reportIds.push(created.id);
    made.push(created);
    return created;
  }

  const get = (path: string, browser?: Browser) => fetch(env.url(path), { headers: browser ? asBrowser(browser) : {} });
  const post = (path: string, browser?: Browser) => fetch(env.url(path), { method: 'POST', headers: browser ? asBrowser(browser) : {} });

  async function reportsPage(query: string): Promise<AdminReportPage> {
    const response = await get(`/api/admin/reports${query}`, admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    return (await response.json()) as AdminReportPage;
  }

  /** Every report listed with this status, page by page; the shared database may hold other suites' reports too. */
  async function allReports(status: string, limit = 2): Promise<AdminReport[]> {
    const items: AdminReport[] = [];
    let cursor: string | null = null;
    do {
      const page: AdminReportPage = await reportsPage(`?status=${status}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  const ours = (items: AdminReport[]) => items.filter((item) => reportIds.includes(item.id));

  it("lets the owner report by session, keeping the model that answered and the reporter's account", async () => {
    owned = await finished(owner);
    const created = await reportOk(owned.id, { reason: '  It is a dog, not a fox.  ', suggestedName: 'Canis familiaris' }, { browser: owner });
    expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), createdAt: expect.stringMatching(/Z$/) });

    const me = (await (await get('/api/me', owner)).json()) as { id: string };
    const stored = await prisma.identificationReport.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored).toMatchObject({
      identificationId: owned.id,
      reason: 'It is a dog, not a fox.',
      suggestedName: 'Canis familiaris',
      model: MODEL,
      reporterUserId: me.id,
      resolvedAt: null,
      resolvedBy: null,
    });
    expect(stored.createdAt.toISOString()).toBe(created.createdAt);
  });

  it('lets the holder of the access token report an anonymous upload', async () => {
    anonymous = await finished();
    const created = await reportOk(anonymous.id, { reason: 'Looks like a cat to me' }, { token: anonymous.accessToken });
    const stored = await prisma.identificationReport.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored).toMatchObject({ identificationId: anonymous.id, suggestedName: null, model: MODEL, reporterUserId: null });
  });

  it('answers 404 to anyone else, and for unknown ids, storing nothing', async () => {
    const before = await prisma.identificationReport.count();
    const body = { reason: 'wrong' };
    const attempts = [
      report(owned.id, body, { browser: member }),
      report(owned.id, body),
      report(owned.id, body, { token: anonymous.accessToken }),
      report(anonymous.id, body, { token: anonymous.accessToken.replace(/.$/, (last) => (last === 'a' ? 'b' : 'a')) }),
      report(anonymous.id, body, { browser: owner }),
      report('00000000-0000-4000-8000-000000000000', body, { browser: owner }),
      report('not-a-uuid', body, { browser: owner }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect(((await response.json()) as { message: string }).message).toBe(NOT_FOUND);
    }
    expect(await prisma.identificationReport.count()).toBe(before);
  });

  it('answers 400 with what to send for a bad body', async () => {
    const bodies: unknown[] = [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(1001) },
      { reason: 42 },
      { reason: 'wrong', suggestedName: '' },
      { reason: 'wrong', suggestedName: 'n'.repeat(201) },
      { reason: 'wrong', extra: true },
      [],
      '{"reason":',
    ];
    for (const body of bodies) {
      const response = await report(owned.id, body, { browser: owner });
      expect(response.status, JSON.stringify(body)).toBe(400);
      if (typeof body !== 'string') expect(((await response.json()) as { message: string }).message).toBe(REPORT_INVALID);
    }
    expect(await prisma.identificationReport.count({ where: { identificationId: owned.id } })).toBe(1);
  });

  it('answers 409 while the model has not answered yet', async () => {
    await identifyQueue.pause();
    try {
      const queued = await uploadAs(env.stack.gatewayUrl, owner);
      const response = await report(queued.id, { reason: 'too early' }, { browser: owner });
      expect(response.status).toBe(409);
      const done = nextEvent(socket, queued.id, (view) => view.status === 'completed');
      expect((await socket.timeout(5_000).emitWithAck('subscribe', { id: queued.id, accessToken: queued.accessToken })).ok).toBe(true);
      await identifyQueue.resume();
      await done;
    } finally {
      await identifyQueue.resume();
    }
  });

  it(`answers 429 with Retry-After after ${REPORT_LIMIT} reports an hour from one client, and only that client`, async () => {
    const client = '203.0.113.77';
    for (let i = 0; i < REPORT_LIMIT; i++) await reportOk(owned.id, { reason: `still wrong (${i})` }, { browser: owner, client });
    const limited = await report(owned.id, { reason: 'once more' }, { browser: owner, client });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(((await limited.json()) as { message: string }).message).toMatch(/^Too many reports from your network\. Try again in \d+ minutes?\.$/);
    // Refusals for other reasons are not counted, and are still told apart.
    expect((await report(owned.id, {}, { browser: owner, client })).status).toBe(400);
    expect((await report(owned.id, { reason: 'x' }, { client })).status).toBe(404);
    // Another client is not held back.
    await reportOk(owned.id, { reason: 'from another network' }, { browser: owner });
  });

  it("lists open reports oldest first for admins, each with the identification's view, the model and the photo", async () => {
    const listed = ours(await allReports('open'));
    expect(listed.map((item) => item.id)).toEqual(queueOrder());
    expect(ours(await allReports('open', 100)).map((item) => item.id)).toEqual(queueOrder());
    // Open reports, 20 a page, by default.
    expect((await reportsPage('')).items).toEqual((await reportsPage('?status=open&limit=20')).items);

    const first = listed.find((item) => item.id === reportIds[0])!;
    const second = listed.find((item) => item.id === reportIds[1])!;
    expect(first).toEqual({
      id: reportIds[0],
      reason: 'It is a dog, not a fox.',
      suggestedName: 'Canis familiaris',
      model: MODEL,
      createdAt: expect.stringMatching(/Z$/),
      identification: expect.objectContaining({
        id: owned.id,
        status: 'completed',
        result: expect.objectContaining({ commonName: 'Red fox', scientificName: 'Vulpes vulpes' }),
        identifiedAs: { scientificName: 'Vulpes vulpes', commonName: 'Red fox', method: 'machine', probability: 0.93 },
      }),
      imageUrl: `${env.stack.gatewayUrl}/api/admin/reports/${reportIds[0]}/image`,
    });
    expect(second).toMatchObject({ reason: 'Looks like a cat to me', model: MODEL, identification: { id: anonymous.id } });
    expect(second).not.toHaveProperty('suggestedName');
    // The view as its owner sees it.
    const view = await (await get(`/api/identifications/${owned.id}`, owner)).json();
    expect(first.identification).toEqual(view);

    const photo = await get(new URL(first.imageUrl!).pathname, admin);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    const ownersPhoto = await get(`/api/identifications/${owned.id}/image`, owner);
    expect(Buffer.from(await photo.arrayBuffer()).equals(Buffer.from(await ownersPhoto.arrayBuffer()))).toBe(true);
  });

  it('refuses a bad status, limit or cursor with 400, and an unknown report with 404', async () => {
    for (const query of ['?status=closed', '?limit=0', '?limit=101', '?limit=two']) {
      expect((await get(`/api/admin/reports${query}`, admin)).status, query).toBe(400);
    }
    expect((await get('/api/admin/reports?cursor=bm90LWEtY3Vyc29y', admin)).status).toBe(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await post(`/api/admin/reports/${unknown}/resolve`, admin)).status).toBe(404);
    expect((await get(`/api/admin/reports/${unknown}/image`, admin)).status).toBe(404);
    expect((await get('/api/admin/reports/not-a-uuid/image', admin)).status).toBe(404);
  });

  it('resolves a report by the admin, once; the status filter moves it from open to resolved', async () => {
    const [resolvedId] = reportIds;
    const response = await post(`/api/admin/reports/${resolvedId}/resolve`, admin);
    expect(response.status).toBe(200);
    const resolved = (await response.json()) as AdminReport;
    expect(resolved).toMatchObject({ id: resolvedId, resolvedBy: ADMIN, resolvedAt: expect.stringMatching(/Z$/), identification: { id: owned.id } });
    expect(Date.parse(resolved.resolvedAt!)).toBeGreaterThanOrEqual(Date.parse(resolved.createdAt));

    const again = (await (await post(`/api/admin/reports/${resolvedId}/resolve`, admin)).json()) as AdminReport;
    expect(again.resolvedAt).toBe(resolved.resolvedAt);

    expect(ours(await allReports('open')).map((item) => item.id)).toEqual(queueOrder().filter((id) => id !== resolvedId));
    expect(ours(await allReports('resolved'))).toEqual([resolved]);
    expect(ours(await allReports('all')).map((item) => item.id)).toEqual(queueOrder());
  });

  it('answers anonymous and signed-in non-admins on all three routes exactly like a route that does not exist', async () => {
    const open = reportIds[1]!;
    const unknownRoute = await get('/api/admin/nothing-here', member);
    expect(await unknownRoute.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/admin/nothing-here' });
    for (const browser of [undefined, member, owner]) {
      const who = browser ? 'signed in' : 'anonymous';
      for (const path of ['/api/admin/reports', '/api/admin/reports?status=all', `/api/admin/reports/${open}/image`]) {
        const response = await get(path, browser);
        expect(response.status, `${who} GET ${path}`).toBe(404);
        expect(await response.json(), `${who} GET ${path}`).toEqual({ statusCode: 404, error: 'Not Found', message: `Cannot GET ${path}` });
      }
      const path = `/api/admin/reports/${open}/resolve`;
      const response = await post(path, browser);
      expect(response.status, `${who} POST ${path}`).toBe(404);
      expect(await response.json(), `${who} POST ${path}`).toEqual({ statusCode: 404, error: 'Not Found', message: `Cannot POST ${path}` });
    }
    expect((await prisma.identificationReport.findUniqueOrThrow({ where: { id: open } })).resolvedAt).toBeNull();
  });

  it('shows per model in the admin stats how often it was confirmed, corrected, doubted and reported, and to what it was corrected', async () => {
    const review = async (id: string, body: object) => {
      const response = await fetch(env.url(`/api/identifications/${id}/review`), {
        method: 'PUT',
        headers: { ...asBrowser(owner), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
    };
    const toArcticFox = { verdict: 'corrected', scientificName: 'Vulpes lagopus', commonName: 'Arctic fox' };
    const [a, b, c, d] = await Promise.all([finished(owner), finished(owner), finished(owner), finished(owner)]);
    env.stack.fake.script({ kind: 'answer', content: noAnimalAnswer() });
    const blank = await finished(owner);
    await review(owned.id, toArcticFox);
    await review(a.id, toArcticFox);
    await review(b.id, { verdict: 'corrected', commonName: 'Golden jackal' });
    await review(c.id, { verdict: 'confirmed' });
    await review(d.id, { verdict: 'unsure', note: 'too dark to tell' });
    await review(blank.id, { verdict: 'corrected', commonName: 'Eurasian badger' });

    const response = await get('/api/admin/stats', admin);
    expect(response.status).toBe(200);
    const stats = (await response.json()) as { modelReviews: unknown[] } & Record<string, unknown>;
    // The existing shape is kept.
    expect(Object.keys(stats).sort()).toEqual(['generatedAt', 'identifications', 'model', 'modelReviews', 'queues']);
    expect(stats.identifications).toEqual({ cost: expect.any(Object), lastHour: expect.any(Object), recent: expect.any(Array) });

    const completed = await prisma.identification.count({ where: { model: MODEL, status: 'completed' } });
    expect(completed).toBe(8);
    expect(stats.modelReviews).toContainEqual({
      model: MODEL,
      completed,
      reviewed: 6,
      confirmed: 1,
      corrected: 4,
      unsure: 1,
      reports: reportIds.length,
      openReports: reportIds.length - 1,
      topCorrections: [
        { from: { scientificName: 'Vulpes vulpes', commonName: 'Red fox' }, to: { scientificName: 'Vulpes lagopus', commonName: 'Arctic fox' }, count: 2 },
        { from: {}, to: { commonName: 'Eurasian badger' }, count: 1 },
        { from: { scientificName: 'Vulpes vulpes', commonName: 'Red fox' }, to: { commonName: 'Golden jackal' }, count: 1 },
      ],
    });

    // The queue shows the review with the report.
    const listed = ours(await allReports('all', 100)).find((item) => item.identification.id === owned.id)!;
    expect(listed.identification.identifiedAs).toEqual({ scientificName: 'Vulpes lagopus', commonName: 'Arctic fox', method: 'human' });
  });
});
