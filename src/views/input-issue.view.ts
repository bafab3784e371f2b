/**
 * What is wrong with values a person gave (src/domain/safe-input.ts, inputIssues), in the
 * reader's language: "size: attribute numbers must be finite; …". The path (an attribute's
 * name, as typed) is data.
 */
import type { InputIssue, InputProblem } from "../domain/safe-input.js";
import type { Translator } from "../i18n/index.js";
import { typedNumber } from "./words.js";

// Limits are said as typed, without grouping ("1000"), like the values people type back.

function problemText(t: Translator, problem: InputProblem): string {
  switch (problem.kind) {
    case "text":
      return t.t(problem.issue === "nul" ? "inputIssue.textNul" : "inputIssue.textBrokenUnicode");
    case "empty":
      return t.t("inputIssue.empty");
    case "too_long":
      return t.t("inputIssue.tooLong", { max: typedNumber(problem.max) });
    case "attribute_key_empty":
      return t.t("inputIssue.attributeKeyEmpty");
    case "attribute_key_too_long":
      return t.t("inputIssue.attributeKeyTooLong", { max: typedNumber(problem.max) });
    case "attribute_value_too_long":
      return t.t("inputIssue.attributeValueTooLong", { max: typedNumber(problem.max) });
    case "attribute_number_not_finite":
      return t.t("inputIssue.attributeNumberNotFinite");
    case "too_many_attributes":
      return t.t("inputIssue.tooManyAttributes", { max: typedNumber(problem.max) });
    case "invalid":
      return t.t("inputIssue.invalid");
  }
}

/** The problems as one line: each with where it is, when it is somewhere. */
export function inputIssuesText(t: Translator, issues: readonly InputIssue[]): string {
  return issues
    .map((issue) => {
      const problem = problemText(t, issue.problem);
      return issue.path ? t.t("inputIssue.at", { path: issue.path, problem }) : problem;
    })
    .join("; ");
}
