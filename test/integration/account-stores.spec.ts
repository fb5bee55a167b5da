import { createHash, randomUUID } from 'node:crypto';
import { validAnimalAnswer } from '@wildid/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentificationStatsStore } from '../../apps/gateway/src/admin/identification-stats.store';
import { MagicLinkStore } from '../../apps/gateway/src/auth/magic-link.store';
import { SessionStore } from '../../apps/gateway/src/auth/session.store';
import { HistoryStore } from '../../apps/gateway/src/history/history.store';
import { testPrisma } from '../support/database';

const HOUR = 3_600_000;
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** The gateway's stores of accounts, history and admin stats, against the real migrated Postgres. */
describe('gateway stores', () => {
  const prisma = testPrisma();
  let userId: string;

  beforeAll(async () => {
    userId = (await prisma.user.create({ data: { email: `stores-${randomUUID()}@example.org` } })).id;
  });

  afterAll(async () => {
    await prisma.$disconnect();
  });

  async function insertIdentification(data: { userId?: string | null; createdAt?: Date; completedAt?: Date; status?: 'completed' | 'failed'; modelLatencyMs?: number; totalTokens?: number; costUsd?: number } = {}) {
    const id = randomUUID();
    await prisma.identification.create({
      data: { id, accessTokenHash: hashOf(`token-${id}`), imageSha256: hashOf(id), result: validAnimalAnswer(), ...data },
    });
    return id;
  }

  describe(SessionStore.name, () => {
    const sut = new SessionStore(prisma);

    it('ends only the selected sessions that had not ended, once, and keeps idle or expired ones out of the active lists', async () => {
      const now = new Date();
      const active = { now, seenAfter: new Date(now.getTime() - HOUR) };
      const ids = ['a', 'b', 'idle', 'expired'].map((name) => hashOf(`${name}-${randomUUID()}`));
      const [a, b, idle, expired] = ids as [string, string, string, string];
      for (const id of ids) await sut.create({ id, userId, expiresAt: new Date(now.getTime() + (id === expired ? -1 : HOUR)), userAgent: null });
      await sut.touch(idle, new Date(now.getTime() - 2 * HOUR));

      expect(new Set(await sut.activeAmong(ids, active))).toEqual(new Set([a, b]));
      expect(await sut.end({ id: a, userId: randomUUID() }, now)).toEqual([]);
      expect(await sut.end({ id: a, userId }, now)).toEqual([a]);
      expect(await sut.end({ id: a }, now)).toEqual([]);
      expect((await sut.activeOf(userId, active)).map((row) => row.id)).toEqual([b]);
      expect(await sut.find(a)).toMatchObject({ endedAt: now, user: { id: userId } });
    });
  });

  describe(MagicLinkStore.name, () => {
    const sut = new MagicLinkStore(prisma);

    it('uses a token once, never an expired one, and opens the same account on every sign-in', async () => {
      const email = `link-${randomUUID()}@example.org`;
      const now = new Date();
      await sut.create(email, hashOf('fresh'), new Date(now.getTime() + HOUR));
      await sut.create(email, hashOf('stale'), new Date(now.getTime() - 1));

      expect(await sut.use(hashOf('stale'), now)).toBeNull();
      expect(await sut.use(hashOf('fresh'), now)).toBe(email);
      expect(await sut.use(hashOf('fresh'), now)).toBeNull();
      expect(await sut.find(hashOf('fresh'))).toMatchObject({ usedAt: now });
      const first = await sut.userFor(email);
      expect(await sut.userFor(email)).toBe(first);
    });
  });

  describe(HistoryStore.name, () => {
    const sut = new HistoryStore(prisma);

    it('pages a user newest first by (createdAt, id), including rows that share a creation time', async () => {
      const owner = (await prisma.user.create({ data: { email: `history-${randomUUID()}@example.org` } })).id;
      const same = new Date('2026-03-01T10:00:00.000Z');
      const ids = [
        await insertIdentification({ userId: owner, createdAt: new Date('2026-03-01T09:00:00.000Z') }),
        await insertIdentification({ userId: owner, createdAt: same }),
        await insertIdentification({ userId: owner, createdAt: same }),
      ];
      const expected = [...ids.slice(1).sort().reverse(), ids[0]];

      const filter = { reviewBelowConfidence: 0.7 };
      const first = await sut.page(owner, 2, filter);
      const rest = await sut.page(owner, 2, filter, first.at(-1));

      expect([...first, ...rest].map((row) => row.id)).toEqual(expected);
      expect(first[0]).toMatchObject({ result: validAnimalAnswer(), hasImage: false, needsLook: false });
    });

    it("moves only anonymous identifications, never someone else's", async () => {
      const anonymous = await insertIdentification({ userId: null });
      const owned = await insertIdentification({ userId });
      const claimer = (await prisma.user.create({ data: { email: `claimer-${randomUUID()}@example.org` } })).id;

      expect((await sut.unclaimedAmong([anonymous, owned])).map((row) => row.id)).toEqual([anonymous]);
      expect(await sut.moveToUser([anonymous, owned], claimer)).toBe(1);
      expect((await prisma.identification.findMany({ where: { id: { in: [anonymous, owned] } } })).map((row) => row.userId).sort()).toEqual(
        [claimer, userId].sort(),
      );
    });
  });

  describe(IdentificationStatsStore.name, () => {
    const sut = new IdentificationStatsStore(prisma);

    it('groups what ended since a time by status, and sums its spend', async () => {
      const since = new Date(Date.now() + 1000 * HOUR);
      const at = new Date(since.getTime() + 1000);
      await insertIdentification({ status: 'completed', completedAt: at, modelLatencyMs: 1000, totalTokens: 100, costUsd: 0.002 });
      await insertIdentification({ status: 'completed', completedAt: at, modelLatencyMs: 2000, totalTokens: 300 });
      await insertIdentification({ status: 'failed', completedAt: at, totalTokens: 50 });
      await insertIdentification({ status: 'completed', completedAt: new Date(since.getTime() - 1) });

      expect(await sut.endedSince(since)).toEqual({
        completed: { count: 2, avgModelLatencyMs: 1500, totalTokens: 400 },
        failed: { count: 1, avgModelLatencyMs: null, totalTokens: 50 },
      });
      expect(await sut.spendSince(since)).toEqual({ tokens: 450, costUsd: 0.002, priced: 1 });
      expect((await sut.recentEnded(3)).every((row) => row.completedAt?.getTime() === at.getTime())).toBe(true);
    });
  });
});
