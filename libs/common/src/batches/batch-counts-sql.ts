/**
 * A batch's counts (BatchCounts) in one statement, $1 = batch id: read by the gateway's batch view
 * and by the workers' `batch` events, so both always count alike.
 */
export const BATCH_COUNTS_SQL = `
  SELECT count(*)::int AS total,
    count(*) FILTER (WHERE status = 'queued')::int AS queued,
    count(*) FILTER (WHERE status = 'processing')::int AS processing,
    count(*) FILTER (WHERE status = 'completed')::int AS completed,
    count(*) FILTER (WHERE status = 'failed')::int AS failed,
    count(*) FILTER (WHERE status = 'completed' AND result->>'isAnimal' = 'false')::int AS "noAnimal"
  FROM identifications WHERE batch_id = $1`;

/**
 * For a batch's ETA, $1 = batch id: its unfinished photos (`mine`) and the identify jobs done by the time
 * its last one is (`jobs`). Under the fair share each other user's batch work has had as many turns as
 * this batch's unfinished photos by then (or finished), and every unfinished single upload went first.
 */
export const BATCH_REMAINING_SQL = `
  WITH mine AS (
    SELECT count(*) AS n FROM identifications WHERE batch_id = $1 AND status IN ('queued', 'processing')
  ),
  per_user AS (
    SELECT count(*) AS n FROM identifications
    WHERE batch_id IS NOT NULL AND batch_id <> $1 AND status IN ('queued', 'processing') GROUP BY user_id
  )
  SELECT mine.n::int AS mine,
    (mine.n + coalesce((SELECT sum(LEAST(per_user.n, mine.n)) FROM per_user), 0)
      + (SELECT count(*) FROM identifications WHERE batch_id IS NULL AND status IN ('queued', 'processing')))::int AS jobs
  FROM mine`;

/** A batch's ETA from BATCH_REMAINING_SQL's row and the measured rate; undefined when nothing is left or no rate is known. */
export function batchEtaOf(remaining: { mine: number; jobs: number } | undefined, rate: number | null): { seconds: number } | undefined {
  if (!remaining || remaining.mine === 0 || !rate || rate <= 0) return undefined;
  return { seconds: Math.ceil(remaining.jobs / rate) };
}
