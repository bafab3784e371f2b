/**
 * What `/weights` answers in words (commands/weights.ts): the rules, the history of changes,
 * a "what if", "did you mean …?", a confirmed or cancelled change and the problems with what
 * was typed. What people type (rule keys, command lines, example values) is a placeholder.
 */
import { signed } from "../chat/format.js";
import { reply, usageReply, type Block, type Reply } from "../chat/reply.js";
import type { ChangeSummary } from "../domain/edits.js";
import type { Rule, ScoringConfig } from "../domain/types.js";
import type { Translator } from "../i18n/index.js";
import { changeSummaryText } from "./change-summary.view.js";
import { effectBlocks } from "./weights-preview.view.js";
import { ruleLabel, tierWord } from "./rule-words.js";

/** A problem with what was typed after /weights, found by the command's zod schemas. */
export type WeightsInputProblem =
  | { kind: "duration"; typed: string }
  | { kind: "maxCount"; typed: string }
  | { kind: "points" }
  | { kind: "whichRuleListed" }
  | { kind: "setOptions" }
  | { kind: "thresholdNumber" }
  | { kind: "oneThreshold" }
  | { kind: "ruleKey" }
  | { kind: "addOptions" }
  | { kind: "notRight" }
  | { kind: "notPoints"; typed: string }
  | { kind: "howManyPoints" }
  | { kind: "thresholdForm" }
  | { kind: "whichRule" }
  | { kind: "confirmWhich" }
  | { kind: "cancelWhich" }
  | { kind: "suggestArgs" }
  | { kind: "suggestKey" }
  | { kind: "suggestPoints" }
  | { kind: "suggestWhich" }
  | { kind: "suggestNoArgs" };

/** The problem in words. */
export function weightsInputText(t: Translator, p: WeightsInputProblem): string {
  switch (p.kind) {
    case "duration":
      return t.t("weights.input.duration", { typed: p.typed, example: "valid=90d", none: "valid=none" });
    case "maxCount":
      return t.t("weights.input.maxCount", { typed: `max=${p.typed}`, example: "max=5", none: "max=none" });
    case "points":
      return t.t("weights.input.points", { a: "45", b: "-15" });
    case "whichRuleListed":
      return t.t("weights.input.whichRuleListed");
    case "setOptions":
      return t.t("weights.input.setOptions", { valid: "valid=", max: "max=" });
    case "thresholdNumber":
      return t.t("weights.input.thresholdNumber", { example: "hot=70 warm=40" });
    case "oneThreshold":
      return t.t("weights.input.oneThreshold", { example: "hot=70" });
    case "ruleKey":
      return t.t("weights.input.ruleKey", { example: "trade_show" });
    case "addOptions":
      return t.t("weights.input.addOptions", { type: "type=", label: "label=", valid: "valid=", max: "max=" });
    case "notRight":
      return t.t("weights.input.notRight");
    case "notPoints":
      return t.t("weights.input.notPoints", { typed: p.typed });
    case "howManyPoints":
      return t.t("weights.input.howManyPoints");
    case "thresholdForm":
      return t.t("weights.input.thresholdForm", { form: "tier=points" });
    case "whichRule":
      return t.t("weights.input.whichRule");
    case "confirmWhich":
      return t.t("weights.input.confirmWhich");
    case "cancelWhich":
      return t.t("weights.input.cancelWhich");
    case "suggestArgs":
      return t.t("weights.input.suggestArgs", { example: "demo_request=50" });
    case "suggestKey":
      return t.t("weights.input.suggestKey", { example: "demo_request" });
    case "suggestPoints":
      return t.t("weights.input.suggestPoints", { example: "demo_request=50" });
    case "suggestWhich":
      return t.t("weights.input.suggestWhich");
    case "suggestNoArgs":
      return t.t("weights.input.suggestNoArgs");
  }
}

/** A zod issue's message is a problem's kind (commands/weights.ts); anything else is said as it is. */
export function weightsIssueText(t: Translator, issue: { message: string; params?: Record<string, unknown> } | undefined): string {
  if (!issue) return weightsInputText(t, { kind: "notRight" });
  const typed = typeof issue.params?.typed === "string" ? issue.params.typed : "";
  const kind = issue.message as WeightsInputProblem["kind"];
  const known: ReadonlyArray<WeightsInputProblem["kind"]> = [
    "duration", "maxCount", "points", "whichRuleListed", "setOptions", "thresholdNumber", "oneThreshold", "ruleKey", "addOptions",
    "notRight", "notPoints", "howManyPoints", "thresholdForm", "whichRule", "confirmWhich", "cancelWhich",
    "suggestArgs", "suggestKey", "suggestPoints", "suggestWhich", "suggestNoArgs",
  ];
  return known.includes(kind) ? weightsInputText(t, { kind, typed } as WeightsInputProblem) : issue.message;
}

/** The strict usage and the same said in words (typed examples). */
export function setUsageText(t: Translator, usage: string, examples: readonly string[]): string {
  return t.t("weights.setUsage", { usage, examples: examples.join(" · ") });
}

/** `/weights`: every rule, the tiers and group caps, and how to change one. */
export function rulesReply(t: Translator, config: ScoringConfig, change: { usage: string; example: string } | null): Reply {
  const line = (r: Rule) => {
    const extras = [
      r.validityDays ? t.t("weights.show.valid", { days: r.validityDays }) : "",
      r.maxCount ? t.t("weights.show.max", { count: r.maxCount }) : "",
      r.group ? t.t("weights.show.group", { group: r.group }) : "",
    ]
      .filter(Boolean)
      .join(", ");
    const points = r.kind === "cycle" ? t.t("weights.show.atReadiness", { points: signed(r.points) }) : signed(r.points);
    return `${r.key} · ${ruleLabel(t, r)} · ${points}${extras ? ` (${extras})` : ""}${r.active === false ? ` · ${t.t("weights.show.off")}` : ""}`;
  };
  const qualification = config.rules.filter((r) => r.kind === "qualification" && "framework" in r.match && r.match.framework === config.framework);
  const blocks: Block[] = [
    { type: "header", text: t.t("weights.show.header") },
    { type: "list", title: t.t("weights.show.behaviour"), items: config.rules.filter((r) => r.kind === "event").map(line) },
    { type: "list", title: t.t("weights.show.fit"), items: config.rules.filter((r) => ["attribute", "outcome", "cycle"].includes(r.kind)).map(line) },
    { type: "list", title: t.t("weights.show.qualification", { framework: config.framework }), items: qualification.map(line) },
    {
      type: "text",
      text: t.t("weights.show.tiers", {
        tiers: config.tiers.map((tier) => (tier.min === null ? t.t("weights.show.tierBelow", { tier: tier.key }) : `${tier.key} ≥ ${tier.min}`)).join(" · "),
      }),
    },
  ];
  const caps = Object.entries(config.groupCaps);
  if (caps.length > 0) blocks.push({ type: "text", text: t.t("weights.show.caps", { caps: caps.map(([g, c]) => `${g} ≤ ${c}`).join(" · ") }) });
  blocks.push({ type: "context", text: change ? t.t("weights.show.changeOne", change) : t.t("weights.show.managersOnly") });
  return reply(blocks);
}

/** `/weights history`: who changed what, newest last as stored. */
export function historyReply(t: Translator, changes: ReadonlyArray<{ at: Date; by: string; summary: ChangeSummary; undone: boolean }>, timeZone: string): Reply {
  if (changes.length === 0) return reply([{ type: "text", text: t.t("weights.history.none") }]);
  return reply([
    { type: "header", text: t.t("weights.history.header") },
    {
      type: "list",
      items: changes.map((c) =>
        t.t("weights.history.line", {
          at: t.date(c.at, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone }),
          by: c.by,
          summary: changeSummaryText(t, c.summary),
          undone: c.undone ? "yes" : "no",
        }),
      ),
    },
  ]);
}

/** A "what if": the same effect as a preview, nothing stored, and a way to ask for it for real. */
export function whatIfReply(t: Translator, p: Parameters<typeof effectBlocks>[0] & { summary: ChangeSummary }, command: string): Reply {
  return reply([
    { type: "header", text: t.t("weights.whatIf.header", { summary: changeSummaryText(t, p.summary) }) },
    ...effectBlocks(p, t),
    { type: "context", text: t.t("weights.whatIf.nothingChanged") },
    { type: "actions", actions: [{ label: t.t("weights.whatIf.apply"), command, style: "primary" }] },
  ]);
}

/** "Did you mean …?": one button per fitting rule, each running its command. */
export function didYouMeanReply(t: Translator, typed: string, choices: ReadonlyArray<{ rule: Pick<Rule, "key" | "label">; command: string }>): Reply {
  return reply([
    { type: "text", text: t.t("weights.didYouMean", { typed }) },
    { type: "actions", actions: choices.map((c) => ({ label: `${ruleLabel(t, c.rule)} (${c.rule.key})`, command: c.command })) },
  ]);
}

/** `/weights remove <words>` that fit several rules. */
export function whichToRemoveReply(t: Translator, typed: string, rules: ReadonlyArray<Pick<Rule, "key" | "label">>): Reply {
  return reply([
    { type: "text", text: t.t("weights.remove.several", { typed }) },
    { type: "actions", actions: rules.map((r) => ({ label: `${ruleLabel(t, r)} (${r.key})`, command: `/weights remove ${r.key}` })) },
  ]);
}

/** `/weights remove <words>` that fit no rule. */
export function noSuchRuleReply(t: Translator, typed: string, usage: string): Reply {
  return usageReply(t.t("weights.remove.none", { typed }), usage, t);
}

/** A confirmed change, for everyone in the chat. */
export function changedReply(t: Translator, by: string, c: { summary: ChangeSummary; leadsChanged: number; nowInTopTier: number; topTier: string }): Reply {
  return reply(
    [
      { type: "text", text: t.t("weights.confirmed", { name: by, summary: changeSummaryText(t, c.summary) }) },
      { type: "context", text: t.t("weights.confirmedEffect", { count: c.leadsChanged, top: c.nowInTopTier, tier: tierWord(t, c.topTier), undo: "/weights undo" }) },
    ],
    { visibility: "channel" },
  );
}

/** A cancelled preview. */
export function cancelledReply(t: Translator, summary: ChangeSummary): Reply {
  return reply([{ type: "text", text: t.t("weights.cancelled", { summary: changeSummaryText(t, summary) }) }]);
}
