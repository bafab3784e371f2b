/**
 * What `/weights` in plain words answers when it cannot make an edit of the words: the
 * problem src/domain/weights-phrase.ts found, in words. English for now; the message catalogs
 * take these over.
 */
import type { PhraseProblem } from "../domain/weights-phrase.js";

// An ASCII sign, as the manager would type it back ("careers_page -10"), unlike chat/format.ts's "−".
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

const EXAMPLE = 'e.g. "demo requests 50", "careers page -15", "pricing valid 45 days" or "website visits max 3"';

/** The question or hint for words that are not an edit yet. */
export function phraseProblemText(problem: PhraseProblem): string {
  switch (problem.kind) {
    case "empty":
      return `Which rule, and what should change? ${EXAMPLE}.`;
    case "reserved":
      return `"${problem.word}" is not a rule. For suggested weights from your call outcomes, use /weights suggest.`;
    case "no_rule_named":
      return `Which rule? ${EXAMPLE}. /weights lists them.`;
    case "no_rule":
      return `There is no rule like "${problem.typed}". /weights lists them.`;
    case "several_numbers":
      return `I see several numbers (${problem.numbers.join(", ")}) and don't know which is the points.`;
    case "points_and_delta":
      return `Give either the new points or "by" how much to change them, not both.`;
    case "which_rule":
      return `"${problem.typed}" could be ${problem.rules.map((r) => r.key).join(" or ")}, and how many points? ${EXAMPLE}.`;
    case "how_long":
      return `Valid for how long? e.g. "${problem.rule.key} valid 45 days" or "valid forever".`;
    case "how_many_times":
      return `Count how many at most? e.g. "${problem.rule.key} max 3" or "no max".`;
    case "by_how_much":
      return `Change ${problem.rule.key} by how many points? e.g. "raise ${problem.rule.key} by 10".`;
    case "how_many_points": {
      const { rule } = problem;
      return `How many points for ${rule.label} (${rule.key}, now ${signed(rule.points)})? e.g. "${rule.key} ${rule.points + 10}".`;
    }
  }
}
