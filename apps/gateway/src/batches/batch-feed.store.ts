import { Injectable } from '@nestjs/common';
import { PrismaService } from '@wildid/common';

// One feeder at a time per user (gateways race on job completions): a transaction-scoped advisory lock.
const LOCK_USER = `SELECT pg_advisory_xact_lock(hashtextextended('wildid:batch-feed:' || $1, 0))`;

// Read after the lock, so the count of photos in flight is never stale. Oldest held-back photos first.
const CLAIM = `
  UPDATE identifications SET enqueued_at = clock_timestamp()
  WHERE id IN (
    SELECT id FROM identifications
    WHERE user_id = $1 AND batch_id IS NOT NULL AND status = 'queued' AND enqueued_at IS NULL
    ORDER BY created_at, id
    LIMIT GREATEST(0, $2::int - (
      SELECT count(*) FROM identifications
      WHERE user_id = $1 AND batch_id IS NOT NULL AND enqueued_at IS NOT NULL AND status IN ('queued', 'processing'))))
  RETURNING id`;

const RELEASE = `UPDATE identifications SET enqueued_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'queued'`;

const USERS_WAITING = `
  SELECT DISTINCT user_id AS "userId" FROM identifications
  WHERE status = 'queued' AND enqueued_at IS NULL AND batch_id IS NOT NULL AND user_id IS NOT NULL`;

const IN_FLIGHT_QUEUED = `SELECT id FROM identifications WHERE status = 'queued' AND enqueued_at IS NOT NULL AND batch_id IS NOT NULL`;

const BATCH_OWNER = `SELECT user_id AS "userId" FROM identifications WHERE id = $1 AND batch_id IS NOT NULL`;

/** Which batch photos are in the identify queue (enqueued_at set) and which are held back. */
@Injectable()
export class BatchFeedStore {
  constructor(private readonly prisma: PrismaService) {}

  /** Marks up to `cap` minus those in flight of the user's held-back photos as enqueued; returns their ids. */
  async claim(userId: string, cap: number): Promise<string[]> {
    const client = await this.prisma.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(LOCK_USER, [userId]);
      const { rows } = await client.query<{ id: string }>(CLAIM, [userId, cap]);
      await client.query('COMMIT');
      return rows.map((row) => row.id);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Photos whose job could not be added go back to being held back. */
  async release(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.prisma.pool.query(RELEASE, [ids]);
  }

  async usersWaiting(): Promise<string[]> {
    const { rows } = await this.prisma.pool.query<{ userId: string }>(USERS_WAITING);
    return rows.map((row) => row.userId);
  }

  /** Batch photos marked enqueued but not yet started: their jobs, in case Redis lost them. */
  async inFlightQueued(): Promise<string[]> {
    const { rows } = await this.prisma.pool.query<{ id: string }>(IN_FLIGHT_QUEUED);
    return rows.map((row) => row.id);
  }

  /** The owner of a batch photo; null for single uploads and unknown ids. */
  async batchPhotoOwner(id: string): Promise<string | null> {
    const { rows } = await this.prisma.pool.query<{ userId: string }>(BATCH_OWNER, [id]);
    return rows[0]?.userId ?? null;
  }
}
