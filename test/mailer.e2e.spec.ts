import { randomBytes, randomUUID } from 'node:crypto';
import { MAIL_JOB, MAIL_QUEUE, type MagicLinkMail, enqueueMail, sealMagicLinkToken } from '@wildid/common';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess, freePort } from './support/app-process';
import { SmtpTestServer } from './support/smtp-test-server';
import { TEST_REDIS_URL, baseEnv, flushTestRedis } from './support/test-stack';

const SECRET_KEY = 'mailer-e2e-secret-key-0123456789abcdef';
const MAIL_FROM = 'WildID Test <signin@wildid.test>';
// A path prefix, as when WildID is served under a sub-path behind a proxy.
const PUBLIC_URL = 'https://wildid.test/app';
const ONE_ATTEMPT = { attempts: 1, backoffMs: 100 };
const MANY_ATTEMPTS = { attempts: 5, backoffMs: 100 };

interface Mailer {
  worker: AppProcess;
  queue: Queue;
  events: QueueEvents;
  stop(): Promise<void>;
}

/** A mailer worker process plus a producer-side queue and its event stream, as the gateway would have. */
async function startMailer(smtpPort: number): Promise<Mailer> {
  await flushTestRedis();
  const worker = await AppProcess.start('mailer-worker', {
    ...baseEnv(),
    SECRET_KEY,
    PUBLIC_URL,
    MAIL_FROM,
    MAIL_SERVER: '127.0.0.1',
    MAIL_PORT: String(smtpPort),
  });
  const queue = new Queue(MAIL_QUEUE, { connection: { url: TEST_REDIS_URL } });
  const events = new QueueEvents(MAIL_QUEUE, { connection: { url: TEST_REDIS_URL } });
  await events.waitUntilReady();
  return {
    worker,
    queue,
    events,
    async stop() {
      await Promise.all([worker.stop(), queue.close(), events.close()]);
    },
  };
}

function makeSignIn(overrides: Partial<MagicLinkMail> = {}): { mail: MagicLinkMail; token: string; expiresAt: Date } {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + 15 * 60_000);
  const to = overrides.to ?? `walker-${randomUUID().slice(0, 8)}@example.org`;
  const mail: MagicLinkMail = {
    template: 'magic-link',
    to,
    sealedToken: sealMagicLinkToken(token, to, SECRET_KEY),
    expiresAt: expiresAt.toISOString(),
    requestId: randomUUID(),
    ...overrides,
  };
  return { mail, token, expiresAt };
}

/** Enqueues through the shared helper (as producers do) and returns the job it created. */
async function enqueue(mailer: Mailer, mail: MagicLinkMail, retry: { attempts: number; backoffMs: number }): Promise<Job> {
  await enqueueMail(mailer.queue, mail, retry);
  const jobs = await mailer.queue.getJobs(['waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed']);
  const job = jobs.find((candidate) => candidate.data.requestId === mail.requestId);
  if (!job) throw new Error(`no job for request ${mail.requestId}`);
  return job;
}

/** Waits for the job's final state (completed or failed) and returns the job as stored then. */
async function settled(mailer: Mailer, job: Job, timeoutMs = 20_000): Promise<Job> {
  try {
    await job.waitUntilFinished(mailer.events, timeoutMs);
  } catch (error) {
    // A failed job rejects too; only a timeout is a problem here.
    if (String(error).includes('timed out')) throw error;
  }
  const stored = await mailer.queue.getJob(job.id!);
  if (!stored) throw new Error(`job ${job.id} disappeared`);
  return stored;
}

/** Resolves once the job has failed at least one attempt and waits for its retry. */
async function firstFailedAttempt(mailer: Mailer, jobId: string, timeoutMs = 15_000): Promise<void> {
  let cleanup = () => {};
  const delayed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`job ${jobId} did not fail an attempt within ${timeoutMs} ms`)), timeoutMs);
    const onDelayed = (args: { jobId: string }) => args.jobId === jobId && resolve();
    mailer.events.on('delayed', onDelayed);
    cleanup = () => {
      clearTimeout(timer);
      mailer.events.off('delayed', onDelayed);
    };
  });
  try {
    // The first attempt may have failed before the listener was attached.
    const job = await mailer.queue.getJob(jobId);
    if ((job?.attemptsMade ?? 0) >= 1) return;
    await delayed;
  } finally {
    cleanup();
  }
}

function expectNoSecretsInLogs(worker: AppProcess, signIn: { mail: MagicLinkMail; token: string }): void {
  expect(worker.logs).not.toContain(signIn.token);
  expect(worker.logs).not.toContain(signIn.mail.to);
  expect(worker.logs).not.toContain('/auth/verify');
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

describe('mailer worker over real SMTP', () => {
  const smtp = new SmtpTestServer({ rejectRecipient: (address) => address.startsWith('bounce') });
  let mailer: Mailer;

  beforeAll(async () => {
    const port = await smtp.start();
    mailer = await startMailer(port);
  });

  afterAll(async () => {
    await mailer?.stop();
    await smtp.stop();
  });

  it('delivers a magic-link mail with the exact token, the expiry and the ignore sentence', async () => {
    const signIn = makeSignIn();
    const job = await enqueue(mailer, signIn.mail, MANY_ATTEMPTS);

    const final = await settled(mailer, job);

    expect(await final.getState()).toBe('completed');
    expect(final.attemptsMade).toBe(1);
    const [message] = smtp.messagesTo(signIn.mail.to);
    expect(message).toBeDefined();
    expect(message.from?.value).toEqual([{ name: 'WildID Test', address: 'signin@wildid.test' }]);
    expect(message.subject).toBe('Your WildID sign-in link');
    expect(message.headers.get('auto-submitted')).toBe('auto-generated');
    const link = `${PUBLIC_URL}/auth/verify?token=${signIn.token}`;
    const text = message.text ?? '';
    const html = typeof message.html === 'string' ? message.html : '';
    expect(text).toContain(link);
    expect(html).toContain(`href="${link}"`);
    for (const part of [text, html]) {
      expect(part).toContain(`expires in 15 minutes, at ${utc(signIn.expiresAt)}`);
      expect(part).toContain('If you did not ask to sign in, you can ignore this email.');
    }
    // The log line travels through a pipe, the completion through Redis: either may arrive first.
    await mailer.worker.waitForLog(signIn.mail.requestId);
    const sentLine = mailer.worker.logs
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'mail sent' && line.requestId === signIn.mail.requestId);
    expect(sentLine).toMatchObject({ queue: MAIL_QUEUE, jobId: job.id, attempt: 1 });
    expectNoSecretsInLogs(mailer.worker, signIn);
  });

  it('gives up at once when the server rejects the recipient with 550', async () => {
    const signIn = makeSignIn({ to: 'bounce@example.org' });
    const before = smtp.messages.length;
    const job = await enqueue(mailer, signIn.mail, MANY_ATTEMPTS);

    const final = await settled(mailer, job);

    expect(await final.getState()).toBe('failed');
    expect(final.attemptsMade).toBe(1);
    expect(final.failedReason).toMatch(/^smtp_rejected: 550\b/);
    expect(final.failedReason).not.toContain('bounce@example.org');
    expect(smtp.rejectedRecipients).toContain('bounce@example.org');
    expect(smtp.messages).toHaveLength(before);
    expectNoSecretsInLogs(mailer.worker, signIn);
  });

  it('gives up with invalid_token_seal, sending nothing, when the token was sealed with another key', async () => {
    const signIn = makeSignIn();
    signIn.mail.sealedToken = sealMagicLinkToken(signIn.token, signIn.mail.to, 'another-secret-key-0123456789abcdef');
    const before = smtp.messages.length;
    const job = await enqueue(mailer, signIn.mail, MANY_ATTEMPTS);

    const final = await settled(mailer, job);

    expect(await final.getState()).toBe('failed');
    expect(final.attemptsMade).toBe(1);
    expect(final.failedReason).toMatch(/^invalid_token_seal: the sign-in token was not sealed for this recipient/);
    expect(smtp.messages).toHaveLength(before);
  });

  it('refuses a job edited in Redis to another address: nothing reaches either address, and no address is logged', async () => {
    const signIn = makeSignIn();
    const attacker = `attacker-${randomUUID().slice(0, 8)}@evil.example`;
    const before = smtp.messages.length;
    // Delayed, so it can be edited before a worker takes it, as anyone with Redis access could.
    const job = await mailer.queue.add(MAIL_JOB, signIn.mail, { delay: 60_000, attempts: 5 });
    await job.updateData({ ...signIn.mail, to: attacker });
    await job.promote();

    const final = await settled(mailer, job);

    expect(await final.getState()).toBe('failed');
    expect(final.attemptsMade).toBe(1);
    expect(final.failedReason).toMatch(/^invalid_token_seal: .*job edited, copied to another address/);
    expect(final.failedReason).not.toMatch(/@/);
    expect(smtp.messages).toHaveLength(before);
    expect(smtp.messagesTo(attacker)).toHaveLength(0);
    expect(mailer.worker.logs).not.toContain(attacker);
    expectNoSecretsInLogs(mailer.worker, signIn);
  });

  it('delivers the original but refuses a copy of its job sent to another address', async () => {
    const signIn = makeSignIn();
    const attacker = `copy-${randomUUID().slice(0, 8)}@evil.example`;
    const original = await enqueue(mailer, signIn.mail, ONE_ATTEMPT);
    const copy = await mailer.queue.add(MAIL_JOB, { ...signIn.mail, to: attacker, requestId: randomUUID() }, { attempts: 5 });

    const [sent, refused] = await Promise.all([settled(mailer, original), settled(mailer, copy)]);

    expect(await sent.getState()).toBe('completed');
    expect(smtp.messagesTo(signIn.mail.to)).toHaveLength(1);
    expect(await refused.getState()).toBe('failed');
    expect(refused.failedReason).toMatch(/^invalid_token_seal/);
    expect(smtp.messagesTo(attacker)).toHaveLength(0);
    expect(mailer.worker.logs).not.toContain(attacker);
  });

  it('gives up at once, sending nothing, on a payload that breaks the contract', async () => {
    const before = smtp.messages.length;
    // Straight to the queue: enqueueMail itself would refuse this payload.
    const job = await mailer.queue.add(MAIL_JOB, { template: 'magic-link', to: 'not-an-address', requestId: 'bad' }, { attempts: 5 });

    const final = await settled(mailer, job);

    expect(await final.getState()).toBe('failed');
    expect(final.attemptsMade).toBe(1);
    expect(final.failedReason).toMatch(/^invalid_job_payload/);
    expect(smtp.messages).toHaveLength(before);
  });

  it('completes one attempt per job when the queue has several', async () => {
    const signIns = [makeSignIn(), makeSignIn(), makeSignIn()];
    const jobs = await Promise.all(signIns.map((signIn) => enqueue(mailer, signIn.mail, ONE_ATTEMPT)));

    const finals = await Promise.all(jobs.map((job) => settled(mailer, job)));

    for (const final of finals) expect(await final.getState()).toBe('completed');
    for (const signIn of signIns) expect(smtp.messagesTo(signIn.mail.to)).toHaveLength(1);
  });
});

describe('mailer worker while the SMTP server is down', () => {
  const smtp = new SmtpTestServer();
  let smtpPort: number;
  let mailer: Mailer;

  beforeAll(async () => {
    // Nothing listens here until the test starts the server.
    smtpPort = await freePort();
    mailer = await startMailer(smtpPort);
  });

  afterAll(async () => {
    await mailer?.stop();
    await smtp.stop();
  });

  it('retries with backoff and delivers once the server is up', async () => {
    const signIn = makeSignIn();
    const job = await enqueue(mailer, signIn.mail, { attempts: 10, backoffMs: 300 });

    await firstFailedAttempt(mailer, job.id!);
    await smtp.start(smtpPort);
    const final = await settled(mailer, job);

    expect(await final.getState()).toBe('completed');
    // attemptsMade counts the successful attempt too: at least one failure before it.
    expect(final.attemptsMade).toBeGreaterThanOrEqual(2);
    const [message] = await smtp.waitForMessages(1);
    expect(message.text).toContain(`${PUBLIC_URL}/auth/verify?token=${signIn.token}`);
    expect(mailer.worker.logs).toContain('will retry');
    expectNoSecretsInLogs(mailer.worker, signIn);
  });
});
