/**
 * An instant as ISO 8601 with the UTC offset the camera saw it in (`2026-07-03T06:10:00+02:00`), or in UTC with `Z`
 * when the offset is unknown. Whole seconds: camera times have no fractions, and Camtrap DP's `%S` takes none.
 */
export function isoWithOffset(instant: Date, offsetMinutes: number | null = null): string {
  const offset = offsetMinutes ?? 0;
  const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${offsetMinutes === null ? 'Z' : offsetText(offset)}`;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const whole = Math.abs(minutes);
  return `${sign}${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}
