/**
 * Words of /digest itself (the digest is digest.view.ts): when and where the team's morning
 * digest goes, what sending one now did, and the answers to changing its time, days and chat.
 * In the reader's language (`t`); what people type stays a placeholder.
 */
import { reply, type Block, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import type { DigestOverview, SendNowResult } from "../services/digest.service.js";
import { notDeliveredBlocks, platformName } from "./delivery-problem.view.js";
import { digestDaysWords } from "./team.view.js";

/** What /digest types, shown as usage and in the hints. */
export const DIGEST_USAGE = {
  show: "/digest",
  preview: "/digest preview",
  now: "/digest now",
  time: "/digest time 08:30",
  days: "/digest days mon-fri",
  channel: "/digest channel",
};

const stamp = (at: Date, timeZone: string, t: Translator) => t.date(at, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone });

/** `/digest`: when and where the digests go, whether today's went out, and how to change it. */
export function digestSettingsReply(o: DigestOverview, manager: boolean, t: Translator): Reply {
  const { settings, sentToday, lastSent, deliveryProblem } = o;
  const tz = settings.timezone;
  const days = digestDaysWords(o.days, t);
  const preview = { label: t.t("digestSettings.preview"), command: DIGEST_USAGE.preview };
  if (!settings.channel) {
    // Said plainly: without a channel nothing is posted, however the rest is set.
    return reply([
      { type: "text", text: t.t("digestSettings.off") },
      { type: "context", text: t.t("digestSettings.offWhen", { time: settings.digestTime, timezone: tz, days }) },
      { type: "context", text: manager ? t.t("digestSettings.offHowManager", { channel: DIGEST_USAGE.channel }) : t.t("digestSettings.offHowRep", { channel: DIGEST_USAGE.channel }) },
      { type: "actions", actions: [preview, { label: t.t("digestSettings.hotLeads"), command: "/lead list hot" }] },
    ]);
  }
  const blocks: Block[] = [
    { type: "header", text: t.t("digestSettings.header") },
    {
      type: "text",
      text: t.t("digestSettings.schedule", { time: settings.digestTime, timezone: tz, days, platform: platformName(settings.channel.platform), channel: settings.channel.id }),
    },
    // Said first and plainly: nothing below reaches anyone until it is fixed.
    ...(deliveryProblem ? notDeliveredBlocks(deliveryProblem.reason, deliveryProblem.since, tz, t) : []),
    {
      type: "context",
      text: sentToday
        ? t.t("digestSettings.sentToday", { at: stamp(sentToday, tz, t) })
        : lastSent
          ? t.t("digestSettings.lastSent", { at: stamp(lastSent, tz, t) })
          : t.t("digestSettings.notSent"),
    },
    {
      type: "context",
      text: manager
        ? t.t("digestSettings.change", { commands: [DIGEST_USAGE.time, DIGEST_USAGE.days, DIGEST_USAGE.channel, DIGEST_USAGE.now].join(" · ") })
        : t.t("digestSettings.managersChange"),
    },
    { type: "actions", actions: [preview] },
  ];
  return reply(blocks);
}

/** `/digest now`: where the digest is on its way to, or that one just was. */
export function digestSentReply(sent: SendNowResult, t: Translator): Reply {
  if (sent.kind === "duplicate") return reply([{ type: "text", text: t.t("digestSettings.duplicate") }]);
  const where = { platform: platformName(sent.channel.platform), channel: sent.channel.id };
  return reply([{ type: "text", text: t.t(sent.kind === "today" ? "digestSettings.sendingToday" : "digestSettings.sendingExtra", where) }]);
}

export const digestTimeSetReply = (time: string, timezone: string, t: Translator): Reply =>
  reply([{ type: "text", text: t.t("digestSettings.timeSet", { time, timezone }) }], { visibility: "channel" });

export const digestDaysSetReply = (days: string, t: Translator): Reply =>
  reply([{ type: "text", text: t.t("digestSettings.daysSet", { days: digestDaysWords(days, t) }) }], { visibility: "channel" });

export const digestChannelSetReply = (by: string, t: Translator): Reply =>
  reply([{ type: "text", text: t.t("digestSettings.channelSet", { name: by }) }], { visibility: "channel" });

/** What was wrong with a /digest line, for its usage reply. */
export function digestProblem(problem: "timeFormat" | "timeOne" | "days" | "unknown", t: Translator, typed = ""): string {
  switch (problem) {
    case "timeFormat":
      return t.t("digestSettings.timeFormat", { example: DIGEST_USAGE.time });
    case "timeOne":
      return t.t("digestSettings.timeOne", { example: DIGEST_USAGE.time });
    case "days":
      return t.t("digestSettings.whichDays", { example: DIGEST_USAGE.days });
    case "unknown":
      return t.t("digestSettings.unknownSub", { typed, command: "/digest" });
  }
}
