/**
 * The baseline the re-score is measured against: every score of a team computed by ONE
 * hand-written SQL statement, for the same rules (taken from the same ScoringConfig).
 *
 * It covers what the default rule set uses: event rules (validity window, maxCount through
 * row_number over lead and rule, newest first), group caps, attribute `contains`,
 * qualification "yes" answers in the team's framework, outcome rules (at most maxCount, 1 by
 * default), the buying cycle trunc(ready × min(1, elapsed / cycle)) in exact milliseconds, and
 * the tier. It deliberately does not explain or compute the next change: it is the floor.
 */
import { DAY_MS } from "../src/domain/exact.js";
import type { Rule, ScoringConfig } from "../src/domain/types.js";

const text = (value: string) => `'${value.replace(/'/g, "''")}'`;
const nullable = (value: number | null) => (value === null ? "NULL" : String(value));

/** Validity in whole milliseconds, null for "counts forever"; mirrors the domain's reading. */
function validityMs(days: number | null | undefined): number | null {
  if (typeof days !== "number" || Number.isNaN(days)) return null;
  if (days <= 0) return 0;
  return Number.isFinite(days) ? Math.round(days * DAY_MS) : null;
}

/** null means unlimited; 0 means the rule never counts. */
function maxCount(rule: Rule): number | null {
  const max = rule.maxCount;
  if (typeof max !== "number" || Number.isNaN(max)) return rule.kind === "outcome" ? 1 : null;
  return max <= 0 ? 0 : Math.floor(max);
}

export interface BaselineSql {
  /** `SELECT id, score, tier` for every lead of the team. Parameters: $1 team id, $2 now (ISO). */
  select: string;
  /** The same computation as `UPDATE lead … FROM (…)`, writing score and tier where they differ. */
  update: string;
}

export function baselineSql(config: ScoringConfig): BaselineSql {
  const active = config.rules.filter((r) => r.active !== false);
  const caps = Object.entries(config.groupCaps).map(([group, cap]) => ({
    group,
    cap: Math.max(0, Number.isFinite(cap) ? Math.round(cap) : 0),
  }));
  const capped = (rule: Rule) => (rule.group && caps.some((c) => c.group === rule.group) ? text(rule.group) : "NULL::text");

  const windowRules = (kind: "event" | "outcome") =>
    active
      .filter((r) => r.kind === kind && maxCount(r) !== 0)
      .map((r) => {
        const key = kind === "event" ? (r.match as { type?: unknown }).type : (r.match as { outcome?: unknown }).outcome;
        if (typeof key !== "string") return null;
        // The window's start is computed once per rule, not once per event.
        const validity = validityMs(r.validityDays);
        const after = validity === null ? "NULL::timestamp(3)" : `$2::timestamp(3) - ${validity} * interval '1 millisecond'`;
        return `(${text(r.key)}, ${text(key)}, ${Math.round(r.points)}, ${after}, ${nullable(maxCount(r))}::int, ${capped(r)})`;
      })
      .filter((row): row is string => row !== null);
  const eventRules = windowRules("event");
  const outcomeRules = windowRules("outcome");

  const attributeTerms = active
    .filter((r) => r.kind === "attribute")
    .map((r) => {
      const match = r.match as { field?: string; op?: string; value?: unknown };
      if (match.op !== "contains" || typeof match.value !== "string" || !match.field) {
        throw new Error(`baseline: attribute rule ${r.key} (${match.op}) is not supported`);
      }
      const needle = match.value.trim().toLowerCase();
      if (needle === "") return null;
      const column = match.field === "title" || match.field === "company" ? `l.${match.field}` : `l.attributes ->> ${text(match.field)}`;
      return `SELECT l.id, ${capped(r)}, ${Math.round(r.points)}::bigint FROM lead AS l
               WHERE l.team_id = $1 AND strpos(lower(${column}), ${text(needle)}) > 0`;
    })
    .filter((sql): sql is string => sql !== null);

  const qualificationRules = active
    .filter((r) => r.kind === "qualification")
    .flatMap((r) => {
      const m = r.match as { framework?: string; dimension?: string };
      if (m.framework !== config.framework || typeof m.dimension !== "string") return [];
      return [`(${text(m.dimension.toLowerCase())}, ${Math.round(r.points)}, ${capped(r)})`];
    });

  const cycleTerms = active
    .filter((r) => r.kind === "cycle")
    .map((r) => {
      const points = Math.round(r.points);
      const ready = Math.abs(points);
      const sign = points < 0 ? "-" : "";
      return `SELECT l.id, ${capped(r)},
                     ${sign}((${ready}::bigint * LEAST(GREATEST(
                        (EXTRACT(EPOCH FROM ($2::timestamp(3) - l.last_purchase_at)) * 1000)::bigint, 0),
                        l.cycle_days::bigint * ${DAY_MS})) / (l.cycle_days::bigint * ${DAY_MS}))
                FROM lead AS l
               WHERE l.team_id = $1 AND l.last_purchase_at IS NOT NULL AND l.cycle_days > 0`;
    });

  const parts: string[] = [];
  if (eventRules.length > 0) {
    parts.push(`SELECT lead_id, grp, points::bigint FROM (
        SELECT e.lead_id, r.grp, r.points, r.max_count,
               row_number() OVER (PARTITION BY e.lead_id, r.key ORDER BY e.occurred_at DESC) AS rn
          FROM event AS e
          JOIN (VALUES ${eventRules.join(", ")}) AS r(key, type, points, after, max_count, grp) ON r.type = e.type
         WHERE e.team_id = $1 AND e.occurred_at <= $2::timestamp(3) AND (r.after IS NULL OR e.occurred_at > r.after)
      ) AS counted WHERE max_count IS NULL OR rn <= max_count`);
  }
  if (outcomeRules.length > 0) {
    parts.push(`SELECT c.lead_id, r.grp, r.points * LEAST(count(*), coalesce(r.max_count, count(*)))
          FROM call_log AS c
          JOIN (VALUES ${outcomeRules.join(", ")}) AS r(key, outcome, points, after, max_count, grp) ON r.outcome = c.outcome
         WHERE c.team_id = $1 AND c.logged_at <= $2::timestamp(3) AND (r.after IS NULL OR c.logged_at > r.after)
         GROUP BY c.lead_id, r.key, r.grp, r.points, r.max_count`);
  }
  if (qualificationRules.length > 0) {
    parts.push(`SELECT q.lead_id, r.grp, r.points::bigint
          FROM qualification AS q
          JOIN (VALUES ${qualificationRules.join(", ")}) AS r(dimension, points, grp) ON r.dimension = lower(q.dimension)
         WHERE q.team_id = $1 AND q.framework = ${text(config.framework)}::"Framework" AND q.answer = 'yes'`);
  }
  parts.push(...attributeTerms, ...cycleTerms);

  const capValues = caps.length > 0 ? caps.map((c) => `(${text(c.group)}, ${c.cap}::bigint)`).join(", ") : `(NULL::text, 0::bigint)`;
  const tiers = [...config.tiers].filter((t) => t.min !== null).sort((a, b) => b.min! - a.min!);
  const floor = config.tiers.find((t) => t.min === null) ?? config.tiers[config.tiers.length - 1]!;
  const tierCase = `CASE ${tiers.map((t) => `WHEN s.score >= ${t.min} THEN ${text(t.key)}`).join(" ")} ELSE ${text(floor.key)} END`;

  const scores = `
    SELECT s.id, s.score::int AS score, ${tierCase} AS tier
      FROM (SELECT l.id, coalesce(sum(CASE WHEN g.grp IS NULL THEN g.points ELSE LEAST(g.points, caps.cap) END), 0) AS score
              FROM lead AS l
              LEFT JOIN (SELECT lead_id, grp, sum(points) AS points
                           FROM (${parts.join("\n UNION ALL\n ")}) AS contribution(lead_id, grp, points)
                          GROUP BY lead_id, grp) AS g ON g.lead_id = l.id
              LEFT JOIN (VALUES ${capValues}) AS caps(grp, cap) ON caps.grp = g.grp
             WHERE l.team_id = $1
             GROUP BY l.id) AS s`;

  return {
    select: scores,
    update: `UPDATE lead AS l SET score = b.score, tier = b.tier
               FROM (${scores}) AS b
              WHERE l.id = b.id AND l.team_id = $1 AND (l.score <> b.score OR l.tier <> b.tier)`,
  };
}
