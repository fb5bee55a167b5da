import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchClient } from './support/batches';
import { makeJpeg } from './support/images';
import { type SignedInStack, startSignedInStack } from './support/signed-in-stack';
import { eventually } from './support/waiting';

const SECRET_KEY = 'batch-capture-test-secret-0123456789abcdef0123';
let seed = 500;

/** A photo whose EXIF says when (and where) it was taken, written by sharp as a camera would. */
async function photoTaken(when?: string, offset?: string, gps?: { lat: string; lon: string }): Promise<Buffer> {
  const plain = await makeJpeg({ seed: seed++, width: 80, height: 60 });
  if (!when && !gps) return plain;
  return sharp(plain)
    .withExif({
      IFD0: { Make: 'TrailCam' },
      ...(when ? { IFD2: { DateTimeOriginal: when, ...(offset ? { OffsetTimeOriginal: offset } : {}) } } : {}),
      ...(gps ? { IFD3: { GPSLatitudeRef: 'N', GPSLatitude: gps.lat, GPSLongitudeRef: 'E', GPSLongitude: gps.lon } } : {}),
    })
    .jpeg()
    .toBuffer();
}

describe('batch photos: capture time and place from EXIF, the batch, bursts and the model prompt', () => {
  let env: SignedInStack;
  let alice: BatchClient;

  beforeAll(async () => {
    env = await startSignedInStack({ secretKey: SECRET_KEY, gatewayEnv: { BURST_GAP_SECONDS: '60' } });
    alice = new BatchClient(env.stack.gatewayUrl, await env.signIn('alice@example.org'));
  });
  afterAll(() => env?.stop());

  const byName = async (batchId: string) => Object.fromEntries((await alice.photos(batchId)).body.items.map((item) => [item.fileName, item]));

  it('reads EXIF time with its offset, else in the batch zone, applies the clock offset, falls back to the batch location', async () => {
    const batch = await alice.created({ timezone: 'Europe/Amsterdam', clockOffsetSeconds: 120, location: { latitude: 52.1, longitude: 4.3, uncertaintyMeters: 50 } });
    const answer = await alice.upload(batch.id, [
      { name: 'offset.jpg', bytes: await photoTaken('2026:07:03 06:10:00', '-05:00') },
      { name: 'zone.jpg', bytes: await photoTaken('2026:07:03 06:10:00') },
      { name: 'gps.jpg', bytes: await photoTaken(undefined, undefined, { lat: '48/1 51/1 0/1', lon: '2/1 21/1 0/1' }) },
      { name: 'none.jpg', bytes: await photoTaken() },
    ]);
    expect(answer.body.rejected).toEqual([]);
    const photos = await byName(batch.id);
    expect(photos['offset.jpg']!.capturedAt).toBe('2026-07-03T11:12:00.000Z');
    // Amsterdam is UTC+2 in July.
    expect(photos['zone.jpg']!.capturedAt).toBe('2026-07-03T04:12:00.000Z');
    expect(photos['zone.jpg']!.location).toEqual({ latitude: 52.1, longitude: 4.3, uncertaintyMeters: 50, country: 'NL' });
    expect(photos['gps.jpg']!.capturedAt).toBeUndefined();
    expect(photos['gps.jpg']!.location).toMatchObject({ latitude: 48.85, country: 'FR' });
    expect(photos['none.jpg']!.capturedAt).toBeUndefined();
    expect(photos['none.jpg']!.location).toMatchObject({ latitude: 52.1, longitude: 4.3 });

    // A changed clock offset moves every capture time.
    const changed = await alice.update(batch.id, { clockOffsetSeconds: 0, timezone: 'UTC' });
    expect(changed.status).toBe(200);
    const again = await byName(batch.id);
    expect(again['offset.jpg']!.capturedAt).toBe('2026-07-03T11:10:00.000Z');
    expect(again['zone.jpg']!.capturedAt).toBe('2026-07-03T06:10:00.000Z');
  });

  it('gives the model the time and place, and the result says it was used', async () => {
    const batch = await alice.created({ timezone: 'Europe/Amsterdam', location: { latitude: 52.1, longitude: 4.3 } });
    env.stack.fake.reset();
    const { accepted } = (await alice.upload(batch.id, [{ name: 'dawn.jpg', bytes: await photoTaken('2026:07:03 06:10:00', '+02:00') }])).body;
    const sentence = 'Taken on 3 July 2026 around 06:10, near 52.10° N, 4.30° E, in the Netherlands.';
    const [request] = await env.stack.fake.waitForRequests(1, 20_000);
    expect(JSON.stringify(request!.body.messages)).toContain(sentence);
    await eventually(async () => (await alice.photos(batch.id)).body.items[0]?.status === 'completed', 'completed');
    const [item] = (await alice.photos(batch.id)).body.items;
    expect(item).toMatchObject({ id: accepted[0]!.id, context: sentence, result: { isAnimal: true } });
  });

  it('groups photos within BURST_GAP_SECONDS into one event (60 s apart: same; 61 s: new), and counts blanks', async () => {
    const batch = await alice.created({ timezone: 'UTC' });
    env.stack.fake.reset();
    await alice.upload(batch.id, [
      { name: '1.jpg', bytes: await photoTaken('2026:05:01 10:00:00') },
      { name: '2.jpg', bytes: await photoTaken('2026:05:01 10:01:00') },
      { name: '3.jpg', bytes: await photoTaken('2026:05:01 10:02:01') },
    ]);
    const photos = await byName(batch.id);
    expect(photos['2.jpg']!.eventId).toBe(photos['1.jpg']!.eventId);
    expect(photos['3.jpg']!.eventId).not.toBe(photos['1.jpg']!.eventId);
    await eventually(async () => (await alice.get(batch.id)).body.counts.completed === 3, 'all completed');
    expect((await alice.get(batch.id)).body.species).toEqual([{ scientificName: 'Vulpes vulpes', commonName: 'Red fox', photos: 3, events: 2 }]);
  });

  /** An anonymous single upload (POST /api/identifications), with the extra multipart fields given. */
  async function singleUpload(photo: Buffer, fields: Record<string, string> = {}): Promise<{ status: number; body: { id: string; accessToken: string; message?: string } }> {
    const form = new FormData();
    form.append('image', new Blob([photo], { type: 'image/jpeg' }), 'single.jpg');
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const response = await fetch(env.url('/api/identifications'), { method: 'POST', body: form });
    return { status: response.status, body: (await response.json()) as { id: string; accessToken: string; message?: string } };
  }

  async function finishedView(created: { id: string; accessToken: string }): Promise<Record<string, unknown>> {
    let view: Record<string, unknown> = {};
    await eventually(async () => {
      const response = await fetch(env.url(`/api/identifications/${created.id}`), { headers: { authorization: `Bearer ${created.accessToken}` } });
      view = (await response.json()) as Record<string, unknown>;
      return view.status === 'completed';
    }, 'single upload completed');
    return view;
  }

  it("single uploads use the photo's own time and place only with useExif=true", async () => {
    const gps = { lat: '52/1 6/1 0/1', lon: '4/1 18/1 0/1' };
    const sentence = 'Taken on 3 July 2026 around 06:10, near 52.10° N, 4.30° E, in the Netherlands.';

    env.stack.fake.reset();
    const plain = await singleUpload(await photoTaken('2026:07:03 06:10:00', '+02:00', gps));
    expect(plain.status).toBe(202);
    const [plainRequest] = await env.stack.fake.waitForRequests(1, 20_000);
    expect(JSON.stringify(plainRequest!.body.messages)).not.toContain('Taken on');
    expect((await finishedView(plain.body)).context).toBeUndefined();

    env.stack.fake.reset();
    const withExif = await singleUpload(await photoTaken('2026:07:03 06:10:00', '+02:00', gps), { useExif: 'true' });
    expect(withExif.status).toBe(202);
    const [exifRequest] = await env.stack.fake.waitForRequests(1, 20_000);
    expect(JSON.stringify(exifRequest!.body.messages)).toContain(sentence);
    expect(await finishedView(withExif.body)).toMatchObject({ context: sentence, result: { isAnimal: true } });

    const bad = await singleUpload(await photoTaken(), { useExif: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('The field useExif must be "true" or "false".');
  });
});
