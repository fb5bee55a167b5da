import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatedBody, uploadImage, uploadOk } from './support/api-client';
import { AppProcess, freePort } from './support/app-process';
import { testPrisma } from './support/database';
import { makeHeicHeader, makeImageAs, makeJpeg, makePngDeclaring, makeSvg } from './support/images';
import { type TestStack, baseEnv, startTestStack } from './support/test-stack';

const MAX_BYTES = 150_000;

describe('upload validation (gateway alone: nothing reaches a worker)', () => {
  let stack: TestStack;
  const prisma = testPrisma();

  beforeAll(async () => {
    stack = await startTestStack({ withWorker: false, gatewayEnv: { UPLOAD_MAX_BYTES: String(MAX_BYTES) } });
  });

  afterAll(async () => {
    await stack?.stop();
    await prisma.$disconnect();
  });

  /** Sends a request and checks that it is refused with `status` and that no row was written. */
  async function expectRejected(send: () => Promise<{ status: number; body: unknown }>, status: number, message: RegExp) {
    const before = [await prisma.identification.count(), await prisma.identificationImage.count()];
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.stringMatching(message) });
    expect([await prisma.identification.count(), await prisma.identificationImage.count()]).toEqual(before);
  }

  const post = (init: RequestInit) => async () => {
    const response = await fetch(`${stack.gatewayUrl}/api/identifications`, { method: 'POST', ...init });
    return { status: response.status, body: await response.json() };
  };

  it('400 when the image field is missing', async () => {
    const form = new FormData();
    form.append('note', 'hello');
    await expectRejected(post({ body: form }), 400, /field "image"/);
  });

  it('400 for a file in another field', async () => {
    await expectRejected(() => uploadImage(stack.gatewayUrl, new Uint8Array([1, 2, 3]), { field: 'photo' }), 400, /"image"/);
  });

  it('400 for a JSON body where multipart is expected', async () => {
    await expectRejected(
      post({ body: JSON.stringify({ image: 'abc' }), headers: { 'content-type': 'application/json' } }),
      400,
      /multipart\/form-data/,
    );
  });

  it('400 for an empty file', async () => {
    await expectRejected(() => uploadImage(stack.gatewayUrl, new Uint8Array()), 400, /empty/);
  });

  // Streamed without a Content-Length, so the limit is met while reading (a declared length is refused on
  // the headers with the connection closed: the hostile-input suite covers that with a raw socket).
  it('413 for a file over UPLOAD_MAX_BYTES, found while streaming', async () => {
    const big = await makeJpeg({ width: 3000, height: 2250, seed: 5 });
    expect(big.length).toBeGreaterThan(MAX_BYTES);
    const form = new FormData();
    form.append('image', new Blob([big], { type: 'image/jpeg' }), 'photo.jpg');
    const encoded = new Response(form);
    const headers = { 'content-type': encoded.headers.get('content-type') ?? '' };
    await expectRejected(post({ body: encoded.body, headers, duplex: 'half' } as RequestInit), 413, /larger than/);
  });

  it('415 for text named photo.jpg and sent as image/jpeg', async () => {
    const text = Buffer.from('this is not a photo at all, just words\n'.repeat(20));
    await expectRejected(() => uploadImage(stack.gatewayUrl, text, { filename: 'photo.jpg' }), 415, /not a supported image/);
  });

  it('415 for SVG claiming to be a JPEG', async () => {
    await expectRejected(() => uploadImage(stack.gatewayUrl, makeSvg()), 415, /SVG/);
  });

  it('415 for TIFF', async () => {
    await expectRejected(async () => uploadImage(stack.gatewayUrl, await makeImageAs('tiff')), 415, /TIFF/);
  });

  it('415 for HEIC, saying to send JPEG', async () => {
    await expectRejected(() => uploadImage(stack.gatewayUrl, makeHeicHeader(), { filename: 'IMG_0001.HEIC' }), 415, /HEIC.*JPEG/);
  });

  it('422 for a truncated JPEG', async () => {
    const jpeg = await makeJpeg({ seed: 6 });
    await expectRejected(() => uploadImage(stack.gatewayUrl, jpeg.subarray(0, Math.floor(jpeg.length * 0.6))), 422, /truncated or damaged/);
  });

  it('422 for a decompression bomb (tiny PNG declaring 50000×50000)', async () => {
    await expectRejected(() => uploadImage(stack.gatewayUrl, makePngDeclaring(50_000, 50_000)), 422, /megapixels/);
  });

  it.each(['png', 'webp', 'avif', 'gif'] as const)('accepts %s and stores it as JPEG', async (format) => {
    const created = await uploadOk(stack.gatewayUrl, await makeImageAs(format));
    const image = await prisma.identificationImage.findUniqueOrThrow({ where: { identificationId: created.id } });
    expect(image.mimeType).toBe('image/jpeg');
    expect((await sharp(image.bytes).metadata()).format).toBe('jpeg');
  });

  it('ignores the client filename and content type when the bytes are a real image', async () => {
    const response = await uploadImage(stack.gatewayUrl, await makeJpeg({ seed: 7 }), {
      filename: '../../etc/passwd.txt',
      contentType: 'text/plain',
    });
    expect(response.status).toBe(202);
  });

  it('stores the image with every bit of metadata removed (EXIF GPS included) and its sha256', async () => {
    const original = await makeJpeg({ seed: 8, exif: true });
    expect(original.includes('secret-location-marker')).toBe(true);
    const created = (await uploadOk(stack.gatewayUrl, original)) as CreatedBody;

    const row = await prisma.identification.findUniqueOrThrow({ where: { id: created.id }, include: { image: true } });
    const stored = Buffer.from(row.image!.bytes);
    expect(stored.includes('secret-location-marker')).toBe(false);
    expect(stored.includes('TestCam')).toBe(false);
    const metadata = await sharp(stored).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    const { createHash } = await import('node:crypto');
    expect(row.imageSha256).toBe(createHash('sha256').update(stored).digest('hex'));
  });
});

describe('dependencies down', () => {
  const prisma = testPrisma();

  afterAll(() => prisma.$disconnect());

  async function gatewayWith(env: Record<string, string>): Promise<{ url: string; app: AppProcess }> {
    const port = await freePort();
    const app = await AppProcess.start('gateway', { ...baseEnv(), PORT: String(port), ...env });
    return { url: `http://127.0.0.1:${port}`, app };
  }

  it('503 with a clear message when Redis is unreachable, and no row is left behind', async () => {
    const { url, app } = await gatewayWith({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const before = await prisma.identification.count();
      const response = await uploadImage(url, await makeJpeg({ seed: 9 }));
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/queue is unreachable/) });
      expect(await prisma.identification.count()).toBe(before);
      expect((await fetch(`${url}/health`)).status).toBe(503);
    } finally {
      await app.stop();
    }
  });

  it('503 with a clear message when Postgres is unreachable', async () => {
    const { url, app } = await gatewayWith({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/none` });
    try {
      const response = await uploadImage(url, await makeJpeg({ seed: 10 }));
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/database is unreachable/) });
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as { error: { database: { status: string } } }).error.database.status).toBe('down');
    } finally {
      await app.stop();
    }
  });
});
