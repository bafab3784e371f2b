import { describe, expect, it } from "vitest";
import { DEFAULT_TIERS } from "../../src/domain/default-rules.js";
import { tierFor, validateTiers, withThresholds } from "../../src/domain/tiers.js";
import type { Tier } from "../../src/domain/types.js";

const tier = (key: string, min: number | null): Tier => ({ key, label: key, min, action: `act ${key}` });

describe("tierFor", () => {
  it.each([
    [100, "hot"],
    [60, "hot"],
    [59, "warm"],
    [30, "warm"],
    [29, "cold"],
    [0, "cold"],
    [-80, "cold"],
  ])("a score of %i is %s", (score, key) => {
    expect(tierFor(score, DEFAULT_TIERS).key).toBe(key);
  });

  it.each([
    [95, "a"],
    [70, "b"],
    [45, "c"],
    [12, "d"],
    [-1, "e"],
  ])("with five tiers a score of %i is tier %s", (score, key) => {
    const tiers = [tier("a", 90), tier("b", 60), tier("c", 40), tier("d", 10), tier("e", null)];
    expect(tierFor(score, tiers).key).toBe(key);
  });

  it("does not depend on the order tiers are listed in", () => {
    expect(tierFor(65, [tier("cold", null), tier("warm", 30), tier("hot", 60)]).key).toBe("hot");
  });
});

describe("validateTiers", () => {
  it.each<[string, Tier[], string | null]>([
    ["accepts the defaults", DEFAULT_TIERS, null],
    ["accepts five tiers", [tier("a", 90), tier("b", 60), tier("c", 40), tier("d", 10), tier("e", null)], null],
    ["accepts negative thresholds", [tier("a", 10), tier("b", -10), tier("c", null)], null],
    ["refuses two tiers", [tier("hot", 60), tier("cold", null)], "Use 3 to 5 tiers (got 2)."],
    [
      "refuses six tiers",
      [tier("a", 90), tier("b", 60), tier("c", 40), tier("d", 10), tier("e", 5), tier("f", null)],
      "Use 3 to 5 tiers (got 6).",
    ],
    [
      "refuses thresholds that do not go down",
      [tier("hot", 30), tier("warm", 30), tier("cold", null)],
      "Thresholds must go down: hot (30) must be above warm (30).",
    ],
    [
      "refuses a lowest tier with a threshold",
      [tier("hot", 60), tier("warm", 30), tier("cold", 0)],
      "The lowest tier must take every score below the others (no threshold).",
    ],
    [
      "refuses an open-ended tier above the lowest",
      [tier("hot", 60), tier("warm", null), tier("cold", null)],
      'Only the lowest tier can be open-ended; give "warm" a threshold.',
    ],
    [
      "refuses duplicate names",
      [tier("hot", 60), tier("HOT", 30), tier("cold", null)],
      'Tier names must be unique ("HOT" appears twice).',
    ],
    ["refuses fractional thresholds", [tier("hot", 60.5), tier("warm", 30), tier("cold", null)], 'Thresholds are whole points ("hot" has 60.5).'],
  ])("%s", (_, tiers, expected) => {
    expect(validateTiers(tiers)).toBe(expected);
  });
});

describe("withThresholds", () => {
  it("returns new tiers with the thresholds changed and leaves the input alone", () => {
    const result = withThresholds(DEFAULT_TIERS, { hot: 70, warm: 40 });
    expect(Array.isArray(result) && result.map((t) => [t.key, t.min, t.action])).toEqual([
      ["hot", 70, "Call today"],
      ["warm", 40, "Send a personal email or messenger note"],
      ["cold", null, "Keep in marketing nurture"],
    ]);
    expect(DEFAULT_TIERS[0]!.min).toBe(60);
  });

  it("changes only the tiers named, matching names case-insensitively", () => {
    const result = withThresholds(DEFAULT_TIERS, { Hot: 80 });
    expect(Array.isArray(result) && result.map((t) => t.min)).toEqual([80, 30, null]);
  });

  it.each<[string, Record<string, number>, string]>([
    ["an unknown tier", { scorching: 90 }, 'There is no tier "scorching". Tiers: hot, warm, cold.'],
    ["the lowest tier", { cold: 0 }, "cold is the lowest tier and takes every score below the others; it has no threshold."],
    ["thresholds in the wrong order", { hot: 20 }, "Thresholds must go down: hot (20) must be above warm (30)."],
    ["a fractional threshold", { warm: 35.5 }, "Thresholds are whole points (warm=35.5)."],
  ])("refuses %s with a reason", (_, thresholds, reason) => {
    expect(withThresholds(DEFAULT_TIERS, thresholds)).toBe(reason);
  });
});
