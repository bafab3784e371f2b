import { z } from "zod";
import { shortDate, signed } from "../src/chat/format.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, type Reply } from "../src/chat/reply.js";
import { durationDays, readDuration } from "../src/domain/value-words.js";
import { leadTrend, TREND_PERIODS, type LeadTrend, type TrendPeriod } from "../src/services/trend.service.js";
import { markerLabel, TREND_SOURCE_NOTE } from "../src/views/lead-history.view.js";
import { leadLabel, orFailure, parseInput } from "./shared.js";
import type { CommandContext } from "./types.js";

export const TREND_USAGE = "/lead trend <lead> [30|90]";

/**
 * The period at the end: a short number of days ("90"; phone numbers end in longer groups), or
 * a duration in the reader's words ("90d", "90 днів", "3 miesiące", "90 de zile").
 */
function trendPeriod(args: string[]): { days: number; count: number } | null {
  if (args.length < 2) return null;
  const last = args[args.length - 1]!;
  if (/^\d{1,3}$/.test(last)) return { days: Number(last), count: 1 };
  const duration = readDuration(args, { units: ["day", "week", "month"] });
  return duration && duration.count < args.length ? { days: durationDays(duration), count: duration.count } : null;
}

const TrendArgs = z
  .object({ args: z.array(z.string()).min(1, "Which lead? Give part of its name, an email, a phone or #id, e.g. /lead trend acme 90") })
  .transform(({ args }, ctx) => {
    const period = trendPeriod(args);
    if (!period) return { ref: args.join(" "), days: 30 as TrendPeriod };
    if (!(TREND_PERIODS as readonly number[]).includes(period.days)) {
      ctx.addIssue({ code: "custom", message: `The trend covers 30 or 90 days, not ${args.slice(-period.count).join(" ")}.` });
      return z.NEVER;
    }
    return { ref: args.slice(0, -period.count).join(" "), days: period.days as TrendPeriod };
  });

/** `/lead trend <lead> [30|90]`: the lead's score per day as a PNG chart, with what moved it. */
export async function leadTrendCommand(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const input = parseInput(TrendArgs, line, TREND_USAGE);
  if (!input.ok) return input.reply;
  const { ref, days } = input.value;
  const found = orFailure(ctx, await leadTrend(ctx.deps, ctx.actor, ref, days), (id) => `/lead trend #${id} ${days}`);
  if (!found.ok) return found.reply;
  return trendReply(found.value);
}

async function trendReply(trend: LeadTrend): Promise<Reply> {
  const { lead, points, markers, current, days } = trend;
  const delta = current.score - (points[0]?.score ?? current.score);
  const summary = `${leadLabel(lead)}: ${current.score} now (${current.tier.label}), ${delta === 0 ? "no change" : signed(delta)} over ${days} days.`;
  // The chart renderer (ECharts, resvg, a font) takes over a second to load: on first use only.
  const { scoreTrendChart } = await import("../src/charts/score-trend.chart.js");
  const chart = await scoreTrendChart({
    title: leadLabel(lead),
    subtitle: `Score, last ${days} days · now ${current.score} (${current.tier.label}) · ${delta === 0 ? "no change" : signed(delta)}`,
    days,
    points,
    events: markers.map((m) => ({ at: m.at, day: m.day, type: m.type, label: markerLabel(m), points: m.points })),
    thresholds: trend.tiers.flatMap((t) => (t.min === null ? [] : [{ label: t.label, min: t.min }])),
    footnote: "Each day re-scored from the lead's dated events, calls and answers, under today's rules.",
  });
  const recent = markers.slice(-5).map((m) => `${shortDate(m.at, trend.timezone)}  ${m.type === "call" && m.points === 0 ? "" : `${signed(m.points)}  `}${markerLabel(m)}`);
  const other = TREND_PERIODS.find((p) => p !== days)!;
  const result = reply([
    { type: "text", text: summary },
    recent.length > 0
      ? { type: "list", title: markers.length > recent.length ? `Latest moves (${recent.length} of ${markers.length})` : "What moved it", items: recent }
      : { type: "context", text: `Nothing moved the score in the last ${days} days.` },
    { type: "context", text: TREND_SOURCE_NOTE },
    {
      type: "actions",
      actions: [
        { label: `${other} days`, command: `/lead trend #${lead.id} ${other}` },
        { label: "Status", command: `/lead status #${lead.id}` },
      ],
    },
  ]);
  return {
    ...result,
    attachments: [{ filename: `trend-${lead.id}.png`, contentType: "image/png", data: chart, title: `${lead.name}: score over the last ${days} days` }],
  };
}
