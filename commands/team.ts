import { z } from "zod";
import { replyT } from "../src/chat/command-context.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { usageReply, type Reply } from "../src/chat/reply.js";
import { DEFAULT_PERIOD, PERIODS, type StatsPeriod } from "../src/domain/team-stats.js";
import { readStatsPeriod } from "../src/domain/value-words.js";
import { teamStats } from "../src/services/team-stats.service.js";
import { unknownTeamSubcommand } from "../src/views/team.view.js";
import { statsPeriodProblem, statsReply } from "../src/views/team-stats.view.js";
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

/** The period as typed: "7d", "week", or in the reader's words ("цей тиждень", "ostatnie 30 dni", "luna curentă"). The view words a mistake. */
const StatsArgs = z.object({
  args: z.array(z.string()).transform((args, ctx): StatsPeriod | undefined => {
    if (args.length === 0) return undefined;
    const period = readStatsPeriod(args);
    if (period) return period;
    ctx.addIssue({ code: "custom", message: "not a period" });
    return z.NEVER;
  }),
});

const SUBCOMMANDS: Record<string, (line: ParsedLine, ctx: CommandContext) => Promise<Reply>> = {
  async stats(line, ctx) {
    const input = StatsArgs.safeParse({ args: line.args });
    if (!input.success) return usageReply(statsPeriodProblem(replyT(ctx), line.args), USAGE.stats, replyT(ctx));
    const result = orFailure(ctx, await teamStats(ctx.deps, ctx.actor, input.data.args ?? DEFAULT_PERIOD));
    return result.ok ? statsReply(replyT(ctx), result.value) : result.reply;
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
    if (!sub) return usageReply(unknownTeamSubcommand(first ?? "", replyT(ctx)), ALL_USAGE, replyT(ctx));
    return sub({ ...line, args: rest }, ctx);
  },
};
