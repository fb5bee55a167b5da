import { randomBytes, randomUUID } from 'node:crypto';
import { validAnimalAnswer } from '@wildid/common/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelReviewStatsStore } from '../../apps/gateway/src/admin/model-review-stats.store';
import { ReportStore } from '../../apps/gateway/src/reports/report.store';
import { testPrisma, testPrismaInNewYork } from '../support/database';

// The stores' hand-written SQL runs in a session whose time zone is not UTC; Prisma (UTC) writes and checks.
describe('report stores', () => {
  const prisma = testPrisma();
  const storePrisma = testPrismaInNewYork();

  afterAll(async () => {
    await prisma.$disconnect();
    await storePrisma.onApplicationShutdown();
  });

  async function insertIdentification(model: string, review: { verdict: string; scientificName?: string; commonName?: string } | null = null) {
    const row = await prisma.identification.create({
      data: {
        id: randomUUID(),
        accessTokenHash: 'h'.repeat(64),
        imageSha256: randomBytes(32).toString('hex'),
        status: 'completed',
        model,
        result: validAnimalAnswer(),
        completedAt: new Date(),
        reviewVerdict: review?.verdict ?? null,
        reviewScientificName: review?.scientificName ?? null,
        reviewCommonName: review?.commonName ?? null,
        reviewedBy: review ? 'someone@example.org' : null,
        reviewedAt: review ? new Date() : null,
        image: { create: { bytes: randomBytes(100), mimeType: 'image/jpeg', width: 10, height: 10 } },
      },
    });
    return row.id;
  }

  describe(ReportStore.name, () => {
    const sut = new ReportStore(storePrisma);

    it('pages reports oldest first, ties in one millisecond by id, with the keyset cursor and the status filter', async () => {
      const model = `report-store-${randomUUID()}`;
      const identificationId = await insertIdentification(model);
      // Far in the past, so that no other spec's reports come before these.
      const tie = new Date('2001-02-03T04:05:06.789Z');
      const times = [tie, tie, new Date('2001-02-03T04:05:06.790Z'), new Date('2001-02-03T09:05:06.789Z')];
      const ids = await Promise.all(
        times.map(async (createdAt, index) => (await prisma.identificationReport.create({ data: { identificationId, reason: `r${index}`, model, createdAt } })).id),
      );
      const expected = [...[ids[0]!, ids[1]!].sort(), ids[2]!, ids[3]!];

      const seen: string[] = [];
      let after: { createdAt: Date; id: string } | undefined;
      for (;;) {
        const rows = (await sut.page('open', 1, after)).filter((row) => ids.includes(row.reportId));
        if (rows.length === 0) break;
        seen.push(rows[0]!.reportId);
        after = { createdAt: rows[0]!.reportCreatedAt, id: rows[0]!.reportId };
        if (seen.length > ids.length) break;
      }
      expect(seen).toEqual(expected);

      const [first] = await sut.page('all', 1);
      expect(first).toMatchObject({ reportId: expected[0], reportCreatedAt: tie, reportModel: model, id: identificationId, status: 'completed', hasImage: true });

      const resolvedAt = new Date('2001-02-04T00:00:00.000Z');
      await sut.resolve(ids[3]!, 'admin@example.org', resolvedAt);
      await sut.resolve(ids[3]!, 'late@example.org', new Date());
      expect(await prisma.identificationReport.findUniqueOrThrow({ where: { id: ids[3]! } })).toMatchObject({ resolvedAt, resolvedBy: 'admin@example.org' });
      expect((await sut.find(ids[3]!))?.resolvedAt).toEqual(resolvedAt);
      const ours = async (status: 'open' | 'resolved' | 'all') => (await sut.page(status, 100)).map((row) => row.reportId).filter((id) => ids.includes(id));
      expect(await ours('open')).toEqual(expected.slice(0, 3));
      expect(await ours('resolved')).toEqual([ids[3]]);
      expect(await ours('all')).toEqual(expected);

      await prisma.identificationImage.delete({ where: { identificationId } });
      expect(await sut.image(ids[0]!)).toBeNull();
      expect((await sut.find(ids[0]!))?.hasImage).toBe(false);
    });
  });

  describe(ModelReviewStatsStore.name, () => {
    const sut = new ModelReviewStatsStore(storePrisma);

    it("counts each model's reviews and reports, lists models with reports only, and keeps the top corrections per model", async () => {
      const model = `review-stats-${randomUUID()}`;
      const reportedOnly = `review-stats-reported-${randomUUID()}`;
      const toBadger = { verdict: 'corrected', commonName: 'Badger' };
      const reported = await insertIdentification(model, toBadger);
      await insertIdentification(model, toBadger);
      await insertIdentification(model, { verdict: 'corrected', scientificName: 'Canis lupus' });
      await insertIdentification(model, { verdict: 'corrected', scientificName: 'Canis aureus' });
      await insertIdentification(model, { verdict: 'confirmed' });
      await insertIdentification(model);
      await prisma.identificationReport.create({ data: { identificationId: reported, reason: 'wrong', model } });
      await prisma.identificationReport.create({ data: { identificationId: reported, reason: 'wrong', model: reportedOnly, resolvedAt: new Date() } });

      const counts = await sut.perModel();
      expect(counts.find((row) => row.model === model)).toEqual({ model, completed: 6, reviewed: 5, confirmed: 1, corrected: 4, unsure: 0, reports: 1, openReports: 1 });
      expect(counts.find((row) => row.model === reportedOnly)).toEqual({
        model: reportedOnly, completed: 0, reviewed: 0, confirmed: 0, corrected: 0, unsure: 0, reports: 1, openReports: 0,
      });

      const top = (await sut.topCorrections(2)).filter((row) => row.model === model);
      const fox = { fromScientificName: 'Vulpes vulpes', fromCommonName: 'Red fox' };
      expect(top).toEqual([
        { model, ...fox, toScientificName: null, toCommonName: 'Badger', count: 2 },
        { model, ...fox, toScientificName: 'Canis aureus', toCommonName: null, count: 1 },
      ]);
    });
  });
});
