/**
 * The words of /lead (status, add, list, claim, assign, event, snooze): the commands give the
 * data, every word here is from the catalogs. Labels, tiers and next actions of the team's rules
 * are the catalog's while they are the defaults, else the team's own words (rule-words.ts).
 */
import { capitalise, signed, sparkline } from "../chat/format.js";
import { reply, type Block, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import { FRAMEWORK_DIMENSIONS, type Contribution } from "../domain/types.js";
import type { LeadStatus, LeadView } from "../services/lead.service.js";
import { leadLabel } from "./failure.view.js";
import { touchText } from "./lead-history.view.js";
import { groupName, ruleLabel, tierAction, tierName, tierWord } from "./rule-words.js";
import { stageName } from "./words.js";

type Lead = { id: number; name: string; company: string | null };

/** "6 Dec": a day in the team's time zone. */
const day = (t: Translator, at: Date, timeZone: string) => t.date(at, { day: "numeric", month: "short", timeZone });

/** "in 3 days", "in 5 h", "tomorrow": how far away a change is. */
export function fromNowText(t: Translator, at: Date, now: Date): string {
  const ms = at.getTime() - now.getTime();
  const hours = Math.round(ms / 3_600_000);
  if (ms <= 0) return t.t("lead.fromNow", { when: "now", n: 0 });
  if (hours < 1) return t.t("lead.fromNow", { when: "hour", n: 0 });
  if (hours < 24) return t.t("lead.fromNow", { when: "hours", n: hours });
  const days = Math.round(ms / 86_400_000);
  return t.t("lead.fromNow", { when: days === 1 ? "tomorrow" : "days", n: days });
}

// ---- what people typed wrong -----------------------------------------------------------------

export const leadHint = (t: Translator): string => t.t("lead.hint");
export const addNameHint = (t: Translator, example: string): string => t.t("lead.addName", { example });
export const badEmail = (t: Translator): string => t.t("lead.badEmail");
export const badPhone = (t: Translator): string => t.t("lead.badPhone");
export const badDate = (t: Translator, option: string, example: string): string => t.t("lead.badDate", { option, example });
export const notWholeNumber = (t: Translator, option: string): string => t.t("lead.wholeNumber", { option });
export const notAboveZero = (t: Translator, option: string): string => t.t("lead.aboveZero", { option });
export const assignHint = (t: Translator, example: string): string => t.t("lead.assignHint", { example });
export const eventHint = (t: Translator, example: string): string => t.t("lead.eventHint", { example });
export const notRight = (t: Translator): string => t.t("log.notRight");
export const notAFilter = (t: Translator, word: string): string => t.t("lead.notAFilter", { word, max: 100 });
export const unknownSubcommand = (t: Translator, command: string | undefined): string =>
  command ? t.t("lead.unknownSub", { command }) : t.t("lead.whatToDo");

// ---- /lead status ------------------------------------------------------------------------------

/** A breakdown line's name: its rule's label, or the group a cap holds back. */
function contributionLabel(t: Translator, c: Contribution): string {
  if (c.facts?.kind === "cap") return t.t("lead.detail.capped", { group: groupName(t, c.facts.group), cap: String(c.facts.cap) });
  return ruleLabel(t, { key: c.ruleKey, label: c.label });
}

/** "5 of 7 counted (max 5)", "62 of 90 days into cycle", "title: consultant"; as the domain said it when it gave no facts. */
function contributionDetail(t: Translator, c: Contribution): string | undefined {
  const f = c.facts;
  if (!f) return c.detail;
  switch (f.kind) {
    case "window":
      return f.valid > f.counted && f.max !== null
        ? t.t("lead.detail.countedOf", { count: String(f.counted), valid: String(f.valid), max: String(f.max) })
        : t.t("lead.detail.counted", { count: String(f.counted) });
    case "cycle":
      return t.t("lead.detail.cycle", { days: String(f.days), cycleDays: String(f.cycleDays), ready: f.ready ? "yes" : "no" });
    case "field":
      return `${t.t("failure.field", { field: f.field })}: ${f.evidence}`;
    case "cap":
      return t.t("lead.detail.capSum", { sum: String(f.sum), cap: String(f.cap) });
  }
}

export function statusView(t: Translator, s: LeadStatus, now: Date, actorName: string): Reply {
  const tz = s.team.timezone;
  const { lead, result } = s;
  const blocks: Block[] = [
    { type: "header", text: `${lead.name}${lead.company ? ` · ${lead.company}` : ""} (#${lead.id})` },
    {
      type: "fields",
      fields: [
        { label: t.t("lead.score"), value: `${result.score} · ${tierName(t, result.tier)}` },
        { label: t.t("alert.stage"), value: stageName(t, lead.stage) },
        { label: t.t("lead.owner"), value: lead.owner ?? t.t("lead.unclaimed") },
        { label: t.t("lead.nextAction"), value: tierAction(t, result.tier) },
      ],
    },
  ];
  blocks.push({
    type: "list",
    title: t.t("lead.why", { score: result.score }),
    items:
      result.breakdown.length === 0
        ? [t.t("lead.noSignals")]
        : result.breakdown.slice(0, 8).map((c) => {
            const count = c.count > 1 ? ` ×${c.count}` : "";
            const expiry = c.expiresAt ? ` · ${t.t("lead.expires", { date: day(t, c.expiresAt, tz), when: fromNowText(t, c.expiresAt, now) })}` : "";
            const detail = contributionDetail(t, c);
            return `${signed(c.points)}  ${contributionLabel(t, c)}${count}${detail ? ` · ${detail}` : ""}${expiry}`;
          }),
  });
  if (result.breakdown.length > 8) {
    const rest = result.breakdown.slice(8).reduce((sum, c) => sum + c.points, 0);
    blocks.push({ type: "context", text: t.t("lead.smaller", { count: result.breakdown.length - 8, points: signed(rest) }) });
  }
  if (s.touches.length > 0) {
    blocks.push({ type: "list", title: t.t("lead.lastTouches"), items: s.touches.map((touch) => `${day(t, touch.at, tz)}  ${touchText(touch, t)}`) });
  }
  const trend = [...s.trend.map((p) => p.score)];
  if (trend.length === 0 || trend[trend.length - 1] !== result.score) trend.push(result.score);
  const delta = result.score - trend[0]!;
  blocks.push({ type: "text", text: t.t("lead.trend14", { days: 14, spark: sparkline(trend), delta: trend.length > 1 ? signed(delta) : t.t("lead.noHistory") }) });
  const dims = FRAMEWORK_DIMENSIONS[s.team.config.framework];
  const byDim = new Map(s.answers.map((a) => [a.dimension, a]));
  const mark = { yes: "✓", no: "✗", unknown: "?" } as const;
  const positive = s.answers.filter((a) => a.answer === "yes").length;
  blocks.push({
    type: "text",
    text: `${s.team.config.framework} ${positive}/${dims.length}: ${dims
      .map((d) => `${t.t("lead.dimension", { dimension: d, name: capitalise(d) })} ${byDim.has(d) ? mark[byDim.get(d)!.answer] : "–"}`)
      .join(" · ")}`,
  });
  if (result.nextChangeAt) {
    blocks.push({ type: "context", text: t.t("lead.changesBy", { when: fromNowText(t, result.nextChangeAt, now), date: day(t, result.nextChangeAt, tz) }) });
  }
  blocks.push({
    type: "actions",
    actions: [
      ...(lead.owner === actorName ? [] : [{ label: t.t("lead.claimButton"), command: `/lead claim #${lead.id}`, style: "primary" as const }]),
      { label: t.t("lead.logCallButton"), command: `/log #${lead.id}` },
      { label: t.t("lead.qualifyButton"), command: `/qualify #${lead.id}` },
      { label: t.t("lead.trendButton"), command: `/lead trend #${lead.id} 30` },
    ],
  });
  return reply(blocks);
}

// ---- the other subcommands ---------------------------------------------------------------------

export function addedView(t: Translator, lead: Lead & { score: number; tier: string }): Reply {
  return reply(
    [
      { type: "text", text: t.t("lead.added", { lead: leadLabel(lead), score: lead.score, tier: tierWord(t, lead.tier) }) },
      {
        type: "actions",
        actions: [
          { label: t.t("lead.statusButton"), command: `/lead status #${lead.id}` },
          { label: t.t("lead.claimButton"), command: `/lead claim #${lead.id}` },
        ],
      },
    ],
    { visibility: "channel" },
  );
}

function leadLine(t: Translator, lead: LeadView): string {
  const owner = ` · ${lead.owner ?? t.t("lead.unclaimed")}`;
  return `${leadLabel(lead)} · ${lead.score} ${tierWord(t, lead.tier)} · ${stageName(t, lead.stage)}${owner}`;
}

export function listView(t: Translator, filter: string, leads: LeadView[], total: number): Reply {
  const title = t.t("lead.listTitle", { filter, tier: capitalise(filter) });
  if (leads.length === 0) return reply([{ type: "text", text: t.t("lead.listNone", { title }) }]);
  return reply([
    { type: "header", text: t.t("lead.listHeader", { title, shown: leads.length, total }) },
    { type: "list", items: leads.map((l) => leadLine(t, l)) },
    { type: "context", text: t.t("lead.listHint", { command: "/lead status <lead>" }) },
  ]);
}

export function claimedView(t: Translator, actor: string, lead: Lead & { stage: string }, previousOwner: string | null | undefined): Reply {
  const text = t.t("lead.claimed", { actor, lead: leadLabel(lead), previous: previousOwner ? "yes" : "no", from: previousOwner ?? "", stage: stageName(t, lead.stage) });
  return reply([{ type: "text", text }], { visibility: "channel" });
}

export function assignedView(t: Translator, lead: Lead, member: string, actor: string): Reply {
  return reply([{ type: "text", text: t.t("lead.assigned", { lead: leadLabel(lead), member, actor }) }], { visibility: "channel" });
}

export function eventView(t: Translator, type: string, lead: Lead, change: { from: { score: number; tier: string }; to: { score: number; tier: string } } | null | undefined): Reply {
  const parts = [t.t("lead.recorded", { type, lead: leadLabel(lead) })];
  if (!change) parts.push(t.t("lead.unchanged"));
  else if (change.from.tier !== change.to.tier) parts.push(t.t("lead.movedTier", { from: change.from.score, to: change.to.score, tier: tierWord(t, change.to.tier) }));
  else parts.push(t.t("lead.moved", { from: change.from.score, to: change.to.score }));
  return reply([{ type: "text", text: parts.join(" ") }]);
}

export function snoozedView(t: Translator, actor: string, lead: Lead, until: Date): Reply {
  const at = t.date(until, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
  return reply([{ type: "text", text: t.t("lead.snoozed", { actor, lead: leadLabel(lead), until: at }) }], { visibility: "channel" });
}
