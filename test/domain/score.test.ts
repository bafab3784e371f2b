import { describe, expect, it } from "vitest";
import { scoreAt, scoreLead } from "../../src/domain/score.js";
import type { Contribution, Rule } from "../../src/domain/types.js";
import { at, config, daily, facts, T0 } from "./helpers.js";

function line(breakdown: Contribution[], ruleKey: string): Contribution | undefined {
  return breakdown.find((l) => l.ruleKey === ruleKey);
}

describe("buying cycle readiness (SPEC §2 worked examples)", () => {
  it.each([
    [90, 0, 0],
    [90, 30, 20],
    [90, 60, 40],
    [90, 90, 60],
    [90, 400, 60],
    [120, 30, 15],
    [120, 60, 30],
    [120, 90, 45],
    [120, 120, 60],
    [120, 121, 60],
  ])("a %i-day buyer %i days after the last purchase has %i points", (cycleDays, days, points) => {
    const lead = facts({ lastPurchaseAt: T0, cycleDays });
    const result = scoreLead(config(), lead, at(days));
    expect(result.score).toBe(points);
    expect(line(result.breakdown, "buying_cycle")).toMatchObject({ kind: "cycle", points, expiresAt: null });
  });

  it("explains how far into the cycle the lead is", () => {
    const result = scoreLead(config(), facts({ lastPurchaseAt: T0, cycleDays: 90 }), at(62.5));
    expect(line(result.breakdown, "buying_cycle")?.detail).toBe("62 of 90 days into cycle");
  });

  it("a 90-day buyer at 20 points next gains a point at 31.5 days, exact to the millisecond", () => {
    const lead = facts({ lastPurchaseAt: T0, cycleDays: 90 });
    const result = scoreLead(config(), lead, at(30));
    expect(result.nextChangeAt).toEqual(at(31.5));
    expect(scoreAt(config(), lead, new Date(at(31.5).getTime() - 1))).toBe(20);
    expect(scoreAt(config(), lead, at(31.5))).toBe(21);
  });

  it.each([
    ["no last purchase", { cycleDays: 90 }],
    ["no cycle length", { lastPurchaseAt: T0 }],
    ["a zero cycle", { lastPurchaseAt: T0, cycleDays: 0 }],
  ])("gives nothing with %s", (_, partial) => {
    const result = scoreLead(config(), facts(partial), at(45));
    expect(result.score).toBe(0);
    expect(result.breakdown).toEqual([]);
    expect(result.nextChangeAt).toBeNull();
  });

  it("a fully ready buyer no longer changes", () => {
    expect(scoreLead(config(), facts({ lastPurchaseAt: T0, cycleDays: 90 }), at(90)).nextChangeAt).toBeNull();
  });
});

describe("points that expire", () => {
  it.each([
    [0, 50],
    [179, 50],
    [179.99999, 50],
    [180, 0],
    [365, 0],
  ])("an order's 50 points %i days later: %i", (days, points) => {
    const lead = facts({ events: [{ type: "purchase", occurredAt: T0 }] });
    expect(scoreLead(config(), lead, at(days)).score).toBe(points);
  });

  it("the order's line says when it expires, and that is when the score next changes", () => {
    const result = scoreLead(config(), facts({ events: [{ type: "purchase", occurredAt: T0 }] }), at(10));
    expect(line(result.breakdown, "purchase")).toMatchObject({ count: 1, points: 50, expiresAt: at(180) });
    expect(result.nextChangeAt).toEqual(at(180));
  });

  it.each([
    [40, 59],
    [0, 60],
  ])("a demo request (valid 60 days) is worth %i points at day %i", (points, days) => {
    const lead = facts({ events: [{ type: "demo_request", occurredAt: T0 }] });
    expect(scoreLead(config(), lead, at(days)).score).toBe(points);
  });

  it("an event without validity counts forever and never expires", () => {
    const result = scoreLead(config(), facts({ events: [{ type: "newsletter_signup", occurredAt: T0 }] }), at(3650));
    expect(result.score).toBe(5);
    expect(line(result.breakdown, "newsletter_signup")?.expiresAt).toBeNull();
    expect(result.nextChangeAt).toBeNull();
  });

  it("an event recorded with a future time counts from then on", () => {
    const lead = facts({ events: [{ type: "pricing_page", occurredAt: at(2) }] });
    const result = scoreLead(config(), lead, T0);
    expect(result.score).toBe(0);
    expect(result.nextChangeAt).toEqual(at(2));
    expect(scoreAt(config(), lead, at(2))).toBe(15);
  });

  it("a contribution expires when its oldest counted occurrence does", () => {
    const lead = facts({ events: [
      { type: "pricing_page", occurredAt: at(-20) },
      { type: "pricing_page", occurredAt: at(-5) },
    ] });
    const result = scoreLead(config(), lead, T0);
    expect(line(result.breakdown, "pricing_page")).toMatchObject({ count: 2, points: 30, expiresAt: at(10) });
    expect(result.nextChangeAt).toEqual(at(10));
  });
});

describe("negative points", () => {
  it.each([
    ["Senior Consultant", -50],
    ["CONSULTANT", -50],
    ["IT consultant ", -50],
    ["Head of Procurement", 0],
    ["Consulting partner", 0],
  ])("title %j scores %i", (title, points) => {
    expect(scoreLead(config(), facts({ attributes: { title } }), T0).score).toBe(points);
  });

  it("a visit to the careers page costs 10 points", () => {
    const lead = facts({ events: [{ type: "careers_page", occurredAt: T0 }] });
    const result = scoreLead(config(), lead, T0);
    expect(result.score).toBe(-10);
    expect(result.breakdown).toEqual([
      expect.objectContaining({ ruleKey: "careers_page", label: "Visited the careers page", count: 1, points: -10 }),
    ]);
  });

  it("negative signals offset positive ones", () => {
    const lead = facts({
      attributes: { title: "Consultant" },
      events: [
        { type: "demo_request", occurredAt: T0 },
        { type: "careers_page", occurredAt: T0 },
        { type: "complaint_unjustified", occurredAt: T0 },
      ],
    });
    expect(scoreLead(config(), lead, T0).score).toBe(40 - 10 - 20 - 50);
  });
});

describe("repeated events and group caps", () => {
  it("7 visits count 5 times and web activity is capped at 30, shown as its own line", () => {
    const result = scoreLead(config(), facts({ events: daily("website_visit", 7) }), T0);
    expect(result.score).toBe(30);
    expect(result.tier.key).toBe("warm");
    expect(result.breakdown).toEqual([
      {
        ruleKey: "website_visit",
        label: "Website visit",
        kind: "event",
        count: 5,
        points: 50,
        expiresAt: at(26),
        group: "web_activity",
        detail: "5 of 7 counted (max 5)",
      },
      {
        ruleKey: "cap:web_activity",
        label: "Web activity capped at 30",
        kind: "cap",
        count: 1,
        points: -20,
        expiresAt: null,
        group: "web_activity",
        detail: "50 points in the group, at most 30 count",
      },
    ]);
  });

  it("the cap hides expiries until the group falls below it", () => {
    const result = scoreLead(config(), facts({ events: daily("website_visit", 7) }), T0);
    // Visits from 6..2 days ago expire first; 30 points remain until only two visits are left.
    expect(result.nextChangeAt).toEqual(at(28));
    expect(scoreAt(config(), facts({ events: daily("website_visit", 7) }), at(28))).toBe(20);
  });

  it.each([
    ["3 visits", daily("website_visit", 3), 30, false],
    ["2 visits and 1 click", [...daily("website_visit", 2), ...daily("email_click", 1)], 25, false],
    ["3 visits and 4 clicks", [...daily("website_visit", 3), ...daily("email_click", 4)], 30, true],
    ["5 visits and 5 clicks", [...daily("website_visit", 5), ...daily("email_click", 5)], 30, true],
  ])("%s: the group total is %i (cap line: %s)", (_, events, score, capped) => {
    const result = scoreLead(config(), facts({ events }), T0);
    expect(result.score).toBe(score);
    expect(line(result.breakdown, "cap:web_activity") !== undefined).toBe(capped);
  });

  it("page views alone never make a lead hot", () => {
    const events = [...daily("website_visit", 30), ...daily("email_click", 30)];
    expect(scoreLead(config(), facts({ events }), T0).tier.key).not.toBe("hot");
  });

  it("a cap only cuts points above it, never lifts a negative group", () => {
    const rules: Rule[] = [
      { key: "spam", label: "Spam report", kind: "event", match: { type: "spam" }, points: -40, group: "web_activity" },
      { key: "website_visit", label: "Visit", kind: "event", match: { type: "website_visit" }, points: 10, group: "web_activity" },
    ];
    const lead = facts({ events: [{ type: "spam", occurredAt: T0 }, ...daily("website_visit", 2)] });
    const result = scoreLead(config({ rules }), lead, T0);
    expect(result.score).toBe(-20);
    expect(line(result.breakdown, "cap:web_activity")).toBeUndefined();
  });

  it("a group without a cap is simply summed", () => {
    const rules: Rule[] = [
      { key: "v", label: "Visit", kind: "event", match: { type: "v" }, points: 10, group: "free" },
    ];
    expect(scoreLead(config({ rules }), facts({ events: daily("v", 9) }), T0).score).toBe(90);
  });
});

describe("qualification", () => {
  const answers = facts({
    qualification: [
      { framework: "BANT", dimension: "budget", answer: "yes" },
      { framework: "BANT", dimension: "authority", answer: "no" },
      { framework: "BANT", dimension: "need", answer: "yes" },
      { framework: "CHAMP", dimension: "challenges", answer: "yes" },
      { framework: "BANT", dimension: "timing", answer: "unknown" },
    ],
  });

  it.each([
    ["BANT", 20, ["bant_budget", "bant_need"]],
    ["CHAMP", 10, ["champ_challenges"]],
  ] as const)("a %s team counts only its framework's yes answers: %i points", (framework, score, keys) => {
    const result = scoreLead(config({ framework }), answers, T0);
    expect(result.score).toBe(score);
    expect(result.breakdown.map((l) => l.ruleKey).sort()).toEqual([...keys].sort());
  });

  it("the latest answer for a dimension replaces an earlier one", () => {
    const lead = facts({
      qualification: [
        { framework: "BANT", dimension: "budget", answer: "yes" },
        { framework: "BANT", dimension: "budget", answer: "no" },
      ],
    });
    expect(scoreLead(config(), lead, T0).score).toBe(0);
  });
});

describe("call outcomes", () => {
  it.each([
    ["a booked meeting", ["meeting_booked"], 25],
    ["two booked meetings, counted once", ["meeting_booked", "meeting_booked"], 25],
    ["not interested", ["not_interested"], -30],
    ["a meeting, then not interested", ["meeting_booked", "not_interested"], -5],
    ["an outcome without a rule", ["voicemail"], 0],
  ])("%s scores %i", (_, outcomes, score) => {
    const lead = facts({ outcomes: outcomes.map((outcome, i) => ({ outcome, at: at(-i) })) });
    expect(scoreLead(config(), lead, T0).score).toBe(score);
  });

  it("an outcome rule with validity and a higher max counts like an event rule", () => {
    const rules: Rule[] = [
      { key: "voicemail", label: "Voicemail", kind: "outcome", match: { outcome: "voicemail" }, points: -2, validityDays: 7, maxCount: 3 },
    ];
    const lead = facts({ outcomes: [0, 1, 2, 3, 10].map((d) => ({ outcome: "voicemail", at: at(-d) })) });
    const result = scoreLead(config({ rules }), lead, T0);
    expect(result.score).toBe(-6);
    expect(result.breakdown[0]).toMatchObject({ count: 3, detail: "3 of 4 counted (max 3)", expiresAt: at(5) });
  });
});

describe("rules that are off", () => {
  it("inactive rules do not count", () => {
    const cfg = config();
    cfg.rules = cfg.rules.map((r) => (r.key === "demo_request" ? { ...r, active: false } : r));
    expect(scoreLead(cfg, facts({ events: [{ type: "demo_request", occurredAt: T0 }] }), T0).score).toBe(0);
  });

  it("a rule worth 0 still shows what it counted, a rule that matched nothing is left out", () => {
    const rules: Rule[] = [
      { key: "a", label: "A", kind: "event", match: { type: "a" }, points: 0 },
      { key: "b", label: "B", kind: "event", match: { type: "b" }, points: 5 },
    ];
    const result = scoreLead(config({ rules }), facts({ events: [{ type: "a", occurredAt: T0 }] }), T0);
    expect(result.breakdown.map((l) => [l.ruleKey, l.count, l.points])).toEqual([["a", 1, 0]]);
    expect(result.nextChangeAt).toBeNull();
  });
});

describe("the whole picture", () => {
  const lead = facts({
    attributes: { title: "CTO", companySize: "120" },
    events: [
      { type: "demo_request", occurredAt: at(-2) },
      { type: "pricing_page", occurredAt: at(-1) },
      ...daily("website_visit", 2),
    ],
    outcomes: [{ outcome: "meeting_booked", at: at(-1) }],
    qualification: [{ framework: "BANT", dimension: "need", answer: "yes" }],
  });

  it("adds everything up, sorts the strongest reasons first and picks the tier", () => {
    const result = scoreLead(config(), lead, T0);
    expect(result.score).toBe(40 + 15 + 20 + 25 + 10);
    expect(result.tier).toMatchObject({ key: "hot", action: "Call today" });
    expect(result.breakdown.map((l) => [l.ruleKey, l.points])).toEqual([
      ["demo_request", 40],
      ["meeting_booked", 25],
      ["website_visit", 20],
      ["pricing_page", 15],
      ["bant_need", 10],
    ]);
  });

  it("next changes when the earliest counted visit expires", () => {
    expect(scoreLead(config(), lead, T0).nextChangeAt).toEqual(at(29));
  });

  it("rejects an invalid clock instead of scoring nonsense", () => {
    expect(() => scoreLead(config(), lead, new Date(Number.NaN))).toThrow(RangeError);
  });
});
