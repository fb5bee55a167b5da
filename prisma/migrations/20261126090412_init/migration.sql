-- CreateEnum
CREATE TYPE "IdentificationStatus" AS ENUM ('queued', 'processing', 'completed', 'failed');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identifications" (
    "id" UUID NOT NULL,
    "user_id" UUID,
    "access_token_hash" TEXT NOT NULL,
    "status" "IdentificationStatus" NOT NULL DEFAULT 'queued',
    "image_sha256" TEXT NOT NULL,
    "model" TEXT,
    "result" JSONB,
    "error_code" TEXT,
    "error_message" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "completed_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3),

    CONSTRAINT "identifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identification_images" (
    "identification_id" UUID NOT NULL,
    "bytes" BYTEA NOT NULL,
    "mime_type" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,

    CONSTRAINT "identification_images_pkey" PRIMARY KEY ("identification_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "identifications_user_id_created_at_idx" ON "identifications"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "identifications_expires_at_idx" ON "identifications"("expires_at");

-- AddForeignKey
ALTER TABLE "identifications" ADD CONSTRAINT "identifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identification_images" ADD CONSTRAINT "identification_images_identification_id_fkey" FOREIGN KEY ("identification_id") REFERENCES "identifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;
