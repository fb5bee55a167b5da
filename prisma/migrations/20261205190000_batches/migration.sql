-- Batches: many photos uploaded together (a trip's, a camera trap's card). Their photos are
-- identifications with batch_id set, deleted with the batch.
CREATE TABLE "batches" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "uncertainty_meters" DOUBLE PRECISION,
    "timezone" TEXT,
    "clock_offset_seconds" INTEGER NOT NULL DEFAULT 0,
    "use_exif" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "batches_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "batches_user_id_created_at_idx" ON "batches"("user_id", "created_at" DESC);

ALTER TABLE "batches" ADD CONSTRAINT "batches_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Per photo: its batch and file, what its EXIF said (kept so a batch's timezone or clock offset can
-- change later), the capture time and place derived from it, its country, its event (burst) and the
-- sentence of context given to the model. All null for single uploads.
ALTER TABLE "identifications"
ADD COLUMN "batch_id" UUID,
ADD COLUMN "file_name" TEXT,
ADD COLUMN "file_sha256" TEXT,
ADD COLUMN "exif_local_time" TEXT,
ADD COLUMN "exif_utc_offset_minutes" INTEGER,
ADD COLUMN "exif_latitude" DOUBLE PRECISION,
ADD COLUMN "exif_longitude" DOUBLE PRECISION,
ADD COLUMN "captured_at" TIMESTAMP(3),
ADD COLUMN "captured_utc_offset_minutes" INTEGER,
ADD COLUMN "latitude" DOUBLE PRECISION,
ADD COLUMN "longitude" DOUBLE PRECISION,
ADD COLUMN "location_uncertainty_meters" DOUBLE PRECISION,
ADD COLUMN "country" TEXT,
ADD COLUMN "event_id" UUID,
ADD COLUMN "prompt_context" TEXT;

CREATE INDEX "identifications_batch_id_captured_at_idx" ON "identifications"("batch_id", "captured_at");

-- The same file twice in one batch is stored once (NULLs, i.e. single uploads, never conflict).
CREATE UNIQUE INDEX "identifications_batch_id_file_sha256_key" ON "identifications"("batch_id", "file_sha256");

ALTER TABLE "identifications" ADD CONSTRAINT "identifications_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;
