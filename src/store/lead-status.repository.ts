/**
 * What `/lead status` shows, read in ONE statement: the team with its rules, and the lead (found
 * by id, email or phone) with every fact its score needs, its owner, last touches, 14-day trend
 * and qualification answers. The command is the one people type most; a round trip per piece
 * (eleven of them, in four rounds, through Prisma) cost several times what the database spends.
 */
import type { Answer, Framework, LeadFacts, Stage } from "../domain/types.js";
import { arrayLiteral as list } from "./array-literal.js";
import { decodeLeadTuple, type ScanTuple } from "./lead-facts.repository.js";
import type { Db } from "./store.js";
import { decodeTeamWithRules, teamWithRulesJson, type TeamWithRules } from "./team.repository.js";
import { epochMs, preparedSqlOf } from "./types.js";

/** How the lead is named: its id, its (normalised) email, or phone numbers in order of preference. */
export type LeadLookup = { by: "id"; id: number } | { by: "email"; email: string } | { by: "phone"; phones: string[] };

export interface LeadStatusRow {
  lead: {
    id: number;
    name: string;
    company: string | null;
    email: string | null;
    phone: string | null;
    title: string | null;
    stage: Stage;
    /** The owner's display name. */
    owner: string | null;
  };
  /** Everything its score depends on, as the scoring reads load it. */
  facts: LeadFacts;
  /** The three latest events and calls, newest first. */
  events: Array<{ type: string; occurredAt: Date; note: string | null }>;
  calls: Array<{ outcome: string; loggedAt: Date; note: string | null; member: string | null }>;
  /** The score of each day from `sinceDay` on that it was scored on, oldest first (`day` at UTC midnight, as date columns read). */
  snapshots: Array<{ day: Date; score: number }>;
  /** Every qualification answer, in the order captured. */
  answers: Array<{ framework: Framework; dimension: string; answer: Answer; note: string | null }>;
}

const WHERE: Record<LeadLookup["by"], string> = {
  id: "l.id = $2::int",
  email: "l.email = $2::text",
  // The first number in the list that some lead has.
  phone: "l.phone = ANY($2::text[]) ORDER BY array_position($2::text[], l.phone)",
};

/**
 * The lead's score on each day from $3 on that it was scored on: the snapshots of the days
 * before its scored day, then the lead itself on its scored day (src/store/lead-facts.repository.ts,
 * writeScores).
 */
const DAYS_SCORED = `
  SELECT s.day, s.score FROM score_snapshot AS s
   WHERE s.lead_id = l.id AND s.team_id = $1 AND s.day >= $3::date AND (l.scored_day IS NULL OR s.day < l.scored_day)
  UNION ALL
  SELECT l.scored_day, l.score WHERE l.scored_day >= $3::date`;

/**
 * $1 team, $2 the lookup's value, $3 the first day of the trend (YYYY-MM-DD). The lead part is
 * the scoring reads' tuple (ScanTuple, event types by name; answers carry their note as a fourth
 * element), then email, phone, owner, last events, last calls and snapshots. Every fact table is
 * reached through its (lead_id, …) index.
 */
const statusSql = (by: LeadLookup["by"]) => `
  WITH l AS (SELECT * FROM lead AS l WHERE l.team_id = $1::int AND ${WHERE[by]} LIMIT 1)
  SELECT ${teamWithRulesJson("$1::int")} AS team,
         (SELECT json_build_array(l.id, l.name, l.title, l.company, l.attributes, ${epochMs("l.last_purchase_at")}, l.cycle_days,
                                  l.stage, l.score, l.tier, ${epochMs("l.next_change_at")},
                                  ev.types, ev.times, calls.outcomes, calls.times, answers.answers,
                                  l.email, l.phone, owner.display_name, recent_events.list, recent_calls.list, trend.list)::text
            FROM l
            LEFT JOIN member AS owner ON owner.id = l.owner_id
            LEFT JOIN LATERAL (SELECT json_agg(e.type) AS types, json_agg(${epochMs("e.occurred_at")}) AS times
                                 FROM event AS e WHERE e.lead_id = l.id AND e.team_id = $1) AS ev ON true
            LEFT JOIN LATERAL (SELECT json_agg(c.outcome) AS outcomes, json_agg(${epochMs("c.logged_at")}) AS times
                                 FROM call_log AS c WHERE c.lead_id = l.id AND c.team_id = $1) AS calls ON true
            LEFT JOIN LATERAL (SELECT json_agg(json_build_array(q.framework, q.dimension, q.answer, q.note) ORDER BY q.captured_at, q.id) AS answers
                                 FROM qualification AS q WHERE q.lead_id = l.id AND q.team_id = $1) AS answers ON true
            LEFT JOIN LATERAL (SELECT json_agg(json_build_array(e.type, ${epochMs("e.occurred_at")}, e.note)) AS list
                                 FROM (SELECT type, occurred_at, note FROM event
                                        WHERE lead_id = l.id AND team_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 3) AS e) AS recent_events ON true
            LEFT JOIN LATERAL (SELECT json_agg(json_build_array(c.outcome, ${epochMs("c.logged_at")}, c.note, m.display_name)) AS list
                                 FROM (SELECT outcome, logged_at, note, member_id FROM call_log
                                        WHERE lead_id = l.id AND team_id = $1 ORDER BY logged_at DESC, id DESC LIMIT 3) AS c
                                 LEFT JOIN member AS m ON m.id = c.member_id) AS recent_calls ON true
            LEFT JOIN LATERAL (SELECT json_agg(json_build_array(to_char(s.day, 'YYYY-MM-DD'), s.score) ORDER BY s.day) AS list
                                 FROM (${DAYS_SCORED}) AS s) AS trend ON true) AS lead`;

type StatusTuple = [
  ...ScanTuple,
  email: string | null,
  phone: string | null,
  owner: string | null,
  events: Array<[type: string, at: number, note: string | null]> | null,
  calls: Array<[outcome: string, at: number, note: string | null, member: string | null]> | null,
  trend: Array<[day: string, score: number]> | null,
];

/** The team with its rules, and the lead as `lookup` names it (null when no lead of the team matches). */
export async function readLeadStatus(
  db: Db,
  teamId: number,
  lookup: LeadLookup,
  sinceDay: string,
): Promise<{ team: TeamWithRules; status: LeadStatusRow | null }> {
  const value = lookup.by === "id" ? lookup.id : lookup.by === "email" ? lookup.email : list(lookup.phones);
  const [row] = await preparedSqlOf(db).query<{ team: string | null; lead: string | null }>(statusSql(lookup.by), [teamId, value, sinceDay]);
  const team = decodeTeamWithRules(row?.team ?? null, teamId);
  if (!row?.lead) return { team, status: null };
  const t = JSON.parse(row.lead) as StatusTuple;
  const { facts } = decodeLeadTuple(t);
  const answers = (t[15] ?? []) as unknown as Array<[Framework, string, Answer, string | null]>;
  return {
    team,
    status: {
      lead: { id: t[0], name: t[1], company: t[3], email: t[16], phone: t[17], title: t[2], stage: t[7], owner: t[18] },
      facts,
      events: (t[19] ?? []).map(([type, at, note]) => ({ type, occurredAt: new Date(at), note })),
      calls: (t[20] ?? []).map(([outcome, at, note, member]) => ({ outcome, loggedAt: new Date(at), note, member })),
      snapshots: (t[21] ?? []).map(([day, score]) => ({ day: new Date(`${day}T00:00:00.000Z`), score })),
      answers: answers.map(([framework, dimension, answer, note]) => ({ framework, dimension, answer, note })),
    },
  };
}
