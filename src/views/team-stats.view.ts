/**
 * Team-stats words shared by /team stats and the morning digest: week labels, durations, a
 * rep's line and the alert-fatigue suggestion, in the reader's language.
 */
import type { Block } from "../chat/reply.js";
import type { FatigueAdvice, RepStats } from "../domain/team-stats.js";
import type { Translator } from "../i18n/index.js";

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
  const tier = hotLabel.toLowerCase();
  return [
    {
      type: "text",
      text: t.t("fatigue.text", { acted: f.acted, sent: f.sent, tier, weeks, share: shareText(t, f.share), from: f.currentHot, to: f.suggestedHot, why }),
    },
    { type: "actions", actions: [{ label: t.t("fatigue.preview", { setting: `${tier}=${f.suggestedHot}` }), command: f.command }] },
  ];
}
