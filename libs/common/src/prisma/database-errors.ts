import { Prisma } from './generated/client';

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', '57P01', '57P03']);

/** True when Postgres could not be reached, as opposed to a query that was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === 'P1001' || error.code === 'P1017';
  const candidate = error as { code?: unknown; cause?: unknown; message?: unknown } | null;
  if (!candidate || typeof candidate !== 'object') return false;
  if (typeof candidate.code === 'string' && CONNECTION_ERROR_CODES.has(candidate.code)) return true;
  if (typeof candidate.message === 'string' && /connect|connection terminated|timeout exceeded when trying to connect/i.test(candidate.message)) {
    return true;
  }
  return candidate.cause !== undefined && isDatabaseUnavailable(candidate.cause);
}
