import { describe, expect, it } from "vitest";
import { DEFAULT_GROUP_CAPS, DEFAULT_RULES, DEFAULT_TIERS } from "../../src/domain/default-rules.js";
import { scoreLead } from "../../src/domain/score.js";
import type { LeadFacts, ScoringConfig } from "../../src/domain/types.js";
import { addDays, localDate, mondayOf, startOfLocalDate } from "../../src/domain/local-time.js";
import { computeTrend } from "../../src/services/trend.service.js";
import { markerLabel } from "../../src/views/lead-history.view.js";

const config: ScoringConfig = { rules: DEFAULT_RULES, groupCaps: DEFAULT_GROUP_CAPS, tiers: DEFAULT_TIERS, framework: "BANT" };
const at = (iso: string) => new Date(iso);

/**
 * A lead whose story is known day by day (default rules):
 * pricing page 20 May (+15, counts 30 days: gone 19 Jun 10:00), demo request 5 Jun (+40),
 * careers page 10 Jun (−10), meeting booked 12 Jun (+25), a call nobody answered 15 Jun (0),
 * budget confirmed 20 Jun (+10).
 */
const facts: LeadFacts = {
  attributes: { title: "Head of Ops", company: "Acme" },
  events: [
    { type: "pricing_page", occurredAt: at("2026-05-20T10:00:00Z") },
    { type: "demo_request", occurredAt: at("2026-06-05T09:00:00Z") },
    { type: "careers_page", occurredAt: at("2026-06-10T12:00:00Z") },
  ],
  outcomes: [
    { outcome: "meeting_booked", at: at("2026-06-12T14:00:00Z") },
    { outcome: "no_answer", at: at("2026-06-15T11:00:00Z") },
  ],
  qualification: [{ framework: "BANT", dimension: "budget", answer: "yes" }],
};
const answeredAt = new Map([["BANT:budget", at("2026-06-20T08:00:00Z")]]);
const now = at("2026-06-30T15:00:00Z");

/** Expected score at the end of each June day, worked out by hand from the story above. */
function expectedJune(day: number): number {
  if (day <= 4) return 15;
  if (day <= 9) return 15 + 40;
  if (day <= 11) return 15 + 40 - 10;
  if (day <= 18) return 15 + 40 - 10 + 25;
  if (day <= 19) return 40 - 10 + 25; // the pricing page stopped counting on the 19th
  return 40 - 10 + 25 + 10;
}

describe("a lead's trend data", () => {
  it("gives the score at the end of each of the last 30 days, today being now", () => {
    const { points } = computeTrend({ config, facts, answeredAt, days: 30, now, timeZone: "UTC" });
    expect(points).toHaveLength(30);
    expect(points[0]!.day).toBe("2026-06-01");
    expect(points[29]!.day).toBe("2026-06-30");
    expect(points.map((p) => p.score)).toEqual(Array.from({ length: 30 }, (_, i) => expectedJune(i + 1)));
    // The last point is the score the lead has now.
    expect(points[29]!.score).toBe(scoreLead(config, facts, now).score);
  });

  it("marks what moved the score inside the window with the step it made, and every call", () => {
    const { markers } = computeTrend({ config, facts, answeredAt, days: 30, now, timeZone: "UTC" });
    expect(markers.map((m) => [m.day, m.type, markerLabel(m), m.points])).toEqual([
      ["2026-06-05", "event", "Demo request", 40],
      ["2026-06-10", "event", "Visited the careers page", -10],
      ["2026-06-12", "call", "Call: meeting booked", 25],
      ["2026-06-15", "call", "Call: no answer", 0],
      ["2026-06-20", "qualification", "BANT budget: yes", 10],
    ]);
  });

  it("leaves out events that moved nothing, such as visits past the counted maximum", () => {
    const visits = Array.from({ length: 7 }, (_, i) => ({ type: "website_visit", occurredAt: at(`2026-06-2${i}T09:00:00Z`) }));
    const { markers, points } = computeTrend({
      config,
      facts: { ...facts, events: visits, outcomes: [], qualification: [] },
      answeredAt: new Map(),
      days: 30,
      now,
      timeZone: "UTC",
    });
    // Web activity is capped at 30 points: the first three visits count, the rest move nothing.
    expect(markers.map((m) => [m.day, m.points])).toEqual([
      ["2026-06-20", 10],
      ["2026-06-21", 10],
      ["2026-06-22", 10],
    ]);
    expect(points[29]!.score).toBe(30);
  });

  it("covers 90 days, counting what happened before the window but marking only what is inside", () => {
    const { points, markers } = computeTrend({ config, facts, answeredAt, days: 90, now, timeZone: "UTC" });
    expect(points).toHaveLength(90);
    expect(points[0]!.day).toBe("2026-04-02");
    // Before the pricing page visit: nothing. From it on: +15.
    expect(points.find((p) => p.day === "2026-05-19")!.score).toBe(0);
    expect(points.find((p) => p.day === "2026-05-20")!.score).toBe(15);
    expect({ ...markers[0]!, label: markerLabel(markers[0]!) }).toMatchObject({ day: "2026-05-20", label: "Viewed the pricing page", points: 15 });
    expect(markers).toHaveLength(6);
  });

  it("places days and markers on the team's calendar", () => {
    // 23:30 UTC on the 4th is 01:30 on the 5th in Prague (UTC+2 in summer).
    const late = { ...facts, events: [{ type: "demo_request", occurredAt: at("2026-06-04T23:30:00Z") }], outcomes: [], qualification: [] };
    const utc = computeTrend({ config, facts: late, answeredAt: new Map(), days: 30, now, timeZone: "UTC" });
    const prague = computeTrend({ config, facts: late, answeredAt: new Map(), days: 30, now, timeZone: "Europe/Prague" });
    expect(utc.markers[0]!.day).toBe("2026-06-04");
    expect(prague.markers[0]!.day).toBe("2026-06-05");
    expect(utc.points.find((p) => p.day === "2026-06-04")!.score).toBe(40);
    expect(prague.points.find((p) => p.day === "2026-06-04")!.score).toBe(0);
    expect(prague.points.find((p) => p.day === "2026-06-05")!.score).toBe(40);
  });

  it("restarts the buying cycle at each purchase it passes", () => {
    const cycleConfig: ScoringConfig = { ...config, rules: config.rules.filter((r) => r.key === "buying_cycle") };
    const buyer: LeadFacts = {
      attributes: {},
      events: [{ type: "purchase", occurredAt: at("2026-06-16T12:00:00Z") }],
      outcomes: [],
      qualification: [],
      lastPurchaseAt: at("2026-06-16T12:00:00Z"),
      cycleDays: 30,
    };
    const { points } = computeTrend({ config: cycleConfig, facts: buyer, answeredAt: new Map(), days: 30, now, timeZone: "UTC" });
    // Before the purchase there was no earlier one: no cycle points. After it, the cycle starts at 0.
    expect(points.find((p) => p.day === "2026-06-15")!.score).toBe(0);
    expect(points.find((p) => p.day === "2026-06-16")!.score).toBe(0);
    expect(points[29]!.score).toBe(scoreLead(cycleConfig, buyer, now).score);
    expect(points[29]!.score).toBeGreaterThan(0);
  });
});

describe("calendar helpers", () => {
  it("finds local midnight across time zones and daylight saving changes", () => {
    expect(startOfLocalDate("2026-06-05", "UTC").toISOString()).toBe("2026-06-05T00:00:00.000Z");
    expect(startOfLocalDate("2026-06-05", "Europe/Prague").toISOString()).toBe("2026-06-04T22:00:00.000Z");
    expect(startOfLocalDate("2026-01-05", "Europe/Prague").toISOString()).toBe("2026-01-04T23:00:00.000Z");
    // The day clocks go forward in New York, and one in Kathmandu (UTC+5:45).
    expect(startOfLocalDate("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfLocalDate("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfLocalDate("2026-06-05", "Asia/Kathmandu").toISOString()).toBe("2026-06-04T18:15:00.000Z");
  });

  it("reads the local date of an instant in the team's zone", () => {
    const cases: Array<[string, string, string]> = [
      ["2026-06-04T23:30:00Z", "UTC", "2026-06-04"],
      ["2026-06-04T23:30:00Z", "Europe/Prague", "2026-06-05"],
      ["2026-06-04T23:30:00Z", "America/Los_Angeles", "2026-06-04"],
      ["2026-06-04T18:14:59Z", "Asia/Kathmandu", "2026-06-04"],
      ["2026-06-04T18:15:00Z", "Asia/Kathmandu", "2026-06-05"],
      ["2026-03-29T00:59:59Z", "Europe/Prague", "2026-03-29"],
      ["2026-12-31T23:59:59Z", "America/Los_Angeles", "2026-12-31"],
    ];
    for (const [instant, zone, date] of cases) expect(localDate(at(instant), zone), `${instant} in ${zone}`).toBe(date);
  });

  it("steps dates and finds the week's Monday", () => {
    expect(addDays("2026-02-27", 3)).toBe("2026-03-02");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(mondayOf("2026-06-03")).toBe("2026-06-01");
    expect(mondayOf("2026-06-01")).toBe("2026-06-01");
    expect(mondayOf("2026-06-07")).toBe("2026-06-01");
  });
});
