-- Why the team's alerts and digests are refused for good by their chat (bot removed, channel
-- gone), and since when; null while they arrive. Set at most once per outage, so the admins
-- are told once (src/store/delivery-problem.repository.ts).
-- AlterTable
ALTER TABLE "team" ADD COLUMN "delivery_problem" TEXT,
ADD COLUMN "delivery_problem_at" TIMESTAMP(3);
