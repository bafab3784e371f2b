/**
 * Bench data, generated server-side (INSERT … SELECT over generate_series) so 1M events take
 * seconds, not minutes of round trips. One transaction with a fixed seed: the same size gives
 * the same data on every run (relative to `now`).
 */
import type { DbOrTx } from "../src/store/types.js";

export interface DataSize {
  leads: number;
  events: number;
}

export interface GeneratedCounts {
  leads: number;
  events: number;
  calls: number;
  answers: number;
  snapshots: number;
}

/** Share of events per type (default rule set); the rest of the distribution follows. */
const EVENT_MIX: Array<[type: string, share: number]> = [
  ["website_visit", 0.34],
  ["email_click", 0.2],
  ["pricing_page", 0.1],
  ["guide_download", 0.07],
  ["newsletter_signup", 0.05],
  ["webinar_attended", 0.05],
  ["demo_request", 0.04],
  ["no_response_to_offer", 0.04],
  ["quote_request", 0.03],
  ["purchase", 0.03],
  ["careers_page", 0.03],
  ["complaint_unjustified", 0.02],
];

const CALL_MIX: Array<[outcome: string, share: number]> = [
  ["connected", 0.25],
  ["no_answer", 0.2],
  ["voicemail", 0.13],
  ["meeting_booked", 0.2],
  ["not_interested", 0.14],
  ["won", 0.04],
  ["lost", 0.04],
];

/** CASE expression choosing from a weighted list by the uniform value `r`. */
function weighted(r: string, mix: Array<[string, number]>): string {
  const total = mix.reduce((sum, [, share]) => sum + share, 0);
  let cumulative = 0;
  const arms = mix.slice(0, -1).map(([value, share]) => {
    cumulative += share / total;
    return `WHEN ${r} < ${cumulative.toFixed(6)} THEN '${value}'`;
  });
  return `CASE ${arms.join(" ")} ELSE '${mix[mix.length - 1]![0]}' END`;
}

const pick = (values: Array<string | number>) =>
  `(ARRAY[${values.map((v) => (typeof v === "number" ? String(v) : `'${v}'`)).join(",")}])[1 + floor(random() * ${values.length})::int]`;

/**
 * Fills the team with `size` leads and events plus calls, qualification answers and two weeks of
 * snapshot history. `memberIds` own some leads and log the calls. Run it inside a transaction.
 */
export async function generateData(
  tx: DbOrTx,
  teamId: number,
  memberIds: number[],
  size: DataSize,
  now: Date,
  day: string,
): Promise<GeneratedCounts> {
  const nowIso = now.toISOString();
  const members = `{${memberIds.join(",")}}`;
  // Same data each run; random() below follows this seed for the rest of the transaction.
  await tx.$queryRawUnsafe(`SELECT setseed(0.4242)::text`);

  const leads = await tx.$executeRawUnsafe(
    `INSERT INTO lead (team_id, name, email, company, title, attributes, owner_id, stage,
                       last_purchase_at, cycle_days, created_at, updated_at)
     SELECT $1, 'Lead ' || g, 'lead' || g || '@bench.example.com', 'Company ' || (1 + (g * 7919) % 5000),
            CASE WHEN r_title < 0.06 THEN ${pick(["Senior Consultant", "IT-Consultant", "consultant", "Management CONSULTANT", "Consultancy lead"])}
                 WHEN r_title < 0.16 THEN NULL
                 ELSE ${pick(["CTO", "Head of Sales", "Marketing Manager", "Procurement Lead", "CEO", "Engineer"])} END,
            jsonb_build_object('companySize', 1 + floor(random() * 2000)::int, 'country', ${pick(["DE", "US", "UA", "PL", "GB", "FR"])}),
            CASE WHEN random() < 0.3 THEN ($4::int[])[1 + floor(random() * cardinality($4::int[]))::int] END,
            (CASE WHEN r_stage < 0.05 THEN 'sal' WHEN r_stage < 0.07 THEN 'won' WHEN r_stage < 0.09 THEN 'lost' ELSE 'new' END)::"Stage",
            CASE WHEN r_cycle < 0.12 THEN $3::timestamp(3) - random() * interval '240 days' END,
            CASE WHEN r_cycle < 0.12 THEN ${pick([30, 60, 90, 120, 180, 365])} END,
            $3::timestamp(3) - interval '230 days', $3::timestamp(3) - interval '230 days'
       FROM (SELECT g, random() AS r_title, random() AS r_stage, random() AS r_cycle
               FROM generate_series(1, $2::int) AS g) AS s`,
    teamId,
    size.leads,
    nowIso,
    members,
  );

  // 30% of the events go to the most active 10% of leads; times spread over ~200 days, a bit
  // denser recently, so validity windows cut through them.
  const events = await tx.$executeRawUnsafe(
    `INSERT INTO event (team_id, lead_id, type, occurred_at, source, created_at)
     SELECT $1, l.id, ${weighted("e.r_type", EVENT_MIX)}, e.at, 'bench', e.at
       FROM (SELECT (CASE WHEN random() < 0.3 THEN 1 + floor(random() * greatest(1, $2::int / 10))
                          ELSE 1 + floor(random() * $2::int) END)::int AS k,
                    random() AS r_type,
                    $4::timestamp(3) - power(random(), 1.2) * interval '200 days' AS at
               FROM generate_series(1, $3::int)) AS e
       JOIN (SELECT id, row_number() OVER (ORDER BY id)::int AS k FROM lead WHERE team_id = $1) AS l USING (k)`,
    teamId,
    size.leads,
    size.events,
    nowIso,
  );

  // Edge cases, so the baseline check means something at the boundaries: events exactly at and
  // 1 ms inside their validity window, at `now`, and an hour in the future (clock skew), on 1% of
  // the leads; buying cycles that start in the future or complete exactly now.
  const edges = await tx.$executeRawUnsafe(
    `INSERT INTO event (team_id, lead_id, type, occurred_at, source, created_at)
     SELECT $1, l.id, x.type, $2::timestamp(3) - x.age, 'bench-edge', $2::timestamp(3)
       FROM lead AS l
      CROSS JOIN (VALUES ('website_visit', interval '30 days'), ('website_visit', interval '30 days' - interval '1 millisecond'),
                         ('demo_request', interval '60 days'), ('demo_request', interval '60 days' - interval '1 millisecond'),
                         ('email_click', interval '0'), ('purchase', interval '-1 hour')) AS x(type, age)
      WHERE l.team_id = $1 AND l.id % 100 = 7`,
    teamId,
    nowIso,
  );
  await tx.$executeRawUnsafe(
    `UPDATE lead SET cycle_days = 30,
            last_purchase_at = CASE WHEN id % 2 = 0 THEN $2::timestamp(3) + interval '1 day' ELSE $2::timestamp(3) - interval '30 days' END
      WHERE team_id = $1 AND id % 100 = 13`,
    teamId,
    nowIso,
  );

  // A fifth of the leads got 1 to 3 calls; repeated meeting_booked counts once.
  const calls = await tx.$executeRawUnsafe(
    `INSERT INTO call_log (team_id, lead_id, member_id, outcome, logged_at)
     SELECT $1, c.id, ($2::int[])[1 + floor(random() * cardinality($2::int[]))::int], ${weighted("c.r", CALL_MIX)},
            $3::timestamp(3) - random() * interval '150 days'
       FROM (SELECT l.id, random() AS r
               FROM lead AS l CROSS JOIN LATERAL generate_series(1, 1 + (l.id * 7) % 3) AS n
              WHERE l.team_id = $1 AND (l.id * 2654435761::bigint) % 100 < 20) AS c`,
    teamId,
    members,
    nowIso,
  );

  // 12% answered some BANT questions (the team's framework), 3% some CHAMP ones (ignored).
  const answers = await tx.$executeRawUnsafe(
    `INSERT INTO qualification (team_id, lead_id, framework, dimension, answer, captured_at)
     SELECT $1, q.id, q.framework::"Framework", q.dimension,
            (CASE WHEN q.r < 0.55 THEN 'yes' WHEN q.r < 0.8 THEN 'no' ELSE 'unknown' END)::"Answer",
            $2::timestamp(3) - random() * interval '90 days'
       FROM (SELECT l.id, f.framework, d.dimension, random() AS r, random() AS keep
               FROM (SELECT id, random() AS r FROM lead WHERE team_id = $1) AS l
               JOIN (VALUES ('BANT', 0.0, 0.12), ('CHAMP', 0.12, 0.15)) AS f(framework, lo, hi) ON l.r >= f.lo AND l.r < f.hi
               JOIN (VALUES ('BANT', 'budget'), ('BANT', 'authority'), ('BANT', 'need'), ('BANT', 'timing'),
                            ('CHAMP', 'challenges'), ('CHAMP', 'authority'), ('CHAMP', 'money'), ('CHAMP', 'prioritization'))
                    AS d(framework, dimension) ON d.framework = f.framework) AS q
      WHERE q.keep < 0.8`,
    teamId,
    nowIso,
  );

  // Two weeks of history for a fifth of the leads, so /lead status draws a real trend.
  const snapshots = await tx.$executeRawUnsafe(
    `INSERT INTO score_snapshot (team_id, lead_id, day, score, tier)
     SELECT $1, s.id, $2::date - s.d, s.score,
            CASE WHEN s.score >= 60 THEN 'hot' WHEN s.score >= 30 THEN 'warm' ELSE 'cold' END
       FROM (SELECT l.id, d, floor(random() * 110)::int - 20 AS score
               FROM lead AS l CROSS JOIN generate_series(1, 13) AS d
              WHERE l.team_id = $1 AND (l.id * 40503::bigint) % 100 < 20) AS s`,
    teamId,
    day,
  );

  return { leads, events: events + edges, calls, answers, snapshots };
}
