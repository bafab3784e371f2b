import { replyT } from "../src/chat/command-context.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { usageReply, type Reply } from "../src/chat/reply.js";
import { readDuration } from "../src/domain/value-words.js";
import { DEFAULT_CHART_WEEKS, hotLeadsPerWeek, MAX_CHART_WEEKS } from "../src/services/trend.service.js";
import { teamChartFileTitle, teamChartProblem, teamChartReply, teamChartWords } from "../src/views/team-chart.view.js";
import { orFailure } from "./shared.js";
import type { CommandContext } from "./types.js";
import { tierName } from "../src/views/rule-words.js";

export const TEAM_CHART_USAGE = "/team chart [weeks]";

/**
 * `/team chart [weeks]`: hot leads per team-local week (Monday start) as a PNG bar chart.
 * Managers only (checked in the service). `line.args` are the words after "chart".
 */
export async function teamChart(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const t = replyT(ctx);
  // "8", "8w", "8 weeks", or in the reader's words: "8 тижнів", "8 tygodni", "8 săptămâni".
  const inWords = readDuration(line.args, { units: ["week"] });
  const said = inWords && inWords.count === line.args.length ? String(inWords.amount) : undefined;
  if (line.args.length > 1 && !said) return usageReply(teamChartProblem(t, { kind: "several" }), TEAM_CHART_USAGE, t);
  const word = said ?? line.args[0]?.replace(/w(eeks?)?$/i, "");
  const weeks = word === undefined ? DEFAULT_CHART_WEEKS : /^\d{1,3}$/.test(word) ? Number(word) : Number.NaN;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_CHART_WEEKS) {
    return usageReply(teamChartProblem(t, { kind: "weeks", typed: line.args[0] ?? "", max: MAX_CHART_WEEKS }), TEAM_CHART_USAGE, t);
  }
  const found = orFailure(ctx, await hotLeadsPerWeek(ctx.deps, ctx.actor, weeks));
  if (!found.ok) return found.reply;
  const { weeks: rows, timezone } = found.value;
  // The team's top tier as the reader calls it: the default name in their language, a typed one as typed.
  const tierLabel = tierName(t, { key: found.value.tierKey, label: found.value.tierLabel });
  const words = teamChartWords(t, tierLabel, weeks);
  // The chart renderer takes over a second to load: on first use only.
  const { hotLeadsPerWeekChart } = await import("../src/charts/hot-leads.chart.js");
  const chart = await hotLeadsPerWeekChart({ weeks: rows, ...words, lastWeekPartial: true });
  return {
    ...teamChartReply(t, rows, tierLabel, timezone),
    attachments: [{ filename: "hot-leads-per-week.png", contentType: "image/png", data: chart, title: teamChartFileTitle(t, tierLabel, weeks) }],
  };
}
