import { createHash } from 'node:crypto';
import sharp from 'sharp';

/**
 * The app's normalization (apps/gateway/src/identifications/image-normalizer.service.ts),
 * the same sharp calls without the framework: type from the bytes, then decode under
 * a 50 MP limit, auto-orient, shrink to ≤ 1120 px, flatten, re-encode as JPEG q85
 * without metadata. HEIC is refused by sharp's format check here (the app adds a
 * friendlier sniff; the bench never uploads HEIC).
 */
export const MAX_EDGE_PX = 1120;
export const MAX_INPUT_PIXELS = 50_000_000;
export const MAX_ANIMATION_FRAMES = 1000;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif']);

export interface Normalized {
  bytes: Buffer;
  width: number;
  height: number;
  sha256: string;
}

export class RejectedImage extends Error {
  constructor(
    readonly status: 415 | 422,
    message: string,
  ) {
    super(message);
  }
}

export async function normalizeImage(input: Buffer): Promise<Normalized> {
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new RejectedImage(415, 'not a supported image');
  }
  const format = metadata.format ?? 'unknown';
  if (!ACCEPTED_FORMATS.has(format) || (format === 'heif' && metadata.compression !== 'av1')) {
    throw new RejectedImage(415, `${format} is not supported`);
  }
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > MAX_INPUT_PIXELS) throw new RejectedImage(422, 'too many pixels');
  if ((metadata.pages ?? 1) > MAX_ANIMATION_FRAMES) throw new RejectedImage(422, 'an animation, not a photo');
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated', pages: 1 })
      .rotate()
      .resize({ width: MAX_EDGE_PX, height: MAX_EDGE_PX, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height, sha256: createHash('sha256').update(data).digest('hex') };
  } catch {
    throw new RejectedImage(422, 'unreadable image');
  }
}
