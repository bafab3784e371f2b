/**
 * Why a scoring change cannot be made, in words: the problems src/domain/edits.ts finds in an
 * edit (a rule that does not exist, settings out of bounds, thresholds out of order, nothing
 * to change), however the change was asked for (strict form, plain words, /weights suggest).
 */
import type { EditProblem, RuleProblem } from "../domain/edits.js";
import { DEFAULT_LANGUAGE, translator, type Translator } from "../i18n/index.js";
import { typedNumber } from "./words.js";

// Limits are said as typed, without grouping ("9999"), like the values people type back.

function ruleProblemText(problem: RuleProblem, t: Translator): string {
  switch (problem.kind) {
    case "points_out_of_range":
      return t.t("scoringEdit.pointsRange", { max: typedNumber(problem.max) });
    case "validity_out_of_range":
      return t.t("scoringEdit.validityRange", { max: typedNumber(problem.max), none: "valid=none" });
    case "max_count_out_of_range":
      return t.t("scoringEdit.maxCountRange", { max: typedNumber(problem.max), none: "max=none" });
    case "label_length":
      return t.t("scoringEdit.labelLength", { max: typedNumber(problem.max) });
    case "label_text":
      return t.t("scoringEdit.labelText", { issue: problem.issue });
    case "event_type_unfit":
      return t.t("scoringEdit.eventType", { max: typedNumber(problem.max) });
  }
}

/** Why an edit cannot be made, and what to do instead. */
export function editProblemText(problem: EditProblem, t: Translator = translator(DEFAULT_LANGUAGE)): string {
  switch (problem.kind) {
    case "rule_unfit":
      return `${problem.key}: ${ruleProblemText(problem.problem, t)}`;
    case "thresholds_out_of_range":
      return t.t("scoringEdit.thresholdsRange", { max: typedNumber(problem.max) });
    case "no_rule":
      return t.t("scoringEdit.noRule", { key: problem.key });
    case "rule_unchanged":
      return t.t("scoringEdit.ruleUnchanged", { label: problem.label });
    case "no_tier":
      return t.t("scoringEdit.noTier", { key: problem.key, tiers: problem.tiers.join(", ") });
    case "tier_without_threshold":
      return t.t("scoringEdit.tierWithoutThreshold", { label: problem.label });
    case "tiers_out_of_order":
      return t.t("scoringEdit.tiersOutOfOrder", { above: problem.above.key, aboveMin: typedNumber(problem.above.min), below: problem.below.key, belowMin: typedNumber(problem.below.min) });
    case "thresholds_unchanged":
      return t.t("scoringEdit.thresholdsUnchanged");
    case "rule_exists":
      return t.t("scoringEdit.ruleExists", { key: problem.key });
    case "rule_repeated":
      return t.t("scoringEdit.ruleRepeated");
    case "rules_unchanged":
      return t.t("scoringEdit.rulesUnchanged");
  }
}
