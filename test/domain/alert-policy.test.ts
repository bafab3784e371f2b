import { describe, expect, it } from "vitest";
import { decideAlert } from "../../src/domain/alert-policy.js";

const now = new Date("2026-06-01T09:00:00Z");
const base = { hotMin: 60, margin: 10, now, notify: true };

describe("decideAlert", () => {
  it.each([
    ["alerts when an armed lead reaches the threshold", 60, { armed: true, snoozedUntil: null }, { alert: true, armed: false }],
    ["stays quiet below the threshold", 59, { armed: true, snoozedUntil: null }, { alert: false, armed: true }],
    ["does not repeat while the lead stays hot", 75, { armed: false, snoozedUntil: null }, { alert: false, armed: false }],
    ["does not re-arm just under the threshold", 55, { armed: false, snoozedUntil: null }, { alert: false, armed: false }],
    ["does not re-arm at exactly threshold minus margin", 50, { armed: false, snoozedUntil: null }, { alert: false, armed: false }],
    ["re-arms once clearly below", 49, { armed: false, snoozedUntil: null }, { alert: false, armed: true }],
    ["stays silent while snoozed, but counts the crossing", 80, { armed: true, snoozedUntil: new Date(now.getTime() + 3_600_000) }, { alert: false, armed: false, silenced: true }],
    ["alerts again after a snooze has ended", 80, { armed: true, snoozedUntil: new Date(now.getTime() - 1) }, { alert: true, armed: false }],
  ])("%s", (_name, score, state, expected) => {
    expect(decideAlert({ ...base, score, state })).toMatchObject(expected);
  });

  it("disarms without alerting when told not to notify (bulk weight changes)", () => {
    expect(decideAlert({ ...base, notify: false, score: 70, state: { armed: true, snoozedUntil: null } })).toEqual({ alert: false, armed: false, silenced: true });
  });

  it("sends one alert for a score oscillating around the threshold", () => {
    let state = { armed: true, snoozedUntil: null as Date | null };
    let alerts = 0;
    for (const score of [58, 61, 57, 62, 59, 60, 55, 63, 51, 64]) {
      const d = decideAlert({ ...base, score, state });
      alerts += d.alert ? 1 : 0;
      state = { ...state, armed: d.armed };
    }
    expect(alerts).toBe(1);
    for (const score of [45, 65]) {
      const d = decideAlert({ ...base, score, state });
      alerts += d.alert ? 1 : 0;
      state = { ...state, armed: d.armed };
    }
    expect(alerts).toBe(2);
  });
});
