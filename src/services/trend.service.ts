import type { HotWeek } from "../charts/hot-leads.chart.js";
import type { TrendPoint } from "../charts/score-trend.chart.js";
import { scoreAt } from "../domain/score.js";
import { addDays, localDate, mondayOf, startOfLocalDate } from "../domain/local-time.js";
import { tierFor } from "../domain/tiers.js";
import type { LeadFacts, ScoringConfig, Tier } from "../domain/types.js";
import { loadLeadsWithFacts } from "../store/lead-facts.repository.js";
import { loadTeamContext } from "./team-context.js";
import { leadsInTierPerWeek, qualificationCaptureTimes } from "../store/trend.repository.js";
import { isManager, type Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { resolveLead } from "./lead-ref.js";
import { forbidden, invalid, ok, type Result } from "./result.js";

export const TREND_PERIODS = [30, 90] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];

export const DEFAULT_CHART_WEEKS = 12;
export const MAX_CHART_WEEKS = 52;

export const TEAM_CHART_MANAGERS_ONLY = { reason: "managers_only", what: "team_chart" } as const;

/**
 * Where a lead's daily scores come from. They are re-computed with the same pure scoring as the
 * stored score, from the lead's dated facts, rather than read from the daily snapshots: the
 * snapshots start when the bot first scored the lead and only hold days on which it was scored,
 * events imported later with their real dates would show up on the import day, and a marker's
 * points must match the step in the line beneath it. The price: past days are scored under
 * today's rules and the lead's current fit attributes.
 */

/**
 * Something that happened to the lead and what it did to the score at that moment, with what
 * its label needs (worded in src/views/lead-history.view.ts).
 */
export type TrendMarker = {
  at: Date;
  /** The team-local day of `at`, YYYY-MM-DD: where the marker sits on the chart. */
  day: string;
  /** How much the score moved at that moment (0 for a call outcome that scores nothing). */
  points: number;
} & (
  | {
      type: "event";
      eventType: string;
      /** The label of the rule that scores it, if one does. */
      rule: string | null;
      /** That rule's key, so a default label is said in the reader's language. */
      ruleKey?: string;
    }
  | { type: "call"; outcome: string }
  | { type: "qualification"; framework: string; dimension: string; answer: string }
);

export interface LeadTrend {
  lead: { id: number; name: string; company: string | null };
  days: TrendPeriod;
  timezone: string;
  /** One per team-local day, oldest first; the last is the score now. */
  points: TrendPoint[];
  /** What moved the score inside the window, oldest first, plus every call logged in it. */
  markers: TrendMarker[];
  tiers: Tier[];
  current: { score: number; tier: Tier };
}

/** Anyone on the team may see any of its leads' trends. */
export async function leadTrend(deps: ServiceDeps, actor: Actor, ref: string, days: TrendPeriod): Promise<Result<LeadTrend>> {
  const now = deps.clock();
  const found = await resolveLead(deps.store.db, actor.teamId, ref);
  if (!found.ok) return found;
  const lead = found.value;
  const [team, loaded, answeredAt] = await Promise.all([
    loadTeamContext(deps.store.db, actor.teamId),
    loadLeadsWithFacts(deps.store.db, actor.teamId, [lead.id]),
    qualificationCaptureTimes(deps.store.db, actor.teamId, lead.id),
  ]);
  const facts = loaded.get(lead.id)?.facts;
  if (!facts) return invalid({ reason: "lead_removed" });
  const trend = computeTrend({
    config: team.config,
    facts,
    answeredAt: new Map(answeredAt.map((a) => [answerKey(a.framework, a.dimension), a.capturedAt])),
    days,
    now,
    timeZone: team.timezone,
  });
  const score = trend.points[trend.points.length - 1]?.score ?? 0;
  return ok({
    lead: { id: lead.id, name: lead.name, company: lead.company },
    days,
    timezone: team.timezone,
    ...trend,
    tiers: team.config.tiers,
    current: { score, tier: tierFor(score, team.config.tiers) },
  });
}

const answerKey = (framework: string, dimension: string) => `${framework}:${dimension}`;

/** One dated fact of a lead, in the order they happened. */
type TimedFact =
  | { kind: "event"; at: Date; type: string }
  | { kind: "call"; at: Date; outcome: string }
  | { kind: "qualification"; at: Date; answer: LeadFacts["qualification"][number] };

const KIND_ORDER = { event: 0, call: 1, qualification: 2 } as const;

function timeline(facts: LeadFacts, answeredAt: ReadonlyMap<string, Date>): TimedFact[] {
  const items: TimedFact[] = [
    ...facts.events.map((e) => ({ kind: "event" as const, at: e.occurredAt, type: e.type })),
    ...facts.outcomes.map((o) => ({ kind: "call" as const, at: o.at, outcome: o.outcome })),
    // An answer with no capture time (none today) counts from the start, like before this chart existed.
    ...facts.qualification.map((a) => ({ kind: "qualification" as const, at: answeredAt.get(answerKey(a.framework, a.dimension)) ?? new Date(0), answer: a })),
  ];
  // Array sort is stable: facts of one instant keep events → calls → answers, then load order.
  return items.sort((a, b) => a.at.getTime() - b.at.getTime() || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

/** The lead's facts as they stood with the first `count` dated facts known, scored at `at`. */
function factsUpTo(facts: LeadFacts, items: readonly TimedFact[], count: number, at: Date): LeadFacts {
  const known = items.slice(0, count);
  const events: LeadFacts["events"] = [];
  const outcomes: LeadFacts["outcomes"] = [];
  const qualification: LeadFacts["qualification"] = [];
  for (const item of known) {
    if (item.kind === "event") events.push({ type: item.type, occurredAt: item.at });
    else if (item.kind === "call") outcomes.push({ outcome: item.outcome, at: item.at });
    else qualification.push(item.answer);
  }
  // The buying cycle restarts at each purchase: back then, the last purchase was an earlier one.
  let lastPurchaseAt: Date | null = facts.lastPurchaseAt && facts.lastPurchaseAt <= at ? facts.lastPurchaseAt : null;
  for (const event of events) {
    if (event.type === "purchase" && (!lastPurchaseAt || event.occurredAt > lastPurchaseAt)) lastPurchaseAt = event.occurredAt;
  }
  return { ...facts, events, outcomes, qualification, lastPurchaseAt };
}

export interface TrendInput {
  config: ScoringConfig;
  facts: LeadFacts;
  /** Capture time per `framework:dimension` answer. */
  answeredAt: ReadonlyMap<string, Date>;
  days: number;
  now: Date;
  timeZone: string;
}

/**
 * The lead's score at the end of each of the last `days` team-local days (today: now), and the
 * facts inside that window that moved it, each with the exact step it made. Pure.
 */
export function computeTrend(input: TrendInput): { points: TrendPoint[]; markers: TrendMarker[] } {
  const { config, facts, now, timeZone } = input;
  const items = timeline(facts, input.answeredAt);
  const today = localDate(now, timeZone);
  const firstDay = addDays(today, -(input.days - 1));
  const points: TrendPoint[] = [];
  let known = 0;
  for (let day = firstDay; day <= today; day = addDays(day, 1)) {
    const endOfDay = day === today ? now : new Date(startOfLocalDate(addDays(day, 1), timeZone).getTime() - 1);
    while (known < items.length && items[known]!.at <= endOfDay) known++;
    points.push({ day, score: scoreAt(config, factsUpTo(facts, items, known, endOfDay), endOfDay) });
  }
  const windowStart = startOfLocalDate(firstDay, timeZone);
  const markers: TrendMarker[] = [];
  items.forEach((item, index) => {
    if (item.at < windowStart || item.at > now) return;
    const before = scoreAt(config, factsUpTo(facts, items, index, item.at), item.at);
    const after = scoreAt(config, factsUpTo(facts, items, index + 1, item.at), item.at);
    const points = after - before;
    // Calls are marked even when they score nothing: "we called, nothing changed" is news too.
    if (points === 0 && item.kind !== "call") return;
    markers.push({ at: item.at, day: localDate(item.at, timeZone), points, ...markerFact(item, config) });
  });
  return { points, markers };
}

function markerFact(item: TimedFact, config: ScoringConfig): DistributiveOmit<TrendMarker, "at" | "day" | "points"> {
  if (item.kind === "call") return { type: "call", outcome: item.outcome };
  if (item.kind === "qualification") {
    const { framework, dimension, answer } = item.answer;
    return { type: "qualification", framework, dimension, answer };
  }
  const rule = config.rules.find((r) => r.kind === "event" && "type" in r.match && r.match.type === item.type);
  return { type: "event", eventType: item.type, rule: rule?.label ?? null, ...(rule ? { ruleKey: rule.key } : {}) };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface HotLeadsPerWeek {
  weeks: HotWeek[];
  /** The top tier's label ("Hot"). */
  tierLabel: string;
  /** Its key: a view says a default name in the reader's language (src/views/rule-words.ts, tierName). */
  tierKey: string;
  timezone: string;
}

/** How many leads were in the top tier in each of the last `weeks` team-local weeks (Monday start). Managers only. */
export async function hotLeadsPerWeek(deps: ServiceDeps, actor: Actor, weeks: number): Promise<Result<HotLeadsPerWeek>> {
  if (!isManager(actor)) return forbidden(TEAM_CHART_MANAGERS_ONLY);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_CHART_WEEKS) return invalid({ reason: "chart_weeks_out_of_range", max: MAX_CHART_WEEKS });
  const team = await loadTeamContext(deps.store.db, actor.teamId);
  // Tiers are stored highest first (validateTiers), like everywhere else that needs "hot".
  const top = team.config.tiers[0];
  if (!top) return invalid({ reason: "no_tiers" });
  const today = localDate(deps.clock(), team.timezone);
  const lastWeek = mondayOf(today);
  const rows = await leadsInTierPerWeek(deps.store.db, actor.teamId, top.key, {
    firstWeek: addDays(lastWeek, -7 * (weeks - 1)),
    lastWeek,
    today,
  });
  return ok({ weeks: rows.map((r) => ({ weekStart: r.weekStart, hot: r.count })), tierLabel: top.label, tierKey: top.key, timezone: team.timezone });
}

