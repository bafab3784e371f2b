import { z } from "zod";
import type { ParsedLine } from "../src/chat/parse.js";
import { usageReply, type Reply } from "../src/chat/reply.js";
import { isManager } from "../src/services/actor.js";
import {
  digestOverview,
  previewDigest,
  sendDigestNow,
  setDigestChannel,
  setDigestDays,
  setDigestTime,
} from "../src/services/digest.service.js";
import { replyT } from "../src/chat/command-context.js";
import { digestReply } from "../src/views/digest.view.js";
import {
  DIGEST_USAGE as USAGE,
  digestChannelSetReply,
  digestDaysSetReply,
  digestProblem,
  digestSentReply,
  digestSettingsReply,
  digestTimeSetReply,
} from "../src/views/digest-settings.view.js";
import { orFailure, subcommand } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";

const ALL_USAGE = Object.values(USAGE).join("\n");

/** One time of day, 24-hour HH:MM; its words are in the view. */
const TimeArgs = z.object({ args: z.tuple([z.string()]) });
const Time = z.string().regex(/^\d{1,2}:\d{2}$/);

const DaysArgs = z.object({ args: z.array(z.string()).min(1) });

async function show(ctx: CommandContext): Promise<Reply> {
  const result = orFailure(ctx, await digestOverview(ctx.deps, ctx.actor));
  if (!result.ok) return result.reply;
  return digestSettingsReply(result.value, isManager(ctx.actor), replyT(ctx));
}

const SUBCOMMANDS: Record<string, (line: ParsedLine, ctx: CommandContext) => Promise<Reply>> = {
  async preview(_line, ctx) {
    const result = orFailure(ctx, await previewDigest(ctx.deps, ctx.actor));
    return result.ok ? digestReply(result.value, replyT(ctx)) : result.reply;
  },
  async now(_line, ctx) {
    const result = orFailure(ctx, await sendDigestNow(ctx.deps, ctx.actor));
    return result.ok ? digestSentReply(result.value, replyT(ctx)) : result.reply;
  },
  async time(line, ctx) {
    const t = replyT(ctx);
    const input = TimeArgs.safeParse({ args: line.args });
    if (!input.success) return usageReply(digestProblem("timeOne", t), USAGE.time, t);
    const time = Time.safeParse(input.data.args[0]);
    if (!time.success) return usageReply(digestProblem("timeFormat", t), USAGE.time, t);
    const result = orFailure(ctx, await setDigestTime(ctx.deps, ctx.actor, time.data));
    if (!result.ok) return result.reply;
    return digestTimeSetReply(result.value.time, result.value.timezone, replyT(ctx, "channel"));
  },
  async days(line, ctx) {
    const t = replyT(ctx);
    const input = DaysArgs.safeParse({ args: line.args });
    if (!input.success) return usageReply(digestProblem("days", t), USAGE.days, t);
    const result = orFailure(ctx, await setDigestDays(ctx.deps, ctx.actor, input.data.args.join("")));
    if (!result.ok) return result.reply;
    return digestDaysSetReply(result.value.days, replyT(ctx, "channel"));
  },
  async channel(_line, ctx) {
    const result = orFailure(ctx, await setDigestChannel(ctx.deps, ctx.actor, ctx.place));
    if (!result.ok) return result.reply;
    return digestChannelSetReply(ctx.actor.name, replyT(ctx, "channel"));
  },
};

export const digestCommand: CommandDefinition = {
  name: "digest",
  summary: "command.digest.summary",
  menu: { description: "command.digest.menu" },
  usage: Object.values(USAGE),
  help: "command.digest.help",
  examples: { preview: "/digest preview", time: "/digest time 08:30", days: "/digest days mon-fri", channel: "/digest channel", now: "/digest now" },
  async run(line, ctx) {
    const [first, ...rest] = line.args;
    if (!first) return show(ctx);
    const sub = subcommand(SUBCOMMANDS, first);
    if (!sub) return usageReply(digestProblem("unknown", replyT(ctx), first), ALL_USAGE, replyT(ctx));
    return sub({ ...line, args: rest }, ctx);
  },
};
