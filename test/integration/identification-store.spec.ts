import { randomBytes, randomUUID } from 'node:crypto';
import { validAnimalAnswer } from '@wildid/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentificationStore } from '../../apps/identifier-worker/src/identify/identification.store';
import { testPrisma, testPrismaInNewYork } from '../support/database';

const MODEL = 'store-test-model';

describe(IdentificationStore.name, () => {
  const prisma = testPrisma();
  const storePrisma = testPrismaInNewYork();
  const sut = new IdentificationStore(storePrisma);
  let userId: string;

  async function insertIdentification(options: { owned?: boolean; sha256?: string } = {}) {
    const id = randomUUID();
    const bytes = randomBytes(50_000);
    const row = await prisma.identification.create({
      data: {
        id,
        userId: options.owned ? userId : null,
        accessTokenHash: 'h'.repeat(64),
        imageSha256: options.sha256 ?? randomBytes(32).toString('hex'),
        image: { create: { bytes, mimeType: 'image/jpeg', width: 640, height: 480 } },
      },
    });
    return { id, bytes, createdAt: row.createdAt };
  }

  const completedCall = (started = new Date('2026-01-02T03:04:05.678Z')) => ({
    result: validAnimalAnswer(),
    model: MODEL,
    latencyMs: 321,
    usage: { promptTokens: 850, completionTokens: 50, totalTokens: 900 },
    costUsd: 0.0001570,
    modelStartedAt: started,
    modelFinishedAt: new Date(started.getTime() + 321),
  });

  beforeAll(async () => {
    userId = (await prisma.user.create({ data: { email: `store-${randomUUID()}@example.org` } })).id;
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await storePrisma.onApplicationShutdown();
  });

  describe('start', () => {
    it('marks the identification processing and reads its photo and times in one statement', async () => {
      const { id, bytes, createdAt } = await insertIdentification();
      const before = Date.now();

      const started = await sut.start(id, null);

      expect(started?.view).toEqual({ id, status: 'processing', createdAt: createdAt.toISOString() });
      expect(started?.ownerId).toBeNull();
      expect(Buffer.from(started!.image!.bytes).equals(bytes)).toBe(true);
      expect(started?.image?.mimeType).toBe('image/jpeg');
      expect(started?.reusable).toBeNull();
      const row = await prisma.identification.findUniqueOrThrow({ where: { id } });
      expect(row.status).toBe('processing');
      expect(row.startedAt!.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(row.startedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1);
    });

    it('returns null for a finished or unknown identification and changes nothing', async () => {
      const { id } = await insertIdentification();
      await sut.start(id, null);
      await sut.complete(id, completedCall());

      expect(await sut.start(id, null)).toBeNull();
      expect(await sut.start(randomUUID(), null)).toBeNull();
      expect((await prisma.identification.findUniqueOrThrow({ where: { id } })).status).toBe('completed');
    });

    it('reports a missing photo as no image', async () => {
      const { id } = await insertIdentification();
      await prisma.identificationImage.delete({ where: { identificationId: id } });

      const started = await sut.start(id, null);

      expect(started?.view.status).toBe('processing');
      expect(started?.image).toBeNull();
    });

    it("finds the same model's latest result for the same photo only when asked, and never another model's", async () => {
      const sha256 = randomBytes(32).toString('hex');
      const earlier = await insertIdentification({ sha256 });
      await sut.start(earlier.id, null);
      await sut.complete(earlier.id, { ...completedCall(), result: { isAnimal: false } });
      const latest = await insertIdentification({ sha256 });
      await sut.start(latest.id, null);
      await sut.complete(latest.id, completedCall());

      const again = await insertIdentification({ sha256 });
      expect((await sut.start(again.id, MODEL))?.reusable).toEqual({ result: validAnimalAnswer(), from: latest.id });
      expect((await sut.start(again.id, null))?.reusable).toBeNull();
      expect((await sut.start(again.id, 'another-model'))?.reusable).toBeNull();
    });

    it('stores a reused result as reused: its source named, no latency, tokens or cost to pull the model\'s averages down', async () => {
      const sha256 = randomBytes(32).toString('hex');
      const earlier = await insertIdentification({ sha256 });
      await sut.start(earlier.id, null);
      await sut.complete(earlier.id, completedCall());
      const again = await insertIdentification({ sha256 });
      const reusable = (await sut.start(again.id, MODEL))!.reusable!;

      const change = await sut.completeReused(again.id, MODEL, reusable);

      expect(change?.view).toMatchObject({ id: again.id, status: 'completed', result: validAnimalAnswer() });
      const row = await prisma.identification.findUniqueOrThrow({ where: { id: again.id } });
      expect(row).toMatchObject({ reusedFrom: earlier.id, model: MODEL, modelLatencyMs: null, totalTokens: null, promptTokens: null, costUsd: null });
      const average = await prisma.identification.aggregate({ where: { id: { in: [earlier.id, again.id] } }, _avg: { modelLatencyMs: true } });
      expect(average._avg.modelLatencyMs).toBe(321);
    });
  });

  describe('complete', () => {
    it('stores the result and call figures, returns the completed view and deletes an anonymous photo', async () => {
      const { id, createdAt } = await insertIdentification();
      await sut.start(id, null);
      const call = completedCall();

      const change = await sut.complete(id, call);

      const row = await prisma.identification.findUniqueOrThrow({ where: { id }, include: { image: true } });
      expect(change).toEqual({
        view: { id, status: 'completed', createdAt: createdAt.toISOString(), completedAt: row.completedAt!.toISOString(), result: validAnimalAnswer(), identifiedAs: { scientificName: 'Vulpes vulpes', commonName: 'Red fox', method: 'machine', probability: 0.93 } },
        ownerId: null,
        batchId: null,
      });
      expect(row).toMatchObject({ status: 'completed', model: MODEL, modelLatencyMs: 321, promptTokens: 850, completionTokens: 50, totalTokens: 900, result: validAnimalAnswer(), image: null });
      expect(row.modelStartedAt).toEqual(call.modelStartedAt);
      expect(row.modelFinishedAt).toEqual(call.modelFinishedAt);
    });

    it("keeps a signed-in user's photo and names the owner", async () => {
      const { id } = await insertIdentification({ owned: true });
      await sut.start(id, null);

      const change = await sut.complete(id, { ...completedCall(), usage: undefined, costUsd: null });

      expect(change?.ownerId).toBe(userId);
      const row = await prisma.identification.findUniqueOrThrow({ where: { id }, include: { image: true } });
      expect(row.image).not.toBeNull();
      expect(row.totalTokens).toBeNull();
    });

    it('returns null when the identification was deleted meanwhile', async () => {
      const { id } = await insertIdentification();
      await sut.start(id, null);
      await prisma.identification.delete({ where: { id } });

      expect(await sut.complete(id, completedCall())).toBeNull();
    });
  });

  describe('fail', () => {
    it('records the failure once, deleting an anonymous photo, and ignores a second one', async () => {
      const { id } = await insertIdentification();
      await sut.start(id, null);

      const change = await sut.fail(id, { code: 'model_timeout', message: 'The model took too long.' });
      const second = await sut.fail(id, { code: 'internal_error', message: 'again' });

      expect(change?.view).toMatchObject({ id, status: 'failed', error: { code: 'model_timeout', message: 'The model took too long.' } });
      expect(second).toBeNull();
      const row = await prisma.identification.findUniqueOrThrow({ where: { id }, include: { image: true } });
      expect(row).toMatchObject({ status: 'failed', errorCode: 'model_timeout', image: null });
      expect(change?.view.completedAt).toBe(row.completedAt!.toISOString());
    });
  });
});
