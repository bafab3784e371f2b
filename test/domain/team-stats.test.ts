import { describe, expect, it } from "vitest";
import {
  alertFatigue,
  lastCompleteWeeks,
  median,
  periodRange,
  repStats,
  summariseAlerts,
  weeklyUsefulness,
  type AlertOutcome,
} from "../../src/domain/team-stats.js";
import { startOfLocalDate, weekOf } from "../../src/domain/local-time.js";
import { translator } from "../../src/i18n/index.js";
import { durationText, periodText, repLineText } from "../../src/views/team-stats.view.js";

// The domain gives numbers and dates; the view words them (here in English).
const EN = translator("en");

const MIN = 60_000;
const HOUR = 60 * MIN;
let nextId = 1;

/** An alert sent at `at` (UTC), acted on `after` ms later by member `by`, or never. */
function alert(at: string, options: { after?: number; by?: number; how?: "claim" | "call"; score?: number } = {}): AlertOutcome {
  const createdAt = new Date(at);
  const acted = options.after !== undefined;
  return {
    id: nextId,
    leadId: nextId++,
    leadName: "Lead",
    score: options.score ?? 70,
    createdAt,
    actedAt: acted ? new Date(createdAt.getTime() + options.after!) : null,
    actedById: acted ? (options.by ?? 1) : null,
    actedBy: acted ? "Someone" : null,
    how: acted ? (options.how ?? "claim") : null,
  };
}

describe("median", () => {
  it.each([
    [[], null],
    [[7], 7],
    [[3, 1, 2], 2],
    // Even count: the mean of the two middle values, (2 + 10) / 2.
    [[10, 1, 2, 40], 6],
    [[5, 5], 5],
  ])("of %j is %s", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe("durations, as the view words them", () => {
  it.each([
    [null, "—"],
    [20_000, "under a minute"],
    [45 * MIN, "45m"],
    [2 * HOUR, "2h"],
    [5.5 * HOUR, "5h 30m"],
    [49 * HOUR, "2d 1h"],
    [48 * HOUR, "2d"],
  ])("shows %s ms as %s", (ms, text) => {
    expect(durationText(EN, ms)).toBe(text);
  });
});

describe("team-local weeks", () => {
  it("starts weeks on Monday in the team's time zone, not in UTC", () => {
    // Sunday 22 Nov 23:30 UTC is Monday 23 Nov 00:30 in Prague (UTC+1), 18:30 Sunday in New York.
    const at = new Date("2026-11-22T23:30:00Z");
    expect(weekOf(at, "Europe/Prague")).toBe("2026-11-23");
    expect(weekOf(at, "UTC")).toBe("2026-11-16");
    expect(weekOf(at, "America/New_York")).toBe("2026-11-16");
  });

  it("finds local midnight across a daylight-saving change", () => {
    // Prague moves from UTC+1 to UTC+2 on Sunday 29 March 2026 at 02:00.
    expect(startOfLocalDate("2026-03-29", "Europe/Prague")).toEqual(new Date("2026-03-28T23:00:00Z"));
    expect(startOfLocalDate("2026-03-30", "Europe/Prague")).toEqual(new Date("2026-03-29T22:00:00Z"));
    expect(startOfLocalDate("2026-11-01", "America/New_York")).toEqual(new Date("2026-11-01T04:00:00Z"));
    expect(startOfLocalDate("2026-11-02", "America/New_York")).toEqual(new Date("2026-11-02T05:00:00Z"));
  });

  it("lists the complete weeks before the current one, oldest first", () => {
    // Wednesday 2 Dec: the current week began Monday 30 Nov.
    expect(lastCompleteWeeks(new Date("2026-12-02T10:00:00Z"), "UTC", 3)).toEqual(["2026-11-09", "2026-11-16", "2026-11-23"]);
  });

  it("counts sent, acted on, share and median time to act per week; late action counts for the week the alert was sent", () => {
    const alerts = [
      alert("2026-11-16T09:00:00Z", { after: 30 * MIN }),
      alert("2026-11-18T09:00:00Z", { after: 90 * MIN, how: "call" }),
      alert("2026-11-20T09:00:00Z"),
      alert("2026-11-22T22:00:00Z", { after: 10 * 24 * HOUR }), // Sunday 23:00 in Prague; acted the week after
      alert("2026-11-23T09:00:00Z"),
    ];
    const weeks = weeklyUsefulness(alerts, ["2026-11-09", "2026-11-16", "2026-11-23"], "Europe/Prague");
    // Week of 16 Nov: 4 sent, 3 acted → 75%; times 30m, 90m, 240h → median 90m, 2 by claim and 1 by call.
    expect(weeks).toEqual([
      { week: "2026-11-09", sent: 0, acted: 0, share: null, medianToActMs: null, byClaim: 0, byCall: 0 },
      { week: "2026-11-16", sent: 4, acted: 3, share: 0.75, medianToActMs: 90 * MIN, byClaim: 2, byCall: 1 },
      { week: "2026-11-23", sent: 1, acted: 0, share: 0, medianToActMs: null, byClaim: 0, byCall: 0 },
    ]);
  });
});

describe("periods", () => {
  const now = new Date("2026-12-02T10:00:00Z"); // Wednesday, 11:00 in Prague

  it.each([
    ["7d", "2026-11-25T10:00:00Z", "last 7 days"],
    ["90d", "2026-09-03T10:00:00Z", "last 90 days"],
    ["week", "2026-11-29T23:00:00Z", "this week (since Mon 30 Nov)"],
    ["month", "2026-11-30T23:00:00Z", "this month (since Tue 1 Dec)"],
    ["quarter", "2026-09-30T22:00:00Z", "this quarter (since Thu 1 Oct)"],
  ] as const)("%s in Prague starts at %s", (period, from, label) => {
    const range = periodRange(period, now, "Europe/Prague");
    expect(range).toMatchObject({ period, from: new Date(from), to: now });
    expect(periodText(EN, range)).toBe(label);
  });
});

describe("alert fatigue", () => {
  const weekOfAlerts = (week: string, sent: number, acted: number, score = (i: number) => 70 + i) =>
    Array.from({ length: sent }, (_, i) =>
      alert(`${week}T${String(8 + i).padStart(2, "0")}:00:00Z`, i < acted ? { after: HOUR, score: score(i) } : { score: 65 }),
    );
  const judge = (alerts: AlertOutcome[], hotMin: number | null = 60) =>
    alertFatigue({ weeks: weeklyUsefulness(alerts, ["2026-11-16", "2026-11-23"], "UTC"), alerts, timeZone: "UTC", hotMin });

  it("suggests the score three in four acted-on alerts reached when fewer than half were acted on", () => {
    // 2 + 3 = 5 acted of 6 + 8 = 14 sent → 36%. Acted scores 80, 90, 75, 85, 95 → sorted 75, 80, 85, 90, 95;
    // nearest-rank 25th percentile is the 2nd (ceil(5 × 0.25) = 2): 80.
    const scores = [80, 90, 75, 85, 95];
    const alerts = [...weekOfAlerts("2026-11-16", 6, 2, (i) => scores[i]!), ...weekOfAlerts("2026-11-23", 8, 3, (i) => scores[i + 2]!)];
    expect(judge(alerts)).toMatchObject({ sent: 14, acted: 5, share: 5 / 14, currentHot: 60, suggestedHot: 80, basis: "acted_scores", command: "/weights thresholds hot=80" });
  });

  it("says nothing at exactly half", () => {
    expect(judge([...weekOfAlerts("2026-11-16", 6, 3), ...weekOfAlerts("2026-11-23", 6, 3)])).toBeNull();
  });

  it("ignores weeks with too few alerts to judge", () => {
    // 4 alerts, none acted on, is not enough to call it fatigue; the 6-alert week with 4 acted is fine.
    expect(judge([...weekOfAlerts("2026-11-16", 4, 0), ...weekOfAlerts("2026-11-23", 6, 4)])).toBeNull();
    expect(judge(weekOfAlerts("2026-11-16", 4, 0))).toBeNull();
    // Only the 6-alert week counts: 1 of 6.
    expect(judge([...weekOfAlerts("2026-11-16", 4, 4), ...weekOfAlerts("2026-11-23", 6, 1)])).toMatchObject({ sent: 6, acted: 1 });
  });

  it("steps the threshold up by 10 when the acted-on scores are no higher, or nobody acted", () => {
    expect(judge(weekOfAlerts("2026-11-23", 6, 0))).toMatchObject({ suggestedHot: 70, basis: "step" });
    expect(judge(weekOfAlerts("2026-11-23", 6, 2, () => 62))).toMatchObject({ suggestedHot: 70, basis: "step" });
    expect(judge(weekOfAlerts("2026-11-23", 6, 0), null)).toBeNull();
  });
});

describe("rep stats", () => {
  const from = new Date("2026-11-25T00:00:00Z");
  const to = new Date("2026-12-02T00:00:00Z");
  const members = [
    { id: 1, name: "Rita", role: "rep" },
    { id: 2, name: "Ron", role: "rep" },
    { id: 3, name: "Mia", role: "manager" },
    { id: 4, name: "Max", role: "manager" },
  ];

  it("counts claims acted on in the period, medians first calls, and lists reps with nothing (— for no calls) but not idle managers", () => {
    const alerts = [
      alert("2026-11-20T09:00:00Z", { after: 6 * 24 * HOUR, by: 1 }), // claimed 26 Nov: in the period
      alert("2026-11-20T10:00:00Z", { after: HOUR, by: 1 }), // claimed 20 Nov: before it
      alert("2026-11-26T10:00:00Z", { after: HOUR, by: 1, how: "call" }), // a call, not a claim
      alert("2026-11-27T10:00:00Z", { after: HOUR, by: 3 }), // the manager took it
    ];
    const rows = repStats({
      members,
      alerts,
      // Rita: 1h and 3h → 2h; Mia 30m.
      firstCalls: [
        { memberId: 1, ms: HOUR },
        { memberId: 1, ms: 3 * HOUR },
        { memberId: 3, ms: 30 * MIN },
      ],
      outcomes: [{ memberId: 2, meetings: 2, won: 0 }],
      from,
      to,
    });
    expect(rows.map((r) => [r.name, r.hotClaimed, r.medianFirstCallMs, r.meetings, r.won])).toEqual([
      // Meetings first, then claims, then by name.
      ["Ron", 0, null, 2, 0],
      ["Mia", 1, 30 * MIN, 0, 0],
      ["Rita", 1, 2 * HOUR, 0, 0],
    ]);
    expect(rows.map((r) => repLineText(EN, r))).toEqual([
      "Ron: 0 hot claimed · 2 meetings · 0 won · first call —",
      "Mia: 1 hot claimed · 0 meetings · 0 won · first call 30m",
      "Rita: 1 hot claimed · 0 meetings · 0 won · first call 2h",
    ]);
  });

  it("summarises how alerts were acted on", () => {
    const summary = summariseAlerts([alert("2026-11-26T10:00:00Z", { after: HOUR, how: "call" }), alert("2026-11-26T11:00:00Z")]);
    expect(summary).toEqual({ sent: 2, acted: 1, share: 0.5, medianToActMs: HOUR, byClaim: 0, byCall: 1 });
  });
});
