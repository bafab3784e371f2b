import { z } from "zod";
import { dateTime } from "../src/chat/format.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Reply } from "../src/chat/reply.js";
import { isManager } from "../src/services/actor.js";
import {
  digestOverview,
  previewDigest,
  sendDigestNow,
  setDigestChannel,
  setDigestDays,
  setDigestTime,
} from "../src/services/digest.service.js";
import { HOW_TO_FIX, notDeliveredLine } from "../src/views/delivery-problem.view.js";
import { replyT } from "../src/chat/command-context.js";
import { digestReply } from "../src/views/digest.view.js";
import { orFailure, subcommand } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";

const USAGE = {
  show: "/digest",
  preview: "/digest preview",
  now: "/digest now",
  time: "/digest time 08:30",
  days: "/digest days mon-fri",
  channel: "/digest channel",
};
const ALL_USAGE = Object.values(USAGE).join("\n");

const TimeArgs = z.object({
  args: z.tuple([z.string().regex(/^\d{1,2}:\d{2}$/, "Give the time as 24-hour HH:MM, e.g. /digest time 08:30.")], {
    error: "Give one time, e.g. /digest time 08:30.",
  }),
});

const DaysArgs = z.object({
  args: z.array(z.string()).min(1, "Which days? e.g. /digest days mon-fri"),
});

const platformName = (p: string) => (p === "slack" ? "Slack" : p === "telegram" ? "Telegram" : p);

async function show(ctx: CommandContext): Promise<Reply> {
  const result = orFailure(ctx, await digestOverview(ctx.deps, ctx.actor));
  if (!result.ok) return result.reply;
  const { settings, days, sentToday, lastSent } = result.value;
  const tz = settings.timezone;
  if (!settings.channel) {
    // Said plainly: without a channel nothing is posted, however the rest is set.
    return reply([
      { type: "text", text: "Scheduled morning digests are not switched on yet: the team has no channel for alerts and digests." },
      { type: "context", text: `When set, they go out at ${settings.digestTime} ${tz}, ${days}.` },
      {
        type: "context",
        text: isManager(ctx.actor) ? "Type /digest channel in the Slack channel or Telegram group where they should go." : "A manager can switch them on with /digest channel.",
      },
      { type: "actions", actions: [{ label: "Preview", command: "/digest preview" }, { label: "Hot leads", command: "/lead list hot" }] },
    ]);
  }
  const { deliveryProblem } = result.value;
  return reply([
    { type: "header", text: "Morning digest" },
    {
      type: "text",
      text: `The team's morning digests go out at ${settings.digestTime} ${tz}, ${days}, to the ${platformName(settings.channel.platform)} chat ${settings.channel.id}.`,
    },
    // Said first and plainly: nothing below reaches anyone until it is fixed.
    ...(deliveryProblem
      ? [
          { type: "text" as const, text: notDeliveredLine(deliveryProblem.reason, dateTime(deliveryProblem.since, tz)) },
          { type: "context" as const, text: HOW_TO_FIX },
        ]
      : []),
    {
      type: "context",
      text: sentToday ? `Today's digest went out ${dateTime(sentToday, tz)}.` : lastSent ? `Last sent ${dateTime(lastSent, tz)}.` : "Not sent yet.",
    },
    {
      type: "context",
      text: isManager(ctx.actor) ? `Change: ${USAGE.time} · ${USAGE.days} · ${USAGE.channel} · ${USAGE.now}` : "Managers can change these.",
    },
    { type: "actions", actions: [{ label: "Preview", command: "/digest preview" }] },
  ]);
}

const SUBCOMMANDS: Record<string, (line: ParsedLine, ctx: CommandContext) => Promise<Reply>> = {
  async preview(_line, ctx) {
    const result = orFailure(ctx, await previewDigest(ctx.deps, ctx.actor));
    return result.ok ? digestReply(result.value, replyT(ctx)) : result.reply;
  },
  async now(_line, ctx) {
    const result = orFailure(ctx, await sendDigestNow(ctx.deps, ctx.actor));
    if (!result.ok) return result.reply;
    const sent = result.value;
    if (sent.kind === "duplicate") return reply([{ type: "text", text: "A digest was just posted on request; it is on its way." }]);
    const where = `the ${platformName(sent.channel.platform)} chat ${sent.channel.id}`;
    if (sent.kind === "today") {
      return reply([{ type: "text", text: `Today's digest is on its way to ${where}. The scheduled one will not go out again today.` }]);
    }
    return reply([{ type: "text", text: `Today's digest already went out; an extra, up-to-date digest marked "on request" is on its way to ${where}.` }]);
  },
  async time(line, ctx) {
    const input = TimeArgs.safeParse({ args: line.args });
    if (!input.success) return usageReply(input.error.issues[0]?.message ?? "That didn't look right.", USAGE.time);
    const result = orFailure(ctx, await setDigestTime(ctx.deps, ctx.actor, input.data.args[0]));
    if (!result.ok) return result.reply;
    return reply([{ type: "text", text: `The morning digest now goes out at ${result.value.time} ${result.value.timezone}.` }], { visibility: "channel" });
  },
  async days(line, ctx) {
    const input = DaysArgs.safeParse({ args: line.args });
    if (!input.success) return usageReply(input.error.issues[0]?.message ?? "That didn't look right.", USAGE.days);
    const result = orFailure(ctx, await setDigestDays(ctx.deps, ctx.actor, input.data.args.join("")));
    if (!result.ok) return result.reply;
    return reply([{ type: "text", text: `The morning digest now goes out ${result.value.days}.` }], { visibility: "channel" });
  },
  async channel(_line, ctx) {
    const result = orFailure(ctx, await setDigestChannel(ctx.deps, ctx.actor, ctx.place));
    if (!result.ok) return result.reply;
    return reply([{ type: "text", text: `Hot-lead alerts and the morning digest will be posted here (set by ${ctx.actor.name}).` }], { visibility: "channel" });
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
    if (!sub) return usageReply(`"${first}" is not something /digest does.`, ALL_USAGE);
    return sub({ ...line, args: rest }, ctx);
  },
};
