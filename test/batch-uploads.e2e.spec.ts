import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, asBrowser } from './support/accounts';
import { BatchClient } from './support/batches';
import { multipartBody } from './support/hostile-corpus';
import { makeHeicHeader, makeJpeg } from './support/images';
import { RawHttpRequest } from './support/raw-http';
import { type SignedInStack, startSignedInStack } from './support/signed-in-stack';
import { eventually } from './support/waiting';
import { makeZip, renameInZip } from './support/zips';

const SECRET_KEY = 'batch-uploads-test-secret-0123456789abcdef01234';
const MAX_FILES = 6;
const MAX_ARCHIVE_BYTES = 3 * 1024 * 1024;
/** BATCH_MAX_CONCURRENT_PER_IP (the test stack turns client limits off unless a suite sets them). */
const BATCH_UPLOADS_AT_ONCE = 2;

let seed = 1;
const photo = () => makeJpeg({ seed: seed++, width: 96, height: 64 });

describe('batch uploads: photos and zips, each file accepted or refused on its own', () => {
  let env: SignedInStack;
  let browser: Browser;
  let alice: BatchClient;

  beforeAll(async () => {
    env = await startSignedInStack({
      secretKey: SECRET_KEY,
      gatewayEnv: {
        BATCH_MAX_FILES_PER_REQUEST: String(MAX_FILES),
        BATCH_MAX_ARCHIVE_BYTES: String(MAX_ARCHIVE_BYTES),
        BATCH_MAX_CONCURRENT_PER_IP: String(BATCH_UPLOADS_AT_ONCE),
      },
    });
    browser = await env.signIn('alice@example.org');
    alice = new BatchClient(env.stack.gatewayUrl, browser);
  });
  afterAll(() => env?.stop());

  const identification = async (id: string) => {
    const response = await fetch(env.url(`/api/identifications/${id}`), { headers: asBrowser(browser) });
    return { status: response.status, body: (await response.json()) as { status: string; result?: { commonName?: string } } };
  };

  it('accepts each photo as an identification of the batch, and lists bad files with their reasons', async () => {
    const batch = await alice.created();
    const [a, b] = [await photo(), await photo()];
    const answer = await alice.upload(batch.id, [
      { name: 'a.jpg', bytes: a },
      { name: 'notes.txt', bytes: Buffer.from('not a photo') },
      { name: 'b.jpg', bytes: b },
      { name: 'phone.heic', bytes: makeHeicHeader() },
      { name: 'a-again.jpg', bytes: a },
    ]);
    expect(answer.status).toBe(202);
    expect(answer.body.accepted.map((file) => file.fileName)).toEqual(['a.jpg', 'b.jpg']);
    expect(answer.body.rejected).toEqual([
      { fileName: 'notes.txt', error: expect.stringContaining('not a supported image') },
      { fileName: 'phone.heic', error: expect.stringContaining('HEIC photos are not supported') },
      { fileName: 'a-again.jpg', error: expect.stringMatching(/^Duplicate: the same file as a\.jpg/) },
    ]);
    // Same pipeline as a single upload: the worker identifies them, the owner reads them.
    for (const { id } of answer.body.accepted) {
      await eventually(async () => (await identification(id)).body.status === 'completed', `${id} completed`);
      expect((await identification(id)).body.result?.commonName).toBe('Red fox');
    }
    const view = (await alice.get(batch.id)).body;
    expect(view.counts).toEqual({ total: 2, queued: 0, processing: 0, completed: 2, failed: 0, noAnimal: 0 });
    expect(view.species).toEqual([{ scientificName: 'Vulpes vulpes', commonName: 'Red fox', photos: 2, events: 2 }]);
    const page = (await alice.photos(batch.id)).body;
    expect(page.items.map((item) => item.fileName).sort()).toEqual(['a.jpg', 'b.jpg']);
    expect(page.items[0]).toMatchObject({ status: 'completed', imageUrl: expect.stringContaining(`/api/identifications/${page.items[0]!.id}/image`) });
  });

  it('accepts a photo once per batch across requests, but again in another batch', async () => {
    const [first, second] = [await alice.created(), await alice.created()];
    const bytes = await photo();
    expect((await alice.upload(first.id, [{ name: 'x.jpg', bytes }])).body.accepted).toHaveLength(1);
    const again = await alice.upload(first.id, [{ name: 'x-copy.jpg', bytes }]);
    expect(again.body).toEqual({ accepted: [], rejected: [{ fileName: 'x-copy.jpg', error: expect.stringMatching(/^Duplicate: this batch holds the same file/) }] });
    expect((await alice.upload(second.id, [{ name: 'x.jpg', bytes }])).body.accepted).toHaveLength(1);
  });

  it(`refuses more than BATCH_MAX_FILES_PER_REQUEST (${MAX_FILES}) photos in one request, and a request without files`, async () => {
    const batch = await alice.created();
    const files = await Promise.all(Array.from({ length: MAX_FILES + 1 }, async (_, i) => ({ name: `${i}.jpg`, bytes: await photo() })));
    const tooMany = await alice.upload(batch.id, files);
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain(`up to ${MAX_FILES} photos`);
    expect((await alice.upload(batch.id, [], 'image')).status).toBe(400);
    expect((await alice.get(batch.id)).body.counts.total).toBe(0);
  });

  it('reads a zip with folders, skipping folder entries and system files, refusing what is not a photo', async () => {
    const batch = await alice.created({ kind: 'camera-trap' });
    const zip = await makeZip([
      { name: 'DCIM/', bytes: Buffer.alloc(0) },
      { name: 'DCIM/100CAMERA/IMG_0001.JPG', bytes: await photo() },
      { name: 'DCIM/101CAMERA/IMG_0002.JPG', bytes: await photo(), store: true },
      { name: '__MACOSX/DCIM/._IMG_0001.JPG', bytes: Buffer.from('resource fork') },
      { name: 'DCIM/.DS_Store', bytes: Buffer.from('finder') },
      { name: 'README.txt', bytes: Buffer.from('camera 7, north fence') },
    ]);
    const answer = await alice.upload(batch.id, [{ name: 'card.zip', bytes: zip }], 'archive');
    expect(answer.status).toBe(202);
    expect(answer.body.accepted.map((file) => file.fileName)).toEqual(['DCIM/100CAMERA/IMG_0001.JPG', 'DCIM/101CAMERA/IMG_0002.JPG']);
    expect(answer.body.rejected).toEqual([{ fileName: 'README.txt', error: expect.stringContaining('not a supported image') }]);
  });

  it('refuses a zip bomb entry and path-trick names one by one, and reads the rest', async () => {
    const batch = await alice.created();
    let zip = await makeZip([
      { name: 'bomb.jpg', bytes: Buffer.alloc(8 * 1024 * 1024) },
      { name: 'XX/evil.jpg', bytes: await photo() },
      { name: 'Xabs/x.jpg', bytes: await photo() },
      { name: 'XX_win.jpg', bytes: await photo() },
      { name: 'ok.jpg', bytes: await photo() },
    ]);
    zip = renameInZip(zip, 'XX/evil.jpg', '../evil.jpg');
    zip = renameInZip(zip, 'Xabs/x.jpg', '/abs/x.jpg');
    zip = renameInZip(zip, 'XX_win.jpg', '..\\win.jpg');
    const answer = await alice.upload(batch.id, [{ name: 'trap.zip', bytes: zip }], 'archive');
    expect(answer.status).toBe(202);
    expect(answer.body.accepted.map((file) => file.fileName)).toEqual(['ok.jpg']);
    expect(answer.body.rejected).toEqual([
      { fileName: 'bomb.jpg', error: expect.stringContaining('zip bomb') },
      { fileName: '../evil.jpg', error: expect.stringContaining('not a plain relative path') },
      { fileName: '/abs/x.jpg', error: expect.stringContaining('not a plain relative path') },
      { fileName: '../win.jpg', error: expect.stringContaining('not a plain relative path') },
    ]);
  });

  it('refuses a file that is not a zip, and an archive over BATCH_MAX_ARCHIVE_BYTES', async () => {
    const batch = await alice.created();
    const notZip = await alice.upload(batch.id, [{ name: 'photos.zip', bytes: randomBytes(4096) }], 'archive');
    expect(notZip.body).toEqual({ accepted: [], rejected: [{ fileName: 'photos.zip', error: expect.stringContaining('not a zip archive') }] });
    const big = await makeZip([{ name: 'noise.jpg', bytes: randomBytes(MAX_ARCHIVE_BYTES + 1024), store: true }]);
    const tooBig = await alice.upload(batch.id, [{ name: 'big.zip', bytes: big }], 'archive');
    expect(tooBig.status).toBe(413);
  });

  it(`refuses a batch upload beyond ${BATCH_UPLOADS_AT_ONCE} at once from one network with 429, and frees the place when one ends`, async () => {
    const batch = await alice.created();
    const boundary = 'held-batch-upload';
    const body = multipartBody(boundary, [{ field: 'image', filename: 'slow.jpg', contentType: 'image/jpeg', body: await photo() }]);
    const startHeld = () =>
      RawHttpRequest.post(env.stack.gatewayUrl, `/api/batches/${batch.id}/photos`, {
        ...asBrowser(browser),
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': body.length,
      });
    const holdOne = async () => {
      const request = startHeld();
      const slot = { request, refused: false };
      void request.answer.then((answer) => (slot.refused = answer.status === 429), () => undefined);
      await request.write(body.subarray(0, 100));
      return slot;
    };
    const held = await Promise.all(Array.from({ length: BATCH_UPLOADS_AT_ONCE }, holdOne));
    const another = async () => alice.upload(batch.id, [{ name: `another-${seed}.jpg`, bytes: await photo() }]);

    // A held upload takes its place once its headers pass the session lookup; one of ours may come first and
    // take it for a moment, so a held upload refused that way is started again until the cap is reached.
    const refused = await eventually(async () => {
      for (const [index, slot] of held.entries()) if (slot.refused) held[index] = await holdOne();
      const attempt = await another();
      return attempt.status === 429 && attempt;
    }, 'an upload beyond the cap refused');
    expect((refused.body as unknown as { message: string }).message).toMatch(
      new RegExp(`^Too many batch uploads at once from your network \\(at most ${BATCH_UPLOADS_AT_ONCE}\\)`),
    );

    await held[0]!.request.write(body.subarray(100));
    expect((await held[0]!.request.answer).status).toBe(202);
    held[1]!.request.destroy();
    const admitted = await eventually(async () => {
      const attempt = await another();
      return attempt.status !== 429 && attempt;
    }, 'the places freed');
    expect(admitted.status).toBe(202);
  });

  it('deletes a batch with all its photos', async () => {
    const batch = await alice.created();
    const { accepted } = (await alice.upload(batch.id, [{ name: 'gone.jpg', bytes: await photo() }])).body;
    expect((await alice.delete(batch.id)).status).toBe(204);
    expect((await identification(accepted[0]!.id)).status).toBe(404);
    expect((await fetch(env.url(`/api/identifications/${accepted[0]!.id}/image`), { headers: asBrowser(browser) })).status).toBe(404);
  });
});
