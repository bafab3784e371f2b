-- Segment-compatible tracking (POST /v1/batch and friends): source mappings per team, the raw
-- name of a tracked event, aliases of leads, anonymous activity waiting for identify, and what
-- /sources lists.

-- AlterTable
ALTER TABLE "team" ADD COLUMN "source_mappings" JSONB;

-- AlterTable
ALTER TABLE "event" ADD COLUMN "name" TEXT;

-- CreateTable
CREATE TABLE "lead_alias" (
    "team_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "lead_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lead_alias_pkey" PRIMARY KEY ("team_id","kind","value")
);

-- CreateTable
CREATE TABLE "anonymous_event" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "anonymous_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "external_id" TEXT,
    "payload" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "anonymous_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracking_source" (
    "team_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "library" TEXT NOT NULL,
    "api_key_id" INTEGER,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "tracking_source_pkey" PRIMARY KEY ("team_id","key")
);

-- CreateTable
CREATE TABLE "seen_name" (
    "team_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "last_seen_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "seen_name_pkey" PRIMARY KEY ("team_id","name")
);

-- CreateIndex
CREATE INDEX "lead_alias_lead_id_idx" ON "lead_alias"("lead_id");

-- CreateIndex
CREATE UNIQUE INDEX "anonymous_event_team_id_external_id_key" ON "anonymous_event"("team_id", "external_id");

-- CreateIndex
CREATE INDEX "anonymous_event_team_id_anonymous_id_idx" ON "anonymous_event"("team_id", "anonymous_id");

-- CreateIndex
CREATE INDEX "seen_name_team_id_count_idx" ON "seen_name"("team_id", "count");

-- AddForeignKey
ALTER TABLE "lead_alias" ADD CONSTRAINT "lead_alias_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead_alias" ADD CONSTRAINT "lead_alias_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "anonymous_event" ADD CONSTRAINT "anonymous_event_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking_source" ADD CONSTRAINT "tracking_source_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seen_name" ADD CONSTRAINT "seen_name_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
