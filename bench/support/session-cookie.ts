import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { BenchDatabase } from './database';

/** A user and a session made straight in the database (the bench runs no mailer), in the gateway's signed cookie. */
export async function signedInUser(database: BenchDatabase, secretKey: string): Promise<{ userId: string; cookie: string }> {
  const userId = randomUUID();
  const token = randomBytes(32).toString('base64url');
  await database.query(`INSERT INTO users (id, email) VALUES ($1, $2)`, [userId, `bench-${userId}@example.org`]);
  await database.query(`INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`, [
    createHash('sha256').update(token).digest('hex'),
    userId,
  ]);
  // cookie-parser's signed form: s:<value>.<base64 HMAC-SHA256, no padding>.
  const signature = createHmac('sha256', secretKey).update(token).digest('base64').replace(/=+$/, '');
  return { userId, cookie: `wildid_session=${encodeURIComponent(`s:${token}.${signature}`)}` };
}
