/**
 * The morning digest as a message, built from what the digest services compose: posted through
 * the outbox (scheduled, late, on request) and shown by /digest preview.
 */
import { signed } from "../chat/format.js";
import { reply, type Block, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import { formatDuration, percent, repLine } from "../domain/team-stats.js";
import type { DigestSectionData } from "../services/digest-sections.js";
import type { Digest, DigestLead, DigestMessage } from "../services/digest-compose.service.js";
import { fatigueBlocks } from "./team-stats.view.js";

/** At most this many leads per list; the counts above the lists stay exact. */
const LIST_LIMIT = 10;

/** An extra section of the digest (digest-sections.ts), in words. */
export function digestSectionBlocks(s: DigestSectionData): Block[] {
  switch (s.section) {
    case "calibration":
      return [{ type: "list", title: "Calibration (weekly)", items: [...s.lines, "/weights suggest for details"] }];
    case "unavailable":
      return [{ type: "context", text: "One section of this digest could not be built today." }];
  }
}

/** The last 7 days per rep, how many alerts were acted on, and the fatigue suggestion when it fires. */
function activityBlocks(d: Digest): Block[] {
  const blocks: Block[] = [];
  const { reps, alerts, fatigue } = d.activity;
  const hot = d.hotLabel.toLowerCase();
  if (reps.length > 0) blocks.push({ type: "list", title: "Per rep, last 7 days", items: reps.map(repLine) });
  if (alerts.sent > 0) {
    blocks.push({
      type: "context",
      text: `${d.hotLabel} alerts in the last 7 days: ${alerts.sent} sent, ${alerts.acted} acted on (${percent(alerts.share)}), median time to act ${formatDuration(alerts.medianToActMs)}. First call: median time from a ${hot} alert to the rep's first logged call.`,
    });
  }
  if (fatigue) blocks.push(...fatigueBlocks(fatigue, d.hotLabel));
  return blocks;
}

const leadText = (l: DigestLead) => `#${l.id} ${l.name}${l.company ? ` (${l.company})` : ""}`;

function capped(items: string[], total: number): string[] {
  return total > items.length ? [...items, `…and ${total - items.length} more`] : items;
}

function dayLabel(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone }).format(at);
}

/** The digest as a message. `late` and `request` say so in the header. */
export function digestReply(message: DigestMessage, _t: Translator): Reply {
  const { digest: d, mode } = message;
  const date = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(`${d.localDate}T12:00:00Z`),
  );
  const suffix = mode === "late" ? " (late)" : mode === "request" ? " (on request)" : mode === "preview" ? " (preview)" : "";
  const blocks: Block[] = [{ type: "header", text: `Morning digest · ${d.teamName} · ${date}${suffix}` }];
  if (mode === "late") {
    blocks.push({ type: "context", text: `Sent late: the bot was not running at ${message.digestTime ?? "digest time"}. Scores are as of now.` });
  }
  if (mode === "request" && message.requestedBy) blocks.push({ type: "context", text: `Sent on request by ${message.requestedBy}.` });
  blocks.push({
    type: "fields",
    fields: [
      { label: d.hotLabel, value: String(d.hot.length) },
      { label: "New since yesterday", value: String(d.newHot.length) },
      { label: "Unclaimed", value: String(d.unclaimed.length) },
      { label: "Cooling down", value: String(d.coolingDown.length) },
    ],
  });
  if (d.hot.length === 0) blocks.push({ type: "text", text: `No ${d.hotLabel.toLowerCase()} leads today.` });
  else {
    blocks.push({
      type: "list",
      title: `${d.hotLabel} leads`,
      items: capped(
        d.hot.slice(0, LIST_LIMIT).map((l, i) => `${i + 1}. ${leadText(l)} · ${l.score} · ${l.owner ?? "unclaimed"}`),
        d.hot.length,
      ),
    });
  }
  if (d.newHot.length > 0) {
    blocks.push({ type: "list", title: "New since yesterday", items: capped(d.newHot.slice(0, LIST_LIMIT).map((l) => `${leadText(l)} · ${l.score}`), d.newHot.length) });
  }
  if (d.movers.length > 0) {
    blocks.push({ type: "list", title: "Biggest movers", items: d.movers.map((m) => `${leadText(m)} · ${m.from} → ${m.score} (${signed(m.delta)})`) });
  }
  if (d.coolingDown.length > 0) {
    blocks.push({
      type: "list",
      title: `About to cool down (next ${d.coolingDays} days)`,
      items: capped(
        d.coolingDown
          .slice(0, LIST_LIMIT)
          .map((c) => `${leadText(c)} · ${c.score} → ${c.to} by ${dayLabel(c.at, d.timezone)}${c.expiring.length ? `: ${c.expiring.join(", ")} expires` : ""}`),
        d.coolingDown.length,
      ),
    });
  }
  if (d.unclaimed.length > 0) {
    blocks.push({ type: "list", title: `Unclaimed ${d.hotLabel.toLowerCase()} leads`, items: capped(d.unclaimed.slice(0, LIST_LIMIT).map((l) => `${leadText(l)} · ${l.score}`), d.unclaimed.length) });
  }
  if (d.reps.length > 0) {
    blocks.push({ type: "list", title: "Per rep", items: d.reps.map((r) => `${r.name}: ${r.hot} ${d.hotLabel.toLowerCase()} · ${r.claimed} claimed`) });
  }
  blocks.push(...activityBlocks(d));
  blocks.push(...d.extra.flatMap(digestSectionBlocks));
  if (mode === "preview") blocks.push({ type: "context", text: "Preview: nothing was posted." });
  const claims = d.unclaimed.slice(0, 3).map((l) => ({ label: `Claim #${l.id}`, command: `/lead claim #${l.id}` }));
  blocks.push({ type: "actions", actions: [...claims, { label: "Hot leads", command: "/lead list hot" }] });
  return reply(blocks, { visibility: mode === "preview" ? "ephemeral" : "channel" });
}
