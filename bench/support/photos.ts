import sharp from 'sharp';
import { mulberry32, renderScene } from './scene';

/** Scenes are drawn at 1/4 of the size and upscaled: smooth like optics, then grain like a sensor. */
const SCENE_SCALE = 4;

export interface PhotoOptions {
  width: number;
  height: number;
  seed: number;
  quality: number;
  /** Camera-like EXIF (make, model), as phones write it. */
  exif?: boolean;
}

/** A natural-looking JPEG: a rendered outdoor scene, upscaled, with sensor grain. */
export async function makePhoto(options: PhotoOptions): Promise<Buffer> {
  const { width, height, seed } = options;
  const small = { width: Math.ceil(width / SCENE_SCALE), height: Math.ceil(height / SCENE_SCALE) };
  const scene = renderScene(small.width, small.height, seed);
  const pixels = await sharp(scene, { raw: { ...small, channels: 3 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
  addGrain(pixels, seed);
  let image = sharp(pixels, { raw: { width, height, channels: 3 } });
  if (options.exif) {
    image = image.withExif({ IFD0: { Make: 'WildID Bench', Model: 'Phone 12MP', Software: 'bench/support/photos.ts' } });
  }
  return image.jpeg({ quality: options.quality }).toBuffer();
}

/** Luminance noise (σ ≈ 4.5 levels) with a little chroma noise, deterministic per seed. */
function addGrain(pixels: Buffer, seed: number): void {
  const rand = mulberry32(seed ^ 0x9e3779b9);
  const table = GRAIN_TABLE;
  const mask = table.length - 1;
  let index = Math.floor(rand() * table.length);
  const stride = 1 + 2 * Math.floor(rand() * 1000);
  for (let i = 0; i < pixels.length; i += 3) {
    index = (index + stride) & mask;
    const luma = table[index] as number;
    const chroma = (table[(index * 7) & mask] as number) >> 2;
    pixels[i] = clamp((pixels[i] as number) + luma + chroma);
    pixels[i + 1] = clamp((pixels[i + 1] as number) + luma);
    pixels[i + 2] = clamp((pixels[i + 2] as number) + luma - chroma);
  }
}

/** 2^17 pre-drawn grain values (sum of three uniforms, roughly normal); indexing them is cheaper than drawing. */
const GRAIN_TABLE = (() => {
  const rand = mulberry32(12345);
  return Int8Array.from({ length: 1 << 17 }, () => Math.round((rand() + rand() + rand() - 1.5) * 9));
})();

function clamp(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value | 0;
}

/** Low-frequency luminance quantization entries (stored order) nudged to make variants. */
const NUDGED_ENTRIES = 8;
const NUDGE_STEPS = 4;
export const VARIANTS_PER_BASE = NUDGE_STEPS ** NUDGED_ENTRIES;

/**
 * A byte- and pixel-distinct copy of a JPEG without re-encoding: the low-frequency
 * entries of its luminance quantization table are raised by the base-4 digits of
 * `n`, which changes every decoded block slightly (so the normalized image and
 * its sha256 differ too) while the photo looks the same. Costs a buffer copy.
 */
export function jpegVariant(base: Buffer, n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n >= VARIANTS_PER_BASE) throw new Error(`variant ${n} out of range`);
  const copy = Buffer.from(base);
  const table = lumaQuantTable(copy);
  for (let k = 0, rest = n; k < NUDGED_ENTRIES; k++, rest = Math.floor(rest / NUDGE_STEPS)) {
    const index = table + 1 + k;
    copy[index] = Math.min(255, (copy[index] as number) + (rest % NUDGE_STEPS));
  }
  return copy;
}

/** Offset of the first entry of the 8-bit luminance (id 0) quantization table. */
function lumaQuantTable(jpeg: Buffer): number {
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1];
    const length = jpeg.readUInt16BE(offset + 2);
    if (marker === 0xda) break;
    if (marker === 0xdb) {
      for (let table = offset + 4; table < offset + 2 + length; ) {
        const precision = (jpeg[table] as number) >> 4;
        if (precision === 0 && ((jpeg[table] as number) & 0x0f) === 0) return table;
        table += 1 + 64 * (precision ? 2 : 1);
      }
    }
    offset += 2 + length;
  }
  throw new Error('no 8-bit luminance quantization table in this JPEG');
}

/**
 * Upload photos for the load scenarios: `bases` distinct scenes, and every call
 * to next() a JPEG no earlier call returned (byte- and pixel-distinct).
 */
export class PhotoPool {
  private counter = 0;

  constructor(private readonly bases: readonly Buffer[]) {
    if (bases.length === 0) throw new Error('PhotoPool needs at least one photo');
  }

  next(): Buffer {
    const n = this.counter++;
    const base = this.bases[n % this.bases.length] as Buffer;
    return jpegVariant(base, Math.floor(n / this.bases.length));
  }
}
