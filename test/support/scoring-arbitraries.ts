/**
 * Random teams, times and scoring changes for the tests that hold a fast path equal to the plain
 * computation: the what-if preview (test/services/preview-exact.test.ts) and the re-score after a
 * change (test/services/rescore-change.test.ts).
 */
import fc from "fast-check";
import { DAY_MS } from "../../src/domain/exact.js";
import { applyEdit, type ScoringEdit } from "../../src/domain/edits.js";
import type { Answer, Framework, Rule, ScoringConfig } from "../../src/domain/types.js";
import type { StoreHandle } from "../../src/store/client.js";

export const T0 = Date.UTC(2026, 5, 1, 9, 0, 0);
const EVENT_TYPES = ["website_visit", "email_click", "demo_request", "pricing_page", "careers_page", "purchase", "unknown_type"] as const;
const OUTCOMES = ["meeting_booked", "not_interested", "connected"] as const;
const DIMENSIONS: Record<Framework, string[]> = { BANT: ["budget", "authority", "need", "timing"], CHAMP: ["challenges", "authority", "money"] };

// Whole days line starts and expiries up with the re-score and preview instants; raw milliseconds probe the edges.
const ago = (maxDays: number) =>
  fc.oneof(fc.integer({ min: -2, max: maxDays }).map((d) => d * DAY_MS), fc.integer({ min: -DAY_MS, max: maxDays * DAY_MS }));

export const leadArb = fc.record({
  title: fc.constantFrom(null, "CTO", "Senior Consultant", "head of sales", "IT-CONSULTANT"),
  company: fc.constantFrom(null, "Acme", "Globex"),
  attributes: fc.record(
    { companySize: fc.integer({ min: 1, max: 2000 }), country: fc.constantFrom("DE", "UA", "PL", "us"), tags: fc.constantFrom(["a"], ["b", "vip"]) },
    { requiredKeys: [] },
  ),
  cycle: fc.option(fc.record({ purchasedAgo: ago(400), days: fc.constantFrom(30, 60, 90) }), { nil: null }),
  // Web activity often and recently enough to reach its group's cap; the rest spread out.
  events: fc.array(
    fc.oneof(
      fc.record({ type: fc.constantFrom("website_visit", "email_click"), ago: ago(40) }),
      fc.record({ type: fc.constantFrom(...EVENT_TYPES), ago: ago(200) }),
    ),
    { maxLength: 12 },
  ),
  calls: fc.array(fc.record({ outcome: fc.constantFrom(...OUTCOMES), ago: ago(120) }), { maxLength: 3 }),
  answers: fc.array(
    fc.record({ framework: fc.constantFrom<Framework>("BANT", "CHAMP"), index: fc.nat(3), answer: fc.constantFrom<Answer>("yes", "no", "unknown") }),
    { maxLength: 4 },
  ),
});

const attributeRuleArb = fc.constantFrom<Rule["match"]>(
  { field: "title", op: "contains", value: "consultant" },
  { field: "company", op: "equals", value: "acme" },
  { field: "companySize", op: "gte", value: 500 },
  { field: "companySize", op: "lte", value: "100" },
  { field: "country", op: "in", value: "UA, PL" },
  { field: "tags", op: "contains", value: "vip" },
  { field: "country", op: "exists" },
);

const newRuleArb: fc.Arbitrary<Rule> = fc
  .tuple(
    fc.oneof(
      fc.record({ kind: fc.constant("event" as const), match: fc.record({ type: fc.constantFrom(...EVENT_TYPES) }) }),
      fc.record({ kind: fc.constant("outcome" as const), match: fc.record({ outcome: fc.constantFrom(...OUTCOMES) }) }),
      fc.record({ kind: fc.constant("attribute" as const), match: attributeRuleArb }),
      fc.record({
        kind: fc.constant("qualification" as const),
        match: fc.constantFrom<Framework>("BANT", "CHAMP").chain((framework) =>
          fc.constantFrom(...DIMENSIONS[framework]).map((dimension) => ({ framework, dimension: dimension.toUpperCase() })),
        ),
      }),
      fc.record({ kind: fc.constant("cycle" as const), match: fc.constant({}) }),
    ),
    fc.integer({ min: -60, max: 60 }),
    fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
    fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    fc.constantFrom(null, "web_activity", "intent"),
    fc.constantFrom("new_a", "new_b"),
  )
  .map(([shape, points, validityDays, maxCount, group, key]) => ({
    key,
    label: "New rule",
    ...shape,
    points,
    validityDays,
    maxCount,
    group,
  }));

/** A change to a config: the chat edits, plus what an undo can restore (caps, framework, inactive rules). */
export type Change =
  | { kind: "edit"; edit: (config: ScoringConfig) => ScoringEdit }
  | { kind: "cap"; group: string; cap: number | null }
  | { kind: "framework" }
  | { kind: "toggle"; pick: number };

const pickRule = (pick: number) => (config: ScoringConfig) => config.rules[pick % config.rules.length]!.key;

export const changeArb: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ pick: fc.nat(), points: fc.integer({ min: -60, max: 60 }) }).map(({ pick, points }) => ({
    kind: "edit" as const,
    edit: (c: ScoringConfig): ScoringEdit => ({ kind: "set", key: pickRule(pick)(c), points }),
  })),
  fc.record({ pick: fc.nat(), days: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }) }).map(({ pick, days }) => ({
    kind: "edit" as const,
    edit: (c: ScoringConfig): ScoringEdit => ({ kind: "set", key: pickRule(pick)(c), validityDays: days }),
  })),
  fc.record({ pick: fc.nat(), max: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }) }).map(({ pick, max }) => ({
    kind: "edit" as const,
    edit: (c: ScoringConfig): ScoringEdit => ({ kind: "set", key: pickRule(pick)(c), maxCount: max }),
  })),
  fc.record({ hot: fc.integer({ min: 20, max: 100 }), gap: fc.integer({ min: 1, max: 60 }) }).map(({ hot, gap }) => ({
    kind: "edit" as const,
    edit: (): ScoringEdit => ({ kind: "thresholds", values: { hot, warm: hot - gap } }),
  })),
  newRuleArb.map((rule) => ({ kind: "edit" as const, edit: (): ScoringEdit => ({ kind: "add", rule }) })),
  fc.nat().map((pick) => ({ kind: "edit" as const, edit: (c: ScoringConfig): ScoringEdit => ({ kind: "remove", key: pickRule(pick)(c) }) })),
  fc.record({ group: fc.constantFrom("web_activity", "intent"), cap: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }) }).map((c) => ({
    kind: "cap" as const,
    ...c,
  })),
  fc.constant({ kind: "framework" as const }),
  fc.nat().map((pick) => ({ kind: "toggle" as const, pick })),
);

export function applyChange(config: ScoringConfig, change: Change): ScoringConfig {
  switch (change.kind) {
    case "edit": {
      const edited = applyEdit(config, change.edit(config));
      return edited.ok ? edited.config : config;
    }
    case "cap": {
      const groupCaps = { ...config.groupCaps };
      if (change.cap === null) delete groupCaps[change.group];
      else groupCaps[change.group] = change.cap;
      return { ...config, groupCaps };
    }
    case "framework":
      return { ...config, framework: config.framework === "BANT" ? "CHAMP" : "BANT" };
    case "toggle": {
      const rules = config.rules.slice();
      const index = change.pick % rules.length;
      rules[index] = { ...rules[index]!, active: rules[index]!.active === false };
      return { ...config, rules };
    }
  }
}

/** Replaces the team's leads (and with them their facts) by `leads`, in a few statements. */
export async function replaceLeads(store: StoreHandle, teamId: number, leads: LeadSpec[]): Promise<void> {
  const db = store.prisma;
  await db.lead.deleteMany({ where: { teamId } });
  const rows = await db.lead.createManyAndReturn({
    select: { id: true },
    data: leads.map((spec, i) => ({
      teamId,
      name: `Lead ${i}`,
      title: spec.title,
      company: spec.company,
      attributes: spec.attributes,
      lastPurchaseAt: spec.cycle ? new Date(T0 - spec.cycle.purchasedAgo) : null,
      cycleDays: spec.cycle?.days ?? null,
    })),
  });
  const withId = leads.map((spec, i) => ({ spec, leadId: rows[i]!.id }));
  await db.event.createMany({
    data: withId.flatMap(({ spec, leadId }) => spec.events.map((e) => ({ teamId, leadId, type: e.type, occurredAt: new Date(T0 - e.ago) }))),
  });
  await db.callLog.createMany({
    data: withId.flatMap(({ spec, leadId }) => spec.calls.map((c) => ({ teamId, leadId, outcome: c.outcome, loggedAt: new Date(T0 - c.ago) }))),
  });
  await db.qualification.createMany({
    data: withId.flatMap(({ spec, leadId }) => {
      const seen = new Set<string>();
      return spec.answers.flatMap((a) => {
        const dimension = DIMENSIONS[a.framework][a.index % DIMENSIONS[a.framework].length]!;
        if (seen.has(`${a.framework}:${dimension}`)) return [];
        seen.add(`${a.framework}:${dimension}`);
        return [{ teamId, leadId, framework: a.framework, dimension, answer: a.answer, capturedAt: new Date(T0 - DAY_MS) }];
      });
    }),
  });
}

export type LeadSpec = typeof leadArb extends fc.Arbitrary<infer T> ? T : never;
