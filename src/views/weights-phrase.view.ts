/**
 * What `/weights` in plain words answers when it cannot make an edit of the words: the
 * problem src/domain/weights-phrase.ts found, in words. The examples are typed phrases, the
 * same in every language (placeholders).
 */
import type { PhraseProblem } from "../domain/weights-phrase.js";
import { ruleLabel } from "./rule-words.js";
import { DEFAULT_LANGUAGE, translator, type Translator } from "../i18n/index.js";
import { typedPoints } from "./words.js";

// An ASCII sign, as the manager would type it back ("careers_page -10"), unlike chat/format.ts's "−".

const EXAMPLES = { a: '"demo requests 50"', b: '"careers page -15"', c: '"pricing valid 45 days"', d: '"website visits max 3"' };
const quoted = (typed: string) => `"${typed}"`;

/** The question or hint for words that are not an edit yet. */
export function phraseProblemText(problem: PhraseProblem, t: Translator = translator(DEFAULT_LANGUAGE)): string {
  const examples = t.t("weightsPhrase.examples", EXAMPLES);
  switch (problem.kind) {
    case "empty":
      return t.t("weightsPhrase.empty", { examples });
    case "reserved":
      return t.t("weightsPhrase.reserved", { word: problem.word, suggest: "/weights suggest" });
    case "no_rule_named":
      return t.t("weightsPhrase.noRuleNamed", { examples });
    case "no_rule":
      return t.t("weightsPhrase.noRule", { typed: problem.typed });
    case "several_numbers":
      return t.t("weightsPhrase.severalNumbers", { numbers: problem.numbers.join(", ") });
    case "points_and_delta":
      return t.t("weightsPhrase.pointsAndDelta", { by: '"by"' });
    case "which_rule":
      return t.t("weightsPhrase.whichRule", { typed: problem.typed, rules: problem.rules.map((r) => r.key).join(` ${t.t("weightsPhrase.or")} `), examples });
    case "how_long":
      return t.t("weightsPhrase.howLong", { a: quoted(`${problem.rule.key} valid 45 days`), b: quoted("valid forever") });
    case "how_many_times":
      return t.t("weightsPhrase.howManyTimes", { a: quoted(`${problem.rule.key} max 3`), b: quoted("no max") });
    case "by_how_much":
      return t.t("weightsPhrase.byHowMuch", { key: problem.rule.key, example: quoted(`raise ${problem.rule.key} by 10`) });
    case "how_many_points": {
      const { rule } = problem;
      return t.t("weightsPhrase.howManyPoints", { label: ruleLabel(t, rule), key: rule.key, points: typedPoints(rule.points), example: quoted(`${rule.key} ${rule.points + 10}`) });
    }
  }
}
