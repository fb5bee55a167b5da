import { Injectable } from '@nestjs/common';
import { BATCH_REMAINING_SQL, PrismaService } from '@wildid/common';

// Who is served before a queued identification, after the identify queue's order: single uploads
// (no priority) first in, first out; then batch photos already in the queue, in the order they were
// fed; then held-back batch photos, which the feeder hands over one user's slice after another's, so
// every other user with held-back photos gets about as many turns as come before this one in its own.
const AHEAD = `
  WITH target AS (
    SELECT id, user_id, batch_id, created_at, enqueued_at FROM identifications WHERE id = $1 AND status = 'queued'
  ),
  singles AS (
    SELECT count(*) AS n FROM identifications i, target t
    WHERE i.status = 'queued' AND i.batch_id IS NULL AND (t.batch_id IS NOT NULL OR (i.created_at, i.id) < (t.created_at, t.id))
  ),
  fed AS (
    SELECT count(*) AS n FROM identifications i, target t
    WHERE t.batch_id IS NOT NULL AND i.status = 'queued' AND i.batch_id IS NOT NULL AND i.enqueued_at IS NOT NULL
      AND (t.enqueued_at IS NULL OR (i.enqueued_at, i.created_at, i.id) < (t.enqueued_at, t.created_at, t.id))
  ),
  own_held AS (
    SELECT count(*) AS n FROM identifications i, target t
    WHERE t.batch_id IS NOT NULL AND t.enqueued_at IS NULL AND i.user_id = t.user_id AND i.status = 'queued'
      AND i.batch_id IS NOT NULL AND i.enqueued_at IS NULL AND (i.created_at, i.id) < (t.created_at, t.id)
  ),
  others_held AS (
    SELECT coalesce(sum(LEAST(per_user.n, own_held.n + 1)), 0) AS n
    FROM own_held, target t, LATERAL (
      SELECT count(*) AS n FROM identifications i
      WHERE t.enqueued_at IS NULL AND t.batch_id IS NOT NULL AND i.status = 'queued' AND i.batch_id IS NOT NULL
        AND i.enqueued_at IS NULL AND i.user_id <> t.user_id
      GROUP BY i.user_id
    ) per_user
  )
  SELECT (singles.n + fed.n + own_held.n + others_held.n)::int AS ahead FROM target, singles, fed, own_held, others_held`;

/** The counting behind queue positions and ETAs: one statement each, over unfinished rows only. */
@Injectable()
export class QueueOutlookStore {
  constructor(private readonly prisma: PrismaService) {}

  /** Identifications served before this queued one; null when it is not queued. */
  async ahead(identificationId: string): Promise<number | null> {
    const { rows } = await this.prisma.pool.query<{ ahead: number }>(AHEAD, [identificationId]);
    return rows[0]?.ahead ?? null;
  }

  /** The batch's unfinished photos, and the jobs done by the time its last one is. */
  async batchRemaining(batchId: string): Promise<{ mine: number; jobs: number }> {
    const { rows } = await this.prisma.pool.query<{ mine: number; jobs: number }>(BATCH_REMAINING_SQL, [batchId]);
    return rows[0]!;
  }
}
