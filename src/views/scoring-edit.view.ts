/**
 * Why a scoring change cannot be made, in words: the problems src/domain/edits.ts finds in an
 * edit (a rule that does not exist, settings out of bounds, thresholds out of order, nothing
 * to change), however the change was asked for (strict form, plain words, /weights suggest).
 */
import type { EditProblem, RuleProblem } from "../domain/edits.js";
import type { TextIssue } from "../domain/safe-input.js";

const TEXT_ISSUE: Record<TextIssue, string> = {
  nul: "must not contain a NUL character",
  broken_unicode: "is not valid Unicode (it holds a broken character)",
};

function ruleProblemText(problem: RuleProblem): string {
  switch (problem.kind) {
    case "points_out_of_range":
      return `Points are a whole number from -${problem.max} to ${problem.max}.`;
    case "validity_out_of_range":
      return `Points stay valid for at least 1 day (at most ${problem.max}), or forever: valid=none.`;
    case "max_count_out_of_range":
      return `A rule counts at least once (at most ${problem.max} times), or without a limit: max=none.`;
    case "label_length":
      return `A rule's label is 1 to ${problem.max} characters.`;
    case "label_text":
      return `A rule's label ${TEXT_ISSUE[problem.issue]}.`;
    case "event_type_unfit":
      return `An event type is 1 to ${problem.max} characters of plain text.`;
  }
}

/** Why an edit cannot be made, and what to do instead. */
export function editProblemText(problem: EditProblem): string {
  switch (problem.kind) {
    case "rule_unfit":
      return `${problem.key}: ${ruleProblemText(problem.problem)}`;
    case "thresholds_out_of_range":
      return `Thresholds are whole numbers from -${problem.max} to ${problem.max}.`;
    case "no_rule":
      return `There is no rule "${problem.key}".`;
    case "rule_unchanged":
      return `${problem.label} already works that way; nothing to change.`;
    case "no_tier":
      return `There is no tier "${problem.key}". Tiers: ${problem.tiers.join(", ")}.`;
    case "tier_without_threshold":
      return `${problem.label} takes every score below the others; it has no threshold.`;
    case "tiers_out_of_order":
      return `${problem.above.key} (${problem.above.min}) must stay above ${problem.below.key} (${problem.below.min}).`;
    case "thresholds_unchanged":
      return "Those are already the thresholds; nothing to change.";
    case "rule_exists":
      return `A rule "${problem.key}" already exists.`;
    case "rule_repeated":
      return "Each rule can appear only once in one change.";
    case "rules_unchanged":
      return "Those rules already work that way; nothing to change.";
  }
}
