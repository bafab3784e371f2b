-- Retention of unidentified visitors' activity: the daily job deletes a team's anonymous
-- events older than ANONYMOUS_RETENTION_DAYS, oldest first, in chunks.

-- CreateIndex
CREATE INDEX "anonymous_event_team_id_occurred_at_idx" ON "anonymous_event"("team_id", "occurred_at");
