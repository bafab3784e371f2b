import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rescoreWithAlerts } from "../../src/services/alerts.service.js";
import { ingestEvents } from "../../src/services/ingest.service.js";
import { ingestTracking } from "../../src/services/tracking.service.js";
import { rescoreDueLeads } from "../../src/services/rescore-due.service.js";
import { openStore, type StoreHandle } from "../../src/store/client.js";
import type { Store } from "../../src/store/store.js";
import { loadTeamContext } from "../../src/services/team-context.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore, postgresAvailable, TEST_DATABASE_URL } from "../support/db.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { storedReply } from "../support/outbox.js";

/**
 * Ingestion re-scores a batch with its own bulk statements (rescoreBatchWithAlerts). Whatever
 * they store must be exactly what the general path (rescoreWithAlerts) stores for the same
 * data: scores, tiers, stages, next changes, alert flags, snapshots, stage moves, alerts and
 * their outbox messages. Two teams get the same leads and events, one through each path.
 */
function parity(kind: "pglite" | "postgres") {
  describe(`ingestion re-scoring on ${kind}`, () => {
    let store: StoreHandle;
    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => {
      await store?.close();
    });

    const DAY = 86_400_000;
    /** Lead (by email) → events. Chosen so the batch makes leads hot (alerts), MQLs, and buyers. */
    const plan: Record<string, Array<{ type: string; daysAgo: number }>> = {
      "hot@example.com": [
        { type: "demo_request", daysAgo: 1 },
        { type: "quote_request", daysAgo: 2 },
        { type: "pricing_page", daysAgo: 0 },
      ],
      "snoozed@example.com": [
        { type: "demo_request", daysAgo: 1 },
        { type: "quote_request", daysAgo: 1 },
        { type: "pricing_page", daysAgo: 3 },
      ],
      "warm@example.com": [
        { type: "pricing_page", daysAgo: 2 },
        { type: "guide_download", daysAgo: 5 },
        { type: "webinar_attended", daysAgo: 8 },
      ],
      "buyer@example.com": [
        { type: "purchase", daysAgo: 40 },
        { type: "purchase", daysAgo: 10 },
        { type: "website_visit", daysAgo: 1 },
      ],
      "old@example.com": [
        { type: "website_visit", daysAgo: 400 },
        { type: "email_click", daysAgo: 3 },
      ],
    };

    /** A team with a channel and the plan's leads; the hot one is owned, the snoozed one snoozed. */
    const setUp = async (name: string) => {
      const team = await buildTeam(store.prisma, { name });
      await setTeamChannel(store.store.db, team.teamId, "slack", `C-${name}`);
      const ids = new Map<string, number>();
      for (const email of Object.keys(plan)) ids.set(email, (await buildLead(team, { email, name: email.split("@")[0]!, company: "Acme", title: "Head of Operations" })).id);
      await store.prisma.lead.update({ where: { id: ids.get("hot@example.com")! }, data: { ownerId: team.rep.memberId } });
      const until = new Date(team.time.clock().getTime() + 2 * DAY);
      await store.prisma.lead.update({ where: { id: ids.get("snoozed@example.com")! }, data: { snoozedUntil: until } });
      return { team, ids };
    };
    const at = (team: TeamFixture, daysAgo: number) => new Date(team.time.clock().getTime() - daysAgo * DAY);

    /** Everything re-scoring wrote for a team, with lead ids replaced by emails. */
    const written = async (team: TeamFixture, ids: Map<string, number>) => {
      const email = new Map([...ids].map(([e, id]) => [id, e]));
      const where = { teamId: team.teamId };
      const byLead = <T extends { leadId: number }>(rows: T[]) =>
        rows.map(({ leadId, ...rest }) => ({ lead: email.get(leadId), ...rest })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const leads = await store.prisma.lead.findMany({
        where,
        select: { email: true, score: true, tier: true, stage: true, nextChangeAt: true, alertArmed: true, lastPurchaseAt: true, scoredAt: true },
        orderBy: { email: "asc" },
      });
      const alerts = await store.prisma.alert.findMany({ where, select: { id: true, leadId: true, score: true, reasons: true, outboxId: true } });
      const outbox = await store.prisma.outbox.findMany({ where, select: { id: true, kind: true, dedupeKey: true, payload: true } });
      for (const alert of alerts) {
        // Each alert's message is queued with it and linked both ways.
        const message = outbox.find((o) => o.id === alert.outboxId);
        expect(message?.dedupeKey).toBe(`alert:${alert.id}`);
      }
      // Compared as delivered: the stored data carries lead ids, which differ between the teams.
      let messages = JSON.stringify(outbox.map((o) => ({ kind: o.kind, reply: storedReply(o.payload) })));
      for (const [id, e] of email) messages = messages.replaceAll(`#${id}`, `#${e}`);
      return {
        leads,
        alerts: byLead(alerts.map(({ leadId, score, reasons }) => ({ leadId, score, reasons }))),
        messages: (JSON.parse(messages) as unknown[]).map((m) => JSON.stringify(m)).sort(),
        stages: byLead(
          (await store.prisma.stageChange.findMany({ where, select: { leadId: true, fromStage: true, toStage: true, reason: true, memberId: true } })).map(
            ({ memberId, ...rest }) => ({ ...rest, byMember: memberId !== null }),
          ),
        ),
        snapshots: byLead(await store.prisma.scoreSnapshot.findMany({ where, select: { leadId: true, day: true, score: true, tier: true } })),
      };
    };

    /**
     * Ingests the plan's events for a fresh team through `via` (the team's own store by default),
     * stores the same events for another team and re-scores it through the general path, and
     * answers what each wrote.
     */
    const compare = async (name: string, via?: (deps: ServiceDeps) => ServiceDeps) => {
      const ingested = await setUp(name);
      const events = Object.entries(plan).flatMap(([email, list]) =>
        list.map((e, i) => ({ id: `${email}-${i}`, email, type: e.type, occurredAt: at(ingested.team, e.daysAgo).toISOString() })),
      );
      const result = await ingestEvents(via ? via(ingested.team.deps) : ingested.team.deps, ingested.team.teamId, events);
      expect(result).toMatchObject({ accepted: events.length, rejected: 0 });

      // The same events stored directly, then the general path re-scores in one transaction.
      const general = await setUp(`${name} (general)`);
      const { team } = general;
      await store.prisma.event.createMany({
        data: Object.entries(plan).flatMap(([email, list]) =>
          list.map((e) => ({ teamId: team.teamId, leadId: general.ids.get(email)!, type: e.type, occurredAt: at(team, e.daysAgo), source: "api" })),
        ),
      });
      await store.prisma.lead.update({ where: { id: general.ids.get("buyer@example.com")! }, data: { lastPurchaseAt: at(team, 10) } });
      await store.store.transaction(async (tx) =>
        rescoreWithAlerts(tx, await loadTeamContext(tx, team.teamId), [...general.ids.values()].sort((a, b) => a - b), team.time.clock(), { memberId: null }),
      );

      return { ingested, viaIngestion: await written(ingested.team, ingested.ids), viaGeneral: await written(general.team, general.ids) };
    };

    it("stores exactly what the general re-score stores for the same events", async () => {
      const { ingested, viaIngestion, viaGeneral } = await compare("ingested");
      expect(viaIngestion).toEqual(viaGeneral);
      // The case is worth comparing: alerts (not for the snoozed lead, which is silenced), MQL
      // moves, a purchase date moved forward, a flag disarmed without alerting.
      expect(viaIngestion.alerts.map((a) => a.lead)).toEqual(["buyer@example.com", "hot@example.com"]);
      expect(viaIngestion.messages.join()).toContain("Rita Rep");
      expect(viaIngestion.stages.some((s) => s.toStage === "mql")).toBe(true);
      const lead = (email: string) => viaIngestion.leads.find((l) => l.email === email)!;
      expect(lead("buyer@example.com").lastPurchaseAt).toEqual(at(ingested.team, 10));
      expect(lead("snoozed@example.com")).toMatchObject({ tier: "hot", alertArmed: false });
    });

    // The store's own pool (not a bare Prisma client, as buildTeam's): its transactions run
    // outside Prisma, and while it is otherwise idle the leads are read on a second connection.
    it.runIf(kind === "postgres")("stores the same when the leads' facts are read beside the transaction, or in it", async () => {
      const counted = countingBesides(store.store);
      const read = await compare("read beside", (deps) => ({ ...deps, store: counted.store }));
      expect(counted.besides()).toBe(1);
      expect(read.viaIngestion).toEqual(read.viaGeneral);

      const inside = await compare("read inside", (deps) => ({ ...deps, store: { ...store.store, beside: () => null } }));
      expect(inside.viaIngestion).toEqual(inside.viaGeneral);
      expect(read.viaIngestion.leads.map(({ scoredAt: _, ...lead }) => lead)).toEqual(inside.viaIngestion.leads.map(({ scoredAt: _, ...lead }) => lead));
    });
  });
}

/** `store`, counting the batches that read their leads beside their transaction (Store.beside). */
function countingBesides(store: Store): { store: Store; besides: () => number } {
  let besides = 0;
  const beside = () => {
    const read = store.beside();
    if (read) besides += 1;
    return read;
  };
  return { store: { ...store, beside }, besides: () => besides };
}

/**
 * A batch's new leads are committed before the transaction that stores its events and scores
 * them (so parallel batches naming them do not wait for each other's whole batch). When that
 * transaction fails, the request fails with no event stored, and the due re-score scores the
 * leads it left from what they hold.
 */
function leadsFirst(kind: "pglite" | "postgres") {
  describe(`a batch that fails after creating its leads, on ${kind}`, () => {
    let store: StoreHandle;
    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => {
      await store?.close();
    });

    it("stores no event, and leaves its new leads for the due re-score, which scores them", async () => {
      const team = await buildTeam(store.prisma, { name: "Fails midway" });
      let transactions = 0;
      // The batch's second transaction (its events and their re-score) fails.
      const failing = {
        ...team.deps,
        store: {
          ...team.deps.store,
          retrying: <T>(...args: Parameters<typeof team.deps.store.retrying<T>>) => {
            transactions += 1;
            return transactions === 2 ? Promise.reject(new Error("the database went away")) : team.deps.store.retrying<T>(...args);
          },
        },
      };
      const batch = [{ id: "e-1", type: "demo_request", email: "new@example.com", name: "New Lead", title: "Senior Consultant" }];
      await expect(ingestEvents(failing, team.teamId, batch)).rejects.toThrow("the database went away");
      const lead = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, email: "new@example.com" } });
      expect(await store.prisma.event.count({ where: { teamId: team.teamId } })).toBe(0);
      expect(lead.score).toBe(0);
      expect(lead.nextChangeAt!.getTime()).toBeLessThanOrEqual(team.time.clock().getTime());

      await rescoreDueLeads(team.deps);
      // Its title alone counts (default rules: consultants −50); the demo request was never stored.
      expect(await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({ score: -50, tier: "cold", nextChangeAt: null });

      // Sent again, the batch finds the lead and stores its event.
      const again = await ingestEvents(team.deps, team.teamId, batch);
      expect(again.results).toEqual([expect.objectContaining({ status: "accepted", leadId: lead.id })]);
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).score).toBe(-10);
    });

    it("a tracking batch the same way: its new users' leads stay, with no event, and a retry stores the events", async () => {
      const team = await buildTeam(store.prisma, { name: "Tracking fails midway" });
      let transactions = 0;
      const failing = {
        ...team.deps,
        store: {
          ...team.deps.store,
          retrying: <T>(...args: Parameters<typeof team.deps.store.retrying<T>>) => {
            transactions += 1;
            return transactions === 2 ? Promise.reject(new Error("the database went away")) : team.deps.store.retrying<T>(...args);
          },
        },
      };
      const caller = { teamId: team.teamId, apiKeyId: null };
      const request = { messages: [{ type: "track", messageId: "t-1", userId: "u-new", event: "Demo Requested" }] };
      await expect(ingestTracking(failing, caller, request)).rejects.toThrow("the database went away");
      const lead = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, externalId: "u-new" } });
      expect(await store.prisma.event.count({ where: { teamId: team.teamId } })).toBe(0);
      expect(lead.nextChangeAt!.getTime()).toBeLessThanOrEqual(team.time.clock().getTime());

      const again = await ingestTracking(team.deps, caller, request);
      expect(again.results).toEqual([expect.objectContaining({ status: "accepted", leadId: lead.id })]);
      expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(1);
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).score).toBe(40);
    });
  });
}

/**
 * Instances (each with a pool of its own, so each reads its batches' leads beside the batch's
 * transaction) ingesting batches that name the same leads at once, through both APIs. Locking
 * the leads before that read is what makes each read see every batch scored before it; a plan
 * made on it is used only when this delivery stored all the batch's events. Every event must
 * count, once.
 */
function instancesAtOnce() {
  describe("instances ingesting batches on the same leads at once, on postgres", () => {
    const handles: StoreHandle[] = [];
    beforeAll(async () => {
      const first = await createTestStore("postgres");
      handles.push(first);
      const [row] = await first.sql.query<{ schema: string }>("SELECT current_schema() AS schema");
      for (let i = 0; i < 2; i++) handles.push(await openStore({ databaseUrl: TEST_DATABASE_URL, schema: row!.schema }));
    });
    afterAll(async () => {
      for (const handle of handles.reverse()) await handle.close();
    });

    const users = Array.from({ length: 20 }, (_, i) => `u-${i}`);
    const BATCHES = 12;

    /**
     * A team; then each instance sends the batches `schedule` gives it (by number), one after
     * another (so its pool has a connection to spare), all three at once. Batch b names every
     * user with a pricing page view (15 points each, uncapped, so a view left out or counted
     * twice shows in the score), through the events API or the tracking API by turns.
     */
    const run = async (name: string, schedule: (instance: number) => number[]) => {
      const [first] = handles;
      const team = await buildTeam(first!.prisma, { name });
      await setTeamChannel(first!.store.db, team.teamId, "slack", `C-${name}`);
      const counted = handles.map((handle) => countingBesides(handle.store));
      const send = (deps: ServiceDeps, b: number) => {
        const ids = users.map((user) => `${b}-${user}`);
        return b % 2 === 0
          ? ingestEvents(deps, team.teamId, users.map((user, i) => ({ id: ids[i], leadExternalId: user, type: "pricing_page" })))
          : ingestTracking(deps, { teamId: team.teamId, apiKeyId: null }, { messages: users.map((userId, i) => ({ type: "page", messageId: ids[i], userId, properties: { path: "/pricing" } })) });
      };
      const answers = await Promise.all(
        counted.map(async ({ store }, h) => {
          const deps: ServiceDeps = { store, clock: team.time.clock };
          const mine = [];
          for (const b of schedule(h)) mine.push(await send(deps, b));
          return mine;
        }),
      );
      expect(counted.reduce((sum, c) => sum + c.besides(), 0)).toBeGreaterThan(0);
      const leads = await first!.prisma.lead.findMany({ where: { teamId: team.teamId }, select: { externalId: true, score: true } });
      expect(leads).toHaveLength(users.length);
      return { answers: answers.flat(), leads, alerts: await first!.prisma.alert.count({ where: { teamId: team.teamId } }) };
    };

    it("counts every event of every batch, and alerts each lead once", async () => {
      // Instance h sends batches h, h + 3, h + 6 and h + 9.
      const { answers, leads, alerts } = await run("Busy", (h) => Array.from({ length: BATCHES / handles.length }, (_, n) => h + n * handles.length));
      expect(answers.filter((r) => r.accepted !== users.length)).toEqual([]);
      expect(leads.filter((lead) => lead.score !== BATCHES * 15)).toEqual([]);
      expect(alerts).toBe(users.length);
    });

    it("counts each event once when every instance delivers every batch", async () => {
      // Instance h sends all the batches, from batch h on: the others send the same ones about then.
      const { answers, leads, alerts } = await run("Retried", (h) => Array.from({ length: BATCHES }, (_, n) => (n + h) % BATCHES));
      expect(answers.reduce((sum, r) => sum + r.accepted, 0)).toBe(BATCHES * users.length);
      expect(answers.reduce((sum, r) => sum + r.duplicates, 0)).toBe((handles.length - 1) * BATCHES * users.length);
      expect(leads.filter((lead) => lead.score !== BATCHES * 15)).toEqual([]);
      expect(alerts).toBe(users.length);
    });
  });
}

parity("pglite");
leadsFirst("pglite");
describe.runIf(await postgresAvailable())("PostgreSQL server", () => {
  parity("postgres");
  leadsFirst("postgres");
  instancesAtOnce();
});
