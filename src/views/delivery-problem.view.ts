/**
 * Words for "the team's alerts and digests are not getting through": the private notice to
 * each admin, and the lines /digest shows while it lasts. The platform's reason is its own
 * words (data).
 */
import { reply, type Block, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import type { DeliveryProblemNotice } from "../services/delivery-problem.service.js";

/** A platform's name as its users write it. */
export const platformName = (p: string): string => (p === "slack" ? "Slack" : p === "telegram" ? "Telegram" : p);

const howToFix = (t: Translator): string =>
  t.t("deliveryProblem.howToFix", { channel: "/digest channel", outbox: "/admin outbox", retry: "/admin outbox retry <id>" });

/** The lines /digest shows while the team's chat refuses messages (`since` in the team's time zone). */
export function notDeliveredBlocks(reason: string, since: Date, timeZone: string, t: Translator): Block[] {
  const when = t.date(since, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone });
  return [
    { type: "text", text: t.t("deliveryProblem.notDelivered", { reason, since: when }) },
    { type: "context", text: howToFix(t) },
  ];
}

/** The private message each admin gets, once, when the team's chat starts refusing messages. */
export function deliveryProblemNotice(n: DeliveryProblemNotice, t: Translator): Reply {
  return reply([
    { type: "header", text: t.t("deliveryProblem.header", { team: n.teamName }) },
    { type: "text", text: t.t("deliveryProblem.text", { team: n.teamName, platform: platformName(n.platform), channel: n.channel, reason: n.reason }) },
    { type: "context", text: howToFix(t) },
  ]);
}
