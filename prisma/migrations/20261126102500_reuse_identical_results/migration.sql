-- CreateIndex
CREATE INDEX "identifications_image_sha256_model_idx" ON "identifications"("image_sha256", "model");
