import { describe, expect, it } from "vitest";
import { diffConfigs } from "../../src/domain/config-diff.js";
import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import { applyEdit, type ScoringEdit } from "../../src/domain/edits.js";
import type { ScoringConfig } from "../../src/domain/types.js";
import { editProblemText } from "../../src/views/scoring-edit.view.js";

const base = defaultScoringConfig();

function edited(edit: ScoringEdit, config: ScoringConfig = base): ScoringConfig {
  const result = applyEdit(config, edit);
  if (!result.ok) throw new Error(editProblemText(result.problem));
  return result.config;
}

const keys = (config: ScoringConfig) => config.rules.map((r) => r.key);

describe("diffConfigs", () => {
  it("touches only the changed rule when it is outside any capped group", () => {
    const diff = diffConfigs(base, edited({ kind: "set", key: "demo_request", points: 45 }));
    expect(keys(diff.current)).toEqual(["demo_request"]);
    expect(diff.current.rules[0]!.points).toBe(40);
    expect(diff.proposed.rules[0]!.points).toBe(45);
    expect(diff.reads.eventRules.map((r) => r.key)).toEqual(["demo_request", "demo_request"]);
    expect(diff.reads).toMatchObject({ outcomes: [], frameworks: [], attributeFields: [], cycle: false });
    expect(diff.tiersChanged).toBe(false);
  });

  it("takes in the whole capped group when one of its rules changes, since the cap sees their sum", () => {
    const diff = diffConfigs(base, edited({ kind: "set", key: "website_visit", validityDays: 14 }));
    expect(keys(diff.current).sort()).toEqual(["email_click", "website_visit"]);
    expect(keys(diff.proposed).sort()).toEqual(["email_click", "website_visit"]);
    expect(diff.current.groupCaps).toEqual({ web_activity: 30 });
  });

  it("takes in every rule of a group whose cap changes, and nothing else", () => {
    const diff = diffConfigs(base, { ...base, groupCaps: { web_activity: 40 } });
    expect(keys(diff.proposed).sort()).toEqual(["email_click", "website_visit"]);
  });

  it("needs no facts for a threshold change, but knows tiers moved", () => {
    const diff = diffConfigs(base, edited({ kind: "thresholds", values: { hot: 70 } }));
    expect(diff.rulesChanged).toBe(false);
    expect(diff.tiersChanged).toBe(true);
  });

  it("reports no tier change when only a label differs", () => {
    const relabelled = { ...base, tiers: base.tiers.map((t) => ({ ...t, label: t.label.toUpperCase() })) };
    expect(diffConfigs(base, relabelled)).toMatchObject({ rulesChanged: false, tiersChanged: false });
  });

  it("ignores labels and key order, which do not change a score", () => {
    const relabelled: ScoringConfig = {
      ...base,
      rules: base.rules.map((r) => ({ ...r, label: `${r.label}!`, match: Object.fromEntries(Object.entries(r.match).reverse()) as typeof r.match })),
    };
    expect(diffConfigs(base, relabelled).rulesChanged).toBe(false);
  });

  it("switching framework touches the qualification rules of both frameworks", () => {
    const diff = diffConfigs(base, { ...base, framework: "CHAMP" });
    expect(keys(diff.current).every((k) => k.startsWith("bant_"))).toBe(true);
    expect(keys(diff.proposed).every((k) => k.startsWith("champ_"))).toBe(true);
    expect(diff.reads.frameworks.sort()).toEqual(["BANT", "CHAMP"]);
  });

  it("reads the tested field for an attribute rule, the outcome for an outcome rule, the cycle for the cycle rule", () => {
    let proposed = edited({ kind: "remove", key: "title_consultant" });
    proposed = edited({ kind: "set", key: "meeting_booked", points: 30 }, proposed);
    proposed = edited({ kind: "set", key: "buying_cycle", points: 50 }, proposed);
    proposed = edited(
      { kind: "add", rule: { key: "big", label: "Big company", kind: "attribute", match: { field: "companySize", op: "gte", value: 500 }, points: 10 } },
      proposed,
    );
    const diff = diffConfigs(base, proposed);
    expect(diff.reads.attributeFields.sort()).toEqual(["companySize", "title"]);
    expect(diff.reads.outcomes).toEqual(["meeting_booked"]);
    expect(diff.reads.cycle).toBe(true);
    expect(diff.reads.eventRules).toEqual([]);
  });

  it("treats a deactivated rule as removed and an identical duplicate as a change", () => {
    const off = { ...base, rules: base.rules.map((r) => (r.key === "pricing_page" ? { ...r, active: false } : r)) };
    expect(keys(diffConfigs(base, off).current)).toEqual(["pricing_page"]);
    const pricing = base.rules.find((r) => r.key === "pricing_page")!;
    const twice = { ...base, rules: [...base.rules, { ...pricing, key: "pricing_again" }] };
    // Rules are matched by what they do, not by key: one pricing rule before, two after.
    const diff = diffConfigs(base, twice);
    expect(keys(diff.current)).toEqual(["pricing_page"]);
    expect(keys(diff.proposed)).toEqual(["pricing_page", "pricing_again"]);
  });
});
