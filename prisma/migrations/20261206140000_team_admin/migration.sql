-- CreateEnum
CREATE TYPE "JoinMode" AS ENUM ('open', 'approval');

-- CreateEnum
CREATE TYPE "MemberStatus" AS ENUM ('active', 'pending', 'removed');

-- AlterTable
ALTER TABLE "team" ADD COLUMN "join_mode" "JoinMode" NOT NULL DEFAULT 'open',
ADD COLUMN "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "welcomed_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "member" ADD COLUMN "status" "MemberStatus" NOT NULL DEFAULT 'active',
ADD COLUMN "username" TEXT,
ADD COLUMN "last_active_at" TIMESTAMP(3),
ADD COLUMN "removed_at" TIMESTAMP(3),
ADD COLUMN "left_how" TEXT,
ADD COLUMN "waiting_command" JSONB;

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "member_id" INTEGER,
    "action" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_entry_team_id_created_at_idx" ON "audit_entry"("team_id", "created_at");

-- AddForeignKey
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Teams that already exist have been set up.
UPDATE "team" SET "welcomed_at" = "created_at";
