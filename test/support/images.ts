import { randomInt } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

// Salted per test file: identical photos get an earlier result reused, so files must not share photos by accident.
const FILE_SALT = randomInt(1, 2 ** 30);

/** A photo-like JPEG: a gradient with noise, distinct per seed (and per test file). */
export async function makeJpeg(options: { width?: number; height?: number; seed?: number; exif?: boolean } = {}): Promise<Buffer> {
  const { width = 640, height = 480, seed = 1 } = options;
  const raw = Buffer.alloc(width * height * 3);
  let state = (seed * 2654435761 + FILE_SALT) >>> 0;
  for (let i = 0; i < raw.length; i += 3) {
    state = (state * 1103515245 + 12345) >>> 0;
    const pixel = i / 3;
    const x = pixel % width;
    const y = Math.floor(pixel / width);
    raw[i] = (x * 255) / width + (state & 15);
    raw[i + 1] = (y * 255) / height + ((state >> 4) & 15);
    raw[i + 2] = ((seed * 37) % 200) + ((state >> 8) & 31);
  }
  let image = sharp(raw, { raw: { width, height, channels: 3 } });
  if (options.exif) {
    image = image.withExif({
      IFD0: { Make: 'TestCam', Model: 'WildID fixture', ImageDescription: 'secret-location-marker' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    });
  }
  return image.jpeg({ quality: 85 }).toBuffer();
}

export function makeImageAs(format: 'png' | 'webp' | 'avif' | 'gif' | 'tiff', width = 320, height = 240): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#4a7c3a' } })
    .toFormat(format)
    .toBuffer();
}

export function makeSvg(): Buffer {
  return Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
}

/** A HEIC file header (ftyp box with the heic brand); enough for content sniffing. */
export function makeHeicHeader(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, Buffer.alloc(200, 7)]);
}

/** A tiny valid PNG whose header declares width × height (a decompression bomb). */
export function makePngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A trail camera's small photo whose EXIF says when it was taken ("2026:07:03 06:10:00", with `offset` such as "+02:00" when given). */
export async function trailCameraPhoto(seed: number, takenAt: string, offset?: string): Promise<Buffer> {
  return sharp(await makeJpeg({ seed, width: 80, height: 60 }))
    .withExif({ IFD0: { Make: 'TrailCam' }, IFD2: { DateTimeOriginal: takenAt, ...(offset ? { OffsetTimeOriginal: offset } : {}) } })
    .jpeg()
    .toBuffer();
}
