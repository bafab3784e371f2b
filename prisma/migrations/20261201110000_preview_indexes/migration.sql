-- CreateIndex
CREATE INDEX "event_team_id_type_occurred_at_lead_id_idx" ON "event"("team_id", "type", "occurred_at", "lead_id");
