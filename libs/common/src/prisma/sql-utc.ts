/**
 * Prisma keeps every DateTime as a UTC wall time in a `timestamp(3)` column.
 * Hand-written statements read and write those columns through these, so
 * they agree with Prisma whatever the time zone of the database session.
 */

/** A Date parameter: bind `date.toISOString()` (an instant) at position n. */
export function utcParam(position: number): string {
  return `($${position}::timestamptz AT TIME ZONE 'UTC')`;
}

/** A column read back as an instant, which node-postgres turns into the right Date. */
export function utcColumn(column: string, alias: string): string {
  return `${column} AT TIME ZONE 'UTC' AS "${alias}"`;
}
