import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/domain/exact.js";
import { applyEdit } from "../../src/domain/edits.js";
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
import { applyChange, changeArb, leadArb, replaceLeads, T0 } from "../support/scoring-arbitraries.js";

/**
 * The fast preview trusts stored scores and reads only what a change touches; the plain one
 * scores every lead twice from all its facts. For any data, any time since the last re-score
 * (so some leads are due) and any change, the two must agree exactly.
 */

// On PostgreSQL the fast preview runs as the service runs it: in a snapshot, the stored scores
// read beside it on a second connection sharing that snapshot.
for (const kind of ["pglite", "postgres"] as const) describe.runIf(kind === "pglite" || (await postgresAvailable()))(`what-if preview on ${kind}`, () => {
  let store: StoreHandle;
  let fixture: TeamFixture;

  beforeAll(async () => {
    store = await createTestStore(kind);
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
          await replaceLeads(store, fixture.teamId, leads);
          await store.store.transaction((tx) => rescoreTeam(tx, team, new Date(T0)), { timeout: 60_000 });
          // Time passes with no re-score: leads whose points expired or whose cycle advanced are due.
          const now = new Date(T0 + elapsed);
          const fast = await store.store.snapshot(async (tx, beside) => {
            expect(beside === null).toBe(kind === "pglite");
            return previewEffect(tx, team, proposed, now, "change", beside);
          }, { sqlOnly: true, timeout: 60_000 });
          const plain = await previewEffectByFullScan(db, team, proposed, now, "change");
          expect(fast).toEqual(plain);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

});

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
