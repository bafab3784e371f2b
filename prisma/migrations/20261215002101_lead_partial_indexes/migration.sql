-- A lead's email, phone, external id and owner are often absent, and an index entry for an
-- absent value serves no look-up and guards no uniqueness (absent values never conflict). Each
-- score write is a new row version in every index of the lead table: without those entries, a
-- lead known by its email alone writes four index entries instead of seven.

-- DropIndex
DROP INDEX "lead_team_id_email_key";
-- CreateIndex
CREATE UNIQUE INDEX "lead_team_id_email_key" ON "lead"("team_id", "email") WHERE ("email" IS NOT NULL);

-- DropIndex
DROP INDEX "lead_team_id_phone_key";
-- CreateIndex
CREATE UNIQUE INDEX "lead_team_id_phone_key" ON "lead"("team_id", "phone") WHERE ("phone" IS NOT NULL);

-- DropIndex
DROP INDEX "lead_team_id_external_id_key";
-- CreateIndex
CREATE UNIQUE INDEX "lead_team_id_external_id_key" ON "lead"("team_id", "external_id") WHERE ("external_id" IS NOT NULL);

-- DropIndex
DROP INDEX "lead_team_id_owner_id_idx";
-- CreateIndex
CREATE INDEX "lead_team_id_owner_id_idx" ON "lead"("team_id", "owner_id") WHERE ("owner_id" IS NOT NULL);
