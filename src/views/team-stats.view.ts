/**
 * The words of /team stats, and those it shares with the morning digest: periods, week labels,
 * durations, a rep's line and the alert-fatigue suggestion, in the reader's language. The
 * domain and the service give numbers, dates and the team's own tier label; every word is here.
 */
import { reply, type Action, type Block, type Reply } from "../chat/reply.js";
import { PERIODS, timeToAct, type AlertOutcome, type FatigueAdvice, type PeriodRange, type RepStats, type WeekUsefulness } from "../domain/team-stats.js";
import type { Translator } from "../i18n/index.js";
import type { TeamStats } from "../services/team-stats.service.js";
import { tierName } from "./rule-words.js";

/** "23 Nov" for a YYYY-MM-DD Monday. */
export const dayMonth = (t: Translator, date: string): string => t.date(new Date(`${date}T12:00:00Z`), { day: "numeric", month: "short", timeZone: "UTC" });

/** A share as a whole percentage; "—" for none. */
export const shareText = (t: Translator, share: number | null): string => (share === null ? t.t("duration.none") : t.percent(share));

/** A duration as people read it: "under a minute", "45m", "2h 10m", "3d 4h"; "—" for none. */
export function durationText(t: Translator, ms: number | null): string {
  if (ms === null) return t.t("duration.none");
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return t.t("duration.underMinute");
  if (minutes < 60) return t.t("duration.minutes", { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? t.t("duration.hours", { h: hours }) : t.t("duration.hoursMinutes", { h: hours, m: minutes % 60 });
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? t.t("duration.days", { d: days }) : t.t("duration.daysHours", { d: days, h: hours % 24 });
}

/** One rep's line: hot leads claimed, meetings, won, median time to the first call. */
export function repLineText(t: Translator, r: RepStats): string {
  return t.t("stats.repLine", { name: r.name, hot: r.hotClaimed, meetings: r.meetings, won: r.won, firstCall: durationText(t, r.medianFirstCallMs) });
}

/** The alert-fatigue suggestion, shared with the digest. */
export function fatigueBlocks(t: Translator, f: FatigueAdvice, hotLabel: string): Block[] {
  const why =
    f.basis === "acted_scores"
      ? t.t(f.acted === 1 ? "fatigue.whyOne" : "fatigue.whyMost", { score: f.suggestedHot })
      : t.t("fatigue.whyStep", { step: f.suggestedHot - f.currentHot });
  const weeks = f.weeks.length === 1 ? t.t("fatigue.weekOf", { date: dayMonth(t, f.weeks[0]!.week) }) : t.t("fatigue.lastWeeks", { count: f.weeks.length });
  const tier = hotLabel.toLocaleLowerCase(t.intl);
  // The button shows the setting its command types (`hot=85`): commands stay as typed in every language.
  const setting = f.command.slice(f.command.lastIndexOf(" ") + 1);
  return [
    {
      type: "text",
      text: t.t("fatigue.text", { acted: f.acted, sent: f.sent, tier, weeks, share: shareText(t, f.share), from: f.currentHot, to: f.suggestedHot, why }),
    },
    { type: "actions", actions: [{ label: t.t("fatigue.preview", { setting }), command: f.command }] },
  ];
}

// ---- /team stats ---------------------------------------------------------------------------

/** The typed periods, as the reader's list ("7d, 30d, 90d, week, month or quarter"). */
const periodChoices = (t: Translator): string => t.list(PERIODS, "disjunction");

/** What was wrong with the period typed after /team stats (`args`: the words typed). */
export function statsPeriodProblem(t: Translator, args: readonly string[]): string {
  const values = { periods: periodChoices(t), example: "/team stats 7d" };
  return args.length > 1 ? t.t("team.stats.onePeriod", values) : t.t("team.stats.badPeriod", { ...values, typed: args[0] ?? "" });
}

/** "last 30 days", "this week (since Mon 30 Nov)". */
export function periodText(t: Translator, range: Pick<PeriodRange, "period" | "days" | "since">): string {
  if (range.since === null) return t.t("team.stats.rolling", { days: range.days ?? 0 });
  const since = t.date(new Date(`${range.since}T12:00:00Z`), { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
  return t.t("team.stats.calendar", { period: range.period, since });
}

/** One week of alerts: sent, acted on, how fast; the running week says "so far". */
export function weekLineText(t: Translator, w: WeekUsefulness, current: boolean): string {
  const week = t.t(current ? "team.stats.weekSoFar" : "team.stats.week", { date: dayMonth(t, w.week) });
  if (w.sent === 0) return t.t("team.stats.weekNone", { week });
  return t.t("team.stats.weekLine", { week, sent: w.sent, acted: w.acted, share: shareText(t, w.share), median: durationText(t, w.medianToActMs) });
}

/** One alert: the lead, its score, when, and who acted on it how fast (or that nobody did). */
export function alertLineText(t: Translator, a: AlertOutcome, timeZone: string): string {
  const when = t.date(a.createdAt, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone });
  const head = `#${a.leadId} ${a.leadName} · ${a.score} · ${when}`;
  if (a.actedAt === null) return t.t("team.stats.notActed", { alert: head });
  return t.t("team.stats.acted", {
    alert: head,
    how: a.how ?? "claim",
    who: a.actedBy ?? t.t("team.stats.formerMember"),
    after: durationText(t, timeToAct(a)),
  });
}

/** The rolling windows offered as buttons (the one shown is left out). */
const WINDOW_BUTTONS: readonly string[] = ["7d", "30d", "90d"];

/** `/team stats`: alerts sent and acted on, per rep, per week, the latest alerts and any fatigue. */
export function statsReply(t: Translator, stats: TeamStats): Reply {
  // The top tier as the reader calls it: the default name in their language, a typed one as typed.
  const s = { ...stats, hotLabel: tierName(t, { key: stats.hotKey, label: stats.hotLabel }) };
  const tier = s.hotLabel.toLocaleLowerCase(t.intl);
  const blocks: Block[] = [
    { type: "header", text: t.t("team.stats.header", { period: periodText(t, s.range) }) },
    {
      type: "fields",
      fields: [
        { label: t.t("team.stats.sent", { tier: s.hotLabel }), value: t.number(s.alerts.sent) },
        {
          label: t.t("team.stats.actedOn"),
          value: s.alerts.sent === 0 ? t.t("duration.none") : t.t("team.stats.actedValue", { acted: s.alerts.acted, share: shareText(t, s.alerts.share) }),
        },
        { label: t.t("team.stats.medianToAct"), value: durationText(t, s.alerts.medianToActMs) },
        { label: t.t("team.stats.byClaimByCall"), value: `${t.number(s.alerts.byClaim)} · ${t.number(s.alerts.byCall)}` },
      ],
    },
    s.reps.length > 0
      ? { type: "list", title: t.t("team.stats.perRep"), items: s.reps.map((r) => repLineText(t, r)) }
      : { type: "text", text: t.t("team.stats.noReps") },
    { type: "context", text: t.t("team.stats.legend", { tier }) },
    {
      type: "list",
      title: t.t("team.stats.weeksTitle", { tier: s.hotLabel, timezone: s.timezone }),
      items: s.weeks.map((w, i) => weekLineText(t, w, i === s.weeks.length - 1)),
    },
  ];
  if (s.recent.length > 0) blocks.push({ type: "list", title: t.t("team.stats.latest"), items: s.recent.map((a) => alertLineText(t, a, s.timezone)) });
  if (s.fatigue) blocks.push(...fatigueBlocks(t, s.fatigue, s.hotLabel));
  const actions: Action[] = PERIODS.filter((p) => p !== s.range.period && WINDOW_BUTTONS.includes(p)).map((p) => ({ label: p, command: `/team stats ${p}` }));
  actions.push({ label: t.t("team.stats.chartButton"), command: "/team chart" });
  blocks.push({ type: "actions", actions });
  return reply(blocks);
}
