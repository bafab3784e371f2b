/**
 * The reads and writes of re-scoring a batch of leads (what an ingestion batch touches) in as
 * few statements as the work allows: one query loads each lead with its facts, its alert state
 * and its owner; one statement writes the new scores, the snapshots of the days they close, the
 * alert flags, the stage moves and the alerts with their outbox messages.
 *
 * Written so that their plans do not depend on table statistics: a team ingesting heavily
 * (or a fresh database) has none or stale ones, and the planner then happily walks a team's
 * whole `team_id` index once per lead. Facts are reached through the lead's own indexes only,
 * with the team condition applied to the rows found.
 */
import type { LeadFacts, Stage } from "../domain/types.js";
import type { OutboxPlatform } from "../platforms/names.js";
import { arrayLiteral as list } from "./array-literal.js";
import { decodeLeadTuple, widestWindows, type EventWindow, type ScanTuple, type ScoredLeadRow } from "./lead-facts.repository.js";
import type { Db } from "./store.js";
import { epochMs, isPlannedByKey, KEYED_PLAN_SETTINGS, keyedSqlOf, markPlannedByKey } from "./types.js";

export interface LeadForRescore {
  lead: ScoredLeadRow;
  facts: LeadFacts;
  alert: { armed: boolean; snoozedUntil: Date | null };
  company: string | null;
  /** Display name of the lead's owner, if any. */
  owner: string | null;
  /** The team's local date (YYYY-MM-DD) the lead was last scored on, whose snapshot its score is. */
  scoredDay: string | null;
}

/** The scoring reads' lead tuple (see decodeLeadTuple), then the lead's alert state and owner. */
type Row = [...ScanTuple, alertArmed: boolean, snoozedUntil: number | null, owner: string | null, scoredDay: string | null];


/**
 * $1 team, $2 lead ids, $3/$4 the scored event types and the instant at or before which each
 * type's occurrences are left out (see scoringEventWindows). A read only, so it can run on a
 * connection beside the writer's (Store.beside). The leads are found by id (`+ 0` keeps the team
 * condition off the team's indexes, which a planner with stale statistics walked whole). The
 * team condition of each fact table sits in an aggregate FILTER, where no index can serve it:
 * every lateral look-up goes through the (lead_id, …) index, a few rows per lead, whatever the
 * planner believes about the team's size.
 */
const LOAD_SQL = `
  SELECT json_build_array(l.id, l.name, l.title, l.company, l.attributes,
                          ${epochMs("l.last_purchase_at")}, l.cycle_days,
                          l.stage, l.score, l.tier, ${epochMs("l.next_change_at")},
                          ev.types, ev.times, calls.outcomes, calls.times, answers.answers,
                          l.alert_armed, ${epochMs("l.snoozed_until")}, owner.display_name,
                          to_char(l.scored_day, 'YYYY-MM-DD'))::text AS lead
    FROM lead AS l
    LEFT JOIN LATERAL (SELECT json_agg(e.type) FILTER (WHERE e.team_id = $1) AS types,
                              json_agg(${epochMs("e.occurred_at")}) FILTER (WHERE e.team_id = $1) AS times
                         FROM event AS e
                         JOIN unnest($3::text[], $4::timestamp(3)[]) AS w(type, after) ON w.type = e.type
                        WHERE e.lead_id = l.id AND (w.after IS NULL OR e.occurred_at > w.after)) AS ev ON true
    LEFT JOIN LATERAL (SELECT json_agg(c.outcome) FILTER (WHERE c.team_id = $1) AS outcomes,
                              json_agg(${epochMs("c.logged_at")}) FILTER (WHERE c.team_id = $1) AS times
                         FROM call_log AS c WHERE c.lead_id = l.id) AS calls ON true
    LEFT JOIN LATERAL (SELECT json_agg(json_build_array(q.framework, q.dimension, q.answer) ORDER BY q.captured_at, q.id)
                                FILTER (WHERE q.team_id = $1) AS answers
                         FROM qualification AS q WHERE q.lead_id = l.id) AS answers ON true
    LEFT JOIN member AS owner ON owner.id = l.owner_id AND owner.team_id = $1
   WHERE l.team_id + 0 = $1 AND l.id = ANY($2::int[])`;

/**
 * Every statement of a batch's re-score reaches its rows by key: leads by id, each lead's own
 * events, calls and answers. A team that is ingesting fast has stale statistics, and with them
 * the planner chose a bitmap scan over all of the team's leads for the load, a bitmap scan per
 * lead for its events, and a sequential scan of the lead table joined by hash for the write (for
 * a batch of 500 events: 13 ms to load and 10 ms to write, against 8.5 and 7.5 ms by key). So
 * the rest of the transaction is planned by key (KEYED_PLAN_SETTINGS). The load and the write
 * each ask for it, once per transaction (the load may run in another one, Store.beside), unless
 * the transaction began planned by key (TransactionOptions.planByKey), which spares the round trip.
 */
const KEYED_PLANS = `SELECT ${KEYED_PLAN_SETTINGS.map((name) => `set_config('${name}', 'off', true)`).join(", ")}`;

async function planByKey(db: Db): Promise<void> {
  if (isPlannedByKey(db)) return;
  await keyedSqlOf(db).query(KEYED_PLANS);
  markPlannedByKey(db);
}

/**
 * The given leads of a team with what scoring and the alert policy need. Only events of the
 * window types are loaded, each from its window on: an occurrence outside every window can
 * neither count now nor change the score later (eventInWindows says the same of an event in
 * memory).
 */
export async function loadLeadsForRescore(db: Db, teamId: number, leadIds: number[], windows: EventWindow[]): Promise<Map<number, LeadForRescore>> {
  const sql = keyedSqlOf(db);
  const result = new Map<number, LeadForRescore>();
  if (leadIds.length === 0) return result;
  const byType = widestWindows(windows);
  await planByKey(db);
  const rows = await sql.query<{ lead: string }>(LOAD_SQL, [teamId, list(leadIds), list([...byType.keys()]), list([...byType.values()])]);
  for (const row of rows) {
    const entry = decode(JSON.parse(row.lead) as Row);
    result.set(entry.lead.id, entry);
  }
  return result;
}

function decode(t: Row): LeadForRescore {
  const { lead, facts } = decodeLeadTuple(t);
  return {
    lead,
    facts,
    alert: { armed: t[16], snoozedUntil: t[17] === null ? null : new Date(t[17]) },
    company: t[3],
    owner: t[18],
    scoredDay: t[19],
  };
}

export interface BatchScoreWrite {
  id: number;
  score: number;
  tier: string;
  stage: Stage;
  nextChangeAt: Date | null;
  /** A purchase of the batch, stored unless the lead holds a later one (never moved back). */
  lastPurchaseAt: Date | null;
  /** The lead's alert flag after this score (unchanged when the policy left it as it was). */
  alertArmed: boolean;
}

export interface BatchStageWrite {
  leadId: number;
  from: Stage;
  to: Stage;
  reason: string;
}

export interface BatchAlertWrite {
  leadId: number;
  score: number;
  reasons: unknown;
  /** The outbox message announcing the alert; not written when the team has no channel. */
  message: unknown;
}

/** A day's snapshot: the score a lead held at the end of a day it was scored on. */
export interface SnapshotWrite {
  leadId: number;
  day: string;
  score: number;
  tier: string;
}

export interface BatchRescoreWrites {
  scores: BatchScoreWrite[];
  /** The snapshots of the days the written leads were last scored on, when that was before today. */
  closings: SnapshotWrite[];
  stages: BatchStageWrite[];
  alerts: BatchAlertWrite[];
}

/**
 * Stores what re-scoring a batch decided, in one statement:
 * - scores, alert flags and purchase dates in one UPDATE (each lead gets one new row version,
 *   not one per concern), scored on `day` (the team's local date, YYYY-MM-DD), with the
 *   snapshots of the days the leads were scored on before (`closings`);
 * - the stage moves;
 * - the alerts and, when the team has a channel, their outbox messages, already linked: both
 *   ids are drawn from their sequences first, so neither row waits for the other's.
 * Answers lead id → alert and outbox ids (at most one alert per lead per call).
 *
 * The ids reach the lead rows through the primary key; the team condition is applied to the
 * rows found (`+ 0` keeps it off the team's indexes, see the file comment).
 */
export async function writeBatchRescore(
  db: Db,
  team: { id: number; channel: { platform: OutboxPlatform; id: string } | null },
  writes: BatchRescoreWrites,
  context: { now: Date; day: string; memberId: number | null },
): Promise<Map<number, { alertId: number; outboxId: number | null }>> {
  const sql = keyedSqlOf(db);
  const { scores, closings, stages, alerts } = writes;
  if (scores.length + stages.length + alerts.length === 0) return new Map();
  await planByKey(db);
  const rows = await sql.query<{ id: number; lead_id: number; outbox_id: number | null }>(
    `WITH updated AS (
       UPDATE lead AS l
          SET score = v.score, tier = v.tier, stage = v.stage::"Stage", next_change_at = v.next_change_at,
              alert_armed = v.alert_armed, last_purchase_at = GREATEST(l.last_purchase_at, v.last_purchase_at),
              scored_at = $2::timestamp(3), scored_day = $3::date, updated_at = $2::timestamp(3)
         FROM unnest($4::int[], $5::int[], $6::text[], $7::text[], $8::timestamp(3)[], $9::bool[], $21::timestamp(3)[])
              AS v(id, score, tier, stage, next_change_at, alert_armed, last_purchase_at)
        WHERE l.id = v.id AND l.team_id + 0 = $1),
     snapshots AS (
       INSERT INTO score_snapshot (team_id, lead_id, day, score, tier)
       SELECT $1, c.lead_id, c.day, c.score, c.tier
         FROM unnest($22::int[], $23::date[], $24::int[], $25::text[]) AS c(lead_id, day, score, tier)
       ON CONFLICT (lead_id, day) DO UPDATE SET score = EXCLUDED.score, tier = EXCLUDED.tier),
     stages AS (
       INSERT INTO stage_change (team_id, lead_id, from_stage, to_stage, member_id, reason, changed_at)
       SELECT $1, s.lead_id, s.from_stage::"Stage", s.to_stage::"Stage", $14, s.reason, $2::timestamp(3)
         FROM unnest($10::int[], $11::text[], $12::text[], $13::text[]) AS s(lead_id, from_stage, to_stage, reason)),
     planned AS MATERIALIZED (
       SELECT nextval('alert_id_seq')::int AS alert_id,
              CASE WHEN $19::text IS NOT NULL THEN nextval('outbox_id_seq')::int END AS outbox_id,
              a.lead_id, a.score, a.reasons, a.message
         FROM unnest($15::int[], $16::int[], $17::text[], $18::text[]) WITH ORDINALITY AS a(lead_id, score, reasons, message, n)
        ORDER BY a.n),
     messages AS (
       INSERT INTO outbox (id, team_id, kind, platform, channel, payload, dedupe_key, next_attempt_at, created_at)
       SELECT outbox_id, $1, 'alert', $19, $20, message::jsonb, 'alert:' || alert_id, $2::timestamp(3), $2::timestamp(3)
         FROM planned WHERE outbox_id IS NOT NULL),
     alerts AS (
       INSERT INTO alert (id, team_id, lead_id, score, reasons, created_at, outbox_id)
       SELECT alert_id, $1, lead_id, score, reasons::jsonb, $2::timestamp(3), outbox_id FROM planned
       RETURNING id, lead_id, outbox_id)
     SELECT id, lead_id, outbox_id FROM alerts`,
    [
      team.id,
      context.now.toISOString(),
      context.day,
      list(scores.map((r) => r.id)),
      list(scores.map((r) => r.score)),
      list(scores.map((r) => r.tier)),
      list(scores.map((r) => r.stage)),
      list(scores.map((r) => r.nextChangeAt)),
      list(scores.map((r) => r.alertArmed)),
      list(stages.map((s) => s.leadId)),
      list(stages.map((s) => s.from)),
      list(stages.map((s) => s.to)),
      list(stages.map((s) => s.reason)),
      context.memberId,
      list(alerts.map((a) => a.leadId)),
      list(alerts.map((a) => a.score)),
      list(alerts.map((a) => JSON.stringify(a.reasons))),
      list(alerts.map((a) => JSON.stringify(a.message))),
      team.channel?.platform ?? null,
      team.channel?.id ?? null,
      list(scores.map((r) => r.lastPurchaseAt)),
      list(closings.map((c) => c.leadId)),
      list(closings.map((c) => c.day)),
      list(closings.map((c) => c.score)),
      list(closings.map((c) => c.tier)),
    ],
  );
  return new Map(rows.map((r) => [Number(r.lead_id), { alertId: Number(r.id), outboxId: r.outbox_id === null ? null : Number(r.outbox_id) }]));
}
