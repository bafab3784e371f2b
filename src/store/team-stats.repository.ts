import type { AlertAction, AlertOutcome } from "../domain/team-stats.js";
import type { Db } from "./store.js";
import { sqlOf, epochMs } from "./types.js";

/** Epoch milliseconds of a timestamp column, as a plain number (not a bigint). */

/**
 * The team's alerts sent in [from, to), plus older ones acted on in it, each with how it was
 * acted on. "How" is derived, and exact: logging a call marks the alert with the call's own
 * timestamp (one clock reading), so a call by the same person on the same lead at `acted_at`
 * means the call was the action; otherwise the lead was taken (claimed or assigned).
 */
export async function alertOutcomes(db: Db, teamId: number, from: Date, to: Date): Promise<AlertOutcome[]> {
  const sql = sqlOf(db);
  const rows = await sql.query<{
    id: number;
    lead_id: number;
    lead_name: string;
    score: number;
    created_ms: number;
    acted_ms: number | null;
    acted_by_id: number | null;
    acted_by: string | null;
    how: AlertAction | null;
  }>(
    `SELECT a.id, a.lead_id, l.name AS lead_name, a.score, ${epochMs("a.created_at")} AS created_ms,
            ${epochMs("a.acted_at")} AS acted_ms, a.acted_by_id, m.display_name AS acted_by,
            CASE WHEN a.acted_at IS NULL THEN NULL
                 WHEN EXISTS (SELECT 1 FROM call_log AS c
                               WHERE c.lead_id = a.lead_id AND c.team_id = a.team_id
                                 AND c.member_id = a.acted_by_id AND c.logged_at = a.acted_at) THEN 'call'
                 ELSE 'claim' END AS how
       FROM alert AS a
       JOIN lead AS l ON l.id = a.lead_id
       LEFT JOIN member AS m ON m.id = a.acted_by_id
      WHERE a.team_id = $1 AND a.created_at < $3::timestamp(3)
        AND (a.created_at >= $2::timestamp(3) OR a.acted_at >= $2::timestamp(3))
      ORDER BY a.created_at, a.id`,
    [teamId, from.toISOString(), to.toISOString()],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    leadId: Number(r.lead_id),
    leadName: r.lead_name,
    score: Number(r.score),
    createdAt: new Date(Number(r.created_ms)),
    actedAt: r.acted_ms === null ? null : new Date(Number(r.acted_ms)),
    actedById: r.acted_by_id === null ? null : Number(r.acted_by_id),
    actedBy: r.acted_by,
    how: r.how,
  }));
}

/**
 * For each alert sent in [from, to) and each person who then called that lead: the time from
 * the alert to their first call, counting only calls before the lead's next alert (a later
 * crossing starts a new clock) and before `to`. One statement; the look-ups use the
 * (lead_id, created_at) and (lead_id, logged_at) indexes.
 */
export async function firstCallTimes(db: Db, teamId: number, from: Date, to: Date): Promise<Array<{ alertId: number; memberId: number; ms: number }>> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ alert_id: number; member_id: number; ms: number }>(
    `SELECT a.id AS alert_id, c.member_id, ${epochMs("min(c.logged_at)")} - ${epochMs("a.created_at")} AS ms
       FROM alert AS a
       JOIN call_log AS c ON c.lead_id = a.lead_id AND c.team_id = a.team_id AND c.member_id IS NOT NULL
                         AND c.logged_at >= a.created_at AND c.logged_at < $3::timestamp(3)
                         AND c.logged_at < COALESCE((SELECT min(n.created_at) FROM alert AS n
                                                      WHERE n.lead_id = a.lead_id AND n.created_at > a.created_at),
                                                    'infinity'::timestamp)
      WHERE a.team_id = $1 AND a.created_at >= $2::timestamp(3) AND a.created_at < $3::timestamp(3)
      GROUP BY a.id, a.created_at, c.member_id
      ORDER BY a.id, c.member_id`,
    [teamId, from.toISOString(), to.toISOString()],
  );
  return rows.map((r) => ({ alertId: Number(r.alert_id), memberId: Number(r.member_id), ms: Number(r.ms) }));
}

/** Per member: meetings booked (calls with that outcome) and leads won, logged in [from, to). */
export async function callOutcomeCounts(
  db: Db,
  teamId: number,
  from: Date,
  to: Date,
): Promise<Array<{ memberId: number; meetings: number; won: number }>> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ member_id: number; meetings: number; won: number }>(
    `SELECT member_id,
            (count(*) FILTER (WHERE outcome = 'meeting_booked'))::int AS meetings,
            (count(DISTINCT lead_id) FILTER (WHERE outcome = 'won'))::int AS won
       FROM call_log
      WHERE team_id = $1 AND member_id IS NOT NULL
        AND logged_at >= $2::timestamp(3) AND logged_at < $3::timestamp(3)
        AND outcome IN ('meeting_booked', 'won')
      GROUP BY member_id`,
    [teamId, from.toISOString(), to.toISOString()],
  );
  return rows.map((r) => ({ memberId: Number(r.member_id), meetings: Number(r.meetings), won: Number(r.won) }));
}

/** The team's members, for listing everyone who should appear in the stats. */
export async function teamMembers(db: Db, teamId: number): Promise<Array<{ id: number; name: string; role: string }>> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ id: number; name: string; role: string }>(
    `SELECT id, display_name AS name, role::text AS role FROM member WHERE team_id = $1 ORDER BY display_name, id`,
    [teamId],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, role: r.role }));
}
