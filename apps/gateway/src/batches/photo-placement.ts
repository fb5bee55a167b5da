import { iso1A2Code } from '@rapideditor/country-coder';
import { captureContext } from './capture-context';
import type { ExifFacts } from './photo-exif';

/** The batch settings that decide a photo's time and place. */
export interface PlacementSettings {
  latitude: number | null;
  longitude: number | null;
  uncertaintyMeters: number | null;
  timezone: string | null;
  clockOffsetSeconds: number;
}

/** When and where a photo was taken, as stored on its identification. */
export interface Placement {
  capturedAt: Date | null;
  /** Minutes east of UTC of the local time at capturedAt (the camera's zone). */
  capturedUtcOffsetMinutes: number | null;
  latitude: number | null;
  longitude: number | null;
  uncertaintyMeters: number | null;
  /** ISO 3166-1 alpha-2, looked up offline. */
  country: string | null;
  /** The sentence given to the model; null when neither time nor place is known. */
  promptContext: string | null;
}

/**
 * Derives a photo's time and place from its EXIF and its batch: the EXIF time in its own
 * offset, else in the batch's time zone (else taken as UTC), corrected by the clock offset;
 * the photo's GPS position, else the batch's location.
 */
export function placePhoto(exif: ExifFacts, batch: PlacementSettings): Placement {
  const time = captureTime(exif, batch);
  const fromGps = exif.latitude !== null && exif.longitude !== null;
  const latitude = fromGps ? exif.latitude : batch.latitude;
  const longitude = fromGps ? exif.longitude : batch.longitude;
  const country = latitude !== null && longitude !== null ? iso1A2Code([longitude, latitude]) : null;
  return {
    capturedAt: time?.at ?? null,
    capturedUtcOffsetMinutes: time?.offsetMinutes ?? null,
    latitude,
    longitude,
    uncertaintyMeters: fromGps ? null : batch.uncertaintyMeters,
    country,
    promptContext: captureContext({ time, latitude, longitude, country }),
  };
}

function captureTime(exif: ExifFacts, batch: PlacementSettings): { at: Date; offsetMinutes: number } | null {
  if (!exif.localTime) return null;
  const wall = Date.parse(`${exif.localTime}Z`);
  if (Number.isNaN(wall)) return null;
  const offsetMinutes = exif.utcOffsetMinutes ?? (batch.timezone ? zoneOffsetAtWallTime(batch.timezone, wall) : 0);
  return { at: new Date(wall - offsetMinutes * 60_000 + batch.clockOffsetSeconds * 1000), offsetMinutes };
}

/** The zone's UTC offset (minutes) in force at a wall-clock time given as if it were UTC. */
export function zoneOffsetAtWallTime(timezone: string, wallAsUtc: number): number {
  // The offset at the wall time read as UTC is off by at most one transition: a second pass settles it.
  const first = zoneOffsetAt(timezone, wallAsUtc);
  return zoneOffsetAt(timezone, wallAsUtc - first * 60_000);
}

function zoneOffsetAt(timezone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}
