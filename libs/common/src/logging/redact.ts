/** Field names whose values never reach a log line, at any depth (headers, job payloads, nested errors). */
const SECRET_KEYS = new Set(['authorization', 'cookie', 'set-cookie', 'accesstoken', 'token', 'sealedtoken', 'email', 'to', 'password', 'apikey']);
const CENSOR = '[redacted]';
const MAX_DEPTH = 8;

/**
 * pino `formatters.log`: a copy of the line's fields with secrets replaced,
 * however deeply they are nested (pino's own `redact` paths name fixed depths).
 * Objects that are not plain (Errors, Buffers, Dates) pass through untouched.
 */
export function redactSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  return scrub(fields, 0) as Record<string, unknown>;
}

function scrub(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = SECRET_KEYS.has(key.toLowerCase()) ? CENSOR : scrub(field, depth + 1);
  return copy;
}
