import { createHash, randomUUID } from 'node:crypto';
import type { AnimalResult, ReviewFilter } from '@wildid/common';
import { noAnimalAnswer, validAnimalAnswer } from '@wildid/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../apps/gateway/src/history/history.store';
import { LifeListStore } from '../../apps/gateway/src/life-list/life-list.store';
import { testPrismaInNewYork } from '../support/database';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

interface Row {
  status?: 'queued' | 'completed' | 'failed';
  result?: AnimalResult;
  createdAt?: string;
  capturedAt?: string;
  review?: { verdict: 'confirmed' | 'corrected' | 'unsure'; scientificName?: string; commonName?: string };
}

/** The review filters and the life list, against the real migrated Postgres in a session that is not in UTC. */
describe('review reads', () => {
  const prisma = testPrismaInNewYork();

  afterAll(async () => {
    await prisma.$disconnect();
  });

  async function newUser(): Promise<string> {
    return (await prisma.user.create({ data: { email: `reviews-${randomUUID()}@example.org` } })).id;
  }

  async function insert(userId: string, row: Row): Promise<string> {
    const id = randomUUID();
    await prisma.identification.create({
      data: {
        id,
        userId,
        accessTokenHash: hashOf(`token-${id}`),
        imageSha256: hashOf(id),
        status: row.status ?? 'completed',
        ...(row.result ? { result: row.result } : {}),
        ...(row.createdAt ? { createdAt: new Date(row.createdAt) } : {}),
        ...(row.capturedAt ? { capturedAt: new Date(row.capturedAt) } : {}),
        ...(row.review
          ? {
              reviewVerdict: row.review.verdict,
              reviewScientificName: row.review.scientificName ?? null,
              reviewCommonName: row.review.commonName ?? null,
              reviewedBy: 'owner@example.org',
              reviewedAt: new Date(),
            }
          : {}),
      },
    });
    return id;
  }

  describe(`${HistoryStore.name} page`, () => {
    const sut = new HistoryStore(prisma);
    let userId: string;
    let ids: Record<string, string>;

    beforeAll(async () => {
      userId = await newUser();
      const fox = (confidence?: number) => validAnimalAnswer({ confidence });
      ids = {
        sure: await insert(userId, { result: fox(0.93) }),
        unsureModel: await insert(userId, { result: fox(0.5) }),
        atThreshold: await insert(userId, { result: fox(0.7) }),
        noConfidence: await insert(userId, { result: fox(undefined) }),
        blank: await insert(userId, { result: noAnimalAnswer() }),
        confirmedLow: await insert(userId, { result: fox(0.4), review: { verdict: 'confirmed' } }),
        unsureLow: await insert(userId, { result: fox(0.4), review: { verdict: 'unsure' } }),
        corrected: await insert(userId, { result: fox(0.4), review: { verdict: 'corrected', commonName: 'Badger' } }),
        failed: await insert(userId, { status: 'failed' }),
        queued: await insert(userId, { status: 'queued' }),
      };
    });

    async function namesFor(review?: ReviewFilter): Promise<string[]> {
      const rows = await sut.page(userId, 100, { review, reviewBelowConfidence: 0.7 });
      return rows.map((row) => Object.keys(ids).find((name) => ids[name] === row.id)!).sort();
    }

    it.each<[ReviewFilter, string[]]>([
      ['unreviewed', ['atThreshold', 'blank', 'failed', 'noConfidence', 'sure', 'unsureModel']],
      ['confirmed', ['confirmedLow']],
      ['corrected', ['corrected']],
      ['unsure', ['unsureLow']],
      ['needs-look', ['blank', 'noConfidence', 'unsureLow', 'unsureModel']],
    ])('review=%s keeps %j', async (review, expected) => {
      expect(await namesFor(review)).toEqual(expected);
    });

    it('flags exactly the rows the needs-look filter keeps, and filters nothing without a review filter', async () => {
      const rows = await sut.page(userId, 100, { reviewBelowConfidence: 0.7 });
      expect(rows).toHaveLength(Object.keys(ids).length);
      const flagged = rows.filter((row) => row.needsLook).map((row) => row.id).sort();
      expect(flagged).toEqual((await sut.page(userId, 100, { review: 'needs-look', reviewBelowConfidence: 0.7 })).map((row) => row.id).sort());
    });

    it('moves the threshold with REVIEW_BELOW_CONFIDENCE', async () => {
      const rows = await sut.page(userId, 100, { review: 'needs-look', reviewBelowConfidence: 0.95 });
      expect(rows.map((row) => row.id)).toContain(ids.sure);
      const none = await sut.page(userId, 100, { review: 'needs-look', reviewBelowConfidence: 0 });
      expect(none.map((row) => row.id).sort()).toEqual([ids.blank, ids.noConfidence].sort());
    });
  });

  describe(LifeListStore.name, () => {
    const sut = new LifeListStore(prisma);

    it('groups by the name each identification stands for, marks how it was reviewed, and dates it by capture else upload time', async () => {
      const userId = await newUser();
      const fox = validAnimalAnswer();
      const badger = validAnimalAnswer({ commonName: 'Eurasian badger', scientificName: 'Meles meles' });
      const arctic = validAnimalAnswer({ commonName: 'Arctic fox', scientificName: 'Vulpes lagopus' });
      await insert(userId, { result: fox, createdAt: '2026-03-10T00:00:00.000Z', capturedAt: '2026-01-01T10:00:00.000Z' });
      const latestFox = await insert(userId, { result: fox, createdAt: '2026-02-01T00:00:00.000Z' });
      await insert(userId, { result: arctic, createdAt: '2026-01-15T00:00:00.000Z', review: { verdict: 'corrected', scientificName: 'VULPES VULPES' } });
      await insert(userId, { result: badger, createdAt: '2026-03-01T00:00:00.000Z', review: { verdict: 'confirmed' } });
      const typedBadger = await insert(userId, { result: fox, createdAt: '2026-03-05T00:00:00.000Z', review: { verdict: 'corrected', commonName: 'eurasian badger' } });
      const doubted = await insert(userId, { result: arctic, createdAt: '2026-01-20T00:00:00.000Z', review: { verdict: 'unsure' } });
      const typedOnly = await insert(userId, { status: 'failed', createdAt: '2026-01-02T00:00:00.000Z', review: { verdict: 'corrected', commonName: 'Pine marten' } });
      await insert(userId, { result: noAnimalAnswer(), createdAt: '2026-04-01T00:00:00.000Z' });
      await insert(userId, { status: 'failed', createdAt: '2026-04-01T00:00:00.000Z' });
      await insert(userId, { status: 'queued', createdAt: '2026-04-01T00:00:00.000Z' });
      await insert(await newUser(), { result: badger, createdAt: '2026-05-01T00:00:00.000Z' });

      expect(await sut.species(userId)).toEqual([
        {
          scientificName: 'Meles meles',
          commonName: 'eurasian badger',
          reviewed: 'corrected',
          photos: 2,
          firstSeen: '2026-03-01T00:00:00.000Z',
          lastSeen: '2026-03-05T00:00:00.000Z',
          latestId: typedBadger,
        },
        {
          scientificName: 'Vulpes vulpes',
          commonName: 'Red fox',
          reviewed: 'corrected',
          photos: 3,
          firstSeen: '2026-01-01T10:00:00.000Z',
          lastSeen: '2026-02-01T00:00:00.000Z',
          latestId: latestFox,
        },
        {
          scientificName: 'Vulpes lagopus',
          commonName: 'Arctic fox',
          reviewed: 'unreviewed',
          photos: 1,
          firstSeen: '2026-01-20T00:00:00.000Z',
          lastSeen: '2026-01-20T00:00:00.000Z',
          latestId: doubted,
        },
        {
          commonName: 'Pine marten',
          reviewed: 'corrected',
          photos: 1,
          firstSeen: '2026-01-02T00:00:00.000Z',
          lastSeen: '2026-01-02T00:00:00.000Z',
          latestId: typedOnly,
        },
      ]);
    });

    it('is empty for a person without animals', async () => {
      expect(await sut.species(await newUser())).toEqual([]);
    });
  });
});
