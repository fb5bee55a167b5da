import { describe, expect, it } from 'vitest';
import { type ExifFacts, NO_EXIF } from './photo-exif';
import { type PlacementSettings, placePhoto, zoneOffsetAtWallTime } from './photo-placement';

const BATCH: PlacementSettings = { latitude: null, longitude: null, uncertaintyMeters: null, timezone: null, clockOffsetSeconds: 0 };
const taken = (localTime: string, utcOffsetMinutes: number | null = null): ExifFacts => ({ ...NO_EXIF, localTime, utcOffsetMinutes });

describe(placePhoto.name, () => {
  it('reads the EXIF time in its own offset, before the batch’s zone', () => {
    const placed = placePhoto(taken('2026-07-03T06:10:42', 120), { ...BATCH, timezone: 'America/New_York' });
    expect(placed.capturedAt).toEqual(new Date('2026-07-03T04:10:42Z'));
    expect(placed.capturedUtcOffsetMinutes).toBe(120);
  });

  it('reads a time without offset in the batch’s zone (summer and winter), else as UTC', () => {
    const amsterdam = { ...BATCH, timezone: 'Europe/Amsterdam' };
    expect(placePhoto(taken('2026-07-03T06:10:00'), amsterdam).capturedAt).toEqual(new Date('2026-07-03T04:10:00Z'));
    expect(placePhoto(taken('2026-01-03T06:10:00'), amsterdam).capturedAt).toEqual(new Date('2026-01-03T05:10:00Z'));
    expect(placePhoto(taken('2026-01-03T06:10:00'), BATCH)).toMatchObject({ capturedAt: new Date('2026-01-03T06:10:00Z'), capturedUtcOffsetMinutes: 0 });
  });

  it('corrects the camera clock by the batch’s clock offset', () => {
    expect(placePhoto(taken('2026-07-03T06:10:00', 0), { ...BATCH, clockOffsetSeconds: -3_600 }).capturedAt).toEqual(new Date('2026-07-03T05:10:00Z'));
  });

  it('gives a photo without EXIF the batch’s location (with its uncertainty and country) and no time', () => {
    const placed = placePhoto(NO_EXIF, { ...BATCH, latitude: 52.1, longitude: 4.3, uncertaintyMeters: 250 });
    expect(placed).toEqual({
      capturedAt: null,
      capturedUtcOffsetMinutes: null,
      latitude: 52.1,
      longitude: 4.3,
      uncertaintyMeters: 250,
      country: 'NL',
      promptContext: 'Taken near 52.10° N, 4.30° E, in the Netherlands.',
    });
    expect(placePhoto(NO_EXIF, BATCH)).toMatchObject({ latitude: null, country: null, promptContext: null });
  });

  it('prefers the photo’s GPS position to the batch’s location', () => {
    const placed = placePhoto({ ...NO_EXIF, latitude: -1.29, longitude: 36.82 }, { ...BATCH, latitude: 52.1, longitude: 4.3, uncertaintyMeters: 250 });
    expect(placed).toMatchObject({ latitude: -1.29, longitude: 36.82, uncertaintyMeters: null, country: 'KE' });
  });
});

describe(zoneOffsetAtWallTime.name, () => {
  it('settles on the offset in force at the wall time, on both sides of a clock change', () => {
    expect(zoneOffsetAtWallTime('Europe/Amsterdam', Date.parse('2026-03-29T01:30:00Z'))).toBe(60);
    expect(zoneOffsetAtWallTime('Europe/Amsterdam', Date.parse('2026-03-29T03:30:00Z'))).toBe(120);
    expect(zoneOffsetAtWallTime('Asia/Kolkata', Date.parse('2026-06-01T12:00:00Z'))).toBe(330);
  });
});
