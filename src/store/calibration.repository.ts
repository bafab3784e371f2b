import type { HistoryLead, TimedLeadFacts } from "../domain/calibration.js";
import type { Answer, Framework } from "../domain/types.js";
import { scoringAttributes } from "./json-columns.js";
import type { Db } from "./store.js";
import { prismaOf, sqlOf, epochMs } from "./types.js";

/** What calibration reads: the leads with a decision, with their whole history, and how many have none. */
export interface CalibrationHistory {
  leads: HistoryLead[];
  /** Leads of the team with no decisive call outcome yet. */
  undecided: number;
}

type HistoryTuple = [
  id: number,
  name: string,
  title: string | null,
  company: string | null,
  /** The stored JSON: an object, unless the row is bad (see scoringAttributes). */
  attributes: unknown,
  lastPurchaseAt: number | null,
  cycleDays: number | null,
  events: Array<[type: string, at: number]> | null,
  outcomes: Array<[outcome: string, at: number]> | null,
  answers: Array<[framework: Framework, dimension: string, answer: Answer, at: number]> | null,
];


/**
 * Unlike the scoring loader, qualification answers come with the time they were given, so the
 * domain can drop the ones given after a lead's result. One JSON text per lead keeps the
 * driver's work small; the lateral sub-queries use the (lead_id, …) indexes.
 */
const DECIDED_LEADS_SQL = `
  SELECT json_build_array(l.id, l.name, l.title, l.company, l.attributes, ${epochMs("l.last_purchase_at")}, l.cycle_days,
                          ev.events, calls.outcomes, answers.answers)::text AS lead
    FROM lead AS l
    LEFT JOIN LATERAL (SELECT json_agg(json_build_array(e.type, ${epochMs("e.occurred_at")})) AS events
                         FROM event AS e WHERE e.team_id = $1 AND e.lead_id = l.id) AS ev ON true
    LEFT JOIN LATERAL (SELECT json_agg(json_build_array(c.outcome, ${epochMs("c.logged_at")})) AS outcomes
                         FROM call_log AS c WHERE c.team_id = $1 AND c.lead_id = l.id) AS calls ON true
    LEFT JOIN LATERAL (SELECT json_agg(json_build_array(q.framework, q.dimension, q.answer, ${epochMs("q.captured_at")}) ORDER BY q.captured_at, q.id) AS answers
                         FROM qualification AS q WHERE q.team_id = $1 AND q.lead_id = l.id) AS answers ON true
   WHERE l.team_id = $1
     AND EXISTS (SELECT 1 FROM call_log AS d WHERE d.team_id = $1 AND d.lead_id = l.id AND d.outcome = ANY($2::text[]))
   ORDER BY l.id`;

/** Every lead of the team with a decisive call outcome (`decisive`), with its full history. */
export async function loadCalibrationHistory(db: Db, teamId: number, decisive: readonly string[]): Promise<CalibrationHistory> {
  const sql = sqlOf(db);
  const [rows, counts] = await Promise.all([
    sql.query<{ lead: string }>(DECIDED_LEADS_SQL, [teamId, [...decisive]]),
    sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM lead WHERE team_id = $1`, [teamId]),
  ]);
  const leads = rows.map((row) => decode(JSON.parse(row.lead) as HistoryTuple));
  return { leads, undecided: Number(counts[0]?.total ?? 0) - leads.length };
}

function decode(t: HistoryTuple): HistoryLead {
  const attributes = scoringAttributes(t[4]);
  attributes.title = t[2];
  attributes.company = t[3];
  const facts: TimedLeadFacts = {
    attributes,
    events: (t[7] ?? []).map(([type, at]) => ({ type, occurredAt: new Date(at) })),
    outcomes: (t[8] ?? []).map(([outcome, at]) => ({ outcome, at: new Date(at) })),
    qualification: (t[9] ?? []).map(([framework, dimension, answer, at]) => ({ framework, dimension, answer, at: new Date(at) })),
    lastPurchaseAt: t[5] === null ? null : new Date(t[5]),
    cycleDays: t[6],
  };
  return { id: t[0], name: t[1], facts };
}

/** The team's digest days and time zone, for placing the weekly calibration summary. */
export async function digestCalendar(db: Db, teamId: number): Promise<{ timezone: string; digestDays: string } | null> {
  const prisma = prismaOf(db);
  return prisma.team.findUnique({ where: { id: teamId }, select: { timezone: true, digestDays: true } });
}
