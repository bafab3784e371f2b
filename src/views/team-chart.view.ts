/**
 * The words of /team chart: the chart's title, subtitle, axis and note, and the summary under
 * it. The command gives the weeks and the rendered chart; every word here is from the catalogs.
 */
import { reply, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import type { HotWeek } from "../charts/hot-leads.chart.js";
import { dayMonth } from "./team-stats.view.js";

/** What was wrong with the words after /team chart. */
export const teamChartProblem = (t: Translator, problem: { kind: "several" } | { kind: "weeks"; typed: string; max: number }): string =>
  problem.kind === "several" ? t.t("team.chart.oneNumber") : t.t("team.chart.badWeeks", { typed: problem.typed, max: problem.max });

/** The words on the chart itself. `tier`: the team's top tier ("Hot"); `weeks`: how many are drawn. */
export function teamChartWords(t: Translator, tier: string, weeks: number) {
  return {
    title: t.t("team.chart.title", { tier }),
    subtitle: t.t("team.chart.subtitle", { tier: tier.toLocaleLowerCase(t.intl), weeks }),
    footnote: t.t("team.chart.source"),
    /** A week's Monday (YYYY-MM-DD) under its bar: "16 Nov". */
    dayLabel: (day: string) => dayMonth(t, day),
  };
}

/** The summary under the chart: this week so far against last week, the busiest week, where the numbers come from. */
export function teamChartReply(t: Translator, rows: readonly HotWeek[], tier: string, timezone: string): Reply {
  const thisWeek = rows[rows.length - 1]?.hot ?? 0;
  const lastWeek = rows[rows.length - 2]?.hot;
  const peak = rows.reduce((best, row) => (row.hot > best.hot ? row : best), rows[0] ?? { weekStart: "", hot: 0 });
  const now =
    lastWeek === undefined ? t.t("team.chart.thisWeek", { tier, count: thisWeek }) : t.t("team.chart.thisWeekVsLast", { tier, count: thisWeek, last: lastWeek });
  const busiest = peak.hot > 0 ? ` ${t.t("team.chart.busiest", { date: dayMonth(t, peak.weekStart), count: peak.hot })}` : "";
  return reply([
    { type: "text", text: `${now}${busiest}` },
    { type: "context", text: t.t("team.chart.weeksNote", { timezone, source: t.t("team.chart.source") }) },
  ]);
}

/** The chart file's title. */
export const teamChartFileTitle = (t: Translator, tier: string, weeks: number): string => t.t("team.chart.fileTitle", { title: t.t("team.chart.title", { tier }), weeks });
