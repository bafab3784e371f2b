import { z } from "zod";
import { replyT } from "../src/chat/command-context.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { usageReply, type Reply } from "../src/chat/reply.js";
import { durationDays, readDuration } from "../src/domain/value-words.js";
import { leadTrend, TREND_PERIODS, type LeadTrend, type TrendPeriod } from "../src/services/trend.service.js";
import type { Translator } from "../src/i18n/index.js";
import type { VocabularyLanguage } from "../src/i18n/vocabulary/index.js";
import { trendBadPeriod, trendChartWords, trendFileTitle, trendLeadHint, trendView } from "../src/views/lead-trend.view.js";
import { leadLabel, orFailure } from "./shared.js";
import { readerLanguage } from "./reader-language.js";
import type { CommandContext } from "./types.js";

export const TREND_USAGE = "/lead trend <lead> [30|90]";

/**
 * The period at the end: a short number of days ("90"; phone numbers end in longer groups), or
 * a duration in the reader's words ("90d", "90 днів", "3 miesiące", "90 de zile").
 */
function trendPeriod(args: string[], language: VocabularyLanguage | undefined): { days: number; count: number } | null {
  if (args.length < 2) return null;
  const last = args[args.length - 1]!;
  if (/^\d{1,3}$/.test(last)) return { days: Number(last), count: 1 };
  const duration = readDuration(args, { units: ["day", "week", "month"], language });
  return duration && duration.count < args.length ? { days: durationDays(duration), count: duration.count } : null;
}

function trendArgs(t: Translator, language: VocabularyLanguage | undefined) {
  return z
    .object({ args: z.array(z.string()).min(1, trendLeadHint(t, "/lead trend acme 90")) })
    .transform(({ args }, ctx) => {
      const period = trendPeriod(args, language);
      if (!period) return { ref: args.join(" "), days: 30 as TrendPeriod };
      if (!(TREND_PERIODS as readonly number[]).includes(period.days)) {
        ctx.addIssue({ code: "custom", message: trendBadPeriod(t, args.slice(-period.count).join(" ")) });
        return z.NEVER;
      }
      return { ref: args.slice(0, -period.count).join(" "), days: period.days as TrendPeriod };
    });
}

/** `/lead trend <lead> [30|90]`: the lead's score per day as a PNG chart, with what moved it. */
export async function leadTrendCommand(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const t = replyT(ctx);
  const parsed = trendArgs(t, readerLanguage(ctx)).safeParse({ args: line.args });
  if (!parsed.success) return usageReply(parsed.error.issues[0]?.message ?? trendLeadHint(t, "/lead trend acme 90"), TREND_USAGE, t);
  const input = parsed;
  const { ref, days } = input.data;
  const found = orFailure(ctx, await leadTrend(ctx.deps, ctx.actor, ref, days), (id) => `/lead trend #${id} ${days}`);
  if (!found.ok) return found.reply;
  return trendReply(found.value, t);
}

async function trendReply(trend: LeadTrend, t: Translator): Promise<Reply> {
  const { lead, points, markers, current, days } = trend;
  const delta = current.score - (points[0]?.score ?? current.score);
  const words = trendChartWords(t, trend, delta);
  // The chart renderer (ECharts, resvg, a font) takes over a second to load: on first use only.
  const { scoreTrendChart } = await import("../src/charts/score-trend.chart.js");
  const chart = await scoreTrendChart({
    title: leadLabel(lead),
    subtitle: words.subtitle,
    days,
    points,
    events: markers.map((m) => ({ at: m.at, day: m.day, type: m.type, label: words.markerLabel(m), points: m.points })),
    thresholds: trend.tiers.flatMap((tier) => (tier.min === null ? [] : [{ label: words.tierName(tier), min: tier.min }])),
    footnote: words.footnote,
    legend: words.legend,
    dayLabel: words.dayLabel,
  });
  const other = TREND_PERIODS.find((p) => p !== days)!;
  return {
    ...trendView(t, trend, delta, other),
    attachments: [{ filename: `trend-${lead.id}.png`, contentType: "image/png", data: chart, title: trendFileTitle(t, lead.name, days) }],
  };
}
