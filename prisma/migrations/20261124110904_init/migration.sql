-- CreateEnum
CREATE TYPE "Role" AS ENUM ('rep', 'manager', 'admin');

-- CreateEnum
CREATE TYPE "Framework" AS ENUM ('BANT', 'CHAMP');

-- CreateEnum
CREATE TYPE "Stage" AS ENUM ('new', 'mql', 'sal', 'sql', 'won', 'lost', 'disqualified');

-- CreateEnum
CREATE TYPE "RuleKind" AS ENUM ('event', 'attribute', 'qualification', 'outcome', 'cycle');

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('console', 'slack', 'telegram');

-- CreateEnum
CREATE TYPE "Answer" AS ENUM ('yes', 'no', 'unknown');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'sending', 'sent', 'failed');

-- CreateEnum
CREATE TYPE "PendingStatus" AS ENUM ('pending', 'confirmed', 'cancelled', 'expired');

-- CreateTable
CREATE TABLE "team" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "digest_time" TEXT NOT NULL DEFAULT '09:00',
    "digest_days" TEXT NOT NULL DEFAULT '1-5',
    "digest_channel" TEXT,
    "tiers" JSONB NOT NULL,
    "mql_tier" TEXT NOT NULL DEFAULT 'warm',
    "group_caps" JSONB NOT NULL DEFAULT '{}',
    "framework" "Framework" NOT NULL DEFAULT 'BANT',
    "alert_rearm_margin" INTEGER NOT NULL DEFAULT 10,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_binding" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "platform" "Platform" NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_binding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "platform" "Platform" NOT NULL,
    "external_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'rep',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lead" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "external_id" TEXT,
    "company" TEXT,
    "title" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "owner_id" INTEGER,
    "stage" "Stage" NOT NULL DEFAULT 'new',
    "score" INTEGER NOT NULL DEFAULT 0,
    "tier" TEXT NOT NULL DEFAULT 'cold',
    "next_change_at" TIMESTAMP(3),
    "scored_at" TIMESTAMP(3),
    "last_purchase_at" TIMESTAMP(3),
    "cycle_days" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" "RuleKind" NOT NULL,
    "match" JSONB NOT NULL,
    "points" INTEGER NOT NULL,
    "validity_days" INTEGER,
    "max_count" INTEGER,
    "group" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_change" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "member_id" INTEGER,
    "summary" TEXT NOT NULL,
    "reason" TEXT,
    "before" JSONB NOT NULL,
    "after" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undone_at" TIMESTAMP(3),

    CONSTRAINT "rule_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pending_rule_change" (
    "id" TEXT NOT NULL,
    "team_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    "proposed" JSONB NOT NULL,
    "base" JSONB NOT NULL,
    "status" "PendingStatus" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "resolved_at" TIMESTAMP(3),

    CONSTRAINT "pending_rule_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "lead_id" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'chat',
    "external_id" TEXT,
    "payload" JSONB,
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "qualification" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "lead_id" INTEGER NOT NULL,
    "framework" "Framework" NOT NULL,
    "dimension" TEXT NOT NULL,
    "answer" "Answer" NOT NULL,
    "note" TEXT,
    "captured_by" INTEGER,
    "captured_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "qualification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_log" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "lead_id" INTEGER NOT NULL,
    "member_id" INTEGER,
    "outcome" TEXT NOT NULL,
    "note" TEXT,
    "logged_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "call_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stage_change" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "lead_id" INTEGER NOT NULL,
    "from_stage" "Stage",
    "to_stage" "Stage" NOT NULL,
    "member_id" INTEGER,
    "reason" TEXT,
    "changed_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "stage_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "score_snapshot" (
    "team_id" INTEGER NOT NULL,
    "lead_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "score" INTEGER NOT NULL,
    "tier" TEXT NOT NULL,

    CONSTRAINT "score_snapshot_pkey" PRIMARY KEY ("lead_id","day")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "channel" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dedupe_key" TEXT,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_run" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "run_key" TEXT NOT NULL,
    "team_id" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'running',
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "detail" JSONB,

    CONSTRAINT "job_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "chat_binding_team_id_idx" ON "chat_binding"("team_id");

-- CreateIndex
CREATE UNIQUE INDEX "chat_binding_platform_external_id_key" ON "chat_binding"("platform", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "member_team_id_platform_external_id_key" ON "member"("team_id", "platform", "external_id");

-- CreateIndex
CREATE INDEX "lead_team_id_score_idx" ON "lead"("team_id", "score");

-- CreateIndex
CREATE INDEX "lead_team_id_owner_id_idx" ON "lead"("team_id", "owner_id");

-- CreateIndex
CREATE INDEX "lead_next_change_at_idx" ON "lead"("next_change_at");

-- CreateIndex
CREATE UNIQUE INDEX "lead_team_id_email_key" ON "lead"("team_id", "email");

-- CreateIndex
CREATE UNIQUE INDEX "lead_team_id_phone_key" ON "lead"("team_id", "phone");

-- CreateIndex
CREATE UNIQUE INDEX "lead_team_id_external_id_key" ON "lead"("team_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "rule_team_id_key_key" ON "rule"("team_id", "key");

-- CreateIndex
CREATE INDEX "rule_change_team_id_created_at_idx" ON "rule_change"("team_id", "created_at");

-- CreateIndex
CREATE INDEX "pending_rule_change_team_id_status_idx" ON "pending_rule_change"("team_id", "status");

-- CreateIndex
CREATE INDEX "event_lead_id_occurred_at_idx" ON "event"("lead_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "event_team_id_external_id_key" ON "event"("team_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "qualification_lead_id_framework_dimension_key" ON "qualification"("lead_id", "framework", "dimension");

-- CreateIndex
CREATE INDEX "call_log_lead_id_logged_at_idx" ON "call_log"("lead_id", "logged_at");

-- CreateIndex
CREATE INDEX "call_log_team_id_logged_at_idx" ON "call_log"("team_id", "logged_at");

-- CreateIndex
CREATE INDEX "stage_change_lead_id_changed_at_idx" ON "stage_change"("lead_id", "changed_at");

-- CreateIndex
CREATE INDEX "score_snapshot_team_id_day_idx" ON "score_snapshot"("team_id", "day");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_dedupe_key_key" ON "outbox"("dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_status_next_attempt_at_idx" ON "outbox"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "job_run_job_run_key_key" ON "job_run"("job", "run_key");

-- AddForeignKey
ALTER TABLE "chat_binding" ADD CONSTRAINT "chat_binding_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member" ADD CONSTRAINT "member_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead" ADD CONSTRAINT "lead_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead" ADD CONSTRAINT "lead_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule" ADD CONSTRAINT "rule_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_change" ADD CONSTRAINT "rule_change_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_change" ADD CONSTRAINT "rule_change_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pending_rule_change" ADD CONSTRAINT "pending_rule_change_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pending_rule_change" ADD CONSTRAINT "pending_rule_change_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "qualification" ADD CONSTRAINT "qualification_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "qualification" ADD CONSTRAINT "qualification_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_log" ADD CONSTRAINT "call_log_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_log" ADD CONSTRAINT "call_log_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_log" ADD CONSTRAINT "call_log_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_change" ADD CONSTRAINT "stage_change_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_change" ADD CONSTRAINT "stage_change_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_change" ADD CONSTRAINT "stage_change_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_snapshot" ADD CONSTRAINT "score_snapshot_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_snapshot" ADD CONSTRAINT "score_snapshot_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_run" ADD CONSTRAINT "job_run_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
