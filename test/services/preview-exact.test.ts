import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/domain/exact.js";
import { applyEdit, type ScoringEdit } from "../../src/domain/edits.js";
import type { Answer, Framework, Rule, ScoringConfig } from "../../src/domain/types.js";
import { recordEvent } from "../../src/services/lead.service.js";
import { previewEffect, previewEffectByFullScan } from "../../src/services/preview.service.js";
import { whatIfEdit } from "../../src/services/weights.service.js";
import { rescoreTeam } from "../../src/services/scoring.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { loadTeamContext } from "../../src/services/team-context.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore, postgresAvailable } from "../support/db.js";
import { failureText } from "../../src/views/failure.view.js";
import { editProblemText } from "../../src/views/scoring-edit.view.js";

/**
 * The fast preview trusts stored scores and reads only what a change touches; the plain one
 * scores every lead twice from all its facts. For any data, any time since the last re-score
 * (so some leads are due) and any change, the two must agree exactly.
 */

const T0 = Date.UTC(2026, 5, 1, 9, 0, 0);
const EVENT_TYPES = ["website_visit", "email_click", "demo_request", "pricing_page", "careers_page", "purchase", "unknown_type"] as const;
const OUTCOMES = ["meeting_booked", "not_interested", "connected"] as const;
const DIMENSIONS: Record<Framework, string[]> = { BANT: ["budget", "authority", "need", "timing"], CHAMP: ["challenges", "authority", "money"] };

// Whole days line starts and expiries up with the re-score and preview instants; raw milliseconds probe the edges.
const ago = (maxDays: number) =>
  fc.oneof(fc.integer({ min: -2, max: maxDays }).map((d) => d * DAY_MS), fc.integer({ min: -DAY_MS, max: maxDays * DAY_MS }));

const leadArb = fc.record({
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
type Change =
  | { kind: "edit"; edit: (config: ScoringConfig) => ScoringEdit }
  | { kind: "cap"; group: string; cap: number | null }
  | { kind: "framework" }
  | { kind: "toggle"; pick: number };

const pickRule = (pick: number) => (config: ScoringConfig) => config.rules[pick % config.rules.length]!.key;

const changeArb: fc.Arbitrary<Change> = fc.oneof(
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

function applyChange(config: ScoringConfig, change: Change): ScoringConfig {
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

describe("what-if preview", () => {
  let store: StoreHandle;
  let fixture: TeamFixture;

  beforeAll(async () => {
    store = await createTestStore("pglite");
    fixture = await buildTeam(store.prisma);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("gives exactly what scoring every lead twice gives, for random teams, times and changes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(leadArb, { minLength: 1, maxLength: 8 }),
        fc.array(changeArb, { maxLength: 2 }),
        fc.array(changeArb, { minLength: 1, maxLength: 3 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 90 }).map((d) => d * DAY_MS), fc.integer({ min: 0, max: 90 * DAY_MS })),
        async (leads, setup, changes, elapsed) => {
          const db = store.store.db;
          const loaded = await loadTeamContext(db, fixture.teamId);
          // The team's scoring as it stands (stored scores follow it), then the change asked for.
          const team = { ...loaded, config: setup.reduce(applyChange, loaded.config) };
          const proposed = changes.reduce(applyChange, team.config);
          await replaceLeads(fixture.teamId, leads);
          await store.store.transaction((tx) => rescoreTeam(tx, team, new Date(T0)), { timeout: 60_000 });
          // Time passes with no re-score: leads whose points expired or whose cycle advanced are due.
          const now = new Date(T0 + elapsed);
          const fast = await previewEffect(db, team, proposed, now, "change");
          const plain = await previewEffectByFullScan(db, team, proposed, now, "change");
          expect(fast).toEqual(plain);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  /** Replaces the team's leads (and with them their facts) by `leads`, in a few statements. */
  async function replaceLeads(teamId: number, leads: LeadSpec[]) {
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
});

type LeadSpec = typeof leadArb extends fc.Arbitrary<infer T> ? T : never;

// What a manager sees through the service, on both backends: a lead whose points expired since it
// was last scored (the re-score job has not run yet) is previewed at its real score, not the stored one.
for (const kind of ["pglite", "postgres"] as const) {
  describe.runIf(kind === "pglite" || (await postgresAvailable()))(`what-if through the service on ${kind}`, () => {
    let store: StoreHandle;
    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => {
      await store?.close();
    });

    it("previews a lead due for a re-score at its score now, not its stored one", async () => {
      const team = await buildTeam(store.prisma);
      const lead = await buildLead(team);
      for (const type of ["demo_request", "pricing_page"]) {
        const recorded = await recordEvent(team.deps, team.manager, `#${lead.id}`, { type });
        if (!recorded.ok) throw new Error(failureText(recorded.error));
      }
      const steady = await buildLead(team);
      await recordEvent(team.deps, team.manager, `#${steady.id}`, { type: "demo_request" });
      // 31 days on, the pricing page visit (valid 30 days) no longer counts: 55 stored, 40 really.
      team.time.advanceDays(31);
      // Through the store handle: on PostgreSQL the preview's snapshot runs outside Prisma (sqlOnly).
      const result = await whatIfEdit({ store: store.store, clock: team.time.clock }, team.manager, { kind: "set", key: "demo_request", points: 45 });
      if (!result.ok) throw new Error(failureText(result.error));
      expect(result.value.movedUp).toEqual([]);
      expect(result.value.biggestMovers).toEqual([
        expect.objectContaining({ id: lead.id, fromScore: 40, toScore: 45, fromTier: "warm", toTier: "warm" }),
        expect.objectContaining({ id: steady.id, fromScore: 40, toScore: 45 }),
      ]);
      expect(result.value.tierCounts.find((t) => t.tier === "hot")).toMatchObject({ before: 0, after: 0 });
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).score).toBe(55);
      const team2 = await loadTeamContext(store.store.db, team.teamId);
      const edited = applyEdit(team2.config, { kind: "set", key: "demo_request", points: 45 });
      if (!edited.ok) throw new Error(editProblemText(edited.problem));
      const plain = await previewEffectByFullScan(store.store.db, team2, edited.config, team.time.clock(), edited.summary);
      expect(result.value).toEqual(plain);
    });
  });
}
