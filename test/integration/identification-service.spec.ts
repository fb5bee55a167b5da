import { randomBytes, randomUUID } from 'node:crypto';
import { IDENTIFY_QUEUE } from '@wildid/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../apps/gateway/src/config/gateway-config';
import { IdentificationService, type NewUpload } from '../../apps/gateway/src/identifications/identification.service';
import { IdentificationStore } from '../../apps/gateway/src/identifications/identification.store';
import type { NormalizedImage } from '../../apps/gateway/src/identifications/image-normalizer.service';
import { QueueOutlook } from '../../apps/gateway/src/queues/queue-outlook.service';
import { QueueOutlookStore } from '../../apps/gateway/src/queues/queue-outlook.store';
import { testPrisma, testPrismaInNewYork } from '../support/database';
import { TEST_REDIS_URL } from '../support/test-stack';

const RECEIVED = new Date('2026-01-02T03:04:05.006Z');

function makeImage(): NormalizedImage {
  return { bytes: randomBytes(40_000), mimeType: 'image/jpeg', width: 640, height: 480, sha256: randomBytes(32).toString('hex') };
}

function makeUpload(overrides: Partial<NewUpload> = {}): NewUpload {
  return {
    receivedAt: RECEIVED,
    parsedAt: new Date(RECEIVED.getTime() + 7),
    normalizedAt: new Date(RECEIVED.getTime() + 19),
    requestId: 'request-1',
    ...overrides,
  };
}

/** The gateway's store (hand-written upload insert, status and image reads) under its service, against real Postgres and BullMQ. */
describe(IdentificationService.name, () => {
  const prisma = testPrisma();
  const servicePrisma = testPrismaInNewYork();
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const queue = new Queue(IDENTIFY_QUEUE, { connection: redis });
  const config = { ANON_RETENTION_HOURS: 24, IDENTIFY_ATTEMPTS: 3, IDENTIFY_BACKOFF_MS: 1_000 } as GatewayConfig;
  const outlook = new QueueOutlook(new QueueOutlookStore(servicePrisma), redis);
  const sut = new IdentificationService(new IdentificationStore(servicePrisma), queue, config, redis, outlook);
  let userId: string;

  beforeAll(async () => {
    await redis.flushdb();
    userId = (await prisma.user.create({ data: { email: `service-${randomUUID()}@example.org` } })).id;
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
    await prisma.$disconnect();
    await servicePrisma.onApplicationShutdown();
  });

  describe('create', () => {
    it('writes the row with its stage timestamps and the photo in one go, and enqueues the job', async () => {
      const image = makeImage();
      const before = Date.now();

      const created = await sut.create(image, makeUpload());

      const row = await prisma.identification.findUniqueOrThrow({ where: { id: created.id }, include: { image: true } });
      expect(row).toMatchObject({ status: 'queued', userId: null, imageSha256: image.sha256, receivedAt: RECEIVED });
      expect(row.parsedAt).toEqual(new Date(RECEIVED.getTime() + 7));
      expect(row.normalizedAt).toEqual(new Date(RECEIVED.getTime() + 19));
      expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(row.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1);
      expect(row.expiresAt!.getTime() - row.createdAt.getTime()).toBe(24 * 3_600_000);
      expect(Buffer.from(row.image!.bytes).equals(image.bytes)).toBe(true);
      expect(row.image).toMatchObject({ mimeType: 'image/jpeg', width: 640, height: 480 });
      expect((await queue.getJob(created.id))?.data).toEqual({ identificationId: created.id, requestId: 'request-1' });
    });

    it("keeps a signed-in user's upload: owned, no expiry", async () => {
      const created = await sut.create(makeImage(), makeUpload({ userId }));

      const row = await prisma.identification.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.userId).toBe(userId);
      expect(row.expiresAt).toBeNull();
    });
  });

  describe('findView', () => {
    it('reads the view for the access token or the owner, and nothing for anyone else', async () => {
      const created = await sut.create(makeImage(), makeUpload({ userId }));
      const row = await prisma.identification.findUniqueOrThrow({ where: { id: created.id } });
      // While queued: its place (uploads queued earlier by other specs of the run count too), no ETA before a finish is measured.
      const place = (await sut.findView(created.id, { userId }))?.queue;
      const expected = { id: created.id, status: 'queued', createdAt: row.createdAt.toISOString(), queue: { ahead: place?.ahead, etaSeconds: null } };
      expect(place?.ahead).toBeGreaterThanOrEqual(0);
      const next = await sut.create(makeImage(), makeUpload({ userId }));
      expect((await sut.findView(next.id, { userId }))?.queue).toEqual({ ahead: place!.ahead + 1, etaSeconds: null });

      expect(await sut.findView(created.id, { accessToken: created.accessToken })).toEqual(expected);
      expect(await sut.findView(created.id, { userId })).toEqual(expected);
      expect(await sut.findView(created.id, { accessToken: 'x'.repeat(43) })).toBeNull();
      expect(await sut.findView(created.id, {})).toBeNull();
      expect(await sut.findView(randomUUID(), { accessToken: created.accessToken })).toBeNull();
      expect(await sut.findView('not-a-uuid', { accessToken: created.accessToken })).toBeNull();
    });
  });

  describe('findImage', () => {
    it('reads the stored photo for the access token only, and nothing once it is gone', async () => {
      const image = makeImage();
      const created = await sut.create(image, makeUpload());

      const found = await sut.findImage(created.id, { accessToken: created.accessToken });
      expect(Buffer.from(found!.bytes).equals(image.bytes)).toBe(true);
      expect(found?.mimeType).toBe('image/jpeg');
      expect(await sut.findImage(created.id, { accessToken: 'y'.repeat(43) })).toBeNull();

      await prisma.identificationImage.delete({ where: { identificationId: created.id } });
      expect(await sut.findImage(created.id, { accessToken: created.accessToken })).toBeNull();
    });
  });
});
