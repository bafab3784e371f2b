/**
 * The morning digest as a message, built from what the digest services compose: posted through
 * the outbox (scheduled, late, on request) in the team's language, and shown by /digest preview
 * in the reader's.
 */
import { signed } from "../chat/format.js";
import { reply, type Block, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import type { DigestSectionData } from "../services/digest-sections.js";
import type { Digest, DigestLead, DigestMessage } from "../services/digest-compose.service.js";
import { ruleLabel, tierName } from "./rule-words.js";
import { calibrationDigestLines } from "./calibration.view.js";
import { durationText, fatigueBlocks, repLineText, shareText } from "./team-stats.view.js";

/** At most this many leads per list; the counts above the lists stay exact. */
const LIST_LIMIT = 10;

/** An extra section of the digest (digest-sections.ts), in words. */
export function digestSectionBlocks(s: DigestSectionData, t: Translator): Block[] {
  switch (s.section) {
    case "calibration":
      // A section queued before it was data carries its lines already worded.
      return [
        {
          type: "list",
          title: t.t("digest.calibration"),
          items: [...("lines" in s ? s.lines : calibrationDigestLines(t, s.summary)), t.t("digest.calibrationMore", { command: "/weights suggest" })],
        },
      ];
    case "unavailable":
      return [{ type: "context", text: t.t("digest.unavailable") }];
  }
}

/** The last 7 days per rep, how many alerts were acted on, and the fatigue suggestion when it fires. */
function activityBlocks(d: Digest, t: Translator, hotName: string): Block[] {
  const blocks: Block[] = [];
  const { reps, alerts, fatigue } = d.activity;
  if (reps.length > 0) blocks.push({ type: "list", title: t.t("digest.perRepWeek"), items: reps.map((r) => repLineText(t, r)) });
  if (alerts.sent > 0) {
    blocks.push({
      type: "context",
      text: t.t("digest.alerts", {
        tier: hotName,
        hot: hotName.toLocaleLowerCase(t.intl),
        sent: alerts.sent,
        acted: alerts.acted,
        share: shareText(t, alerts.share),
        median: durationText(t, alerts.medianToActMs),
      }),
    });
  }
  if (fatigue) blocks.push(...fatigueBlocks(t, fatigue, hotName));
  return blocks;
}

/** "#12 Jana Novak (Acme)": data, no words. */
const leadText = (l: DigestLead) => `#${l.id} ${l.name}${l.company ? ` (${l.company})` : ""}`;

function capped(t: Translator, items: string[], total: number): string[] {
  return total > items.length ? [...items, t.t("digest.more", { count: total - items.length })] : items;
}

/** The digest as a message. `late` and `request` say so in the header. */
export function digestReply(message: DigestMessage, t: Translator): Reply {
  const { digest: d, mode } = message;
  const hotName = tierName(t, { key: d.hotKey, label: d.hotLabel });
  const tier = hotName.toLocaleLowerCase(t.intl);
  const date = t.date(new Date(`${d.localDate}T12:00:00Z`), { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
  const blocks: Block[] = [{ type: "header", text: t.t("digest.header", { team: d.teamName, date, mode }) }];
  if (mode === "late") {
    blocks.push({ type: "context", text: message.digestTime ? t.t("digest.late", { time: message.digestTime }) : t.t("digest.lateNoTime") });
  }
  if (mode === "request" && message.requestedBy) blocks.push({ type: "context", text: t.t("digest.requested", { name: message.requestedBy }) });
  blocks.push({
    type: "fields",
    fields: [
      { label: hotName, value: t.number(d.hot.length) },
      { label: t.t("digest.newSinceYesterday"), value: t.number(d.newHot.length) },
      { label: t.t("digest.unclaimed"), value: t.number(d.unclaimed.length) },
      { label: t.t("digest.coolingDown"), value: t.number(d.coolingDown.length) },
    ],
  });
  if (d.hot.length === 0) blocks.push({ type: "text", text: t.t("digest.noHot", { tier }) });
  else {
    blocks.push({
      type: "list",
      title: t.t("digest.hotLeads", { tier: hotName }),
      items: capped(
        t,
        d.hot.slice(0, LIST_LIMIT).map((l, i) => `${i + 1}. ${leadText(l)} · ${l.score} · ${l.owner ?? t.t("digest.nobody")}`),
        d.hot.length,
      ),
    });
  }
  if (d.newHot.length > 0) {
    blocks.push({ type: "list", title: t.t("digest.newSinceYesterday"), items: capped(t, d.newHot.slice(0, LIST_LIMIT).map((l) => `${leadText(l)} · ${l.score}`), d.newHot.length) });
  }
  if (d.movers.length > 0) {
    blocks.push({ type: "list", title: t.t("digest.movers"), items: d.movers.map((m) => `${leadText(m)} · ${m.from} → ${m.score} (${signed(m.delta)})`) });
  }
  if (d.coolingDown.length > 0) {
    const day = (at: Date) => t.date(at, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: d.timezone });
    blocks.push({
      type: "list",
      title: t.t("digest.coolingTitle", { days: d.coolingDays }),
      items: capped(
        t,
        d.coolingDown.slice(0, LIST_LIMIT).map((c) => {
          const values = { lead: leadText(c), score: String(c.score), to: String(c.to), day: day(c.at) };
          return c.expiring.length ? t.t("digest.coolingExpiring", { ...values, rules: c.expiring.map((label, i) => ruleLabel(t, { key: c.expiringKeys?.[i], label })).join(", ") }) : t.t("digest.cooling", values);
        }),
        d.coolingDown.length,
      ),
    });
  }
  if (d.unclaimed.length > 0) {
    blocks.push({ type: "list", title: t.t("digest.unclaimedLeads", { tier }), items: capped(t, d.unclaimed.slice(0, LIST_LIMIT).map((l) => `${leadText(l)} · ${l.score}`), d.unclaimed.length) });
  }
  if (d.reps.length > 0) {
    blocks.push({ type: "list", title: t.t("digest.perRep"), items: d.reps.map((r) => t.t("digest.repLine", { name: r.name, hot: r.hot, tier, claimed: r.claimed })) });
  }
  blocks.push(...activityBlocks(d, t, hotName));
  blocks.push(...d.extra.flatMap((s) => digestSectionBlocks(s, t)));
  if (mode === "preview") blocks.push({ type: "context", text: t.t("digest.previewNote") });
  const claims = d.unclaimed.slice(0, 3).map((l) => ({ label: t.t("digest.claim", { id: String(l.id) }), command: `/lead claim #${l.id}` }));
  blocks.push({ type: "actions", actions: [...claims, { label: t.t("digest.hotButton"), command: "/lead list hot" }] });
  return reply(blocks, { visibility: mode === "preview" ? "ephemeral" : "channel" });
}
