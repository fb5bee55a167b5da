-- AlterTable
ALTER TABLE "identifications" ADD COLUMN     "model_finished_at" TIMESTAMP(3),
ADD COLUMN     "model_latency_ms" INTEGER,
ADD COLUMN     "model_started_at" TIMESTAMP(3),
ADD COLUMN     "total_tokens" INTEGER;

-- CreateIndex
CREATE INDEX "identifications_completed_at_idx" ON "identifications"("completed_at" DESC);
