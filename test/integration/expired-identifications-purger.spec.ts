import { createHash, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ExpiredIdentificationsPurger } from '../../apps/identifier-worker/src/maintenance/expired-identifications.purger';
import { testPrisma } from '../support/database';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** The purge of expired anonymous identifications, against the real migrated Postgres. */
describe('ExpiredIdentificationsPurger', () => {
  const prisma = testPrisma();
  const sut = new ExpiredIdentificationsPurger(prisma);
  // Far in the future, so rows of other suites in the same database are not what this one counts.
  const now = new Date('2999-01-01T00:00:00Z');
  const expired = new Date('2998-12-31T00:00:00Z');

  afterAll(async () => {
    await prisma.$disconnect();
  });

  async function anonymous(expiresAt: Date, report?: 'open' | 'resolved'): Promise<string> {
    const id = randomUUID();
    await prisma.identification.create({
      data: { id, accessTokenHash: hashOf(`token-${id}`), imageSha256: hashOf(id), status: 'completed', expiresAt },
    });
    if (report) {
      await prisma.identificationReport.create({
        data: { identificationId: id, reason: 'not a fox', ...(report === 'resolved' ? { resolvedAt: expired, resolvedBy: 'admin@example.org' } : {}) },
      });
    }
    return id;
  }

  const exists = async (id: string) => (await prisma.identification.count({ where: { id } })) === 1;

  it('deletes expired anonymous ones but keeps one with an open report until it is resolved', async () => {
    const plain = await anonymous(expired);
    const reported = await anonymous(expired, 'open');
    const resolved = await anonymous(expired, 'resolved');
    const fresh = await anonymous(new Date('2999-06-01T00:00:00Z'));

    await sut.purge(now);

    expect({ plain: await exists(plain), reported: await exists(reported), resolved: await exists(resolved), fresh: await exists(fresh) }).toEqual({
      plain: false,
      reported: true,
      resolved: false,
      fresh: true,
    });
    await prisma.identificationReport.updateMany({ where: { identificationId: reported }, data: { resolvedAt: now } });
    await sut.purge(now);
    expect(await exists(reported)).toBe(false);
    expect(await prisma.identificationReport.count({ where: { identificationId: reported } })).toBe(0);
    await prisma.identification.delete({ where: { id: fresh } });
  });
});
