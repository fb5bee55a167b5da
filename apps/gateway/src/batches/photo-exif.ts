import exifReader from 'exif-reader';

/** What a photo's EXIF says about when and where it was taken (read before the metadata is stripped). */
export interface ExifFacts {
  /** The camera's wall-clock time, ISO without a zone: `2026-07-03T06:10:42`. */
  localTime: string | null;
  /** OffsetTimeOriginal in minutes east of UTC, when the camera wrote one. */
  utcOffsetMinutes: number | null;
  latitude: number | null;
  longitude: number | null;
}

export const NO_EXIF: ExifFacts = { localTime: null, utcOffsetMinutes: null, latitude: null, longitude: null };

/** Reads the EXIF block sharp found in the original file; a missing or damaged block yields no facts, never an error. */
export function readExifFacts(exif: Buffer | undefined): ExifFacts {
  if (!exif) return NO_EXIF;
  let tags: exifReader.Exif;
  try {
    tags = exifReader(exif);
  } catch {
    return NO_EXIF;
  }
  const taken = tags.Photo?.DateTimeOriginal ?? tags.Photo?.DateTimeDigitized;
  const position = gpsPosition(tags.GPSInfo);
  return {
    // exif-reader reads the zone-less EXIF time as if it were UTC: its ISO form is the camera's wall time.
    localTime: taken instanceof Date && !Number.isNaN(taken.getTime()) ? taken.toISOString().slice(0, 19) : null,
    utcOffsetMinutes: offsetMinutes(tags.Photo?.OffsetTimeOriginal ?? tags.Photo?.OffsetTime),
    latitude: position?.latitude ?? null,
    longitude: position?.longitude ?? null,
  };
}

/** `+02:00` → 120; anything else → null. */
function offsetMinutes(value: unknown): number | null {
  const match = typeof value === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(value.trim()) : null;
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return minutes > 14 * 60 ? null : (match[1] === '-' ? -minutes : minutes);
}

function gpsPosition(gps: exifReader.Exif['GPSInfo']): { latitude: number; longitude: number } | null {
  const latitude = degrees(gps?.GPSLatitude, gps?.GPSLatitudeRef, 'S');
  const longitude = degrees(gps?.GPSLongitude, gps?.GPSLongitudeRef, 'W');
  if (latitude === null || longitude === null || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  // 0,0 is what cameras without a fix often write.
  if (latitude === 0 && longitude === 0) return null;
  return { latitude, longitude };
}

function degrees(parts: number[] | undefined, ref: string | undefined, negative: string): number | null {
  if (!Array.isArray(parts) || parts.length !== 3 || !parts.every(Number.isFinite)) return null;
  const value = parts[0]! + parts[1]! / 60 + parts[2]! / 3600;
  return ref?.trim().toUpperCase() === negative ? -value : value;
}
