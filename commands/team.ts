import { z } from "zod";
import { dateTime } from "../src/chat/format.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Action, type Block, type Reply } from "../src/chat/reply.js";
import {
  DEFAULT_PERIOD,
  formatDuration,
  percent,
  PERIODS,
  repLine,
  timeToAct,
  type AlertOutcome,
  type StatsPeriod,
  type WeekUsefulness,
} from "../src/domain/team-stats.js";
import { readStatsPeriod } from "../src/domain/value-words.js";
import { teamStats, type TeamStats } from "../src/services/team-stats.service.js";
import { translator } from "../src/i18n/index.js";
import { dayMonth, fatigueBlocks } from "../src/views/team-stats.view.js";

// Not converted to the catalogs yet: /team stats speaks English (README, "Languages").
const EN = translator("en");
import { orFailure, subcommand } from "./shared.js";
import { TEAM_ADMIN_SUBCOMMANDS, TEAM_ADMIN_USAGE } from "./team-admin.js";
import { teamChart, TEAM_CHART_USAGE } from "./team-chart.js";
import type { CommandContext, CommandDefinition } from "./types.js";

const USAGE = {
  stats: `/team stats [${PERIODS.join("|")}]`,
  chart: TEAM_CHART_USAGE,
  ...TEAM_ADMIN_USAGE,
};
const ALL_USAGE = Object.values(USAGE).join("\n");

const PERIOD_HINT = "Use 7d, 30d, 90d, week, month or quarter, e.g. /team stats 7d.";

/** The period as typed: "7d", "week", or in the reader's words ("цей тиждень", "ostatnie 30 dni", "luna curentă"). */
const StatsArgs = z.object({
  args: z.array(z.string()).transform((args, ctx): StatsPeriod | undefined => {
    if (args.length === 0) return undefined;
    const period = readStatsPeriod(args);
    if (period) return period;
    ctx.addIssue({ code: "custom", message: args.length > 1 ? `Give one period. ${PERIOD_HINT}` : `"${args[0]}" is not a period. ${PERIOD_HINT}` });
    return z.NEVER;
  }),
});

function weekLine(w: WeekUsefulness, current: boolean): string {
  const label = `Week of ${dayMonth(EN, w.week)}${current ? " (so far)" : ""}`;
  if (w.sent === 0) return `${label}: no alerts`;
  return `${label}: ${w.sent} sent · ${w.acted} acted on (${percent(w.share)}) · median time to act ${formatDuration(w.medianToActMs)}`;
}

function alertLine(a: AlertOutcome, timeZone: string): string {
  const head = `#${a.leadId} ${a.leadName} · ${a.score} · ${dateTime(a.createdAt, timeZone)}`;
  if (a.actedAt === null) return `${head} · not acted on`;
  const how = a.how === "call" ? "call logged" : "claimed";
  return `${head} · ${how} by ${a.actedBy ?? "a former member"} after ${formatDuration(timeToAct(a))}`;
}

function statsReply(s: TeamStats): Reply {
  const hot = s.hotLabel.toLowerCase();
  const blocks: Block[] = [
    { type: "header", text: `Team stats · ${s.range.label}` },
    {
      type: "fields",
      fields: [
        { label: `${s.hotLabel} alerts sent`, value: String(s.alerts.sent) },
        { label: "Acted on", value: s.alerts.sent === 0 ? "—" : `${s.alerts.acted} (${percent(s.alerts.share)})` },
        { label: "Median time to act", value: formatDuration(s.alerts.medianToActMs) },
        { label: "By claim · by call", value: `${s.alerts.byClaim} · ${s.alerts.byCall}` },
      ],
    },
  ];
  blocks.push(
    s.reps.length > 0
      ? { type: "list", title: "Per rep", items: s.reps.map(repLine) }
      : { type: "text", text: "No reps on this team yet." },
  );
  blocks.push({
    type: "context",
    text: `Hot claimed: ${hot} alerts the person answered by taking the lead. First call: median time from a ${hot} alert to their first logged call on that lead (— when they logged none). Meetings and won: call outcomes they logged.`,
  });
  blocks.push({ type: "list", title: `${s.hotLabel} alerts per week (${s.timezone})`, items: s.weeks.map((w, i) => weekLine(w, i === s.weeks.length - 1)) });
  if (s.recent.length > 0) blocks.push({ type: "list", title: "Latest alerts", items: s.recent.map((a) => alertLine(a, s.timezone)) });
  if (s.fatigue) blocks.push(...fatigueBlocks(EN, s.fatigue, s.hotLabel));
  const actions: Action[] = PERIODS.filter((p) => p !== s.range.period && ["7d", "30d", "90d"].includes(p)).map((p) => ({
    label: p,
    command: `/team stats ${p}`,
  }));
  actions.push({ label: "Chart", command: "/team chart" });
  blocks.push({ type: "actions", actions });
  return reply(blocks);
}

const SUBCOMMANDS: Record<string, (line: ParsedLine, ctx: CommandContext) => Promise<Reply>> = {
  async stats(line, ctx) {
    const input = StatsArgs.safeParse({ args: line.args });
    if (!input.success) return usageReply(input.error.issues[0]?.message ?? "That didn't look right.", USAGE.stats);
    const result = orFailure(ctx, await teamStats(ctx.deps, ctx.actor, input.data.args ?? DEFAULT_PERIOD));
    return result.ok ? statsReply(result.value) : result.reply;
  },
  chart: teamChart,
  ...TEAM_ADMIN_SUBCOMMANDS,
};

export const teamCommand: CommandDefinition = {
  name: "team",
  summary: "command.team.summary",
  menu: {
    description: "command.team.menu",
    hint: "members · role @taras manager · remove @taras · join approval · settings · stats",
  },
  mentions: true,
  usage: Object.values(USAGE),
  help: "command.team.help",
  examples: {
    members: "/team members",
    role: "/team role @taras manager",
    remove: "/team remove @taras",
    join: "/team join approval",
    audit: "/team audit [csv]",
    settings: "/team settings",
    timezone: "/team timezone Europe/Kyiv",
    language: "/team language uk",
    stats: "/team stats",
    statsWindows: "/team stats 7d|30d|90d",
    statsPeriods: "week|month|quarter",
    thresholds: "/weights thresholds",
    chart: "/team chart [weeks]",
  },
  async run(line, ctx) {
    const [first, ...rest] = line.args;
    const sub = subcommand(SUBCOMMANDS, first ?? "stats");
    if (!sub) return usageReply(`"${first}" is not something /team does.`, ALL_USAGE);
    return sub({ ...line, args: rest }, ctx);
  },
};
