import type { AnimalResult, BatchPhoto, IdentificationView } from '@wildid/common';
import { noAnimalAnswer, validAnimalAnswer } from '@wildid/common/testing';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from './support/accounts';
import { BatchClient } from './support/batches';
import { ReviewClient, reviewPhoto } from './support/reviews';
import { type SignedInStack, startSignedInStack } from './support/signed-in-stack';
import { eventually } from './support/waiting';

const SECRET_KEY = 'reviews-test-secret-0123456789abcdef0123456789ab';
const ALICE = 'alice@example.org';
const REVIEW_INVALID_HINT = 'Send { verdict: "confirmed" | "corrected" | "unsure"';
const REVIEW_FILTER_HINT = 'review one of unreviewed, confirmed, corrected, unsure, needs-look';

describe('reviews: confirm, correct, doubt and undo, event-wide in batches, review filters and the life list', () => {
  let env: SignedInStack;
  let alice: ReviewClient;
  let aliceBatches: BatchClient;
  let bob: ReviewClient;
  let anonymous: ReviewClient;
  let aliceBrowser: Browser;

  beforeAll(async () => {
    // 0.8, not the default 0.7: a 0.75 answer needs a look only if the setting is read.
    env = await startSignedInStack({ secretKey: SECRET_KEY, gatewayEnv: { BURST_GAP_SECONDS: '60', REVIEW_BELOW_CONFIDENCE: '0.8' } });
    aliceBrowser = await env.signIn(ALICE);
    alice = new ReviewClient(env.stack.gatewayUrl, aliceBrowser);
    aliceBatches = new BatchClient(env.stack.gatewayUrl, aliceBrowser);
    bob = new ReviewClient(env.stack.gatewayUrl, await env.signIn('bob@example.org'));
    anonymous = new ReviewClient(env.stack.gatewayUrl);
  });
  afterAll(() => env?.stop());

  /** One upload by `client`, answered by the model with `answer`, waited on until finished: answers map to photos one to one. */
  async function identified(client: ReviewClient, answer: AnimalResult = validAnimalAnswer(), takenAt?: string): Promise<string> {
    env.stack.fake.script({ kind: 'answer', content: answer });
    const id = await client.upload(await reviewPhoto(takenAt), takenAt !== undefined);
    await client.finished(id);
    return id;
  }

  describe('one identification', () => {
    /** The identification the refused reviews are sent to (one for all of them). */
    let refused: string | undefined;

    it("confirms, corrects to an alternative, corrects to a typed name, doubts and undoes, never changing the model's answer", async () => {
      const id = await identified(alice);
      const machine = { method: 'machine', scientificName: 'Vulpes vulpes', commonName: 'Red fox', probability: 0.93 };
      expect((await alice.view(id)).body.identifiedAs).toEqual(machine);

      const confirmed = await alice.review(id, { verdict: 'confirmed' });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.review).toEqual({ verdict: 'confirmed', by: ALICE, at: expect.any(String) });
      expect(confirmed.body.identifiedAs).toEqual({ method: 'human', scientificName: 'Vulpes vulpes', commonName: 'Red fox' });

      const [alternative] = confirmed.body.result!.alternatives!;
      const toAlternative = await alice.review(id, { verdict: 'corrected', scientificName: alternative!.scientificName, commonName: alternative!.commonName });
      expect(toAlternative.body.identifiedAs).toEqual({ method: 'human', scientificName: 'Vulpes lagopus', commonName: 'Arctic fox' });

      const typed = await alice.review(id, { verdict: 'corrected', commonName: ' Eurasian badger ', note: 'striped face, seen in the headlights' });
      expect(typed.status).toBe(200);
      expect(typed.body.review).toEqual({ verdict: 'corrected', commonName: 'Eurasian badger', note: 'striped face, seen in the headlights', by: ALICE, at: expect.any(String) });
      expect(typed.body.identifiedAs).toEqual({ method: 'human', commonName: 'Eurasian badger' });
      expect(typed.body.result).toEqual(validAnimalAnswer());
      expect((await alice.view(id)).body).toEqual(typed.body);

      const doubted = await alice.review(id, { verdict: 'unsure' });
      expect(doubted.body.review?.verdict).toBe('unsure');
      expect(doubted.body.identifiedAs).toEqual(machine);

      const undone = await alice.undo(id);
      expect(undone.status).toBe(200);
      expect(undone.body.review).toBeUndefined();
      expect(undone.body.identifiedAs).toEqual(machine);
      expect((await alice.view(id)).body).toEqual(undone.body);
    });

    it.each([
      ['no verdict', {}],
      ['an unknown verdict', { verdict: 'maybe' }],
      ['a correction without a name', { verdict: 'corrected' }],
      ['a confirmation with a name', { verdict: 'confirmed', commonName: 'Red fox' }],
      ['a name of 201 characters', { verdict: 'corrected', commonName: 'x'.repeat(201) }],
    ])('refuses %s with 400 and what to send', async (_, body) => {
      const id = (refused ??= await identified(alice));
      const answer = await alice.review(id, body);
      expect(answer.status).toBe(400);
      expect(answer.body.message).toContain(REVIEW_INVALID_HINT);
      expect((await alice.view(id)).body.review).toBeUndefined();
    });

    it("pushes the reviewed view to the owner's other sockets, and the undone one", async () => {
      const id = await identified(alice);
      const socket: Socket = io(env.stack.gatewayUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: aliceBrowser.cookie } });
      try {
        await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
        const views: IdentificationView[] = [];
        socket.on('identification', (view: IdentificationView) => views.push(view));

        await alice.review(id, { verdict: 'corrected', commonName: 'Pine marten' });
        await eventually(async () => views.some((view) => view.id === id && view.review?.verdict === 'corrected'), 'the corrected view pushed');
        expect(views.find((view) => view.id === id)!.identifiedAs).toEqual({ method: 'human', commonName: 'Pine marten' });
        await alice.undo(id);
        await eventually(async () => views.at(-1)?.id === id && views.at(-1)!.review === undefined, 'the undone view pushed');
        expect(views.at(-1)!.identifiedAs).toMatchObject({ method: 'machine' });
      } finally {
        socket.close();
      }
    });

    it("answers 401 to the anonymous, 404 to another person, to an unknown id and to an anonymous upload, 409 while unfinished", async () => {
      const id = await identified(alice);
      expect((await anonymous.review(id, { verdict: 'confirmed' })).status).toBe(401);
      expect((await anonymous.undo(id)).status).toBe(401);
      expect((await bob.review(id, { verdict: 'confirmed' })).status).toBe(404);
      expect((await bob.undo(id)).status).toBe(404);
      expect((await alice.review('0b3c5a4e-1d2f-4a6b-8c9d-0e1f2a3b4c5d', { verdict: 'confirmed' })).status).toBe(404);
      expect((await alice.review('not-a-uuid', { verdict: 'confirmed' })).status).toBe(404);
      const anonymousUpload = await identified(anonymous);
      expect((await alice.review(anonymousUpload, { verdict: 'confirmed' })).status).toBe(404);
      expect((await alice.view(id)).body.review).toBeUndefined();

      env.stack.fake.hold();
      const waiting = await alice.upload(await reviewPhoto());
      const early = await alice.review(waiting, { verdict: 'confirmed' });
      expect(early.status).toBe(409);
      expect(early.body.message).toContain('not finished yet');
      expect((await alice.undo(waiting)).status).toBe(409);
      env.stack.fake.release();
      await alice.finished(waiting);
      expect((await alice.review(waiting, { verdict: 'confirmed' })).status).toBe(200);
    });
  });

  describe('a camera-trap batch', () => {
    let batchId: string;
    let photos: Record<string, BatchPhoto>;

    const photosByName = async (query: Record<string, string> = {}) => {
      const answer = await aliceBatches.photos(batchId, query);
      expect(answer.status).toBe(200);
      return Object.fromEntries(answer.body.items.map((photo) => [photo.fileName!, photo]));
    };

    beforeAll(async () => {
      batchId = (await aliceBatches.created({ name: 'Card 3', kind: 'camera-trap', timezone: 'UTC' })).id;
      env.stack.fake.reset();
      const upload = await aliceBatches.upload(batchId, [
        { name: 'burst-1.jpg', bytes: await reviewPhoto('2026:05:01 22:00:00') },
        { name: 'burst-2.jpg', bytes: await reviewPhoto('2026:05:01 22:00:30') },
        { name: 'burst-3.jpg', bytes: await reviewPhoto('2026:05:01 22:01:10') },
        { name: 'later.jpg', bytes: await reviewPhoto('2026:05:01 23:30:00') },
        { name: 'no-time.jpg', bytes: await reviewPhoto() },
      ]);
      expect(upload.body.rejected).toEqual([]);
      await eventually(async () => (await aliceBatches.get(batchId)).body.counts.completed === 5, 'the batch identified');
      photos = await photosByName();
    });

    it('reviews a whole burst at once: every photo of the event, no other; each view then says so', async () => {
      const eventId = photos['burst-1.jpg']!.eventId!;
      expect([photos['burst-2.jpg']!.eventId, photos['burst-3.jpg']!.eventId]).toEqual([eventId, eventId]);
      expect(photos['later.jpg']!.eventId).not.toBe(eventId);

      const answer = await alice.reviewEvent(batchId, eventId, { verdict: 'corrected', scientificName: 'Meles meles', commonName: 'Eurasian badger', note: 'one badger, three frames' });
      expect(answer).toEqual({ status: 200, body: { updated: 3 } });

      const after = await photosByName();
      const badger = { method: 'human', scientificName: 'Meles meles', commonName: 'Eurasian badger' };
      for (const name of ['burst-1.jpg', 'burst-2.jpg', 'burst-3.jpg']) {
        expect(after[name]!.review).toEqual({ verdict: 'corrected', scientificName: 'Meles meles', commonName: 'Eurasian badger', note: 'one badger, three frames', by: ALICE, at: expect.any(String) });
        expect(after[name]!.identifiedAs).toEqual(badger);
        expect(after[name]!.result).toEqual(validAnimalAnswer());
      }
      for (const name of ['later.jpg', 'no-time.jpg']) expect(after[name]!.review).toBeUndefined();
      const single = (await alice.view(photos['burst-2.jpg']!.id)).body;
      expect(single.review).toEqual(after['burst-2.jpg']!.review);
      expect(single.identifiedAs).toEqual(badger);

      expect(Object.keys(await photosByName({ review: 'corrected' })).sort()).toEqual(['burst-1.jpg', 'burst-2.jpg', 'burst-3.jpg']);
      expect(Object.keys(await photosByName({ review: 'unreviewed' })).sort()).toEqual(['later.jpg', 'no-time.jpg']);
      expect(Object.keys(await photosByName({ filter: 'animals', review: 'corrected' }))).toHaveLength(3);
      expect(await photosByName({ filter: 'blanks', review: 'corrected' })).toEqual({});

      expect(await alice.undoEvent(batchId, eventId)).toEqual({ status: 200, body: { updated: 3 } });
      expect(Object.values(await photosByName()).filter((photo) => photo.review)).toEqual([]);
      expect((await alice.view(photos['burst-1.jpg']!.id)).body.identifiedAs).toEqual({ method: 'machine', scientificName: 'Vulpes vulpes', commonName: 'Red fox', probability: 0.93 });
    });

    it('takes a photo without a capture time as an event of its own, by its id', async () => {
      const lone = photos['no-time.jpg']!;
      expect(lone.eventId).toBeUndefined();
      expect(await alice.reviewEvent(batchId, lone.id, { verdict: 'confirmed' })).toEqual({ status: 200, body: { updated: 1 } });
      expect(Object.keys(await photosByName({ review: 'confirmed' }))).toEqual(['no-time.jpg']);
      expect(await alice.undoEvent(batchId, lone.id)).toEqual({ status: 200, body: { updated: 1 } });
    });

    it('answers 400 to a bad body, 401 to the anonymous, 404 to an unknown event or batch and to another person', async () => {
      const eventId = photos['later.jpg']!.eventId!;
      const bad = await alice.reviewEvent(batchId, eventId, { verdict: 'corrected' });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain(REVIEW_INVALID_HINT);
      expect((await anonymous.reviewEvent(batchId, eventId, { verdict: 'confirmed' })).status).toBe(401);
      expect((await anonymous.undoEvent(batchId, eventId)).status).toBe(401);
      expect((await bob.reviewEvent(batchId, eventId, { verdict: 'confirmed' })).status).toBe(404);
      expect((await bob.undoEvent(batchId, eventId)).status).toBe(404);
      const unknown = '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
      expect((await alice.reviewEvent(batchId, unknown, { verdict: 'confirmed' })).status).toBe(404);
      expect((await alice.reviewEvent(unknown, eventId, { verdict: 'confirmed' })).status).toBe(404);
      expect((await alice.reviewEvent(batchId, 'not-a-uuid', { verdict: 'confirmed' })).status).toBe(404);
      const otherBatch = (await aliceBatches.created({ name: 'Other card', kind: 'camera-trap' })).id;
      expect((await alice.reviewEvent(otherBatch, eventId, { verdict: 'confirmed' })).status).toBe(404);
      expect((await photosByName({ review: 'confirmed' }))).toEqual({});
    });

    it('refuses an unknown review filter with 400 and what to send', async () => {
      const answer = await aliceBatches.photos(batchId, { review: 'maybe' });
      expect(answer.status).toBe(400);
      expect((answer.body as unknown as { message: string }).message).toContain(REVIEW_FILTER_HINT);
    });
  });

  describe('needs a look: below REVIEW_BELOW_CONFIDENCE, or no confidence, and not confirmed or corrected', () => {
    it('filters and flags the history', async () => {
      const carol = new ReviewClient(env.stack.gatewayUrl, await env.signIn('carol@example.org'));
      const ids = {
        sure: await identified(carol, validAnimalAnswer({ confidence: 0.93 })),
        belowSetting: await identified(carol, validAnimalAnswer({ confidence: 0.75 })),
        blank: await identified(carol, noAnimalAnswer()),
        confirmedLow: await identified(carol, validAnimalAnswer({ confidence: 0.5 })),
        doubtedLow: await identified(carol, validAnimalAnswer({ confidence: 0.5 })),
        corrected: await identified(carol, validAnimalAnswer({ confidence: 0.5 })),
      };
      await carol.review(ids.confirmedLow, { verdict: 'confirmed' });
      await carol.review(ids.doubtedLow, { verdict: 'unsure' });
      await carol.review(ids.corrected, { verdict: 'corrected', scientificName: 'Martes martes' });
      const names = (items: Array<{ id: string }>) => items.map((item) => Object.entries(ids).find(([, id]) => id === item.id)![0]).sort();

      const all = (await carol.history()).body.items;
      expect(names(all.filter((item) => item.needsLook))).toEqual(['belowSetting', 'blank', 'doubtedLow']);
      expect(all.find((item) => item.id === ids.sure)).not.toHaveProperty('needsLook');
      const needsLook = await carol.history({ review: 'needs-look' });
      expect(names(needsLook.body.items)).toEqual(['belowSetting', 'blank', 'doubtedLow']);
      expect(needsLook.body.items.every((item) => item.needsLook === true)).toBe(true);

      expect(names((await carol.history({ review: 'unreviewed' })).body.items)).toEqual(['belowSetting', 'blank', 'sure']);
      expect(names((await carol.history({ review: 'confirmed' })).body.items)).toEqual(['confirmedLow']);
      expect(names((await carol.history({ review: 'unsure' })).body.items)).toEqual(['doubtedLow']);
      const corrected = (await carol.history({ review: 'corrected' })).body.items;
      expect(corrected).toHaveLength(1);
      expect(corrected[0]).toMatchObject({
        id: ids.corrected,
        commonName: 'Red fox',
        review: { verdict: 'corrected', scientificName: 'Martes martes', by: 'carol@example.org' },
        identifiedAs: { method: 'human', scientificName: 'Martes martes' },
      });
      expect(all.find((item) => item.id === ids.sure)?.identifiedAs).toEqual({ method: 'machine', scientificName: 'Vulpes vulpes', commonName: 'Red fox', probability: 0.93 });
      expect(all.find((item) => item.id === ids.blank)).not.toHaveProperty('identifiedAs');

      // Paging keeps the filter.
      const first = await carol.history({ review: 'needs-look', limit: '2' });
      const rest = await carol.history({ review: 'needs-look', limit: '2', cursor: first.body.nextCursor! });
      expect([...first.body.items, ...rest.body.items].map((item) => item.id)).toEqual(needsLook.body.items.map((item) => item.id));
      expect(rest.body.nextCursor).toBeNull();

      const bad = await carol.history({ review: 'later' });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain(REVIEW_FILTER_HINT);
    });

    it("filters and flags a batch's photos", async () => {
      const batchId = (await aliceBatches.created({ name: 'Walk', kind: 'trip' })).id;
      const upload = async (name: string, answer: AnimalResult) => {
        env.stack.fake.script({ kind: 'answer', content: answer });
        const [accepted] = (await aliceBatches.upload(batchId, [{ name, bytes: await reviewPhoto() }])).body.accepted;
        await alice.finished(accepted!.id);
        return accepted!.id;
      };
      await upload('sure.jpg', validAnimalAnswer({ confidence: 0.85 }));
      await upload('below.jpg', validAnimalAnswer({ confidence: 0.75 }));
      await upload('blank.jpg', noAnimalAnswer());
      await alice.review(await upload('confirmed.jpg', validAnimalAnswer({ confidence: 0.2 })), { verdict: 'confirmed' });

      const list = async (query: Record<string, string>) => (await aliceBatches.photos(batchId, query)).body.items;
      const needsLook = await list({ review: 'needs-look' });
      expect(needsLook.map((photo) => photo.fileName)).toEqual(['below.jpg', 'blank.jpg']);
      expect(needsLook.every((photo) => photo.needsLook === true)).toBe(true);
      expect((await list({ filter: 'animals', review: 'needs-look' })).map((photo) => photo.fileName)).toEqual(['below.jpg']);
      expect((await list({})).filter((photo) => photo.needsLook).map((photo) => photo.fileName)).toEqual(['below.jpg', 'blank.jpg']);
    });
  });

  describe('the life list', () => {
    it('lists each species once, corrected, confirmed or unreviewed, with first and last seen and its photos', async () => {
      const dave = new ReviewClient(env.stack.gatewayUrl, await env.signIn('dave@example.org'));
      const takenInMay = await identified(dave, validAnimalAnswer(), '2026:05:01 10:00:00');
      const fox = await identified(dave, validAnimalAnswer());
      const typed = await identified(dave, validAnimalAnswer());
      const toAlternative = await identified(dave, validAnimalAnswer());
      await identified(dave, noAnimalAnswer());
      expect((await dave.view(takenInMay)).body.context).toContain('1 May 2026');

      const foxEntry = {
        scientificName: 'Vulpes vulpes',
        commonName: 'Red fox',
        reviewed: 'unreviewed',
        photos: 4,
        firstSeen: '2026-05-01T10:00:00.000Z',
        lastSeen: (await dave.view(toAlternative)).body.createdAt,
        latestId: toAlternative,
      };
      expect((await dave.species()).body).toEqual({ items: [foxEntry] });

      await dave.review(typed, { verdict: 'corrected', commonName: 'Pine marten' });
      await dave.review(toAlternative, { verdict: 'corrected', scientificName: 'Vulpes lagopus', commonName: 'Arctic fox' });
      await dave.review(takenInMay, { verdict: 'confirmed' });
      const seen = async (id: string) => (await dave.view(id)).body.createdAt;
      expect((await dave.species()).body.items).toEqual([
        { scientificName: 'Vulpes lagopus', commonName: 'Arctic fox', reviewed: 'corrected', photos: 1, firstSeen: await seen(toAlternative), lastSeen: await seen(toAlternative), latestId: toAlternative },
        { commonName: 'Pine marten', reviewed: 'corrected', photos: 1, firstSeen: await seen(typed), lastSeen: await seen(typed), latestId: typed },
        { ...foxEntry, reviewed: 'confirmed', photos: 2, lastSeen: await seen(fox), latestId: fox },
      ]);

      expect((await bob.species()).body).toEqual({ items: [] });
      expect((await anonymous.species()).status).toBe(401);
    });
  });
});
