import type { SubscribeAck } from '@wildid/common';
import Redis from 'ioredis';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedBody } from './support/api-client';
import { multipartBody } from './support/hostile-corpus';
import { makeJpeg } from './support/images';
import { type RawAnswer, RawHttpRequest } from './support/raw-http';
import { TEST_REDIS_URL, type TestStack, startTestStack } from './support/test-stack';
import { eventually } from './support/waiting';

const MIB = 1024 * 1024;
const UPLOADS_PER_MINUTE = 3;
const CONCURRENT_UPLOADS = 2;
const STATUS_READS = 4;
const SOCKET_CONNECTIONS = 3;
const SOCKET_SUBSCRIBES = 3;
const BOUNDARY = 'limits-boundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** Each test is its own client, told apart by X-Forwarded-For (the gateway trusts its loopback proxy). */
let nextClient = 10;
const newClient = () => `198.51.100.${nextClient++}`;

describe('work per client is bounded, and refused before it is read', () => {
  let stack: TestStack;
  let photoBody: Buffer;
  const sockets: Socket[] = [];
  const redis = new Redis(TEST_REDIS_URL);

  beforeAll(async () => {
    stack = await startTestStack({
      withWorker: false,
      gatewayEnv: {
        UPLOAD_MAX_BYTES: String(MIB),
        RATE_LIMIT_UPLOADS_PER_MINUTE: String(UPLOADS_PER_MINUTE),
        UPLOAD_MAX_CONCURRENT_PER_IP: String(CONCURRENT_UPLOADS),
        HTTP_REQUEST_TIMEOUT_MS: '4000',
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        RATE_LIMIT_STATUS_READS_PER_MINUTE: String(STATUS_READS),
        RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE: String(SOCKET_CONNECTIONS),
        RATE_LIMIT_SOCKET_SUBSCRIBES_PER_MINUTE: String(SOCKET_SUBSCRIBES),
      },
    });
    const photo = await makeJpeg({ seed: 9100, width: 64, height: 48 });
    photoBody = multipartBody(BOUNDARY, [{ field: 'image', filename: 'photo.jpg', contentType: 'image/jpeg', body: photo }]);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await stack?.stop();
    await redis.quit();
  });

  async function upload(client: string, body = photoBody): Promise<{ status: number; body: CreatedBody & { message?: string } }> {
    const response = await fetch(`${stack.gatewayUrl}/api/identifications`, {
      method: 'POST',
      headers: { 'content-type': MULTIPART, 'x-forwarded-for': client },
      body,
    });
    return { status: response.status, body: (await response.json()) as CreatedBody & { message?: string } };
  }

  const startUpload = (client: string, headers: Record<string, string | number>) =>
    RawHttpRequest.post(stack.gatewayUrl, '/api/identifications', { 'content-type': MULTIPART, 'x-forwarded-for': client, ...headers });

  /** The answer, or a failure naming what the gateway did instead (waited for the body, most likely). */
  function answerOf(request: RawHttpRequest, timeoutMs = 10_000): Promise<RawAnswer> {
    return Promise.race([
      request.answer,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
  }

  /** Sooner than Node's 5 s keep-alive timeout would close an idle connection anyway. */
  function closedWithin(request: RawHttpRequest, timeoutMs = 2_000): Promise<void> {
    return Promise.race([
      request.closed,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the gateway kept the connection open for ${timeoutMs} ms`)), timeoutMs)),
    ]);
  }

  function expectErrorAnswer(answer: RawAnswer, status: number, message: RegExp): void {
    expect(answer.status, answer.body).toBe(status);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: status, error: expect.any(String), message: expect.stringMatching(message) });
  }

  /** One chunk of a chunked body: 64 KiB of data with its framing. */
  const chunkedPiece = Buffer.concat([Buffer.from(`${(64 * 1024).toString(16)}\r\n`), Buffer.alloc(64 * 1024, 0x41), Buffer.from('\r\n')]);

  describe('uploads', () => {
    it('answers 429 on the headers of an upload over the rate, before any of the body is sent, and closes the connection', async () => {
      const client = newClient();
      for (let i = 0; i < UPLOADS_PER_MINUTE; i++) expect((await upload(client)).status).toBe(202);
      const refused = startUpload(client, { 'content-length': 500_000 });
      const answer = await answerOf(refused);
      expectErrorAnswer(answer, 429, /^Too many uploads\. Try again in \d+ seconds?\.$/);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      expect(answer.headers.connection).toBe('close');
      expect(refused.bodyBytesBeforeAnswer).toBe(0);
      await closedWithin(refused);
    });

    it('cuts off a throttled client that keeps sending a chunked body: the gateway reads none of it', async () => {
      const client = newClient();
      for (let i = 0; i < UPLOADS_PER_MINUTE; i++) expect((await upload(client)).status).toBe(202);
      const refused = startUpload(client, { 'transfer-encoding': 'chunked' });
      const written = await refused.keepSending(chunkedPiece, 200 * MIB);
      await closedWithin(refused);
      // Only what the two ends' socket buffers hold; a gateway that read the body would take all 200 MB.
      expect(written, `body bytes the gateway let in: ${written}`).toBeLessThan(32 * MIB);
      // Closing on unread bytes resets the connection, which may discard the 429 before this client reads it.
      const answer = await refused.answer.catch(() => undefined);
      if (answer) expectErrorAnswer(answer, 429, /Too many uploads/);
    });

    it('answers 413 to a declared Content-Length over the limit before the body, and closes the connection', async () => {
      const refused = startUpload(newClient(), { 'content-length': 200 * MIB });
      expectErrorAnswer(await answerOf(refused), 413, /larger than the 1 MiB limit/);
      expect(refused.bodyBytesBeforeAnswer).toBe(0);
      await closedWithin(refused);
    });

    it(`refuses a client's upload beyond ${CONCURRENT_UPLOADS} at once with 429, and frees the place when one is aborted or ends`, async () => {
      const client = newClient();
      const held = [startUpload(client, { 'content-length': photoBody.length }), startUpload(client, { 'content-length': photoBody.length })];
      for (const request of held) await request.write(photoBody.subarray(0, 100));
      // Both are admitted once each has spent its place in the client's upload rate.
      await eventually(async () => (await redis.zcard(`wildid:ratelimit:sliding:uploads:ip:${client}`)) === CONCURRENT_UPLOADS, 'both uploads admitted');

      const third = startUpload(client, { 'content-length': photoBody.length });
      const answer = await answerOf(third);
      expectErrorAnswer(answer, 429, new RegExp(`^Too many uploads at once from your network \\(at most ${CONCURRENT_UPLOADS}\\)\\. Wait for one to finish`));
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      expect(third.bodyBytesBeforeAnswer).toBe(0);

      held[0]!.destroy();
      const afterAbort = await eventually(async () => {
        const attempt = await upload(client);
        return attempt.status === 429 && /at once/.test(attempt.body.message ?? '') ? undefined : attempt;
      }, 'the aborted upload to free its place');
      expect(afterAbort.status).toBe(202);
      await held[1]!.write(photoBody.subarray(100));
      expect((await answerOf(held[1]!)).status).toBe(202);
    });

    it('answers 408 and closes the connection when a body or the headers stall past their timeouts', async () => {
      const stalledBody = startUpload(newClient(), { 'content-length': photoBody.length });
      await stalledBody.write(photoBody.subarray(0, 100));
      expect((await answerOf(stalledBody)).status).toBe(408);
      await closedWithin(stalledBody);

      const stalledHeaders = new RawHttpRequest(stack.gatewayUrl, `POST /api/identifications HTTP/1.1\r\nHost: x\r\n`);
      expect((await answerOf(stalledHeaders)).status).toBe(408);
      await closedWithin(stalledHeaders);
    });
  });

  describe('status reads', () => {
    it(`answers 429 with Retry-After after ${STATUS_READS} reads a minute from one client, for the status and the image alike`, async () => {
      const client = newClient();
      const created = (await upload(newClient())).body;
      const read = (path: string, from: string) =>
        fetch(`${stack.gatewayUrl}/api/identifications/${created.id}${path}`, { headers: { authorization: `Bearer ${created.accessToken}`, 'x-forwarded-for': from } });
      for (let i = 0; i < STATUS_READS; i++) expect((await read('', client)).status).toBe(200);
      for (const path of ['', '/image']) {
        const limited = await read(path, client);
        expect(limited.status, path).toBe(429);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await limited.json()).toEqual({
          statusCode: 429,
          error: 'Too Many Requests',
          message: expect.stringMatching(/^Too many status reads from your network\. Try again in \d+ seconds?\.$/),
        });
      }
      expect((await read('', newClient())).status).toBe(200);
    });
  });

  describe('sockets', () => {
    function openSocket(client: string): Promise<Socket> {
      const socket = io(stack.gatewayUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { 'x-forwarded-for': client } });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    }

    const subscribe = (socket: Socket, id: string) => socket.timeout(10_000).emitWithAck('subscribe', { id, accessToken: 'guess' }) as Promise<SubscribeAck>;

    it(`refuses a client's connection beyond ${SOCKET_CONNECTIONS} a minute with a clear connect_error`, async () => {
      const client = newClient();
      for (let i = 0; i < SOCKET_CONNECTIONS; i++) await openSocket(client);
      const refusal = (await openSocket(client).catch((error: unknown) => error)) as Error & { data?: { retryAfterSeconds: number } };
      expect(refusal).toBeInstanceOf(Error);
      expect(refusal.message).toMatch(/^Too many connections from your network\. Try again in \d+ seconds?\.$/);
      expect(refusal.data?.retryAfterSeconds).toBeGreaterThan(0);
      await openSocket(newClient());
    });

    it(`acknowledges a client's subscribe beyond ${SOCKET_SUBSCRIBES} a minute with { ok: false, error }, across its sockets`, async () => {
      const client = newClient();
      const [first, second] = [await openSocket(client), await openSocket(client)];
      for (let i = 0; i < SOCKET_SUBSCRIBES; i++) expect(await subscribe(first!, crypto.randomUUID())).toEqual({ ok: false, error: 'not found' });
      for (const socket of [first!, second!]) {
        expect(await subscribe(socket, crypto.randomUUID())).toEqual({
          ok: false,
          error: expect.stringMatching(/^Too many subscribe requests from your network\. Try again in \d+ seconds?\.$/),
        });
        expect(socket.connected).toBe(true);
      }
      expect(await subscribe(await openSocket(newClient()), crypto.randomUUID())).toEqual({ ok: false, error: 'not found' });
    });
  });
});
