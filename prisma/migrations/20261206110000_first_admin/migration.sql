-- One founder per team, enforced by a unique index: the first member of a team is inserted
-- with founder = true (and the admin role) in a single INSERT that a second first member
-- cannot also win. Everybody else has NULL, which the index does not compare.
-- AlterTable
ALTER TABLE "member" ADD COLUMN "founder" BOOLEAN;

-- Backfill: each existing team's founder is its earliest member.
UPDATE "member" SET "founder" = true
WHERE "id" IN (SELECT min("id") FROM "member" GROUP BY "team_id");

-- CreateIndex
CREATE UNIQUE INDEX "member_team_id_founder_key" ON "member"("team_id", "founder");
