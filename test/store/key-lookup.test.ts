import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoreHandle } from "../../src/store/client.js";
import { findEventsAndLeads, findEventsByExternalId, findLeadsByIdentity } from "../../src/store/ingest.repository.js";
import { buildTeam } from "../support/builders.js";
import { createTestStore, postgresAvailable } from "../support/db.js";

/**
 * Ingestion finds a batch's leads by email, phone and external id, and its stored events by
 * idempotency key, one unique-index probe per key. Whatever is asked, each answer must be the
 * plain filter over the team's rows: every lead holding an asked identity once (also when it
 * holds two of them), every stored key, and nothing of another team holding the same values.
 */

const LEADS = 12;
const identity = (n: number) => ({
  email: n % 3 === 2 ? null : `lead${n}@keys.example`,
  phone: n % 2 === 0 ? `+1555000${String(n).padStart(4, "0")}` : null,
  externalId: n % 4 === 1 ? `crm-${n}` : null,
});

function suite(kind: "pglite" | "postgres", runs: number) {
  describe(`key look-ups on ${kind}`, () => {
    let store: StoreHandle;
    let teamId: number;
    const ours: Array<{ id: number; n: number }> = [];

    beforeAll(async () => {
      store = await createTestStore(kind);
      teamId = (await buildTeam(store.prisma)).teamId;
      // Another team holds the same identities and keys: none of its rows may come back.
      const other = (await buildTeam(store.prisma, { name: "Other team" })).teamId;
      for (const team of [other, teamId]) {
        for (let n = 0; n < LEADS; n++) {
          const lead = await store.prisma.lead.create({ data: { teamId: team, name: `Lead ${n}`, ...identity(n) }, select: { id: true } });
          await store.prisma.event.create({ data: { teamId: team, leadId: lead.id, type: "email_click", occurredAt: new Date(), externalId: `evt-${n}` } });
          if (team === teamId) ours.push({ id: lead.id, n });
        }
      }
    });
    afterAll(async () => {
      await store?.close();
    });

    it(
      "answers each lead holding an asked identity once, and each stored key, of this team only",
      async () => {
        // Asked values: some held, some held by nobody; repeated and in any order.
        const asked = fc.array(fc.integer({ min: 0, max: LEADS + 3 }), { maxLength: 20 });
        await fc.assert(
          fc.asyncProperty(asked, asked, asked, asked, async (byEmail, byPhone, byExternalId, keys) => {
            const ids = {
              emails: byEmail.map((n) => identity(n).email ?? `none${n}@keys.example`),
              phones: byPhone.map((n) => identity(n).phone ?? `+1999000${n}`),
              externalIds: byExternalId.map((n) => identity(n).externalId ?? `crm-none-${n}`),
            };
            const eventKeys = keys.map((n) => `evt-${n}`);
            const held = (n: number) => {
              const { email, phone, externalId } = identity(n);
              return (email !== null && ids.emails.includes(email)) || (phone !== null && ids.phones.includes(phone)) || (externalId !== null && ids.externalIds.includes(externalId));
            };
            const expectedLeads = ours.filter(({ n }) => held(n)).map(({ id }) => id).sort((a, b) => a - b);
            const expectedEvents = ours.filter(({ n }) => keys.includes(n)).map(({ n }) => `evt-${n}`).sort();

            const leads = await findLeadsByIdentity(store.store.db, teamId, ids);
            expect(leads.map((l) => l.id).sort((a, b) => a - b)).toEqual(expectedLeads);
            const both = await store.store.transaction((tx) => findEventsAndLeads(tx, teamId, eventKeys, ids), { sqlOnly: true });
            expect(both.leads.map((l) => l.id).sort((a, b) => a - b)).toEqual(expectedLeads);
            expect(both.events.map((e) => e.externalId).sort()).toEqual(expectedEvents);
            for (const event of both.events) expect(ours.some(({ id }) => id === event.leadId)).toBe(true);
            const raced = await findEventsByExternalId(store.store.db, teamId, eventKeys);
            expect(raced.map((e) => e.externalId).sort()).toEqual(expectedEvents);
          }),
          { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 20261206) },
        );
      },
      60_000,
    );

    it("keeps each present identity to one lead of the team, and lets any number of leads go without one", async () => {
      // The identity indexes leave absent values out (migration lead_partial_indexes): they must
      // still refuse a second lead with a team's email, phone or external id.
      const held = identity(0);
      for (const taken of [{ email: held.email }, { phone: held.phone }, { externalId: identity(1).externalId }]) {
        await expect(store.prisma.lead.create({ data: { teamId, name: "Twin", ...taken } })).rejects.toMatchObject({ code: "P2002" });
      }
      const bare = await Promise.all([1, 2, 3].map((n) => store.prisma.lead.create({ data: { teamId, name: `No identity ${n}` }, select: { id: true } })));
      expect(new Set(bare.map((l) => l.id)).size).toBe(3);
      await store.prisma.lead.deleteMany({ where: { id: { in: bare.map((l) => l.id) } } });
    });
  });
}

suite("pglite", 40);
describe.runIf(await postgresAvailable())("PostgreSQL server", () => suite("postgres", 40));
