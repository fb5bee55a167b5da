-- AlterTable
ALTER TABLE "identifications" ADD COLUMN     "normalized_at" TIMESTAMP(3),
ADD COLUMN     "parsed_at" TIMESTAMP(3),
ADD COLUMN     "received_at" TIMESTAMP(3);
