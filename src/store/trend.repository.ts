import type { Framework } from "../domain/types.js";
import type { Db } from "./store.js";
import { sqlOf } from "./types.js";

/** When each of a lead's qualification answers was captured: the facts scoring reads carry no time. */
export async function qualificationCaptureTimes(
  db: Db,
  teamId: number,
  leadId: number,
): Promise<Array<{ framework: Framework; dimension: string; capturedAt: Date }>> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ framework: Framework; dimension: string; captured_at: Date }>(
    `SELECT framework::text AS framework, dimension, captured_at FROM qualification WHERE team_id = $1 AND lead_id = $2`,
    [teamId, leadId],
  );
  return rows.map((r) => ({ framework: r.framework, dimension: r.dimension, capturedAt: new Date(r.captured_at) }));
}

/**
 * How many of a team's leads were in `tier` on at least one day of each week, from the days
 * each was scored on: the daily snapshots before its scored day, then the lead itself on that
 * day (see writeScores). A lead is scored only when its score moves, so each day's tier holds
 * until the lead's next (or until `today`); its last one before the first week carries into it. Weeks start on `firstWeek`, `lastWeek` (dates, YYYY-MM-DD, 7 days apart).
 */
export async function leadsInTierPerWeek(
  db: Db,
  teamId: number,
  tier: string,
  range: { firstWeek: string; lastWeek: string; today: string },
): Promise<Array<{ weekStart: string; count: number }>> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ week_start: string; count: number }>(
    `WITH days AS (
       SELECT s.lead_id, s.day, s.tier FROM score_snapshot AS s JOIN lead AS l ON l.id = s.lead_id
        WHERE s.team_id = $1 AND (l.scored_day IS NULL OR s.day < l.scored_day)
       UNION ALL
       SELECT id, scored_day, tier FROM lead WHERE team_id = $1 AND scored_day IS NOT NULL
     ), snapshots AS (
       SELECT lead_id, day, tier FROM days WHERE day >= $3::date AND day <= $5::date
       UNION ALL
       (SELECT DISTINCT ON (lead_id) lead_id, day, tier FROM days
         WHERE day < $3::date
         ORDER BY lead_id, day DESC)
     ), spans AS (
       SELECT lead_id, tier, day AS from_day,
              COALESCE(LEAD(day) OVER (PARTITION BY lead_id ORDER BY day), $5::date + 1) AS until_day
         FROM snapshots
     ), weeks AS (
       SELECT gs::date AS week_start FROM generate_series($3::date, $4::date, interval '7 days') AS gs
     )
     SELECT to_char(w.week_start, 'YYYY-MM-DD') AS week_start, count(DISTINCT s.lead_id)::int AS count
       FROM weeks AS w
       LEFT JOIN spans AS s ON s.tier = $2 AND s.from_day < w.week_start + 7 AND s.until_day > w.week_start
      GROUP BY w.week_start
      ORDER BY w.week_start`,
    [teamId, tier, range.firstWeek, range.lastWeek, range.today],
  );
  return rows.map((r) => ({ weekStart: r.week_start, count: Number(r.count) }));
}
