import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, followIdentification, getIdentification, uploadOk } from '../support/api-client';
import { AppProcess, freePort } from '../support/app-process';
import { makeJpeg } from '../support/images';
import { TEST_REDIS_URL, flushTestRedis } from '../support/test-stack';
import { docker, script, sleep, until } from './support/docker-cli';
import { waitForMail } from './support/mailpit-client';
import type { Followed } from './swarm/follower';
import { RestoreTarget, rowCounts } from './swarm/restore-target';
import { APP_IMAGE, MIGRATE_IMAGE, buildImages, completedPerSecond, figure, quoted, seconds, statusesOf } from './swarm/stack-checks';
import { STACK, SwarmStack } from './swarm/swarm-stack';
import { UploadLoad } from './swarm/upload-load';

const MODEL_LATENCY_MS = 1_000;
const CONCURRENCY = 2;
/** socket.io clients in the gateway test: half long-polling only, half WebSocket. */
const CLIENTS = 100;

/** What the test's operator puts in .env.production besides what SwarmStack adds. */
const SETTINGS = {
  TOGETHER_BASE_URL: 'http://fake-together:4010/v1',
  // Two jobs per worker against a 1 s model: a worker does ~2/s, so replicas, not the gateway's CPU, set the pace.
  IDENTIFIER_CONCURRENCY: String(CONCURRENCY),
  // A killed worker's jobs are taken over after lock + stalled interval: 5-15 s here instead of up to 60.
  IDENTIFY_LOCK_DURATION_MS: '10000',
  IDENTIFY_STALLED_INTERVAL_MS: '5000',
  SOCKET_MAX_SUBSCRIPTIONS: '10000',
  LOG_LEVEL: 'warn',
};

describe('docker-compose.prod.yml as a stack on a single-node swarm', () => {
  let stack: SwarmStack;
  const finished: Followed[] = [];

  beforeAll(async () => {
    await buildImages();
    const started = Date.now();
    stack = await SwarmStack.deploy({
      appImage: APP_IMAGE,
      migrateImage: MIGRATE_IMAGE,
      httpsPort: await freePort(),
      httpPort: await freePort(),
      mailpitPort: await freePort(),
      modelLatencyMs: MODEL_LATENCY_MS,
      settings: SETTINGS,
      progress: figure,
    });
    figure(`stack deploy → migrated and every service healthy: ${seconds(Date.now() - started)}`);
  }, 900_000);

  afterAll(async () => {
    await stack?.remove();
  }, 300_000);

  it('runs the migration as a one-off on the overlay and serves upload → result through the proxy, over HTTPS', async () => {
    const migrations = (await readdir('prisma/migrations', { withFileTypes: true })).filter((entry) => entry.isDirectory());
    const photo = await makeJpeg({ seed: 1 });
    const socket = await connectSocket(stack.gatewayUrl);

    const created = await uploadOk(stack.gatewayUrl, photo);
    const { events } = await followIdentification(socket, created, 30_000);
    socket.close();

    expect(await stack.sql('SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL')).toEqual([String(migrations.length)]);
    expect(events.at(-1)).toMatchObject({ id: created.id, status: 'completed', result: { isAnimal: true } });
    expect(await docker(['network', 'inspect', `${STACK}_backend`, '--format', '{{.Driver}} {{.Attachable}}'])).toBe('overlay true');
    for (const service of ['postgres', 'redis']) {
      expect(await docker(['service', 'inspect', `${STACK}_${service}`, '--format', '{{.Spec.EndpointSpec.Mode}}'])).toBe('dnsrr');
    }
  });

  it('the proxy redirects http to https, sets HSTS, and the session cookie is Secure and __Host- end to end', async () => {
    const email = `edge-${Date.now()}@example.org`;
    const redirect = await fetch(`${stack.httpUrl}/health/live`, { redirect: 'manual' });
    const home = await fetch(`${stack.gatewayUrl}/`);
    const requested = await fetch(`${stack.gatewayUrl}/api/auth/magic-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    const mail = await waitForMail(stack.mailpitUrl, email);
    const link = new URL(/https:\/\/\S+\/auth\/verify\?token=[A-Za-z0-9_-]+/.exec(mail.Text)![0]);
    const verified = await fetch(`${stack.gatewayUrl}/api/auth/verify`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.gatewayUrl },
      body: new URLSearchParams({ token: link.searchParams.get('token')! }).toString(),
    });
    const session = verified.headers.getSetCookie().find((cookie) => cookie.includes('wildid_session='));
    const sticky = home.headers.getSetCookie().find((cookie) => cookie.startsWith('wildid_gw='));
    figure(`edge: http → ${redirect.status} ${redirect.headers.get('location')}; session cookie: ${session?.replace(/=[^;]+/, '=…')}; sticky cookie: ${sticky?.replace(/=[^;]+/, '=…')}`);

    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('https://localhost/health/live');
    expect(home.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(requested.status).toBe(202);
    expect(link.origin).toBe(stack.gatewayUrl);
    expect(verified.status).toBe(303);
    expect(session).toMatch(/^__Host-wildid_session=/);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; Path=\/(;|$)/);
    expect(session).not.toMatch(/Domain=/i);
    expect(sticky).toMatch(/; Secure/i);
    expect(sticky).toMatch(/; HttpOnly/i);
    expect(sticky).toMatch(/; SameSite=Lax/i);
  });

  it('identifier workers scaled 1 → 2 → 3 under steady load finish more photos per second', async () => {
    const load = await UploadLoad.open(stack.gatewayUrl, 4, { backlog: 16, parallel: 3 }, 1_000);
    const rates: number[] = [];
    try {
      await stack.scale('identifier-worker', 1);
      load.start();
      for (const replicas of [1, 2, 3]) {
        await stack.scale('identifier-worker', replicas);
        await sleep(5_000); // the new workers' first jobs
        const from = Date.now();
        await sleep(20_000);
        rates.push(await completedPerSecond(stack, from, Date.now()));
        figure(`${replicas} identifier worker(s) × concurrency ${CONCURRENCY}, model ${MODEL_LATENCY_MS} ms: ${rates.at(-1)!.toFixed(2)} identifications/s`);
      }
      await load.stop();
      await load.drain(60_000);
    } finally {
      load.close();
    }
    finished.push(...load.accepted);

    expect(load.failures).toEqual([]);
    expect(rates[1]).toBeGreaterThan(rates[0]! * 1.3);
    expect(rates[2]).toBeGreaterThan(rates[0]! * 1.5);
  }, 300_000);

  it('a worker killed mid-job loses nothing: every accepted upload completes, once', async () => {
    const load = await UploadLoad.open(stack.gatewayUrl, 2, { backlog: 16, parallel: 3 }, 5_000);
    let held: string[] = [];
    let killedAt = 0;
    try {
      load.start();
      await until(async () => (await stack.sql("SELECT count(*) FROM identifications WHERE status = 'processing'"))[0] !== '0', 'jobs in progress', 30_000, 200);
      await sleep(3_000);
      const [victim] = await stack.containersOf('identifier-worker');
      await docker(['kill', victim!]);
      killedAt = Date.now();
      // The victim's jobs: still processing when a live worker's (1 s each) are long done, and before
      // their lock (renewed every 5 s, 10 s long) can have expired and let another worker restart them.
      await sleep(2_500);
      held = await stack.sql(`SELECT id FROM identifications WHERE status = 'processing' AND started_at < to_timestamp(${killedAt / 1000})`);
      await sleep(12_500);
      await load.stop();
      await stack.waitConverged();
      figure(`kill: Swarm replaced the killed worker within ${seconds(Date.now() - killedAt)}`);
      await load.drain(120_000);
    } finally {
      load.close();
    }
    finished.push(...load.accepted);
    const completedEvents = load.accepted.map((item) => item.events.filter((view) => view.status === 'completed').length);
    const rerun = held.length === 0 ? [] : await stack.sql(`SELECT id FROM identifications WHERE id IN (${quoted(held)}) AND status = 'completed' AND started_at > to_timestamp(${killedAt / 1000})`);
    figure(
      `kill: ${load.accepted.length} accepted, ${completedEvents.filter((n) => n === 1).length} completed once, ` +
        `${completedEvents.filter((n) => n > 1).length} twice or more; the killed worker held ${held.length}, ${rerun.length} of them taken over and completed`,
    );

    expect(load.failures).toEqual([]);
    expect(held.length).toBeGreaterThan(0);
    expect(rerun.sort()).toEqual(held.sort());
    expect(completedEvents.every((n) => n === 1)).toBe(true);
    expect(await statusesOf(stack, load.accepted)).toEqual({ completed: load.accepted.length });
  }, 400_000);

  it('3 gateways behind the proxy: 50 polling and 50 WebSocket clients get every result, through a rolling update too', async () => {
    await stack.scale('gateway', 3);
    const load = await UploadLoad.open(stack.gatewayUrl, CLIENTS, { backlog: 40, parallel: 4 }, 9_000, CLIENTS / 2);
    const before = await stack.containersOf('gateway');
    let steady: { accepted: number; finished: number; drops: string[] } = { accepted: 0, finished: 0, drops: [] };
    let updateMs = 0;
    try {
      load.start();
      // Long enough for several long-polling rounds per client: without stickiness each would meet "Session ID unknown".
      await sleep(40_000);
      steady = {
        accepted: load.accepted.length,
        finished: load.accepted.filter((item) => item.finishedAt).length,
        drops: load.followers.flatMap((follower) => [...follower.disconnectReasons, ...follower.connectErrors].map((reason) => `${follower.transport}: ${reason}`)),
      };
      const started = Date.now();
      await docker(['service', 'update', '--force', '--detach', `${STACK}_gateway`]);
      await until(
        async () => (await docker(['service', 'inspect', `${STACK}_gateway`, '--format', '{{.UpdateStatus.State}}'])) === 'completed',
        'the gateway update to complete',
        500_000,
      );
      updateMs = Date.now() - started;
      await sleep(5_000);
      await load.stop();
      await load.drain(180_000);
    } finally {
      load.close();
    }
    finished.push(...load.accepted);
    const after = await stack.containersOf('gateway');
    const byTransport = (transport: string) => load.followers.filter((follower) => follower.transport === transport);
    const resultsOf = (followers: { followed: Map<string, Followed> }[]) => followers.reduce((sum, follower) => sum + [...follower.followed.values()].filter((item) => item.finishedAt).length, 0);
    const reconnects = (followers: { reconnects: number }[]) => followers.reduce((sum, follower) => sum + follower.reconnects, 0);
    // Less the test's own close at the end.
    const dropReasons = new Set(load.followers.flatMap((follower) => follower.disconnectReasons).filter((reason) => reason !== 'io client disconnect'));
    const overReconnected = load.accepted.filter((item) => item.finishedAfterReconnect).length;
    figure(
      `3 gateways, ${CLIENTS / 2} polling + ${CLIENTS / 2} WebSocket clients over HTTPS: steady 40 s: ${steady.accepted} uploads accepted, ${steady.finished} results, ${steady.drops.length} drops or connect errors; ` +
        `rolling update (${seconds(updateMs)}): ${load.accepted.length} uploads accepted in all, ${load.failures.length} failed; ` +
        `results polling ${resultsOf(byTransport('polling'))}, WebSocket ${resultsOf(byTransport('websocket'))}; ` +
        `reconnects polling ${reconnects(byTransport('polling'))}, WebSocket ${reconnects(byTransport('websocket'))}; drops: ${[...dropReasons].join(', ')}; ` +
        `${overReconnected} results received over reconnected sockets`,
    );

    expect(steady.drops).toEqual([]);
    expect(steady.finished).toBeGreaterThan(CLIENTS);
    expect(load.failures).toEqual([]);
    expect(after).toHaveLength(3);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    expect(load.followers.every((follower) => follower.followed.size > 0)).toBe(true);
    expect(load.followers.every((follower) => follower.reconnects >= 1)).toBe(true);
    expect(overReconnected).toBeGreaterThan(0);
    expect(load.unfinished).toEqual([]);
    expect(await statusesOf(stack, load.accepted)).toEqual({ completed: load.accepted.length });
  }, 900_000);

  it("backs up the stack's Postgres with scripts/backup.sh, restores into a fresh one, and the history answers from it", async () => {
    if (!existsSync('dist/apps/gateway/src/main.js')) throw new Error('dist/ is missing: run `npm run build` first (the restore check starts a gateway from it)');
    const dir = await mkdtemp(join(tmpdir(), 'wildid-swarm-backup-'));
    const target = await RestoreTarget.start('postgres:15-bookworm', await freePort());
    let gateway: AppProcess | undefined;
    try {
      const dump = join(dir, 'stack.dump');
      await script('scripts/backup.sh', ['-s', STACK, dump]);
      await script('scripts/restore.sh', ['--yes', dump], { DATABASE_URL: target.databaseUrl });
      const port = await freePort();
      await flushTestRedis();
      gateway = await AppProcess.start('gateway', { DATABASE_URL: target.databaseUrl, REDIS_URL: TEST_REDIS_URL, PORT: String(port) });
      const sample = finished.filter((_, index) => index % 5 === 0);
      const answers = await Promise.all(sample.map((item) => getIdentification(`http://127.0.0.1:${port}`, item.id, item.accessToken)));
      const originals = await Promise.all(sample.map((item) => getIdentification(stack.gatewayUrl, item.id, item.accessToken)));
      const counts = { stack: await rowCounts((query) => stack.sql(query)), restored: await rowCounts((query) => target.sql(query)) };
      figure(`restore: tables ${JSON.stringify(counts.restored)}; ${answers.filter((a) => a.status === 200).length}/${sample.length} sampled identifications answered by a gateway on the restored database`);

      expect(counts.restored).toEqual(counts.stack);
      expect(counts.restored.identifications).toBeGreaterThanOrEqual(finished.length);
      expect(sample.length).toBeGreaterThan(10);
      expect(answers.map((answer) => answer.status)).toEqual(sample.map(() => 200));
      expect(answers.map((answer) => answer.body)).toEqual(originals.map((original) => original.body));
      expect(answers.every((answer) => (answer.body as { status: string }).status === 'completed')).toBe(true);
    } finally {
      await gateway?.stop();
      await target.remove();
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
