-- AlterTable
ALTER TABLE "identifications" ADD COLUMN     "completion_tokens" INTEGER,
ADD COLUMN     "cost_usd" DECIMAL(12,8),
ADD COLUMN     "partial" JSONB,
ADD COLUMN     "prompt_tokens" INTEGER;
