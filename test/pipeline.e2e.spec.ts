import { noAnimalAnswer, validAnimalAnswer } from '@wildid/common/testing';
import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, followIdentification, getIdentification, nextEvent, uploadOk } from './support/api-client';
import { AppProcess } from './support/app-process';
import { testPrisma } from './support/database';
import { makeJpeg } from './support/images';
import { type TestStack, startTestStack } from './support/test-stack';

describe('identification pipeline (gateway and worker as separate processes)', () => {
  let stack: TestStack;
  let socket: Socket;
  const prisma = testPrisma();

  beforeAll(async () => {
    stack = await startTestStack();
    socket = await connectSocket(stack.gatewayUrl);
  });

  afterAll(async () => {
    socket?.disconnect();
    await stack?.stop();
    await prisma.$disconnect();
  });

  it('pushes processing then completed over socket.io, and GET returns the same result', async () => {
    stack.fake.reset();
    stack.fake.hold();
    const created = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: 11 }));
    expect(created.status).toBe('queued');
    expect(created.accessToken.length).toBeGreaterThanOrEqual(43);

    // The model's answer (held above) waits until this socket has seen 'processing' (as its state on subscribing, or pushed):
    // without the hold a fast worker could finish before the subscription, and only 'completed' would arrive.
    const processing = nextEvent(socket, created.id, (view) => view.status === 'processing');
    const following = followIdentification(socket, created);
    await processing;
    stack.fake.release();
    const { events } = await following;
    const statuses = events.map((event) => event.status);
    expect(statuses.at(-1)).toBe('completed');
    expect(statuses).toContain('processing');
    const final = events.at(-1)!;
    expect(final.result).toEqual(validAnimalAnswer());
    expect(final.completedAt).toBeDefined();

    const fetched = await getIdentification(stack.gatewayUrl, created.id, created.accessToken);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(final);
  });

  it('sends the model the normalized image as a data URI with a JSON schema response format', async () => {
    stack.fake.reset();
    const created = await uploadOk(stack.gatewayUrl, await makeJpeg({ width: 3000, height: 2000, seed: 12 }));
    await followIdentification(socket, created);

    expect(stack.fake.requests).toHaveLength(1);
    const body = stack.fake.requests[0].body;
    expect(body.model).toBe('Qwen/Qwen3.5-9B');
    expect(body.response_format.type).toBe('json_schema');
    expect(Object.keys(body.response_format.json_schema.schema.properties)).toContain('scientificName');
    const imagePart = body.messages[1].content.find((part: { type: string }) => part.type === 'image_url');
    const dataUri: string = imagePart.image_url.url;
    expect(dataUri.startsWith('data:image/jpeg;base64,')).toBe(true);
    const sent = await sharp(Buffer.from(dataUri.split(',')[1], 'base64')).metadata();
    expect(Math.max(sent.width ?? 0, sent.height ?? 0)).toBe(1120);
    expect(stack.fake.requests[0].headers.authorization).toBe('Bearer test-key');
  });

  it('stores the result row and deletes an anonymous upload\'s image once the job ends', async () => {
    const created = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: 13 }));
    await followIdentification(socket, created);

    const row = await prisma.identification.findUniqueOrThrow({ where: { id: created.id }, include: { image: true } });
    expect(row.status).toBe('completed');
    expect(row.result).toEqual(validAnimalAnswer());
    expect(row.model).toBe('Qwen/Qwen3.5-9B');
    expect(row.accessTokenHash).not.toContain(created.accessToken);
    expect(row.image).toBeNull();
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    const image = await fetch(`${stack.gatewayUrl}/api/identifications/${created.id}/image`, {
      headers: { authorization: `Bearer ${created.accessToken}` },
    });
    expect(image.status).toBe(404);
  });

  it('treats "no animal" as a completed result, not a failure', async () => {
    stack.fake.script({ kind: 'answer', content: noAnimalAnswer() });
    const created = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: 14 }));
    const { events } = await followIdentification(socket, created);
    expect(events.at(-1)).toMatchObject({ status: 'completed', result: noAnimalAnswer() });
    expect(events.at(-1)!.error).toBeUndefined();
  });

  it('sends the current state at once to a client that subscribes after the job finished', async () => {
    const created = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: 15 }));
    await followIdentification(socket, created);

    const late = await connectSocket(stack.gatewayUrl);
    try {
      const { events } = await followIdentification(late, created, 5_000);
      expect(events).toHaveLength(1);
      expect(events[0].status).toBe('completed');
    } finally {
      late.disconnect();
    }
  });

  it('answers a byte-identical photo with the earlier result and no model call', async () => {
    const photo = await makeJpeg({ seed: 17 });
    const first = await uploadOk(stack.gatewayUrl, photo);
    await followIdentification(socket, first);
    stack.fake.reset();

    const again = await uploadOk(stack.gatewayUrl, photo);
    const { events } = await followIdentification(socket, again);

    expect(stack.fake.requests).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ id: again.id, status: 'completed', result: validAnimalAnswer() });
    const [firstRow, againRow] = await Promise.all([first.id, again.id].map((id) => prisma.identification.findUniqueOrThrow({ where: { id } })));
    expect(againRow!.id).not.toBe(firstRow!.id);
    expect(againRow!.imageSha256).toBe(firstRow!.imageSha256);
    expect(againRow).toMatchObject({ reusedFrom: first.id, modelLatencyMs: null, totalTokens: null, costUsd: null });
    expect(firstRow!.modelLatencyMs).not.toBeNull();
  });

  it('answers 404 for a wrong or missing token and refuses the socket subscription', async () => {
    const created = await uploadOk(stack.gatewayUrl, await makeJpeg({ seed: 16 }));
    await followIdentification(socket, created);

    for (const token of [undefined, 'x'.repeat(43), created.accessToken.slice(0, -1)]) {
      const response = await getIdentification(stack.gatewayUrl, created.id, token);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
    expect((await getIdentification(stack.gatewayUrl, 'not-a-uuid', created.accessToken)).status).toBe(404);
    const ack = await socket.timeout(5_000).emitWithAck('subscribe', { id: created.id, accessToken: 'wrong' });
    expect(ack).toEqual({ ok: false, error: 'not found' });
    const malformed = await socket.timeout(5_000).emitWithAck('subscribe', 'nonsense');
    expect(malformed.ok).toBe(false);
  });
});

describe('identification while no worker is running', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('keeps the upload queued with its image, then completes once a worker starts', async () => {
    const created = await uploadOk(stack.gatewayUrl, await makeJpeg({ width: 2000, height: 1500, seed: 21 }));
    const queued = await getIdentification(stack.gatewayUrl, created.id, created.accessToken);
    expect(queued.body).toMatchObject({ id: created.id, status: 'queued' });

    const image = await fetch(`${stack.gatewayUrl}/api/identifications/${created.id}/image`, {
      headers: { authorization: `Bearer ${created.accessToken}` },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    const stored = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect([stored.width, stored.height]).toEqual([1120, 840]);

    const socket = await connectSocket(stack.gatewayUrl);
    const worker = await AppProcess.start('identifier-worker', stack.env);
    try {
      const { events } = await followIdentification(socket, created);
      expect(events.at(-1)!.status).toBe('completed');
    } finally {
      socket.disconnect();
      await worker.stop();
    }
  });
});
