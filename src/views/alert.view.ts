/**
 * The hot-lead alert, posted to the team's chat through the outbox, in the team's language.
 */
import { signed } from "../chat/format.js";
import { reply, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import type { AlertMessage } from "../services/alerts.service.js";
import { ruleLabel, tierAction, tierName } from "./rule-words.js";
import { leadTitle, stageName } from "./words.js";

/** The message a hot-lead alert shows, with Claim / Log call / Snooze buttons. */
export function alertReply(a: AlertMessage, t: Translator): Reply {
  const tier = { key: a.tierKey, label: a.tierLabel, action: a.action };
  return reply(
    [
      { type: "header", text: t.t("alert.header", { tier: tierName(t, tier), lead: leadTitle(a), id: String(a.leadId) }) },
      {
        type: "fields",
        fields: [
          { label: t.t("alert.score"), value: t.number(a.score) },
          { label: t.t("alert.stage"), value: stageName(t, a.stage) },
          { label: t.t("alert.owner"), value: a.owner ?? t.t("alert.unclaimed") },
          { label: t.t("alert.nextAction"), value: tierAction(t, tier) },
        ],
      },
      { type: "list", title: t.t("alert.why"), items: a.reasons.map((r) => `${signed(r.points)}  ${ruleLabel(t, r)}`) },
      {
        type: "actions",
        actions: [
          ...(a.owner ? [] : [{ label: t.t("alert.claim"), command: `/lead claim #${a.leadId}`, style: "primary" as const }]),
          { label: t.t("alert.logCall"), command: `/log #${a.leadId}` },
          { label: t.t("alert.snooze"), command: `/lead snooze #${a.leadId} 1d` },
        ],
      },
    ],
    { visibility: "channel" },
  );
}
