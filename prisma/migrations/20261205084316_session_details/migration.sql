-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "ended_at" TIMESTAMP(3),
ADD COLUMN     "user_agent" TEXT;

-- CreateIndex
CREATE INDEX "sessions_ended_at_idx" ON "sessions"("ended_at");
