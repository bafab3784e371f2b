import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AttributeMatch } from "../../src/domain/attributes.js";
import { DAY_MS } from "../../src/domain/exact.js";
import { scoreAt, scoreAtUnder, scoreLead, scoreState } from "../../src/domain/score.js";
import { DEFAULT_TIERS } from "../../src/domain/default-rules.js";
import type { LeadFacts, Rule, ScoringConfig } from "../../src/domain/types.js";

const NOW = Date.UTC(2025, 2, 3, 9, 0, 0, 0);
const EVENT_TYPES = ["visit", "demo", "careers"] as const;
const OUTCOMES = ["meeting_booked", "not_interested"] as const;
const GROUPS = ["web", "intent", "loose"] as const;

/** Day-aligned offsets make starts and expiries coincide; arbitrary ones probe millisecond edges. */
const offset = (days: number) =>
  fc.oneof(
    fc.integer({ min: -days, max: days }).map((d) => d * DAY_MS),
    fc.integer({ min: -days * DAY_MS, max: days * DAY_MS }),
  );

const windowFields = {
  points: fc.integer({ min: -60, max: 60 }),
  validityDays: fc.option(fc.constantFrom(0, 0.5, 1, 1.25, 3, 10, 30), { nil: null }),
  maxCount: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
  group: fc.option(fc.constantFrom(...GROUPS), { nil: null }),
  active: fc.constantFrom(true, true, true, undefined, false),
};

const ruleArb: fc.Arbitrary<Omit<Rule, "key" | "label">> = fc.oneof(
  fc.record({ kind: fc.constant("event" as const), match: fc.record({ type: fc.constantFrom(...EVENT_TYPES) }), ...windowFields }),
  fc.record({ kind: fc.constant("outcome" as const), match: fc.record({ outcome: fc.constantFrom(...OUTCOMES) }), ...windowFields }),
  fc.record({
    kind: fc.constant("attribute" as const),
    match: fc.constantFrom<AttributeMatch[]>(
      { field: "title", op: "contains", value: "consultant" },
      { field: "size", op: "gte", value: 50 },
      { field: "country", op: "in", value: ["UA", "PL"] },
    ),
    points: fc.integer({ min: -60, max: 60 }),
    group: fc.option(fc.constantFrom(...GROUPS), { nil: null }),
  }),
  fc.record({
    kind: fc.constant("qualification" as const),
    match: fc.record({ framework: fc.constantFrom("BANT" as const, "CHAMP" as const), dimension: fc.constantFrom("budget", "authority") }),
    points: fc.integer({ min: -20, max: 20 }),
    group: fc.option(fc.constantFrom(...GROUPS), { nil: null }),
  }),
  fc.record({
    kind: fc.constant("cycle" as const),
    match: fc.constant({}),
    points: fc.integer({ min: -300, max: 300 }),
    group: fc.option(fc.constantFrom(...GROUPS), { nil: null }),
  }),
);

const configArb: fc.Arbitrary<ScoringConfig> = fc.record({
  rules: fc.array(ruleArb, { maxLength: 10 }).map((rules) =>
    rules.map((rule, i) => ({ ...rule, key: `r${i}`, label: `Rule ${i}` }) as Rule),
  ),
  groupCaps: fc.record(
    { web: fc.integer({ min: -10, max: 60 }), intent: fc.integer({ min: 0, max: 40 }) },
    { requiredKeys: [] },
  ),
  tiers: fc.constant(DEFAULT_TIERS),
  framework: fc.constantFrom("BANT" as const, "CHAMP" as const),
});

const factsArb: fc.Arbitrary<LeadFacts> = fc.record({
  attributes: fc.record({
    title: fc.constantFrom("Consultant", "CEO", ""),
    size: fc.constantFrom(10, "75", "n/a"),
    country: fc.constantFrom("ua", "US"),
  }),
  events: fc.array(
    fc.record({ type: fc.constantFrom(...EVENT_TYPES), occurredAt: offset(40).map((o) => new Date(NOW + o)) }),
    { maxLength: 12 },
  ),
  outcomes: fc.array(
    fc.record({ outcome: fc.constantFrom(...OUTCOMES), at: offset(40).map((o) => new Date(NOW + o)) }),
    { maxLength: 4 },
  ),
  qualification: fc.array(
    fc.record({
      framework: fc.constantFrom("BANT" as const, "CHAMP" as const),
      dimension: fc.constantFrom("budget", "authority"),
      answer: fc.constantFrom("yes" as const, "no" as const, "unknown" as const),
    }),
    { maxLength: 4 },
  ),
  lastPurchaseAt: fc.option(offset(60).map((o) => new Date(NOW + o)), { nil: null }),
  cycleDays: fc.option(fc.constantFrom(0, 0.5, 1, 7, 30, 90), { nil: null }),
});

/** A deliberately naive restatement of SPEC §2, independent of the optimised scorer. */
function referenceScore(config: ScoringConfig, facts: LeadFacts, t: number): number {
  const groupTotals = new Map<string, number>();
  let total = 0;
  for (const rule of config.rules) {
    if (rule.active === false) continue;
    const points = ruleValue(rule, config, facts, t);
    if (rule.group && rule.group in config.groupCaps) {
      groupTotals.set(rule.group, (groupTotals.get(rule.group) ?? 0) + points);
    } else total += points;
  }
  for (const [group, sum] of groupTotals) total += Math.min(sum, Math.max(0, config.groupCaps[group] ?? 0));
  return total;
}

function ruleValue(rule: Rule, config: ScoringConfig, facts: LeadFacts, t: number): number {
  const m = rule.match as Record<string, unknown>;
  if (rule.kind === "event" || rule.kind === "outcome") {
    const times =
      rule.kind === "event"
        ? facts.events.filter((e) => e.type === m.type).map((e) => e.occurredAt.getTime())
        : facts.outcomes.filter((o) => o.outcome === m.outcome).map((o) => o.at.getTime());
    const validity = rule.validityDays == null ? Infinity : Math.round(rule.validityDays * DAY_MS);
    const valid = times.filter((o) => o <= t && t < o + validity).length;
    const max = rule.maxCount ?? (rule.kind === "outcome" ? 1 : Infinity);
    return Math.min(valid, max) * rule.points;
  }
  if (rule.kind === "attribute") {
    const a = facts.attributes;
    if (m.field === "title") return String(a.title).toLowerCase().includes("consultant") ? rule.points : 0;
    if (m.field === "size") return Number(a.size) >= 50 ? rule.points : 0;
    return ["ua", "pl"].includes(String(a.country).toLowerCase()) ? rule.points : 0;
  }
  if (rule.kind === "qualification") {
    if (m.framework !== config.framework) return 0;
    const answers = facts.qualification.filter((q) => q.framework === m.framework && q.dimension === m.dimension);
    return answers.at(-1)?.answer === "yes" ? rule.points : 0;
  }
  if (!facts.lastPurchaseAt || !facts.cycleDays) return 0;
  const cycle = BigInt(Math.round(facts.cycleDays * DAY_MS));
  let elapsed = BigInt(t - facts.lastPurchaseAt.getTime());
  if (elapsed < 0n) elapsed = 0n;
  if (elapsed > cycle) elapsed = cycle;
  const steps = Number((BigInt(Math.abs(rule.points)) * elapsed) / cycle);
  return rule.points < 0 ? -steps : steps;
}

const score = (config: ScoringConfig, facts: LeadFacts, t: number) => scoreAt(config, facts, new Date(t));

describe("scoreLead properties", () => {
  it("breakdowns add up, scores match the reference, and nextChangeAt is the first change to the millisecond", () => {
    fc.assert(
      fc.property(
        configArb,
        factsArb,
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (config, facts, fractions) => {
          const result = scoreLead(config, facts, new Date(NOW));
          const sum = result.breakdown.reduce((acc, line) => acc + line.points, 0);
          expect(sum).toBe(result.score);
          expect(Number.isInteger(result.score)).toBe(true);
          expect(result.score).toBe(referenceScore(config, facts, NOW));

          const next = result.nextChangeAt?.getTime() ?? null;
          if (next !== null) {
            expect(next).toBeGreaterThan(NOW);
            expect(score(config, facts, next - 1)).toBe(result.score);
            expect(score(config, facts, next)).not.toBe(result.score);
            expect(referenceScore(config, facts, next)).toBe(score(config, facts, next));
            for (const f of fractions) {
              const t = NOW + Math.floor(f * (next - NOW));
              expect(score(config, facts, t)).toBe(result.score);
              expect(referenceScore(config, facts, t)).toBe(result.score);
            }
          } else {
            for (const t of [NOW + 400 * DAY_MS, NOW + 10_000 * DAY_MS, ...fractions.map((f) => NOW + f * 1e12)]) {
              expect(referenceScore(config, facts, Math.floor(t))).toBe(result.score);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("what a re-score stores is scoreLead's score, tier and next change, to the millisecond", () => {
    fc.assert(
      fc.property(configArb, factsArb, fc.integer({ min: -400, max: 400 }), (config, facts, days) => {
        const now = new Date(NOW + days * DAY_MS);
        const { breakdown: _breakdown, ...stored } = scoreLead(config, facts, now);
        expect(scoreState(config, facts, now)).toEqual(stored);
      }),
      { numRuns: 1000 },
    );
  });

  it("scores many leads under one configuration exactly as scoreAt, with events listed or given as times by type", () => {
    fc.assert(
      fc.property(configArb, fc.array(factsArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: -400, max: 400 }), (config, leads, days) => {
        const at = new Date(NOW + days * DAY_MS);
        const under = scoreAtUnder(config);
        for (const facts of leads) {
          const byType = new Map<string, number[]>();
          for (const e of facts.events) byType.set(e.type, [...(byType.get(e.type) ?? []), e.occurredAt.getTime()].sort((a, b) => a - b));
          const expected = scoreAt(config, facts, at);
          expect(under(facts, at)).toBe(expected);
          expect(under({ ...facts, events: [], eventTimesByType: byType }, at)).toBe(expected);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("the breakdown is ordered strongest first and the tier matches the score", () => {
    fc.assert(
      fc.property(configArb, factsArb, (config, facts) => {
        const result = scoreLead(config, facts, new Date(NOW));
        const weights = result.breakdown.map((line) => Math.abs(line.points));
        expect(weights).toEqual([...weights].sort((a, b) => b - a));
        expect(result.breakdown.every((line) => line.points !== 0 || line.count !== 0)).toBe(true);
        const expectedTier = result.score >= 60 ? "hot" : result.score >= 30 ? "warm" : "cold";
        expect(result.tier.key).toBe(expectedTier);
      }),
      { numRuns: 200 },
    );
  });
});
