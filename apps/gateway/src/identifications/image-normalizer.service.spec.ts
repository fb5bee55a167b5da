import { createHash, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { BadRequestException, UnprocessableEntityException, UnsupportedMediaTypeException } from '@nestjs/common';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageNormalizer, MAX_ANIMATION_FRAMES, MAX_EDGE_PX, MAX_FTYP_BRANDS } from './image-normalizer.service';

type Rgb = { r: number; g: number; b: number };
const GREEN: Rgb = { r: 20, g: 160, b: 40 };

function solid(width: number, height: number, background: Rgb = GREEN): sharp.Sharp {
  return sharp({ create: { width, height, channels: 3, background } });
}

function noisy(width: number, height: number): sharp.Sharp {
  return sharp({ create: { width, height, channels: 3, background: GREEN, noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
}

/** Left half red, right half blue, so a rotation shows up in the pixels and not only the size. */
async function redLeftBlueRight(width: number, height: number): Promise<sharp.Sharp> {
  const red = await solid(width / 2, height, { r: 255, g: 0, b: 0 }).png().toBuffer();
  return solid(width, height, { r: 0, g: 0, b: 255 }).composite([{ input: red, left: 0, top: 0 }]);
}

async function pixelAt(image: Buffer, x: number, y: number): Promise<Rgb> {
  const data = await sharp(image).extract({ left: x, top: y, width: 1, height: 1 }).removeAlpha().raw().toBuffer();
  return { r: data[0] ?? -1, g: data[1] ?? -1, b: data[2] ?? -1 };
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A well-formed PNG header that declares a size without carrying the pixels. */
function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(16))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An animated GIF of `count` 8×8 frames; they alternate, since the encoder merges identical neighbours. */
async function gifWithFrames(count: number): Promise<Buffer> {
  const frames = await Promise.all([GREEN, { r: 200, g: 30, b: 30 }].map((colour) => solid(8, 8, colour).png().toBuffer()));
  const input = await sharp(Array.from({ length: count }, (_, i) => frames[i % 2]!), { join: { animated: true } }).gif().toBuffer();
  expect((await sharp(input).metadata()).pages).toBe(count);
  return input;
}

function heicHeader(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.writeUInt32BE(0, 12); // minor version
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, Buffer.from('meta-box-junk-that-is-not-an-image'.repeat(4), 'latin1')]);
}

/** Stateless: one instance serves a whole describe block. */
function makeSut(config?: { MODEL_IMAGE_MAX_EDGE: number }): ImageNormalizer {
  return new ImageNormalizer(config);
}

describe(ImageNormalizer.name, () => {
  const sut = makeSut();

  describe('normalize', () => {
    it('shrinks a 4032×3024 JPEG to a JPEG with a long edge of 1120', async () => {
      const input = await solid(4032, 3024).jpeg().toBuffer();

      const output = await sut.normalize(input);

      expect(output).toMatchObject({ mimeType: 'image/jpeg', width: MAX_EDGE_PX, height: 840 });
      const metadata = await sharp(output.bytes).metadata();
      expect(metadata).toMatchObject({ format: 'jpeg', width: 1120, height: 840 });
      expect([...output.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    });

    it('follows MODEL_IMAGE_MAX_EDGE (560: one tile for the model)', async () => {
      const oneTile = makeSut({ MODEL_IMAGE_MAX_EDGE: 560 });

      const output = await oneTile.normalize(await solid(4032, 3024).jpeg().toBuffer());

      expect(output).toMatchObject({ width: 560, height: 420 });
    });

    it('limits the long edge of a portrait image too', async () => {
      const output = await sut.normalize(await solid(1000, 3000).png().toBuffer());

      expect(output.height).toBe(MAX_EDGE_PX);
      expect(output.width).toBeGreaterThanOrEqual(373);
      expect(output.width).toBeLessThanOrEqual(374);
    });

    it('returns the sha256 of the output bytes', async () => {
      const output = await sut.normalize(await solid(640, 480).jpeg().toBuffer());

      expect(output.sha256).toBe(createHash('sha256').update(output.bytes).digest('hex'));
    });

    it('does not enlarge a small 300×200 image', async () => {
      const output = await sut.normalize(await solid(300, 200).jpeg().toBuffer());

      expect(output).toMatchObject({ width: 300, height: 200 });
      expect(await sharp(output.bytes).metadata()).toMatchObject({ width: 300, height: 200 });
    });

    it('applies the EXIF orientation to the pixels', async () => {
      const image = await redLeftBlueRight(200, 100);
      const input = await image.jpeg().withMetadata({ orientation: 6 }).toBuffer();
      expect(await sharp(input).metadata()).toMatchObject({ width: 200, height: 100, orientation: 6 });

      const output = await sut.normalize(input);

      expect(output).toMatchObject({ width: 100, height: 200 });
      const metadata = await sharp(output.bytes).metadata();
      expect(metadata).toMatchObject({ width: 100, height: 200 });
      expect(metadata.orientation).toBeUndefined();
      // Orientation 6 turns the picture 90° clockwise: the left (red) half ends up on top.
      const top = await pixelAt(output.bytes, 50, 20);
      const bottom = await pixelAt(output.bytes, 50, 180);
      expect(top.r).toBeGreaterThan(200);
      expect(top.b).toBeLessThan(60);
      expect(bottom.b).toBeGreaterThan(200);
      expect(bottom.r).toBeLessThan(60);
    });

    it('strips EXIF, ICC and XMP metadata', async () => {
      const input = await solid(200, 100)
        .jpeg()
        .withMetadata({ orientation: 6 })
        .withIccProfile('p3')
        .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><note>xmp-marker</note></x:xmpmeta>')
        .toBuffer();
      const inputMetadata = await sharp(input).metadata();
      expect(inputMetadata.exif).toBeDefined();
      expect(inputMetadata.icc).toBeDefined();
      expect(inputMetadata.xmp).toBeDefined();

      const output = await sut.normalize(input);

      const metadata = await sharp(output.bytes).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.icc).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect(output.bytes.includes('xmp-marker')).toBe(false);
    });

    it('drops EXIF GPS and description fields', async () => {
      const input = await solid(200, 100)
        .jpeg()
        .withExif({
          IFD0: { ImageDescription: 'marker-123' },
          IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' },
        })
        .toBuffer();
      expect(input.includes('marker-123')).toBe(true);

      const output = await sut.normalize(input);

      expect(output.bytes.includes('marker-123')).toBe(false);
      expect((await sharp(output.bytes).metadata()).exif).toBeUndefined();
    });

    it('turns a PNG with alpha into a JPEG flattened on white', async () => {
      const input = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
        .png()
        .toBuffer();
      expect(await sharp(input).metadata()).toMatchObject({ format: 'png', hasAlpha: true });

      const output = await sut.normalize(input);

      expect(output).toMatchObject({ mimeType: 'image/jpeg', width: 40, height: 30 });
      expect(await sharp(output.bytes).metadata()).toMatchObject({ format: 'jpeg', channels: 3, hasAlpha: false });
      const pixel = await pixelAt(output.bytes, 20, 15);
      expect(Math.min(pixel.r, pixel.g, pixel.b)).toBeGreaterThan(245);
    });

    it('accepts an animated GIF and keeps its first frame', async () => {
      const frames = await Promise.all(
        [{ r: 255, g: 0, b: 0 }, GREEN, { r: 0, g: 0, b: 255 }].map((colour) => solid(30, 20, colour).png().toBuffer()),
      );
      const input = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
      expect(await sharp(input).metadata()).toMatchObject({ format: 'gif', pages: 3 });

      const output = await sut.normalize(input);

      expect(output).toMatchObject({ mimeType: 'image/jpeg', width: 30, height: 20 });
      const pixel = await pixelAt(output.bytes, 15, 10);
      expect(pixel.r).toBeGreaterThan(200);
    });

    it(`accepts an animated GIF of exactly ${MAX_ANIMATION_FRAMES} frames`, async () => {
      const output = await sut.normalize(await gifWithFrames(MAX_ANIMATION_FRAMES));

      expect(output).toMatchObject({ mimeType: 'image/jpeg', width: 8, height: 8 });
    });

    it(`rejects an animated GIF of ${MAX_ANIMATION_FRAMES + 1} frames with 422 asking for a still photo`, async () => {
      const promise = sut.normalize(await gifWithFrames(MAX_ANIMATION_FRAMES + 1));

      await expect(promise).rejects.toBeInstanceOf(UnprocessableEntityException);
      await expect(promise).rejects.toThrow(`This GIF is an animation of ${MAX_ANIMATION_FRAMES + 1} frames (the limit is ${MAX_ANIMATION_FRAMES}). Send a still photo instead.`);
    });

    it.each([
      ['WebP', (image: sharp.Sharp) => image.webp()],
      ['AVIF', (image: sharp.Sharp) => image.avif()],
      ['GIF', (image: sharp.Sharp) => image.gif()],
      ['PNG', (image: sharp.Sharp) => image.png()],
    ])('accepts %s', async (_format, encode) => {
      const output = await sut.normalize(await encode(solid(300, 200)).toBuffer());

      expect(output).toMatchObject({ mimeType: 'image/jpeg', width: 300, height: 200 });
      expect((await sharp(output.bytes).metadata()).format).toBe('jpeg');
    });

    it('rejects an empty buffer as a bad request', async () => {
      const promise = sut.normalize(Buffer.alloc(0));

      await expect(promise).rejects.toBeInstanceOf(BadRequestException);
      await expect(promise).rejects.toThrow(/empty/);
    });

    it.each([
      ['random bytes', randomBytes(4096)],
      ['text', Buffer.from('This is a plain text file, not a photo of an animal.\n'.repeat(20))],
    ])('rejects %s with 415', async (_label, input) => {
      const promise = sut.normalize(input);

      await expect(promise).rejects.toBeInstanceOf(UnsupportedMediaTypeException);
      await expect(promise).rejects.toThrow(/not a supported image/);
    });

    it('rejects SVG with 415 naming the format', async () => {
      const input = Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="green"/></svg>',
      );

      const promise = sut.normalize(input);

      await expect(promise).rejects.toBeInstanceOf(UnsupportedMediaTypeException);
      await expect(promise).rejects.toThrow(/^SVG images are not supported/);
    });

    it('rejects TIFF with 415 naming the format', async () => {
      const promise = sut.normalize(await solid(64, 48).tiff().toBuffer());

      await expect(promise).rejects.toBeInstanceOf(UnsupportedMediaTypeException);
      await expect(promise).rejects.toThrow(/^TIFF images are not supported/);
    });

    it(`reads at most ${MAX_FTYP_BRANDS} brands of an ftyp box, whatever size it declares`, async () => {
      // A box declaring 4 GiB, its brands all filler except a HEIC brand just past the bound.
      const crafted = Buffer.alloc(16 + (MAX_FTYP_BRANDS + 1) * 4, 'A');
      crafted.writeUInt32BE(0xffffffff, 0);
      crafted.write('ftyp', 4, 'latin1');
      crafted.write('heic', 16 + MAX_FTYP_BRANDS * 4, 'latin1');
      await expect(sut.normalize(crafted)).rejects.toThrow(/not a supported image/);
      // The same brand within the bound is read.
      crafted.write('heic', 16 + (MAX_FTYP_BRANDS - 1) * 4, 'latin1');
      await expect(sut.normalize(crafted)).rejects.toThrow(/HEIC.*JPEG/);
    });

    it('rejects HEIC with 415 asking for a JPEG', async () => {
      const promise = sut.normalize(heicHeader());

      await expect(promise).rejects.toBeInstanceOf(UnsupportedMediaTypeException);
      await expect(promise).rejects.toThrow(/HEIC.*JPEG/);
    });

    it('rejects a truncated JPEG with 422', async () => {
      const full = await noisy(800, 600).jpeg().toBuffer();
      const input = full.subarray(0, Math.floor(full.length * 0.6));

      const promise = sut.normalize(input);

      await expect(promise).rejects.toBeInstanceOf(UnprocessableEntityException);
      await expect(promise).rejects.toThrow(/JPEG.*truncated or damaged/);
    });

    it('rejects a PNG declaring 10000×10000 pixels with 422 naming the megapixel limit', async () => {
      const promise = sut.normalize(pngDeclaring(10_000, 10_000));

      await expect(promise).rejects.toBeInstanceOf(UnprocessableEntityException);
      await expect(promise).rejects.toThrow(/10000×10000 pixels; the limit is 50 megapixels/);
    });

    it('rejects a PNG declaring 50000×50000 pixels with 422 naming the megapixel limit', async () => {
      const promise = sut.normalize(pngDeclaring(50_000, 50_000));

      await expect(promise).rejects.toBeInstanceOf(UnprocessableEntityException);
      await expect(promise).rejects.toThrow(/megapixels/);
    });
  });
});
