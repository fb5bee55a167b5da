import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndedSignInsPurger } from '../apps/identifier-worker/src/maintenance/ended-sign-ins.purger';
import { testPrisma } from './support/database';

const DAY = 86_400_000;
const NOW = new Date();
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

describe(EndedSignInsPurger.name, () => {
  const prisma = testPrisma();
  const sut = new EndedSignInsPurger(prisma, { SIGN_IN_RETENTION_DAYS: 7 });
  let userId: string;
  const email = `housekeeping-${randomUUID()}@example.org`;

  beforeAll(async () => {
    userId = (await prisma.user.create({ data: { email } })).id;
  });

  afterAll(async () => {
    await prisma.$disconnect();
  });

  const token = (fields: { expiresAt: Date; usedAt?: Date }) =>
    prisma.magicLinkToken.create({ data: { email, tokenHash: randomBytes(32).toString('hex'), ...fields } });
  const session = (fields: { expiresAt: Date; endedAt?: Date }) =>
    prisma.session.create({ data: { id: randomBytes(32).toString('hex'), userId, ...fields } });

  it('deletes links and sessions that stopped working longer ago than the retention, and keeps the rest', async () => {
    const tokens = {
      usedLongAgo: await token({ expiresAt: ago(8.9), usedAt: ago(9) }),
      expiredLongAgo: await token({ expiresAt: ago(8) }),
      usedRecently: await token({ expiresAt: ago(-0.01), usedAt: ago(1) }),
      expiredRecently: await token({ expiresAt: ago(6) }),
      pending: await token({ expiresAt: ago(-0.01) }),
    };
    const sessions = {
      endedLongAgo: await session({ expiresAt: ago(-20), endedAt: ago(8) }),
      expiredLongAgo: await session({ expiresAt: ago(8) }),
      endedRecently: await session({ expiresAt: ago(-20), endedAt: ago(2) }),
      expiredRecently: await session({ expiresAt: ago(1) }),
      active: await session({ expiresAt: ago(-20) }),
    };

    const purged = await sut.purge(NOW);

    expect(purged).toEqual({ magicLinkTokens: 2, sessions: 2 });
    const tokenIds = new Set((await prisma.magicLinkToken.findMany({ where: { email }, select: { id: true } })).map((row) => row.id));
    expect(Object.entries(tokens).filter(([, row]) => tokenIds.has(row.id)).map(([name]) => name)).toEqual(['usedRecently', 'expiredRecently', 'pending']);
    const sessionIds = new Set((await prisma.session.findMany({ where: { userId }, select: { id: true } })).map((row) => row.id));
    expect(Object.entries(sessions).filter(([, row]) => sessionIds.has(row.id)).map(([name]) => name)).toEqual(['endedRecently', 'expiredRecently', 'active']);
    expect(await sut.purge(NOW)).toEqual({ magicLinkTokens: 0, sessions: 0 });
  });
});
