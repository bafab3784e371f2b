/**
 * Alert usefulness and rep statistics: pure functions over plain rows. Time is always a
 * parameter; local dates and weeks come from Intl (never offset arithmetic), like the digest
 * schedule, so daylight-saving changes land where the team's wall clock says.
 */
import { addDays, localDate, startOfLocalDate, weekOf } from "./local-time.js";

const DAY_MS = 86_400_000;

// ---- Small numbers ---------------------------------------------------------------------------

/** The median; the mean of the two middle values for an even count; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Share of `part` in `whole`, or null when there is nothing to share. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

// ---- Local dates and weeks -------------------------------------------------------------------


/** The Mondays of the `count` complete team-local weeks before the current one, oldest first. */
export function lastCompleteWeeks(now: Date, timeZone: string, count: number): string[] {
  const current = weekOf(now, timeZone);
  return Array.from({ length: count }, (_, i) => addDays(current, -7 * (count - i)));
}

// ---- Periods for /team stats -----------------------------------------------------------------

export const PERIODS = ["7d", "30d", "90d", "week", "month", "quarter"] as const;
export type StatsPeriod = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: StatsPeriod = "30d";

/** What a period covers; the view words it ("last 30 days", "this week (since Mon 30 Nov)"). */
export interface PeriodRange {
  period: StatsPeriod;
  from: Date;
  to: Date;
  /** A rolling window's length in days (7d, 30d, 90d); null for a calendar period. */
  days: number | null;
  /** A calendar period's first team-local day, YYYY-MM-DD; null for a rolling window. */
  since: string | null;
}

/**
 * A period ending now: the last 7/30/90 days, or this calendar week (Monday start), month or
 * quarter so far, in the team's time zone.
 */
export function periodRange(period: StatsPeriod, now: Date, timeZone: string): PeriodRange {
  const rolling = { "7d": 7, "30d": 30, "90d": 90 } as const;
  if (period === "7d" || period === "30d" || period === "90d") {
    const days = rolling[period];
    return { period, from: new Date(now.getTime() - days * DAY_MS), to: now, days, since: null };
  }
  const today = localDate(now, timeZone);
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const pad = (m: number) => String(m).padStart(2, "0");
  const start =
    period === "week" ? weekOf(now, timeZone) : period === "month" ? `${year}-${pad(month)}-01` : `${year}-${pad(month - ((month - 1) % 3))}-01`;
  return { period, from: startOfLocalDate(start, timeZone), to: now, days: null, since: start };
}

// ---- Alert usefulness ------------------------------------------------------------------------

/** How someone acted on an alert: took the lead (claim or assignment) or logged a call. */
export type AlertAction = "claim" | "call";

/** One hot alert and what became of it. */
export interface AlertOutcome {
  id: number;
  leadId: number;
  leadName: string;
  score: number;
  createdAt: Date;
  actedAt: Date | null;
  actedById: number | null;
  actedBy: string | null;
  how: AlertAction | null;
}

export const timeToAct = (a: AlertOutcome): number | null => (a.actedAt === null ? null : a.actedAt.getTime() - a.createdAt.getTime());

export interface AlertSummary {
  sent: number;
  acted: number;
  /** acted / sent; null when no alert was sent. */
  share: number | null;
  medianToActMs: number | null;
  byClaim: number;
  byCall: number;
}

/** Sent, acted on, share and median time to act of a set of alerts. */
export function summariseAlerts(alerts: readonly AlertOutcome[]): AlertSummary {
  const acted = alerts.filter((a) => a.actedAt !== null);
  return {
    sent: alerts.length,
    acted: acted.length,
    share: share(acted.length, alerts.length),
    medianToActMs: median(acted.map((a) => timeToAct(a)!)),
    byClaim: acted.filter((a) => a.how === "claim").length,
    byCall: acted.filter((a) => a.how === "call").length,
  };
}

export interface WeekUsefulness extends AlertSummary {
  /** Monday of the team-local week, YYYY-MM-DD. */
  week: string;
}

/**
 * Alerts per team-local week (Monday start), one entry per requested week, in the order
 * given, including weeks with no alerts. An alert belongs to the week it was sent in; acting
 * on it later still counts for that week.
 */
export function weeklyUsefulness(alerts: readonly AlertOutcome[], weeks: readonly string[], timeZone: string): WeekUsefulness[] {
  const byWeek = new Map<string, AlertOutcome[]>(weeks.map((w) => [w, []]));
  for (const alert of alerts) byWeek.get(weekOf(alert.createdAt, timeZone))?.push(alert);
  return weeks.map((week) => ({ week, ...summariseAlerts(byWeek.get(week) ?? []) }));
}

// ---- Alert fatigue ---------------------------------------------------------------------------

/** The rule: over the last FATIGUE_WEEKS complete weeks with at least FATIGUE_MIN_ALERTS alerts… */
export const FATIGUE_WEEKS = 2;
export const FATIGUE_MIN_ALERTS = 5;
/** …fewer than this share acted on means people have stopped reading them. */
export const FATIGUE_SHARE = 0.5;
/** Raise by this much when the acted-on alerts' scores do not point to a better threshold. */
export const FATIGUE_STEP = 10;

export interface FatigueAdvice {
  /** The complete weeks the rule looked at (those with enough alerts). */
  weeks: WeekUsefulness[];
  sent: number;
  acted: number;
  share: number;
  currentHot: number;
  suggestedHot: number;
  /** Why that value: the acted-on alerts' scores, or a plain step up. */
  basis: "acted_scores" | "step";
  /** The command that previews the change. */
  command: string;
}

/**
 * Alert fatigue: when fewer than half of the alerts in the recent complete weeks (each with
 * enough alerts to mean something) were acted on, suggest a higher hot threshold. The value is
 * the score three in four acted-on alerts reached (rounded down to a multiple of 5), so the
 * alerts people do act on keep coming; when that is not above today's threshold (or nobody
 * acted), the threshold plus FATIGUE_STEP.
 */
export function alertFatigue(input: {
  /** The complete weeks to judge, e.g. weeklyUsefulness over lastCompleteWeeks(…, FATIGUE_WEEKS). */
  weeks: readonly WeekUsefulness[];
  /** Alerts of those weeks (for the acted-on scores). */
  alerts: readonly AlertOutcome[];
  timeZone: string;
  hotMin: number | null;
  /** The top tier's key, as /weights thresholds takes it. */
  hotKey?: string;
}): FatigueAdvice | null {
  if (input.hotMin === null) return null;
  const weeks = input.weeks.filter((w) => w.sent >= FATIGUE_MIN_ALERTS);
  if (weeks.length === 0) return null;
  const sent = weeks.reduce((n, w) => n + w.sent, 0);
  const acted = weeks.reduce((n, w) => n + w.acted, 0);
  const rate = acted / sent;
  if (rate >= FATIGUE_SHARE) return null;
  const judged = new Set(weeks.map((w) => w.week));
  const actedScores = input.alerts
    .filter((a) => a.actedAt !== null && judged.has(weekOf(a.createdAt, input.timeZone)))
    .map((a) => a.score)
    .sort((a, b) => a - b);
  // Nearest-rank 25th percentile: at least three in four acted-on alerts scored this or more.
  const quartile = actedScores[Math.ceil(actedScores.length * 0.25) - 1];
  const fromScores = quartile === undefined ? null : Math.floor(quartile / 5) * 5;
  const useScores = fromScores !== null && fromScores > input.hotMin;
  const suggestedHot = useScores ? fromScores : input.hotMin + FATIGUE_STEP;
  return {
    weeks,
    sent,
    acted,
    share: rate,
    currentHot: input.hotMin,
    suggestedHot,
    basis: useScores ? "acted_scores" : "step",
    command: `/weights thresholds ${input.hotKey ?? "hot"}=${suggestedHot}`,
  };
}

// ---- Rep stats -------------------------------------------------------------------------------

export interface RepStats {
  memberId: number;
  name: string;
  role: string;
  /** Hot alerts this person answered by taking the lead, within the period. */
  hotClaimed: number;
  /** Median time from a hot alert (sent in the period) to this person's first call on that lead. */
  medianFirstCallMs: number | null;
  /** How many alert → first call times the median is over. */
  firstCalls: number;
  meetings: number;
  won: number;
}

/**
 * Per member: hot leads claimed, median alert → first call, meetings booked and won. Reps are
 * always listed (a rep with nothing is a finding too); managers and admins only when they did
 * something. Ordered by won, meetings, claimed, then name.
 */
export function repStats(input: {
  members: ReadonlyArray<{ id: number; name: string; role: string }>;
  /** Alerts acted on in the period (or sent in it); only claims acted on in [from, to) count. */
  alerts: readonly AlertOutcome[];
  /** Per (alert, member): ms from the alert to the member's first call on its lead. */
  firstCalls: ReadonlyArray<{ memberId: number; ms: number }>;
  /** Per member: meetings booked and leads won, logged in the period. */
  outcomes: ReadonlyArray<{ memberId: number; meetings: number; won: number }>;
  from: Date;
  to: Date;
}): RepStats[] {
  const inPeriod = (at: Date) => at.getTime() >= input.from.getTime() && at.getTime() < input.to.getTime();
  const claimed = new Map<number, number>();
  for (const a of input.alerts) {
    if (a.how === "claim" && a.actedById !== null && a.actedAt !== null && inPeriod(a.actedAt)) {
      claimed.set(a.actedById, (claimed.get(a.actedById) ?? 0) + 1);
    }
  }
  const calls = new Map<number, number[]>();
  for (const c of input.firstCalls) {
    const list = calls.get(c.memberId);
    if (list) list.push(c.ms);
    else calls.set(c.memberId, [c.ms]);
  }
  const outcomes = new Map(input.outcomes.map((o) => [o.memberId, o]));
  return input.members
    .map((m) => ({
      memberId: m.id,
      name: m.name,
      role: m.role,
      hotClaimed: claimed.get(m.id) ?? 0,
      medianFirstCallMs: median(calls.get(m.id) ?? []),
      firstCalls: calls.get(m.id)?.length ?? 0,
      meetings: outcomes.get(m.id)?.meetings ?? 0,
      won: outcomes.get(m.id)?.won ?? 0,
    }))
    .filter((r) => r.role === "rep" || r.hotClaimed + r.firstCalls + r.meetings + r.won > 0)
    .sort((a, b) => b.won - a.won || b.meetings - a.meetings || b.hotClaimed - a.hotClaimed || a.name.localeCompare(b.name));
}
