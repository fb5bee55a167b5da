import { createHash, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import type { Socket } from 'socket.io';
import { type FloorRow, IDENTIFICATION_EVENT, roomOf, viewOf } from './schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ROOMS = 100;
const SELECT_SQL = 'SELECT id, status, result, error_code, created_ms, completed_ms, access_token_hash FROM floor.identifications WHERE id = $1';

type Ack = (response: { ok: true } | { ok: false; error: string }) => void;

/**
 * `subscribe` { id, accessToken }: check the token, join the room, send the current
 * state. A finished identification needs no room. Otherwise the state is read again
 * after joining, so a change between the check and the join is not lost (the app's rule).
 */
export async function handleSubscribe(pool: Pool, socket: Socket, body: unknown, ack: unknown): Promise<void> {
  if (typeof ack !== 'function') return;
  const reply = ack as Ack;
  const { id, accessToken } = (body ?? {}) as { id?: unknown; accessToken?: unknown };
  if (typeof id !== 'string' || typeof accessToken !== 'string' || accessToken.length > 128) {
    return reply({ ok: false, error: 'subscribe needs { id, accessToken }' });
  }
  // Like the app: identification rooms count (not the socket's own room), at most 100 per connection.
  if (!socket.rooms.has(roomOf(id)) && socket.rooms.size - 1 >= MAX_ROOMS) return reply({ ok: false, error: 'too many subscriptions' });
  try {
    const row = UUID.test(id) ? await readRow(pool, id) : undefined;
    if (!row || !tokenMatches(accessToken, row.access_token_hash)) return reply({ ok: false, error: 'not found' });
    let current: FloorRow | undefined = row;
    if (row.status !== 'completed' && row.status !== 'failed') {
      await socket.join(roomOf(id));
      current = await readRow(pool, id);
    }
    reply({ ok: true });
    if (current) socket.emit(IDENTIFICATION_EVENT, viewOf(current));
  } catch {
    reply({ ok: false, error: 'temporarily unavailable, try again' });
  }
}

async function readRow(pool: Pool, id: string): Promise<(FloorRow & { access_token_hash: string }) | undefined> {
  const { rows } = await pool.query<FloorRow & { access_token_hash: string }>(SELECT_SQL, [id]);
  return rows[0];
}

function tokenMatches(token: string, storedHash: string): boolean {
  const actual = createHash('sha256').update(token).digest();
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
