/**
 * The words of /lead trend: the summary over the chart, the chart's titles, the moves under it.
 * The command gives the data and the rendered chart; every word here is from the catalogs.
 */
import { signed } from "../chat/format.js";
import { reply, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import type { LeadTrend, TrendMarker } from "../services/trend.service.js";
import { leadLabel } from "./failure.view.js";
import { markerLabel, trendSourceNote } from "./lead-history.view.js";
import { dayMonth } from "./team-stats.view.js";
import { tierName } from "./rule-words.js";

export const trendLeadHint = (t: Translator, example: string): string => t.t("trend.hint", { example });
export const trendBadPeriod = (t: Translator, typed: string): string => t.t("trend.badPeriod", { days1: 30, days2: 90, typed });

const change = (t: Translator, delta: number) => (delta === 0 ? t.t("trend.noChange") : signed(delta));

/** The words on the chart itself. */
export function trendChartWords(t: Translator, trend: LeadTrend, delta: number) {
  const { current, days } = trend;
  return {
    subtitle: t.t("trend.subtitle", { days, score: current.score, tier: tierName(t, current.tier), change: change(t, delta) }),
    markerLabel: (m: TrendMarker) => markerLabel(m, t),
    footnote: t.t("trend.footnote"),
    legend: { score: t.t("trend.legend.score"), event: t.t("trend.legend.events"), call: t.t("trend.legend.calls"), qualification: t.t("trend.legend.qualification") },
    /** A day (YYYY-MM-DD) under the x axis: "3 Nov". */
    dayLabel: (day: string) => dayMonth(t, day),
    /** A threshold line's name on the chart. */
    tierName: (tier: { key: string; label: string }) => tierName(t, tier),
  };
}

export function trendView(t: Translator, trend: LeadTrend, delta: number, other: number): Reply {
  const { lead, markers, current, days } = trend;
  const summary = t.t("trend.summary", { lead: leadLabel(lead), score: current.score, tier: tierName(t, current.tier), change: change(t, delta), days });
  const day = (at: Date) => t.date(at, { day: "numeric", month: "short", timeZone: trend.timezone });
  const recent = markers.slice(-5).map((m) => `${day(m.at)}  ${m.type === "call" && m.points === 0 ? "" : `${signed(m.points)}  `}${markerLabel(m, t)}`);
  return reply([
    { type: "text", text: summary },
    recent.length > 0
      ? {
          type: "list",
          title: markers.length > recent.length ? t.t("trend.latest", { shown: recent.length, total: markers.length }) : t.t("trend.whatMoved"),
          items: recent,
        }
      : { type: "context", text: t.t("trend.nothing", { days }) },
    { type: "context", text: trendSourceNote(t) },
    {
      type: "actions",
      actions: [
        { label: t.t("trend.daysButton", { days: other }), command: `/lead trend #${lead.id} ${other}` },
        { label: t.t("lead.statusButton"), command: `/lead status #${lead.id}` },
      ],
    },
  ]);
}

/** The chart file's title. */
export const trendFileTitle = (t: Translator, name: string, days: number): string => t.t("trend.fileTitle", { name, days });
