/**
 * Words for "the team's alerts and digests are not getting through": the private notice to
 * each admin, and the line /digest shows while it lasts.
 */
import { reply, type Reply } from "../chat/reply.js";
import type { DeliveryProblemNotice } from "../services/delivery-problem.service.js";

const platformName = (p: string) => (p === "slack" ? "Slack" : p === "telegram" ? "Telegram" : p);

/** The line /digest shows while the team's chat refuses messages. */
export const notDeliveredLine = (reason: string, since: string): string => `Alerts are not being delivered: ${reason} (since ${since}).`;

export const HOW_TO_FIX =
  "Add me back to that chat (or unblock me), or type /digest channel in the chat where alerts should go. /admin outbox lists what failed; /admin outbox retry <id> sends a message again.";

/** The private message each admin gets, once, when the team's chat starts refusing messages. */
export function deliveryProblemNotice(n: DeliveryProblemNotice): Reply {
  return reply([
    { type: "header", text: `${n.teamName}: alerts are not being delivered` },
    {
      type: "text",
      text: `Hot-lead alerts and morning digests for ${n.teamName} cannot be posted to the ${platformName(n.platform)} chat ${n.channel}: ${n.reason}. They are kept as failed until this is fixed.`,
    },
    { type: "context", text: HOW_TO_FIX },
  ]);
}
