-- DropIndex
DROP INDEX "identifications_user_id_created_at_idx";

-- CreateIndex
CREATE INDEX "identifications_user_id_created_at_id_idx" ON "identifications"("user_id", "created_at" DESC, "id" DESC);

-- Batch exports page in capture order, photos without a capture time last (apps/gateway/src/exports/export.store.ts):
-- the keyset needs the same expression in an index, or every page scans the batch from its start.
CREATE INDEX "identifications_batch_id_taken_key_idx" ON "identifications"("batch_id", (COALESCE("captured_at", 'infinity'::timestamp)), "created_at", "id");
