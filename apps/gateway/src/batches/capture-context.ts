// Country names that read with "the" in English ("in the Netherlands").
const WITH_ARTICLE = new Set(['BS', 'CF', 'DO', 'GB', 'GM', 'KM', 'KY', 'MH', 'MV', 'NL', 'PH', 'SB', 'SC', 'TC', 'US', 'VA', 'VG', 'VI', 'AE']);
const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
const DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export interface CaptureFacts {
  time: { at: Date; offsetMinutes: number } | null;
  latitude: number | null;
  longitude: number | null;
  country: string | null;
}

/**
 * The sentence about time and place the model gets with the photo, in the photo's local
 * time: "Taken on 3 July 2026 around 06:10, near 52.10° N, 4.30° E, in the Netherlands."
 * Null when neither is known.
 */
export function captureContext(facts: CaptureFacts): string | null {
  const parts: string[] = [];
  if (facts.time) {
    const local = new Date(facts.time.at.getTime() + facts.time.offsetMinutes * 60_000);
    parts.push(`on ${DATE.format(local)} around ${TIME.format(local)}`);
  }
  if (facts.latitude !== null && facts.longitude !== null) {
    parts.push(`near ${coordinate(facts.latitude, 'N', 'S')}, ${coordinate(facts.longitude, 'E', 'W')}`);
    if (facts.country) parts.push(`in ${countryName(facts.country)}`);
  }
  return parts.length > 0 ? `Taken ${parts.join(', ')}.` : null;
}

function coordinate(value: number, positive: string, negative: string): string {
  return `${Math.abs(value).toFixed(2)}° ${value < 0 ? negative : positive}`;
}

function countryName(code: string): string {
  const name = COUNTRY_NAMES.of(code) ?? code;
  return WITH_ARTICLE.has(code) ? `the ${name}` : name;
}
