/**
 * Why a scoring change cannot be made, in words. The expected sentences are the ones
 * src/domain/edits.ts used to return itself, byte for byte; the table is typed by the kinds.
 */
import { describe, expect, it } from "vitest";
import { applyEdit, type EditProblem } from "../../src/domain/edits.js";
import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import { editProblemText } from "../../src/views/scoring-edit.view.js";

type Cases = { [K in EditProblem["kind"]]: Array<[problem: Extract<EditProblem, { kind: K }>, words: string]> };

const CASES: Cases = {
  rule_unfit: [
    [{ kind: "rule_unfit", key: "demo_request", problem: { kind: "points_out_of_range", max: 9_999 } }, "demo_request: Points are a whole number from -9999 to 9999."],
    [
      { kind: "rule_unfit", key: "demo_request", problem: { kind: "validity_out_of_range", max: 36_500 } },
      "demo_request: Points stay valid for at least 1 day (at most 36500), or forever: valid=none.",
    ],
    [
      { kind: "rule_unfit", key: "demo_request", problem: { kind: "max_count_out_of_range", max: 9_999 } },
      "demo_request: A rule counts at least once (at most 9999 times), or without a limit: max=none.",
    ],
    [{ kind: "rule_unfit", key: "x", problem: { kind: "label_length", max: 120 } }, "x: A rule's label is 1 to 120 characters."],
    [{ kind: "rule_unfit", key: "x", problem: { kind: "label_text", issue: "nul" } }, "x: A rule's label must not contain a NUL character."],
    [{ kind: "rule_unfit", key: "x", problem: { kind: "event_type_unfit", max: 64 } }, "x: An event type is 1 to 64 characters of plain text."],
  ],
  thresholds_out_of_range: [[{ kind: "thresholds_out_of_range", max: 9_999 }, "Thresholds are whole numbers from -9999 to 9999."]],
  no_rule: [[{ kind: "no_rule", key: "nope" }, 'There is no rule "nope".']],
  rule_unchanged: [[{ kind: "rule_unchanged", label: "Demo request" }, "Demo request already works that way; nothing to change."]],
  no_tier: [[{ kind: "no_tier", key: "lukewarm", tiers: ["hot", "warm", "cold"] }, 'There is no tier "lukewarm". Tiers: hot, warm, cold.']],
  tier_without_threshold: [[{ kind: "tier_without_threshold", label: "Cold" }, "Cold takes every score below the others; it has no threshold."]],
  tiers_out_of_order: [[{ kind: "tiers_out_of_order", above: { key: "hot", min: 40 }, below: { key: "warm", min: 40 } }, "hot (40) must stay above warm (40)."]],
  thresholds_unchanged: [[{ kind: "thresholds_unchanged" }, "Those are already the thresholds; nothing to change."]],
  rule_exists: [[{ kind: "rule_exists", key: "demo_request" }, 'A rule "demo_request" already exists.']],
  rule_repeated: [[{ kind: "rule_repeated" }, "Each rule can appear only once in one change."]],
  rules_unchanged: [[{ kind: "rules_unchanged" }, "Those rules already work that way; nothing to change."]],
};

describe("scoring edit view", () => {
  const all = Object.values(CASES).flat() as Array<[EditProblem, string]>;

  it.each(all.map(([problem, words]) => [JSON.stringify(problem), problem, words] as const))("words %s as edits.ts used to", (_name, problem, words) => {
    expect(editProblemText(problem)).toBe(words);
  });

  it("words what the domain finds wrong in a real edit", () => {
    const edited = applyEdit(defaultScoringConfig(), { kind: "set", key: "demo_request", points: 100_000 });
    expect(!edited.ok && editProblemText(edited.problem)).toBe("demo_request: Points are a whole number from -9999 to 9999.");
  });
});
