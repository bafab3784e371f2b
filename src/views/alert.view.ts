/**
 * The hot-lead alert, posted to the team's chat through the outbox.
 */
import { signed, stageLabel } from "../chat/format.js";
import { reply, type Reply } from "../chat/reply.js";
import type { AlertMessage } from "../services/alerts.service.js";

/** The message a hot-lead alert shows, with Claim / Log call / Snooze buttons. */
export function alertReply(a: AlertMessage): Reply {
  return reply(
    [
      { type: "header", text: `${a.tierLabel} lead: ${a.name}${a.company ? ` · ${a.company}` : ""} (#${a.leadId})` },
      {
        type: "fields",
        fields: [
          { label: "Score", value: String(a.score) },
          { label: "Stage", value: stageLabel(a.stage) },
          { label: "Owner", value: a.owner ?? "unclaimed" },
          { label: "Next action", value: a.action },
        ],
      },
      { type: "list", title: "Why", items: a.reasons.map((r) => `${signed(r.points)}  ${r.label}`) },
      {
        type: "actions",
        actions: [
          ...(a.owner ? [] : [{ label: "Claim", command: `/lead claim #${a.leadId}`, style: "primary" as const }]),
          { label: "Log call", command: `/log #${a.leadId}` },
          { label: "Snooze 1 day", command: `/lead snooze #${a.leadId} 1d` },
        ],
      },
    ],
    { visibility: "channel" },
  );
}
