import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/domain/exact.js";
import { teamScanOptions } from "../../src/services/scoring.service.js";
import { loadTeamContext } from "../../src/services/team-context.js";
import type { StoreHandle } from "../../src/store/client.js";
import { scanTeamLeadsWithFacts, type LeadWithFacts, type TeamScanOptions } from "../../src/store/lead-facts.repository.js";
import type { Db } from "../../src/store/store.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore, postgresAvailable } from "../support/db.js";
import { leadArb, replaceLeads, T0 } from "../support/scoring-arbitraries.js";

/**
 * A re-score after a weights change reads only the leads the change can move, through the same
 * scan as a full re-score (`only`). Whatever the leads, the subset and the batch size, each kept
 * lead must come with exactly the facts the full scan gives it, no other lead may come, in a
 * transaction (one cursor) and outside one (keyset pages) alike.
 */

/** What scoring reads of a lead, comparable: each scored type's event times, ascending. */
function comparable({ lead, facts }: LeadWithFacts, types: readonly string[]) {
  return {
    lead,
    attributes: facts.attributes,
    events: Object.fromEntries(types.map((type) => [type, [...(facts.eventTimesByType?.get(type) ?? [])]])),
    outcomes: facts.outcomes.map((o) => `${o.outcome}@${o.at.toISOString()}`).sort(),
    qualification: facts.qualification,
    lastPurchaseAt: facts.lastPurchaseAt?.toISOString() ?? null,
    cycleDays: facts.cycleDays,
  };
}

async function collect(scan: AsyncGenerator<Iterable<LeadWithFacts>>, types: readonly string[]): Promise<Map<number, ReturnType<typeof comparable>>> {
  const found = new Map<number, ReturnType<typeof comparable>>();
  for await (const batch of scan) {
    for (const entry of batch) {
      expect(found.has(entry.lead.id), `lead #${entry.lead.id} came twice`).toBe(false);
      found.set(entry.lead.id, comparable(entry, types));
    }
  }
  return found;
}

function suite(kind: "pglite" | "postgres", runs: number) {
  describe(`the team scan of some leads on ${kind}`, () => {
    let store: StoreHandle;
    let fixture: TeamFixture;
    let otherTeamLead: number;

    beforeAll(async () => {
      store = await createTestStore(kind);
      fixture = await buildTeam(store.prisma);
      const other = await buildTeam(store.prisma, { name: "Other team" });
      const [lead] = await store.prisma.lead.createManyAndReturn({ select: { id: true }, data: [{ teamId: other.teamId, name: "Not ours" }] });
      otherTeamLead = lead!.id;
      await store.prisma.event.create({ data: { teamId: other.teamId, leadId: otherTeamLead, type: "demo_request", occurredAt: new Date(T0 - DAY_MS) } });
    });
    afterAll(async () => {
      await store?.close();
    });

    it(
      "gives each kept lead the facts the full scan gives it, and no other lead",
      async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(leadArb, { minLength: 1, maxLength: 25 }),
            fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
            fc.integer({ min: 1, max: 7 }),
            fc.boolean(),
            async (leads, keep, batchSize, inTransaction) => {
              await replaceLeads(store, fixture.teamId, leads);
              const team = await loadTeamContext(store.store.db, fixture.teamId);
              const options: TeamScanOptions = { ...teamScanOptions(team.config, new Date(T0)), batchSize };
              const ids = (await store.prisma.lead.findMany({ where: { teamId: fixture.teamId }, select: { id: true }, orderBy: { id: "asc" } })).map((l) => l.id);
              const kept = ids.filter((_, i) => keep[i]);
              const types = options.eventWindows.map((w) => w.type);
              const read = async (db: Db) => {
                const all = await collect(scanTeamLeadsWithFacts(db, fixture.teamId, options), types);
                // Another team's lead and an id no lead has are asked for too: neither may come.
                const some = await collect(scanTeamLeadsWithFacts(db, fixture.teamId, { ...options, only: [...kept, otherTeamLead, 2_000_000_000] }), types);
                return { all, some };
              };
              const { all, some } = inTransaction ? await store.store.transaction(read) : await read(store.store.db);
              expect([...some.keys()].sort((a, b) => a - b)).toEqual(kept);
              for (const id of kept) expect(some.get(id)).toEqual(all.get(id));
            },
          ),
          { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 20261206) },
        );
      },
      60_000,
    );

    it("reads nothing for no leads", async () => {
      const team = await loadTeamContext(store.store.db, fixture.teamId);
      const found = await store.store.transaction((tx) => collect(scanTeamLeadsWithFacts(tx, fixture.teamId, { ...teamScanOptions(team.config, new Date(T0)), only: [] }), []));
      expect(found.size).toBe(0);
    });
  });
}

suite("pglite", 25);
describe.runIf(await postgresAvailable())("PostgreSQL server", () => suite("postgres", 15));
