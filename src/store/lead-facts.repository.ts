import type { Answer, Framework, LeadFacts, Stage } from "../domain/types.js";
import type { SqlRunner } from "./types.js";

/** The stored state of a lead that scoring reads and writes. */
export interface ScoredLeadRow {
  id: number;
  name: string;
  stage: Stage;
  score: number;
  tier: string;
  nextChangeAt: number | null;
}

export interface LeadWithFacts {
  lead: ScoredLeadRow;
  facts: LeadFacts;
}

// Times travel as epoch milliseconds: pg would read `timestamp` columns in the process's
// local time zone, and numbers are also the cheapest thing to parse a million of.
const ms = (column: string) => `(EXTRACT(EPOCH FROM ${column}) * 1000)::float8`;

interface LeadRow {
  id: number;
  name: string;
  title: string | null;
  company: string | null;
  attributes: Record<string, unknown> | string | null;
  last_purchase_at: number | null;
  cycle_days: number | null;
  stage: Stage;
  score: number;
  tier: string;
  next_change_at: number | null;
}

/** Ids of a team's leads in pages, for re-scoring everything without loading everything. */
export async function leadIdPage(sql: SqlRunner, teamId: number, afterId: number, limit: number): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `SELECT id FROM lead WHERE team_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [teamId, afterId, limit],
  );
  return rows.map((r) => Number(r.id));
}

/** Leads whose score changes by itself (expiry, buying cycle) at or before `now`. */
export async function dueLeadIds(sql: SqlRunner, now: Date, limit: number): Promise<Array<{ teamId: number; id: number }>> {
  const rows = await sql.query<{ id: number; team_id: number }>(
    `SELECT id, team_id FROM lead WHERE next_change_at <= $1::timestamp(3) ORDER BY next_change_at LIMIT $2`,
    [now.toISOString(), limit],
  );
  return rows.map((r) => ({ id: Number(r.id), teamId: Number(r.team_id) }));
}

/** Loads what scoring needs for the given leads of one team, in four queries. */
export async function loadLeadsWithFacts(sql: SqlRunner, teamId: number, leadIds: number[]): Promise<Map<number, LeadWithFacts>> {
  const result = new Map<number, LeadWithFacts>();
  if (leadIds.length === 0) return result;
  const ids = `{${leadIds.join(",")}}`;
  const [leads, events, calls, answers] = await Promise.all([
    sql.query<LeadRow>(
      `SELECT id, name, title, company, attributes, ${ms("last_purchase_at")} AS last_purchase_at, cycle_days,
              stage::text AS stage, score, tier, ${ms("next_change_at")} AS next_change_at
         FROM lead WHERE team_id = $1 AND id = ANY($2::int[])`,
      [teamId, ids],
    ),
    sql.query<{ lead_id: number; type: string; at: number }>(
      `SELECT lead_id, type, ${ms("occurred_at")} AS at FROM event WHERE team_id = $1 AND lead_id = ANY($2::int[])`,
      [teamId, ids],
    ),
    sql.query<{ lead_id: number; outcome: string; at: number }>(
      `SELECT lead_id, outcome, ${ms("logged_at")} AS at FROM call_log WHERE team_id = $1 AND lead_id = ANY($2::int[])`,
      [teamId, ids],
    ),
    sql.query<{ lead_id: number; framework: Framework; dimension: string; answer: Answer }>(
      `SELECT lead_id, framework::text AS framework, dimension, answer::text AS answer
         FROM qualification WHERE team_id = $1 AND lead_id = ANY($2::int[])`,
      [teamId, ids],
    ),
  ]);
  for (const row of leads) {
    const attributes = typeof row.attributes === "string" ? JSON.parse(row.attributes) : (row.attributes ?? {});
    result.set(Number(row.id), {
      lead: {
        id: Number(row.id),
        name: row.name,
        stage: row.stage,
        score: row.score,
        tier: row.tier,
        nextChangeAt: row.next_change_at,
      },
      facts: {
        attributes: { ...attributes, title: row.title, company: row.company },
        events: [],
        outcomes: [],
        qualification: [],
        lastPurchaseAt: row.last_purchase_at === null ? null : new Date(row.last_purchase_at),
        cycleDays: row.cycle_days,
      },
    });
  }
  for (const e of events) result.get(Number(e.lead_id))?.facts.events.push({ type: e.type, occurredAt: new Date(e.at) });
  for (const c of calls) result.get(Number(c.lead_id))?.facts.outcomes.push({ outcome: c.outcome, at: new Date(c.at) });
  for (const q of answers) {
    result.get(Number(q.lead_id))?.facts.qualification.push({ framework: q.framework, dimension: q.dimension, answer: q.answer });
  }
  return result;
}

export interface ScoreWrite {
  id: number;
  score: number;
  tier: string;
  stage: Stage;
  nextChangeAt: Date | null;
}

/**
 * Writes new scores in one statement, plus today's snapshot for each lead. `day` is the
 * team's local date (YYYY-MM-DD) so the daily history follows the team's calendar.
 */
export async function writeScores(sql: SqlRunner, teamId: number, rows: ScoreWrite[], now: Date, day: string): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.id);
  const scores = rows.map((r) => r.score);
  const tiers = rows.map((r) => r.tier);
  const stages = rows.map((r) => r.stage);
  const next = rows.map((r) => (r.nextChangeAt ? r.nextChangeAt.toISOString() : null));
  await sql.query(
    `UPDATE lead AS l
        SET score = v.score, tier = v.tier, stage = v.stage::"Stage",
            next_change_at = v.next_change_at, scored_at = $7::timestamp(3), updated_at = $7::timestamp(3)
       FROM (SELECT unnest($2::int[]) AS id, unnest($3::int[]) AS score, unnest($4::text[]) AS tier,
                    unnest($5::text[]) AS stage, unnest($6::timestamp(3)[]) AS next_change_at) AS v
      WHERE l.id = v.id AND l.team_id = $1`,
    [teamId, ids, scores, tiers, stages, next, now.toISOString()],
  );
  await sql.query(
    `INSERT INTO score_snapshot (team_id, lead_id, day, score, tier)
     SELECT $1, unnest($2::int[]), $5::date, unnest($3::int[]), unnest($4::text[])
     ON CONFLICT (lead_id, day) DO UPDATE SET score = EXCLUDED.score, tier = EXCLUDED.tier`,
    [teamId, ids, scores, tiers, day],
  );
}

export interface StageWrite {
  leadId: number;
  from: Stage;
  to: Stage;
  reason: string;
}

export async function writeStageChanges(sql: SqlRunner, teamId: number, changes: StageWrite[], now: Date, memberId: number | null): Promise<void> {
  if (changes.length === 0) return;
  await sql.query(
    `INSERT INTO stage_change (team_id, lead_id, from_stage, to_stage, member_id, reason, changed_at)
     SELECT $1, unnest($2::int[]), unnest($3::text[])::"Stage", unnest($4::text[])::"Stage", $5, unnest($6::text[]), $7::timestamp(3)`,
    [
      teamId,
      changes.map((c) => c.leadId),
      changes.map((c) => c.from),
      changes.map((c) => c.to),
      memberId,
      changes.map((c) => c.reason),
      now.toISOString(),
    ],
  );
}
