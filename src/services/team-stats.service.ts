import { addDays, startOfLocalDate, weekOf } from "../domain/local-time.js";
import {
  alertFatigue,
  DEFAULT_PERIOD,
  FATIGUE_WEEKS,
  lastCompleteWeeks,
  periodRange,
  repStats,
  summariseAlerts,
  weeklyUsefulness,
  type AlertOutcome,
  type AlertSummary,
  type FatigueAdvice,
  type PeriodRange,
  type RepStats,
  type StatsPeriod,
  type WeekUsefulness,
} from "../domain/team-stats.js";
import { loadTeamContext } from "./team-context.js";
import { alertOutcomes, callOutcomeCounts, firstCallTimes, teamMembers } from "../store/team-stats.repository.js";
import type { Db } from "../store/store.js";
import { isManager, type Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { forbidden, ok, type Result } from "./result.js";

export const TEAM_STATS_MANAGERS_ONLY = { reason: "managers_only", what: "team_stats" } as const;

/** Complete weeks shown in /team stats, besides the current week so far. */
export const STATS_WEEKS = 4;
/** Alerts listed one by one in /team stats. */
const RECENT_ALERTS = 8;
const DAY_MS = 86_400_000;

export interface TeamStats {
  range: PeriodRange;
  timezone: string;
  hotLabel: string;
  /** The top tier's key: a view says a default name in the reader's language (src/views/rule-words.ts, tierName). */
  hotKey: string;
  hotMin: number | null;
  reps: RepStats[];
  /** Alerts sent in the period. */
  alerts: AlertSummary;
  /** The latest alerts sent in the period, newest first, with what became of each. */
  recent: AlertOutcome[];
  /** The last STATS_WEEKS complete team-local weeks, oldest first, then the current week so far. */
  weeks: WeekUsefulness[];
  fatigue: FatigueAdvice | null;
}

const sentIn = (alerts: readonly AlertOutcome[], from: Date, to: Date) =>
  alerts.filter((a) => a.createdAt.getTime() >= from.getTime() && a.createdAt.getTime() < to.getTime());

/** `/team stats [period]`: managers only. */
export async function teamStats(deps: ServiceDeps, actor: Actor, period: StatsPeriod = DEFAULT_PERIOD): Promise<Result<TeamStats>> {
  if (!isManager(actor)) return forbidden(TEAM_STATS_MANAGERS_ONLY);
  const now = deps.clock();
  const team = await loadTeamContext(deps.store.db, actor.teamId);
  const hotTier = team.config.tiers[0];
  const hotMin = hotTier?.min ?? null;
  const range = periodRange(period, now, team.timezone);
  const complete = lastCompleteWeeks(now, team.timezone, STATS_WEEKS);
  const weekKeys = [...complete, weekOf(now, team.timezone)];
  const weeksFrom = startOfLocalDate(weekKeys[0]!, team.timezone);
  const from = new Date(Math.min(range.from.getTime(), weeksFrom.getTime()));
  const [alerts, firstCalls, outcomes, members] = await Promise.all([
    alertOutcomes(deps.store.db, team.id, from, now),
    firstCallTimes(deps.store.db, team.id, range.from, now),
    callOutcomeCounts(deps.store.db, team.id, range.from, now),
    teamMembers(deps.store.db, team.id),
  ]);
  const inPeriod = sentIn(alerts, range.from, now);
  const weeks = weeklyUsefulness(alerts, weekKeys, team.timezone);
  return ok({
    range,
    timezone: team.timezone,
    hotLabel: hotTier?.label ?? "Hot",
    hotKey: hotTier?.key ?? "hot",
    hotMin,
    reps: repStats({ members, alerts, firstCalls, outcomes, from: range.from, to: now }),
    alerts: summariseAlerts(inPeriod),
    recent: inPeriod.slice(-RECENT_ALERTS).reverse(),
    weeks,
    fatigue: alertFatigue({ weeks: weeks.slice(STATS_WEEKS - FATIGUE_WEEKS, STATS_WEEKS), alerts, timeZone: team.timezone, hotMin, hotKey: hotTier?.key }),
  });
}

/** What the morning digest adds about the team's own work: the last 7 days per rep, and fatigue. */
export interface DigestActivity {
  /** Per rep over the 7 days before the digest. */
  reps: RepStats[];
  /** Alerts sent in those 7 days. */
  alerts: AlertSummary;
  fatigue: FatigueAdvice | null;
}

/**
 * The digest's activity numbers in four aggregate queries, whatever the team's size (the digest
 * stays one query-light pass: nothing here is per lead).
 */
export async function digestActivity(
  db: Db,
  team: { id: number; timezone: string; hotMin: number | null; hotKey: string },
  now: Date,
): Promise<DigestActivity> {
  const weekFrom = new Date(now.getTime() - 7 * DAY_MS);
  const fatigueWeeks = lastCompleteWeeks(now, team.timezone, FATIGUE_WEEKS);
  const fatigueFrom = startOfLocalDate(fatigueWeeks[0]!, team.timezone);
  const fatigueTo = startOfLocalDate(addDays(fatigueWeeks[fatigueWeeks.length - 1]!, 7), team.timezone);
  const [alerts, firstCalls, outcomes, members] = await Promise.all([
    alertOutcomes(db, team.id, new Date(Math.min(weekFrom.getTime(), fatigueFrom.getTime())), now),
    firstCallTimes(db, team.id, weekFrom, now),
    callOutcomeCounts(db, team.id, weekFrom, now),
    teamMembers(db, team.id),
  ]);
  const fatigueAlerts = sentIn(alerts, fatigueFrom, fatigueTo);
  return {
    reps: repStats({ members, alerts, firstCalls, outcomes, from: weekFrom, to: now }),
    alerts: summariseAlerts(sentIn(alerts, weekFrom, now)),
    fatigue: alertFatigue({
      weeks: weeklyUsefulness(fatigueAlerts, fatigueWeeks, team.timezone),
      alerts: fatigueAlerts,
      timeZone: team.timezone,
      hotMin: team.hotMin,
      hotKey: team.hotKey,
    }),
  };
}


