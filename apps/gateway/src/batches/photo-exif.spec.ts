import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { NO_EXIF, readExifFacts } from './photo-exif';

/** The EXIF block sharp reads from a JPEG written with these tags, as the gateway gets it before stripping. */
async function exifOf(tags: Record<string, Record<string, string>>): Promise<Buffer | undefined> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).withExif(tags).jpeg().toBuffer();
  return (await sharp(jpeg).metadata()).exif;
}

describe(readExifFacts.name, () => {
  it('reads DateTimeOriginal as the camera’s wall time, its offset, and the GPS position (south and west negative)', async () => {
    const exif = await exifOf({
      IFD2: { DateTimeOriginal: '2026:07:03 06:10:42', OffsetTimeOriginal: '-03:30' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '33/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '70/1 6/1 0/1' },
    });
    expect(readExifFacts(exif)).toEqual({ localTime: '2026-07-03T06:10:42', utcOffsetMinutes: -210, latitude: -33.5, longitude: -70.1 });
  });

  it('leaves out what is missing or meaningless: no offset, a 0,0 position', async () => {
    const exif = await exifOf({
      IFD2: { DateTimeOriginal: '2026:07:03 06:10:42' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '0/1 0/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '0/1 0/1 0/1' },
    });
    expect(readExifFacts(exif)).toEqual({ localTime: '2026-07-03T06:10:42', utcOffsetMinutes: null, latitude: null, longitude: null });
  });

  it('yields no facts, never an error, for no block or a damaged one', () => {
    expect(readExifFacts(undefined)).toEqual(NO_EXIF);
    expect(readExifFacts(Buffer.from('Exif\0\0not really tiff'))).toEqual(NO_EXIF);
  });
});
