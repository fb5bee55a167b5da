import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from './support/accounts';
import { BatchClient } from './support/batches';
import { type SignedInStack, startSignedInStack } from './support/signed-in-stack';

const SECRET_KEY = 'batches-test-secret-0123456789abcdef0123456789ab';

describe('batches: create, read, change and delete, owner only', () => {
  let env: SignedInStack;
  let alice: BatchClient;
  let bob: BatchClient;
  let aliceBrowser: Browser;

  beforeAll(async () => {
    env = await startSignedInStack({ secretKey: SECRET_KEY, withWorker: false });
    aliceBrowser = await env.signIn('alice@example.org');
    alice = new BatchClient(env.stack.gatewayUrl, aliceBrowser);
    bob = new BatchClient(env.stack.gatewayUrl, await env.signIn('bob@example.org'));
  });
  afterAll(() => env?.stop());

  it('creates a camera-trap batch with its deployment, zone and clock offset, empty', async () => {
    const answer = await alice.create({
      name: 'Card 7',
      kind: 'camera-trap',
      location: { latitude: 52.1, longitude: 4.3, uncertaintyMeters: 25 },
      timezone: 'Europe/Amsterdam',
      clockOffsetSeconds: -3600,
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      name: 'Card 7',
      kind: 'camera-trap',
      location: { latitude: 52.1, longitude: 4.3, uncertaintyMeters: 25 },
      timezone: 'Europe/Amsterdam',
      clockOffsetSeconds: -3600,
      useExif: true,
      counts: { total: 0, queued: 0, processing: 0, completed: 0, failed: 0, noAnimal: 0 },
      species: [],
    });
    expect((await alice.get(answer.body.id)).body).toEqual(answer.body);
  });

  it.each([
    ['no name', { kind: 'trip' }],
    ['an unknown kind', { name: 'x', kind: 'safari' }],
    ['a time zone that is not IANA', { name: 'x', kind: 'trip', timezone: 'Mars/Olympus' }],
    ['a latitude off the globe', { name: 'x', kind: 'trip', location: { latitude: 91, longitude: 0 } }],
    ['a fractional clock offset', { name: 'x', kind: 'trip', clockOffsetSeconds: 1.5 }],
  ])('refuses %s with 400 and what to send', async (_, body) => {
    const answer = await alice.create(body);
    expect(answer.status).toBe(400);
    expect((answer.body as unknown as { message: string }).message).toContain('kind: "trip" | "camera-trap"');
  });

  it('lists only my batches, newest first', async () => {
    const first = await alice.created({ name: 'first' });
    const second = await alice.created({ name: 'second' });
    const bobs = await bob.created({ name: 'bobs' });
    const ids = (await alice.list()).body.items.map((batch) => batch.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(ids).not.toContain(bobs.id);
  });

  it("answers 404 to another person's batch, whatever the method", async () => {
    const batch = await alice.created();
    expect((await bob.get(batch.id)).status).toBe(404);
    expect((await bob.photos(batch.id)).status).toBe(404);
    expect((await bob.update(batch.id, { name: 'mine now' })).status).toBe(404);
    expect((await bob.delete(batch.id)).status).toBe(404);
    expect((await bob.upload(batch.id, [{ name: 'a.jpg', bytes: new Uint8Array([1]) }])).status).toBe(404);
    expect((await alice.get(batch.id)).body.name).toBe('Test batch');
    expect((await alice.get('not-a-uuid')).status).toBe(404);
  });

  it('needs a signed-in user, and refuses unsafe requests from another origin', async () => {
    expect((await fetch(env.url('/api/batches'))).status).toBe(401);
    const crossSite = await fetch(env.url('/api/batches'), {
      method: 'POST',
      headers: { cookie: aliceBrowser.cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', kind: 'trip' }),
    });
    expect(crossSite.status).toBe(403);
  });

  it('renames, moves, changes zone and clock offset, and clears the location', async () => {
    const batch = await alice.created({ location: { latitude: 1, longitude: 2 } });
    const changed = await alice.update(batch.id, { name: 'Renamed', timezone: 'America/Lima', clockOffsetSeconds: 90, location: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Renamed', timezone: 'America/Lima', clockOffsetSeconds: 90 });
    expect(changed.body.location).toBeUndefined();
    expect((await alice.update(batch.id, {})).status).toBe(400);
    expect((await alice.update(batch.id, { timezone: 'Nowhere/Else' })).status).toBe(400);
  });

  it('deletes a batch: then it is gone', async () => {
    const batch = await alice.created();
    expect((await alice.delete(batch.id)).status).toBe(204);
    expect((await alice.get(batch.id)).status).toBe(404);
    expect((await alice.delete(batch.id)).status).toBe(404);
  });

  it('pages an empty batch with each filter, and refuses unknown filters', async () => {
    const batch = await alice.created();
    for (const filter of ['animals', 'blanks', 'failed', 'all']) {
      expect((await alice.photos(batch.id, { filter })).body).toEqual({ items: [], nextCursor: null });
    }
    expect((await alice.photos(batch.id, { filter: 'cats' })).status).toBe(400);
  });
});
