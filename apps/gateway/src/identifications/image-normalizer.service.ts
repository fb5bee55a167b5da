import { createHash } from 'node:crypto';
import { BadRequestException, Inject, Injectable, Optional, UnprocessableEntityException, UnsupportedMediaTypeException } from '@nestjs/common';
import sharp from 'sharp';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';

/** Default longest edge sent to the model (MODEL_IMAGE_MAX_EDGE): 2×2 of Together's 560 px tiles; larger is billed no more but buys nothing. */
export const MAX_EDGE_PX = 1120;
export const MAX_INPUT_PIXELS = 50_000_000;
/** Only the first frame is decoded; a file declaring more frames than this is an animation, not a photo. */
export const MAX_ANIMATION_FRAMES = 1000;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif']);
const SUPPORTED_LIST = 'JPEG, PNG, WebP, AVIF or GIF';
// ISO-BMFF brands of HEIC/HEIF stills, which sharp's prebuilt libvips cannot decode (HEVC).
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

export interface NormalizedImage {
  bytes: Buffer;
  mimeType: 'image/jpeg';
  width: number;
  height: number;
  sha256: string;
  /** The original file's EXIF block, for reading capture time and place; never stored (the stored JPEG has no metadata). */
  sourceExif?: Buffer;
}

/** Decides what an upload is from its bytes, decodes it (no larger than needed) and re-encodes a small, metadata-free JPEG. */
@Injectable()
export class ImageNormalizer {
  private readonly maxEdge: number;

  constructor(@Optional() @Inject(GATEWAY_CONFIG) config?: Pick<GatewayConfig, 'MODEL_IMAGE_MAX_EDGE'>) {
    this.maxEdge = config?.MODEL_IMAGE_MAX_EDGE ?? MAX_EDGE_PX;
  }

  async normalize(input: Buffer): Promise<NormalizedImage> {
    if (input.length === 0) throw new BadRequestException('The uploaded file is empty. Choose a photo and try again.');
    if (isHeicOnly(input)) {
      throw new UnsupportedMediaTypeException(
        'HEIC photos are not supported. Send a JPEG instead (browsers convert HEIC to JPEG on upload; on an iPhone, Settings → Camera → Formats → Most Compatible).',
      );
    }
    const { format, hasAlpha, exif } = await this.inspect(input);
    const image = await this.reencode(input, format, hasAlpha);
    return exif ? { ...image, sourceExif: exif } : image;
  }

  /** Reads only the header: format, size, frames, whether there is an alpha channel, and the EXIF block. */
  private async inspect(input: Buffer): Promise<{ format: string; hasAlpha: boolean; exif?: Buffer }> {
    let metadata: sharp.Metadata;
    try {
      metadata = await sharp(input, { limitInputPixels: false }).metadata();
    } catch {
      throw new UnsupportedMediaTypeException(`This file is not a supported image. Send a ${SUPPORTED_LIST} photo.`);
    }
    const format = metadata.format ?? 'unknown';
    if (!ACCEPTED_FORMATS.has(format) || (format === 'heif' && metadata.compression !== 'av1')) {
      throw new UnsupportedMediaTypeException(`${describe(format)} images are not supported. Send a ${SUPPORTED_LIST} photo.`);
    }
    const pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
    if (pixels > MAX_INPUT_PIXELS) {
      throw new UnprocessableEntityException(
        `The image is ${metadata.width}×${metadata.height} pixels; the limit is ${MAX_INPUT_PIXELS / 1_000_000} megapixels. Send a smaller photo.`,
      );
    }
    if ((metadata.pages ?? 1) > MAX_ANIMATION_FRAMES) {
      throw new UnprocessableEntityException(
        `This ${describe(format)} is an animation of ${metadata.pages} frames (the limit is ${MAX_ANIMATION_FRAMES}). Send a still photo instead.`,
      );
    }
    return { format, hasAlpha: metadata.hasAlpha === true, exif: metadata.exif };
  }

  private async reencode(input: Buffer, format: string, hasAlpha: boolean): Promise<NormalizedImage> {
    try {
      // Shrink-on-load: a JPEG is decoded at the smallest DCT scale that still covers the long edge.
      let image = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated', pages: 1 })
        .rotate()
        .resize({ width: this.maxEdge, height: this.maxEdge, fit: 'inside', withoutEnlargement: true });
      // JPEG has no transparency; flattening an opaque image would only cost a pass over its pixels.
      if (hasAlpha) image = image.flatten({ background: '#ffffff' });
      const { data, info } = await image.jpeg({ quality: 85 }).toBuffer({ resolveWithObject: true });
      const sha256 = createHash('sha256').update(data).digest('hex');
      return { bytes: data, mimeType: 'image/jpeg', width: info.width, height: info.height, sha256 };
    } catch {
      throw new UnprocessableEntityException(
        `This ${describe(format)} file could not be read; it may be truncated or damaged. Try exporting the photo again.`,
      );
    }
  }
}

function describe(format: string): string {
  const names: Record<string, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP', gif: 'GIF', heif: 'HEIF', svg: 'SVG', tiff: 'TIFF' };
  return names[format] ?? format.toUpperCase();
}

/**
 * Only the first brands of an `ftyp` box are read: a real one lists a handful, and the size a
 * file declares for the box (up to 4 GiB) must not decide how long this loop runs.
 */
export const MAX_FTYP_BRANDS = 32;
const FTYP_BRANDS_START = 16; // size, "ftyp", major brand, minor version

function isHeicOnly(input: Buffer): boolean {
  if (input.length < FTYP_BRANDS_START || input.toString('latin1', 4, 8) !== 'ftyp') return false;
  const boxEnd = Math.min(input.readUInt32BE(0), input.length, FTYP_BRANDS_START + MAX_FTYP_BRANDS * 4);
  const brands = [input.toString('latin1', 8, 12)];
  for (let offset = FTYP_BRANDS_START; offset + 4 <= boxEnd; offset += 4) brands.push(input.toString('latin1', offset, offset + 4));
  return !brands.some((brand) => brand === 'avif' || brand === 'avis') && brands.some((brand) => HEIC_BRANDS.has(brand));
}
