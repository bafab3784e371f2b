import { shortDate } from "../src/chat/format.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Reply } from "../src/chat/reply.js";
import { readDuration } from "../src/domain/value-words.js";
import { DEFAULT_CHART_WEEKS, hotLeadsPerWeek, MAX_CHART_WEEKS } from "../src/services/trend.service.js";
import { orFailure } from "./shared.js";
import type { CommandContext } from "./types.js";

export const TEAM_CHART_USAGE = "/team chart [weeks]";

const SOURCE_NOTE = "From the daily score snapshots: a lead keeps its last recorded tier until its score next changes.";

/**
 * `/team chart [weeks]`: hot leads per team-local week (Monday start) as a PNG bar chart.
 * Managers only (checked in the service). `line.args` are the words after "chart".
 */
export async function teamChart(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  // "8", "8w", "8 weeks", or in the reader's words: "8 тижнів", "8 tygodni", "8 săptămâni".
  const inWords = readDuration(line.args, { units: ["week"] });
  const said = inWords && inWords.count === line.args.length ? String(inWords.amount) : undefined;
  if (line.args.length > 1 && !said) return usageReply("Give at most one number: how many weeks back.", TEAM_CHART_USAGE);
  const word = said ?? line.args[0]?.replace(/w(eeks?)?$/i, "");
  const weeks = word === undefined ? DEFAULT_CHART_WEEKS : /^\d{1,3}$/.test(word) ? Number(word) : Number.NaN;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_CHART_WEEKS) {
    return usageReply(`"${line.args[0]}" is not a number of weeks from 1 to ${MAX_CHART_WEEKS}.`, TEAM_CHART_USAGE);
  }
  const found = orFailure(ctx, await hotLeadsPerWeek(ctx.deps, ctx.actor, weeks));
  if (!found.ok) return found.reply;
  const { weeks: rows, tierLabel, timezone } = found.value;
  const title = `${tierLabel} leads per week`;
  // The chart renderer takes over a second to load: on first use only.
  const { hotLeadsPerWeekChart } = await import("../src/charts/hot-leads.chart.js");
  const chart = await hotLeadsPerWeekChart({
    weeks: rows,
    title,
    subtitle: `Leads ${tierLabel.toLowerCase()} at some point in each week (Mon–Sun) · last ${weeks} week${weeks === 1 ? "" : "s"} · this week so far`,
    lastWeekPartial: true,
    footnote: SOURCE_NOTE,
  });
  const thisWeek = rows[rows.length - 1]?.hot ?? 0;
  const lastWeek = rows[rows.length - 2]?.hot;
  const peak = rows.reduce((best, row) => (row.hot > best.hot ? row : best), rows[0] ?? { weekStart: "", hot: 0 });
  const comparison = lastWeek === undefined ? "" : ` (last week: ${lastWeek})`;
  const peakText = peak.hot > 0 ? ` Busiest week: ${shortDate(new Date(`${peak.weekStart}T12:00:00Z`), "UTC")} with ${peak.hot}.` : "";
  const result = reply([
    { type: "text", text: `${tierLabel} leads this week so far: ${thisWeek}${comparison}.${peakText}` },
    { type: "context", text: `Weeks start on Monday, ${timezone} time. ${SOURCE_NOTE}` },
  ]);
  return {
    ...result,
    attachments: [{ filename: "hot-leads-per-week.png", contentType: "image/png", data: chart, title: `${title}, last ${weeks} weeks` }],
  };
}
