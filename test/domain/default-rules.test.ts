import { describe, expect, it } from "vitest";
import {
  DEFAULT_GROUP_CAPS,
  DEFAULT_RULES,
  DEFAULT_TIERS,
  defaultScoringConfig,
} from "../../src/domain/default-rules.js";
import { validateTiers } from "../../src/domain/tiers.js";

describe("default rule set (SPEC §2)", () => {
  it.each([
    ["website_visit", "event", 10, 30, 5, "web_activity"],
    ["pricing_page", "event", 15, 30, undefined, undefined],
    ["guide_download", "event", 10, 60, undefined, undefined],
    ["newsletter_signup", "event", 5, undefined, undefined, undefined],
    ["email_click", "event", 5, 30, 5, "web_activity"],
    ["webinar_attended", "event", 15, 90, undefined, undefined],
    ["quote_request", "event", 30, 60, undefined, undefined],
    ["demo_request", "event", 40, 60, undefined, undefined],
    ["purchase", "event", 50, 180, undefined, undefined],
    ["careers_page", "event", -10, undefined, undefined, undefined],
    ["complaint_unjustified", "event", -20, 180, undefined, undefined],
    ["no_response_to_offer", "event", -10, 90, undefined, undefined],
    ["title_consultant", "attribute", -50, undefined, undefined, undefined],
    ["meeting_booked", "outcome", 25, undefined, undefined, undefined],
    ["not_interested", "outcome", -30, undefined, undefined, undefined],
    ["buying_cycle", "cycle", 60, undefined, undefined, undefined],
  ])("%s is a %s rule worth %i (valid %s days, max %s, group %s)", (key, kind, points, validity, max, group) => {
    const rule = DEFAULT_RULES.find((r) => r.key === key);
    expect(rule).toMatchObject({ kind, points });
    expect(rule?.validityDays ?? undefined).toBe(validity);
    expect(rule?.maxCount ?? undefined).toBe(max);
    expect(rule?.group ?? undefined).toBe(group);
  });

  it("event rules match the event type named by their key", () => {
    for (const rule of DEFAULT_RULES.filter((r) => r.kind === "event")) {
      expect(rule.match).toEqual({ type: rule.key });
    }
  });

  it.each([
    ["bant_budget", "BANT", "budget"],
    ["bant_authority", "BANT", "authority"],
    ["bant_need", "BANT", "need"],
    ["bant_timing", "BANT", "timing"],
    ["champ_challenges", "CHAMP", "challenges"],
    ["champ_authority", "CHAMP", "authority"],
    ["champ_money", "CHAMP", "money"],
    ["champ_prioritization", "CHAMP", "prioritization"],
  ])("%s gives 10 points for a yes on %s %s", (key, framework, dimension) => {
    expect(DEFAULT_RULES.find((r) => r.key === key)).toMatchObject({
      kind: "qualification",
      points: 10,
      match: { framework, dimension },
    });
  });

  it("the consultant rule looks for 'consultant' in the title", () => {
    expect(DEFAULT_RULES.find((r) => r.key === "title_consultant")?.match).toEqual({
      field: "title",
      op: "contains",
      value: "consultant",
    });
  });

  it("every rule has a unique key and a human label", () => {
    expect(new Set(DEFAULT_RULES.map((r) => r.key)).size).toBe(DEFAULT_RULES.length);
    for (const rule of DEFAULT_RULES) expect(rule.label.trim()).not.toBe("");
  });

  it("web activity is capped at 30 and the default tiers are hot ≥ 60, warm ≥ 30, cold", () => {
    expect(DEFAULT_GROUP_CAPS).toEqual({ web_activity: 30 });
    expect(DEFAULT_TIERS.map((t) => [t.key, t.min, t.action])).toEqual([
      ["hot", 60, "Call today"],
      ["warm", 30, "Send a personal email or messenger note"],
      ["cold", null, "Keep in marketing nurture"],
    ]);
    expect(validateTiers(DEFAULT_TIERS)).toBeNull();
  });

  it.each(["BANT", "CHAMP"] as const)("defaultScoringConfig(%s) uses that framework", (framework) => {
    expect(defaultScoringConfig(framework).framework).toBe(framework);
  });

  it("defaultScoringConfig defaults to BANT and returns a copy that is safe to edit", () => {
    const config = defaultScoringConfig();
    expect(config.framework).toBe("BANT");
    config.rules[0]!.points = 999;
    config.groupCaps.web_activity = 1;
    config.tiers[0]!.min = 1;
    expect(DEFAULT_RULES[0]!.points).toBe(10);
    expect(DEFAULT_GROUP_CAPS.web_activity).toBe(30);
    expect(DEFAULT_TIERS[0]!.min).toBe(60);
  });
});
