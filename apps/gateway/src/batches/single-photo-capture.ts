import type { CaptureRecord } from '../identifications/identification.store';
import { readExifFacts } from './photo-exif';
import { type PlacementSettings, placePhoto } from './photo-placement';

/** A single upload belongs to no batch: no place, zone or clock offset to fall back on. */
const NO_BATCH: PlacementSettings = { latitude: null, longitude: null, uncertaintyMeters: null, timezone: null, clockOffsetSeconds: 0 };

/** The time and place a single upload's own EXIF gives (asked for with `useExif=true`), read as batch photos' are. */
export function singlePhotoCapture(sourceExif: Buffer | undefined): CaptureRecord {
  const exif = readExifFacts(sourceExif);
  return { exif, placement: placePhoto(exif, NO_BATCH) };
}
