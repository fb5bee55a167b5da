-- AlterTable
ALTER TABLE "identifications" ADD COLUMN     "review_common_name" TEXT,
ADD COLUMN     "review_note" TEXT,
ADD COLUMN     "review_scientific_name" TEXT,
ADD COLUMN     "review_verdict" TEXT,
ADD COLUMN     "reviewed_at" TIMESTAMP(3),
ADD COLUMN     "reviewed_by" TEXT;

-- CreateTable
CREATE TABLE "identification_reports" (
    "id" UUID NOT NULL,
    "identification_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "suggested_name" TEXT,
    "model" TEXT,
    "reporter_user_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMP(3),
    "resolved_by" TEXT,

    CONSTRAINT "identification_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "identification_reports_resolved_at_created_at_idx" ON "identification_reports"("resolved_at", "created_at");

-- CreateIndex
CREATE INDEX "identification_reports_identification_id_idx" ON "identification_reports"("identification_id");

-- CreateIndex
CREATE INDEX "identifications_user_id_review_verdict_idx" ON "identifications"("user_id", "review_verdict");

-- AddForeignKey
ALTER TABLE "identification_reports" ADD CONSTRAINT "identification_reports_identification_id_fkey" FOREIGN KEY ("identification_id") REFERENCES "identifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;
