import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/domain/exact.js";
import type { ScoringConfig } from "../../src/domain/types.js";
import { rescoreAfterChange, rescoreTeam, type ScoreChange } from "../../src/services/scoring.service.js";
import { loadTeamContext, type TeamContext } from "../../src/services/team-context.js";
import type { StoreHandle } from "../../src/store/client.js";
import type { Db } from "../../src/store/store.js";
import { sqlOf } from "../../src/store/types.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore, postgresAvailable } from "../support/db.js";
import { applyChange, changeArb, leadArb, replaceLeads, T0 } from "../support/scoring-arbitraries.js";

/**
 * After a weights change, the re-score reads only the leads the change can move (and the due
 * ones); scoring every lead again is the plain way. For any data, any time since the last
 * re-score and any change, both must store exactly the same: scores, tiers, stages, next
 * changes, snapshots and stage moves, and answer the same changes (alerts build on them).
 */

class Rollback extends Error {}

interface Stored {
  changes: ScoreChange[];
  leads: unknown[];
  snapshots: unknown[];
  stageMoves: unknown[];
}

function suite(kind: "pglite" | "postgres", runs: number) {
  describe(`the re-score after a change on ${kind}`, () => {
    let store: StoreHandle;
    let fixture: TeamFixture;

    beforeAll(async () => {
      store = await createTestStore(kind);
      fixture = await buildTeam(store.prisma);
    });
    afterAll(async () => {
      await store?.close();
    });

    /** What `rescore` stores, read inside its transaction and then rolled back. */
    async function storedBy(rescore: (tx: Db) => Promise<ScoreChange[]>): Promise<Stored> {
      let stored: Stored | undefined;
      await store.store
        .transaction(
          async (tx) => {
            const changes = await rescore(tx);
            const teamId = fixture.teamId;
            const sql = sqlOf(tx);
            const leads = await sql.query(`SELECT id, score, tier, stage, next_change_at FROM lead WHERE team_id = $1 ORDER BY id`, [teamId]);
            const snapshots = await sql.query(`SELECT lead_id, day::text, score, tier FROM score_snapshot WHERE team_id = $1 ORDER BY lead_id, day`, [teamId]);
            const stageMoves = await sql.query(`SELECT lead_id, from_stage, to_stage, reason FROM stage_change WHERE team_id = $1 ORDER BY lead_id, id`, [teamId]);
            stored = { changes, leads, snapshots, stageMoves };
            throw new Rollback();
          },
          { timeout: 60_000 },
        )
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        });
      return stored!;
    }

    it("stores exactly what re-scoring every lead stores, for random teams, times and changes", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(leadArb, { minLength: 1, maxLength: 8 }),
          fc.array(changeArb, { maxLength: 2 }),
          fc.array(changeArb, { minLength: 1, maxLength: 3 }),
          fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 90 }).map((d) => d * DAY_MS), fc.integer({ min: 0, max: 90 * DAY_MS })),
          async (leads, setup, changes, elapsed) => {
            const loaded = await loadTeamContext(store.store.db, fixture.teamId);
            // The team's scoring as it stands (stored scores follow it), then the change asked for.
            const team: TeamContext = { ...loaded, config: setup.reduce(applyChange, loaded.config) };
            const proposed: ScoringConfig = changes.reduce(applyChange, team.config);
            await replaceLeads(store, fixture.teamId, leads);
            await store.store.transaction((tx) => rescoreTeam(tx, team, new Date(T0)), { timeout: 60_000 });
            // Time passes with no re-score: leads whose points expired or whose cycle advanced are due.
            const now = new Date(T0 + elapsed);
            const plain = await storedBy((tx) => rescoreTeam(tx, { ...team, config: proposed }, now, { memberId: fixture.manager.memberId }));
            // Never the scan of every lead, which a small team's change would take: the selective path is under test.
            const fast = await storedBy((tx) => rescoreAfterChange(tx, team, proposed, now, { memberId: fixture.manager.memberId, scanShare: Infinity }));
            expect(fast).toEqual(plain);
          },
        ),
        { numRuns: runs },
      );
    }, 180_000);

    it("reads no lead a change cannot move: none at all when only a label changes", async () => {
      const loaded = await loadTeamContext(store.store.db, fixture.teamId);
      await replaceLeads(store, fixture.teamId, [
        { title: "CTO", company: null, attributes: {}, cycle: null, events: [{ type: "demo_request", ago: DAY_MS }], calls: [], answers: [] },
      ]);
      await store.store.transaction((tx) => rescoreTeam(tx, loaded, new Date(T0)), { timeout: 60_000 });
      const relabelled = { ...loaded.config, rules: loaded.config.rules.map((r) => (r.key === "demo_request" ? { ...r, label: "Asked for a demo" } : r)) };
      const raised = { ...loaded.config, rules: loaded.config.rules.map((r) => (r.key === "demo_request" ? { ...r, points: r.points + 5 } : r)) };
      const before = await store.prisma.lead.findFirstOrThrow({ where: { teamId: fixture.teamId } });
      const none = await storedBy((tx) => rescoreAfterChange(tx, loaded, relabelled, new Date(T0), { scanShare: Infinity }));
      expect(none.changes).toEqual([]);
      const moved = await storedBy((tx) => rescoreAfterChange(tx, loaded, raised, new Date(T0), { scanShare: Infinity }));
      expect(moved.changes).toEqual([expect.objectContaining({ leadId: before.id, from: expect.objectContaining({ score: before.score }), to: expect.objectContaining({ score: before.score + 5 }) })]);
    });
  });
}

suite("pglite", 40);
describe.runIf(await postgresAvailable())("PostgreSQL server", () => {
  suite("postgres", 15);
});
