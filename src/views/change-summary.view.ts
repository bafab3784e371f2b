/**
 * What a scoring change does (src/domain/edits.ts, ChangeSummary), in the reader's words: the
 * header of a preview or what-if, the confirmation, /weights history and the team audit. Rule
 * keys, tier keys and numbers are data; a summary stored before summaries were data is its
 * English words, shown as they are.
 */
import type { ChangeSummary, RuleMoves } from "../domain/edits.js";
import type { Translator } from "../i18n/index.js";
import { ruleLabel, tierWord } from "./rule-words.js";
import { typedPoints } from "./words.js";

const days = (t: Translator, n: number | null) => (n === null ? t.t("change.forever") : t.t("change.days", { days: String(n) }));
const limit = (n: number | null) => (n === null ? "∞" : String(n));

/** "Demo request (demo_request): +40 → +50 points, valid 30d → forever". */
function ruleMovesText(t: Translator, rule: RuleMoves): string {
  const moves: string[] = [];
  if (rule.points) moves.push(t.t("change.points", { from: typedPoints(rule.points.from), to: typedPoints(rule.points.to), count: Math.abs(rule.points.to) }));
  if (rule.validityDays) moves.push(t.t("change.validity", { from: days(t, rule.validityDays.from), to: days(t, rule.validityDays.to) }));
  if (rule.maxCount) moves.push(t.t("change.maxCount", { from: limit(rule.maxCount.from), to: limit(rule.maxCount.to) }));
  return t.t("change.rule", { label: ruleLabel(t, rule), key: rule.key, moves: moves.join(", ") });
}

/** A change in one line, in the reader's words. */
export function changeSummaryText(t: Translator, summary: ChangeSummary): string {
  if (typeof summary === "string") return summary;
  switch (summary.kind) {
    case "set":
      return ruleMovesText(t, summary.rule);
    case "thresholds":
      return t.t("change.thresholds", { moves: summary.moves.map((m) => `${tierWord(t, m.tier)} ${m.from} → ${m.to}`).join(", ") });
    case "add":
      return t.t("change.add", { label: ruleLabel(t, summary), key: summary.key, points: typedPoints(summary.points), count: Math.abs(summary.points) });
    case "remove":
      return t.t("change.remove", { label: ruleLabel(t, summary), key: summary.key, points: typedPoints(summary.points), count: Math.abs(summary.points) });
    case "many": {
      const title = summary.title === "suggested_weights" ? t.t("change.suggestedWeights") : t.t("change.rules", { count: summary.rules.length });
      return t.t("change.many", { title, rules: summary.rules.map((rule) => ruleMovesText(t, rule)).join("; ") });
    }
    case "undo":
      return t.t("change.undo", { summary: changeSummaryText(t, summary.of) });
  }
}
