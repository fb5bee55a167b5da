-- AlterTable
ALTER TABLE "identifications" ADD COLUMN     "enqueued_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "identifications_status_enqueued_at_idx" ON "identifications"("status", "enqueued_at");
