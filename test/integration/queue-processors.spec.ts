import { IDENTIFY_QUEUE, MAIL_QUEUE, MAINTENANCE_QUEUE, type QueueProcessor } from '@wildid/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { IdentifierWorkerConfig } from '../../apps/identifier-worker/src/config/identifier-worker-config';
import type { IdentifyService } from '../../apps/identifier-worker/src/identify/identify.service';
import { IdentifyProcessor } from '../../apps/identifier-worker/src/identify/identify.processor';
import type { EndedSignInsPurger } from '../../apps/identifier-worker/src/maintenance/ended-sign-ins.purger';
import type { ExpiredIdentificationsPurger } from '../../apps/identifier-worker/src/maintenance/expired-identifications.purger';
import { MaintenanceProcessor } from '../../apps/identifier-worker/src/maintenance/maintenance.processor';
import type { MailerWorkerConfig } from '../../apps/mailer-worker/src/config/mailer-worker-config';
import { MailProcessor } from '../../apps/mailer-worker/src/mail/mail.processor';
import type { MailService } from '../../apps/mailer-worker/src/mail/mail.service';
import { TEST_REDIS_URL } from '../support/test-stack';

// A prefix of its own: nothing else in the run's Redis database is touched.
const PREFIX = `processors-${process.pid}`;

/** The three processors build their BullMQ workers from injected configuration and close them the same way. */
describe('queue processors', () => {
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queues: Queue[] = [];
  const queue = (name: string) => {
    const created = new Queue(name, { connection, prefix: PREFIX });
    queues.push(created);
    return created;
  };

  afterAll(async () => {
    for (const created of queues) await created.obliterate({ force: true }).then(() => created.close());
    connection.disconnect();
  });

  async function startThenStop(sut: QueueProcessor) {
    expect(() => sut.worker).toThrow(/has not started/);
    sut.onModuleInit();
    const worker = sut.worker;
    await worker.waitUntilReady();
    const running = worker.isRunning();
    await sut.onModuleDestroy();
    return { worker, running, closed: worker.closing !== undefined && !worker.isRunning() };
  }

  it('identify: concurrency, lock and stalled-check intervals from IDENTIFIER_CONCURRENCY and IDENTIFY_*_MS', async () => {
    const config = { IDENTIFIER_CONCURRENCY: 3, IDENTIFY_LOCK_DURATION_MS: 4_500, IDENTIFY_STALLED_INTERVAL_MS: 6_500 } as IdentifierWorkerConfig;
    const sut = new IdentifyProcessor({} as IdentifyService, config, queue(IDENTIFY_QUEUE));

    const { worker, running, closed } = await startThenStop(sut);

    expect(worker.name).toBe(IDENTIFY_QUEUE);
    expect(worker.opts).toMatchObject({ prefix: PREFIX, concurrency: 3, lockDuration: 4_500, stalledInterval: 6_500, maxStalledCount: 2 });
    expect(worker.opts.limiter).toBeDefined();
    expect({ running, closed }).toEqual({ running: true, closed: true });
  });

  it('mail: concurrency from MAILER_CONCURRENCY', async () => {
    const logger = { child: () => logger } as unknown as Logger;
    const sut = new MailProcessor({} as MailService, { MAILER_CONCURRENCY: 5 } as MailerWorkerConfig, logger, queue(MAIL_QUEUE));

    const { worker, running, closed } = await startThenStop(sut);

    expect(worker.name).toBe(MAIL_QUEUE);
    expect(worker.opts).toMatchObject({ prefix: PREFIX, concurrency: 5 });
    expect({ running, closed }).toEqual({ running: true, closed: true });
  });

  it("maintenance: BullMQ's defaults", async () => {
    const sut = new MaintenanceProcessor({} as ExpiredIdentificationsPurger, {} as EndedSignInsPurger, queue(MAINTENANCE_QUEUE));

    const { worker, running, closed } = await startThenStop(sut);

    expect(worker.name).toBe(MAINTENANCE_QUEUE);
    expect(worker.opts).toMatchObject({ prefix: PREFIX, concurrency: 1 });
    expect({ running, closed }).toEqual({ running: true, closed: true });
  });
});
