import { createHash, randomUUID } from 'node:crypto';
import { noAnimalAnswer, validAnimalAnswer } from '@wildid/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysetRows } from '../../apps/gateway/src/exports/keyset-rows';
import { type BatchKey, ExportStore, type HistoryKey } from '../../apps/gateway/src/exports/export.store';
import { testPrismaInNewYork } from '../support/database';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** The exports' reads against the real migrated Postgres, in a session that is not in UTC. */
describe(ExportStore.name, () => {
  const prisma = testPrismaInNewYork();
  const sut = new ExportStore(prisma);
  let userId: string;

  beforeAll(async () => {
    userId = (await prisma.user.create({ data: { email: `exports-${randomUUID()}@example.org` } })).id;
  });

  afterAll(async () => {
    await prisma.$disconnect();
  });

  async function batchOf(kind: 'trip' | 'camera-trap'): Promise<string> {
    const id = randomUUID();
    await prisma.batch.create({ data: { id, userId, name: `${kind} ${id}`, kind } });
    return id;
  }

  async function photo(data: { batchId?: string; capturedAt?: Date; createdAt?: Date; capturedUtcOffsetMinutes?: number; blank?: boolean } = {}): Promise<string> {
    const id = randomUUID();
    const { blank, ...columns } = data;
    await prisma.identification.create({
      data: { id, userId, accessTokenHash: hashOf(`t-${id}`), imageSha256: hashOf(id), status: 'completed', result: blank ? noAnimalAnswer() : validAnimalAnswer(), ...columns },
    });
    return id;
  }

  /** Every row, read as an export reads them, two at a time (an export takes 500). */
  const allOfBatch = async (batchId: string, withUntimed: boolean) => {
    const ids: string[] = [];
    const keyOf = ({ takenKey, createdKey, id }: BatchKey): BatchKey => ({ takenKey, createdKey, id });
    for await (const row of keysetRows((after: BatchKey | undefined, take) => sut.batchPage(batchId, withUntimed, take, after), keyOf, 2)) ids.push(row.id);
    return ids;
  };

  it("pages a batch in capture order across ties and photos without a time (last, in upload order), times read as UTC instants", async () => {
    const batchId = await batchOf('camera-trap');
    const same = new Date('2026-07-03T04:10:00.123Z');
    const uploaded = new Date('2026-07-04T00:00:00.000Z');
    const tied = [await photo({ batchId, capturedAt: same, createdAt: uploaded, capturedUtcOffsetMinutes: 120 }), await photo({ batchId, capturedAt: same, createdAt: uploaded })].sort();
    const earlier = await photo({ batchId, capturedAt: new Date('2026-07-03T04:00:00.000Z') });
    const untimedLate = await photo({ batchId, createdAt: new Date('2026-07-05T00:00:00.000Z') });
    const untimedEarly = await photo({ batchId, createdAt: new Date('2026-07-04T00:00:00.000Z') });

    expect(await allOfBatch(batchId, true)).toEqual([earlier, ...tied, untimedEarly, untimedLate]);
    expect(await allOfBatch(batchId, false)).toEqual([earlier, ...tied]);
    const [row] = await sut.batchPage(batchId, true, 1, undefined);
    expect(row).toMatchObject({ capturedAt: new Date('2026-07-03T04:00:00.000Z'), batchKind: 'camera-trap', hasImage: false, reviewVerdict: null });
  });

  it("pages a user's history newest first, leaving camera-trap photos out when asked", async () => {
    // A user of its own: the other tests' photos are newer.
    userId = (await prisma.user.create({ data: { email: `history-${randomUUID()}@example.org` } })).id;
    const trap = await batchOf('camera-trap');
    const trip = await batchOf('trip');
    const single = await photo({ createdAt: new Date('2026-08-01T00:00:00.000Z') });
    const inTrip = await photo({ batchId: trip, createdAt: new Date('2026-08-02T00:00:00.000Z') });
    const inTrap = await photo({ batchId: trap, createdAt: new Date('2026-08-03T00:00:00.000Z'), blank: true });
    const keyOf = ({ createdKey, id }: HistoryKey): HistoryKey => ({ createdKey, id });
    const read = async (withCameraTraps: boolean) => {
      const ids: string[] = [];
      for await (const row of keysetRows((after: HistoryKey | undefined, take) => sut.historyPage(userId, withCameraTraps, take, after), keyOf, 2)) ids.push(row.id);
      return ids;
    };

    expect(await read(true)).toEqual([inTrap, inTrip, single]);
    expect(await read(false)).toEqual([inTrip, single]);
    expect((await sut.cameraTrapBatches(userId)).map((batch) => batch.id)).toEqual([trap]);
  });

  it("gives a camera trap's first and last capture with their offsets, its photos without a time and a place from its photos", async () => {
    const batchId = await batchOf('camera-trap');
    await photo({ batchId, capturedAt: new Date('2026-07-03T04:10:00.000Z'), capturedUtcOffsetMinutes: 120 });
    await photo({ batchId, capturedAt: new Date('2026-07-03T07:00:00.000Z'), capturedUtcOffsetMinutes: 60 });
    await photo({ batchId });
    await prisma.identification.updateMany({ where: { batchId, capturedAt: { not: null } }, data: { latitude: 52.1, longitude: 4.3, locationUncertaintyMeters: 20 } });

    expect(await sut.deploymentFacts(batchId)).toEqual({
      firstAt: new Date('2026-07-03T04:10:00.000Z'),
      firstOffsetMinutes: 120,
      lastAt: new Date('2026-07-03T07:00:00.000Z'),
      lastOffsetMinutes: 60,
      untimedPhotos: 1,
      latitude: 52.1,
      longitude: 4.3,
      uncertaintyMeters: 20,
    });
  });
});
