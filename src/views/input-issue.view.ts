/**
 * What is wrong with values a person gave (src/domain/safe-input.ts, inputIssues), in the
 * reader's language: "size: attribute numbers must be finite; …", "email is not a JSON
 * pointer; …". The path (an attribute's name, a mapping's field, as typed) is data.
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
    case "unknown_field":
      // Keys as typed, quoted as zod quotes them: data.
      return t.t("inputIssue.unknownField", { count: problem.fields.length, fields: problem.fields.map((f) => `"${f}"`).join(", ") });
    case "not_json_pointer":
      return t.t("inputIssue.notJsonPointer", { example: "/contact/email", slash: "/", escape: "~1" });
    case "too_many_pointers":
      return t.t("inputIssue.tooManyPointers", { max: problem.max });
    case "id_prefix_characters":
      return t.t("inputIssue.idPrefixCharacters", { chars: "_ . : -" });
    case "too_many_types":
      return t.t("inputIssue.tooManyTypes", { max: problem.max });
    case "no_lead_identity":
      return t.t("inputIssue.noLeadIdentity", { email: "email", phone: "phone", leadId: "leadId" });
    case "no_event_type":
      return t.t("inputIssue.noEventType", { type: "type=demo_request", typeFrom: "typeFrom=/event" });
    case "source_name_characters":
      return t.t("inputIssue.sourceNameCharacters", { dash: "-", underscore: "_", max: typedNumber(problem.max) });
    case "no_sources":
      return t.t("inputIssue.noSources");
    case "too_many_sources":
      return t.t("inputIssue.tooManySources", { max: problem.max });
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
