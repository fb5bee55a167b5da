import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBrowser, signIn } from './support/accounts';
import { AppProcess } from './support/app-process';
import { SmtpTestServer } from './support/smtp-test-server';
import { TcpProxy } from './support/tcp-proxy';
import { type TestStack, baseEnv, startTestStack } from './support/test-stack';

const SECRET_KEY = 'health-disclosure-secret-0123456789abcdef0123';
const ADMIN = 'ops@example.org';
const PATHS = ['/health', '/health/ready', '/health/live'];

/**
 * The tests run on loopback, which is internal by default: here the internal
 * list is a documentation range no test traffic comes from, so loopback is "the public".
 */
describe('health: status only for the public, details for admins and internal networks', () => {
  let stack: TestStack;
  let mailer: AppProcess;
  let proxy: TcpProxy;
  const smtp = new SmtpTestServer();

  beforeAll(async () => {
    proxy = new TcpProxy(5432);
    const databaseUrl = new URL(baseEnv().DATABASE_URL);
    databaseUrl.port = String(await proxy.start());
    const smtpPort = await smtp.start();
    stack = await startTestStack({
      withWorker: false,
      databaseUrl: databaseUrl.toString(),
      gatewayEnv: { SECRET_KEY, ADMIN_EMAILS: ADMIN, HEALTH_DETAILS_FROM: '192.0.2.0/24, 2001:db8::/32', TRUST_PROXY: 'false' },
    });
    mailer = await AppProcess.start('mailer-worker', { ...stack.env, SECRET_KEY, MAIL_PORT: String(smtpPort), PUBLIC_URL: stack.gatewayUrl });
  });

  afterAll(async () => {
    await mailer?.stop();
    await stack?.stop();
    await proxy?.stop();
    await smtp.stop();
  });

  const probe = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${stack.gatewayUrl}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers the public with { status } and the right code, even with a forged X-Forwarded-For', async () => {
    // No identifier worker runs: ready says "degraded" (still 200), and not why.
    const expected: Record<string, object> = {
      '/health': { status: 200, body: { status: 'degraded' } },
      '/health/ready': { status: 200, body: { status: 'degraded' } },
      '/health/live': { status: 200, body: { status: 'ok' } },
    };
    for (const path of PATHS) {
      expect(await probe(path), path).toEqual(expected[path]);
      expect(await probe(path, { 'x-forwarded-for': '192.0.2.7' }), path).toEqual(expected[path]);
    }
  });

  it('answers 503 with { status: "error" } and no dependency error while Postgres is cut off', async () => {
    proxy.cutOff();
    try {
      for (const path of ['/health', '/health/ready']) {
        expect(await probe(path), path).toEqual({ status: 503, body: { status: 'error' } });
      }
      expect(await probe('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    } finally {
      proxy.restore();
    }
  });

  it('gives an admin the details: each dependency and the identifier workers', async () => {
    const admin = await signIn(stack.gatewayUrl, smtp, ADMIN);
    const member = await signIn(stack.gatewayUrl, smtp, 'member@example.org');

    const ready = await probe('/health/ready', asBrowser(admin));

    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({
      database: { status: 'up' },
      redis: { status: 'up' },
      identifierWorkers: { workers: 0, message: expect.stringMatching(/No identifier worker is running/) },
    });
    expect(await probe('/health/ready', asBrowser(member))).toEqual({ status: 200, body: { status: 'degraded' } });
  });
});

describe('health: details for requests from the internal networks (the default list)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('gives loopback (Docker health checks, a local Prometheus) the details', async () => {
    const body = (await (await fetch(`${stack.gatewayUrl}/health/ready`)).json()) as { details?: Record<string, unknown> };

    expect(Object.keys(body.details ?? {}).sort()).toEqual(['database', 'identifierWorkers', 'model', 'redis']);
  });
});
