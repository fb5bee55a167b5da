import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestMagicLink } from './support/accounts';
import { connectSocket, followIdentification } from './support/api-client';
import { AppProcess, freePort } from './support/app-process';
import { makeJpeg } from './support/images';
import { SmtpTestServer } from './support/smtp-test-server';
import { type TestStack, startTestStack } from './support/test-stack';
import { eventually } from './support/waiting';

const SECRET_KEY = 'observability-test-secret-0123456789abcdef';
const run = promisify(execFile);

/** The JSON lines an app wrote (Nest's own and ours alike). */
function logLines(app: AppProcess): Record<string, unknown>[] {
  return app.logs.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

async function upload(gatewayUrl: string, seed: number, requestId: string) {
  const form = new FormData();
  form.append('image', new Blob([await makeJpeg({ seed })], { type: 'image/jpeg' }), 'photo.jpg');
  const response = await fetch(`${gatewayUrl}/api/identifications`, { method: 'POST', body: form, headers: { 'x-request-id': requestId } });
  expect(response.status).toBe(202);
  return { header: response.headers.get('x-request-id'), created: (await response.json()) as { id: string; accessToken: string } };
}

const text = async (url: string) => (await fetch(url)).text();

/** The value of one series, whatever order prom-client writes its labels in. */
async function sample(url: string, name: string, labels: Record<string, string>): Promise<number | undefined> {
  for (const line of (await text(url)).split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('health, metrics and request ids across processes', () => {
  let stack: TestStack;
  let mailer: AppProcess;
  let socket: Socket;
  const smtp = new SmtpTestServer();
  const ports = { metrics: 0, identifier: 0, mailer: 0 };

  beforeAll(async () => {
    ports.metrics = await freePort();
    ports.identifier = await freePort();
    ports.mailer = await freePort();
    const smtpPort = await smtp.start();
    stack = await startTestStack({
      gatewayEnv: { SECRET_KEY, METRICS_PORT: String(ports.metrics), METRICS_HOST: '127.0.0.1' },
      workerEnv: { HEALTH_PORT: String(ports.identifier), HEALTH_HOST: '127.0.0.1' },
    });
    mailer = await AppProcess.start('mailer-worker', {
      ...stack.env,
      SECRET_KEY,
      MAIL_PORT: String(smtpPort),
      PUBLIC_URL: stack.gatewayUrl,
      HEALTH_PORT: String(ports.mailer),
      HEALTH_HOST: '127.0.0.1',
    });
    socket = await connectSocket(stack.gatewayUrl);
  });

  afterAll(async () => {
    socket?.disconnect();
    await mailer?.stop();
    await stack?.stop();
    await smtp.stop();
  });

  describe('gateway', () => {
    it('answers live without checks, and ready (and /health) with Postgres, Redis and the workers in the body', async () => {
      const live = await fetch(`${stack.gatewayUrl}/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'ok' });

      for (const path of ['/health/ready', '/health']) {
        const ready = await fetch(`${stack.gatewayUrl}${path}`);
        expect(ready.status).toBe(200);
        const body = (await ready.json()) as { status: string; details: Record<string, { status: string; workers?: number }> };
        expect(body.status).toBe('ok');
        expect(body.details.database.status).toBe('up');
        expect(body.details.redis.status).toBe('up');
        expect(body.details.identifierWorkers).toMatchObject({ status: 'up', workers: 1 });
      }
    });

    it('serves /metrics only on METRICS_PORT, never on the public port', async () => {
      expect((await fetch(`${stack.gatewayUrl}/metrics`)).status).toBe(404);

      const metrics = `http://127.0.0.1:${ports.metrics}/metrics`;
      const app = 'gateway';
      expect(await sample(metrics, 'process_resident_memory_bytes', { app })).toBeGreaterThan(0);
      const route = { app, method: 'GET', route: '/health/ready', status_code: '200' };
      expect(await sample(metrics, 'wildid_http_request_duration_seconds_count', route)).toBeGreaterThan(0);
      expect(await sample(metrics, 'wildid_queue_jobs', { app, queue: 'identify', state: 'waiting' })).toBe(0);
      expect(await sample(metrics, 'wildid_queue_scrape_ok', { app, queue: 'mail' })).toBe(1);
    });

    it('counts answers given before routing: a cross-origin POST refused with 403', async () => {
      const metrics = `http://127.0.0.1:${ports.metrics}/metrics`;
      const refused = { app: 'gateway', method: 'POST', route: 'unmatched', status_code: '403' };
      const before = (await sample(metrics, 'wildid_http_request_duration_seconds_count', refused)) ?? 0;

      const response = await fetch(`${stack.gatewayUrl}/api/auth/logout`, { method: 'POST', headers: { origin: 'https://evil.example' } });

      expect(response.status).toBe(403);
      // The sample is taken when the connection closes, which may come just after the client has its answer.
      await eventually(async () => (await sample(metrics, 'wildid_http_request_duration_seconds_count', refused)) === before + 1, 'the 403 counted');
    });
  });

  describe('workers', () => {
    it('answer live and ready on HEALTH_PORT with what they checked', async () => {
      const identifier = (await (await fetch(`http://127.0.0.1:${ports.identifier}/health/ready`)).json()) as { status: string; details: object };
      expect(identifier).toMatchObject({
        status: 'ok',
        details: { database: { status: 'up' }, redis: { status: 'up' }, identifyWorker: { status: 'up' }, maintenanceWorker: { status: 'up' } },
      });
      const mail = (await (await fetch(`http://127.0.0.1:${ports.mailer}/health`)).json()) as { status: string; details: object };
      expect(mail).toMatchObject({ status: 'ok', details: { redis: { status: 'up' }, mailWorker: { status: 'up' } } });
      expect((await fetch(`http://127.0.0.1:${ports.mailer}/health/live`)).status).toBe(200);
    });

    it('pass the Docker health check script, which fails with a reason on a dead port', async () => {
      const script = 'dist/libs/common/src/health/healthcheck.js';
      const check = (app: string, env: Record<string, string>) => run(process.execPath, [script, app], { env: { PATH: process.env.PATH, ...env } });

      await expect(check('identifier-worker', { HEALTH_PORT: String(ports.identifier) })).resolves.toBeDefined();
      await expect(check('mailer-worker', { HEALTH_PORT: String(ports.mailer) })).resolves.toBeDefined();
      await expect(check('gateway', { PORT: new URL(stack.gatewayUrl).port })).resolves.toBeDefined();
      await expect(check('mailer-worker', { HEALTH_PORT: String(await freePort()) })).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/\/health\/ready did not answer/),
      });
    });
  });

  describe('one upload followed from request to push', () => {
    it('carries the request id from the gateway line to every worker line of its job, and counts it', async () => {
      const requestId = `trace-${Date.now()}`;
      const { header, created } = await upload(stack.gatewayUrl, 1, requestId);
      expect(header).toBe(requestId);
      const { events } = await followIdentification(socket, created);
      expect(events.at(-1)!.status).toBe('completed');

      // The worker logs its last line just after the push.
      await stack.worker!.waitForLog(`"requestId":"${requestId}","context":"IdentifyService"`);
      const request = logLines(stack.gateway).find((line) => line.requestId === requestId && line.msg === 'request completed');
      expect(request).toMatchObject({ req: { method: 'POST', url: '/api/identifications' }, res: { statusCode: 202 } });
      const jobLines = logLines(stack.worker!).filter((line) => line.requestId === requestId);
      expect(jobLines.length).toBeGreaterThan(0);
      for (const line of jobLines) {
        expect(line).toMatchObject({ queue: 'identify', jobId: created.id, identificationId: created.id });
      }

      const metrics = `http://127.0.0.1:${ports.identifier}/metrics`;
      const app = 'identifier-worker';
      expect(await sample(metrics, 'wildid_model_request_duration_seconds_count', { app, outcome: 'ok' })).toBeGreaterThan(0);
      expect(await sample(metrics, 'wildid_job_duration_seconds_count', { app, queue: 'identify', outcome: 'completed' })).toBeGreaterThan(0);
      expect(await sample(metrics, 'wildid_job_attempts_count', { app, queue: 'identify', outcome: 'completed' })).toBeGreaterThan(0);
      expect(await sample(metrics, 'process_resident_memory_bytes', { app })).toBeGreaterThan(0);
    });

    it('counts a failed identification by its reason and the model call by its outcome', async () => {
      stack.fake.script({ kind: 'error', error: 'invalid_image' });
      const { created } = await upload(stack.gatewayUrl, 2, `fail-${Date.now()}`);
      const { events } = await followIdentification(socket, created);
      expect(events.at(-1)).toMatchObject({ status: 'failed', error: { code: 'model_rejected_photo' } });

      const metrics = `http://127.0.0.1:${ports.identifier}/metrics`;
      const app = 'identifier-worker';
      // The failed event goes out before BullMQ records the attempt as failed: wait for the counters, then check them.
      const settled = (name: string, labels: Record<string, string>) =>
        eventually(async () => (await sample(metrics, name, { app, ...labels })) ?? false, name);
      expect(await settled('wildid_identifications_failed_total', { reason: 'model_rejected_photo' })).toBe(1);
      expect(await settled('wildid_model_request_duration_seconds_count', { outcome: 'model_rejected_photo' })).toBe(1);
      expect(await settled('wildid_job_attempts_count', { queue: 'identify', outcome: 'failed' })).toBe(1);
    });
  });

  describe('a sign-in mail', () => {
    it('carries the request id into the mailer, counts the mail, and keeps address and token out of the logs', async () => {
      const requestId = `mail-${Date.now()}`;
      const email = 'trace.walker@example.org';
      expect((await requestMagicLink(stack.gatewayUrl, email, { 'x-request-id': requestId })).status).toBe(202);
      const [message] = await smtp.waitForMessages(1, 15_000);
      const token = /token=([A-Za-z0-9_-]+)/.exec(message!.text ?? '')![1]!;
      // Opening the link puts the token in a URL the gateway logs.
      await fetch(`${stack.gatewayUrl}/auth/verify?token=${token}`);

      const sent = logLines(mailer).find((line) => line.msg === 'mail sent');
      expect(sent).toMatchObject({ queue: 'mail', requestId });
      // The counter moves when the job completes, a moment after the mail is on the wire.
      const mailsSent = () => sample(`http://127.0.0.1:${ports.mailer}/metrics`, 'wildid_mails_sent_total', { template: 'magic-link' });
      await eventually(async () => (await mailsSent()) !== undefined, 'the mail counted');
      expect(await mailsSent()).toBe(1);
      const verify = logLines(stack.gateway).find((line) => (line.req as { url?: string } | undefined)?.url?.startsWith('/auth/verify'));
      expect(verify).toMatchObject({ req: { url: '/auth/verify?token=[redacted]' } });
      for (const logs of [stack.gateway.logs, mailer.logs]) {
        expect(logs).not.toContain(token);
        expect(logs).not.toContain(email);
      }
    });
  });
});
