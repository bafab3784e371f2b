import { request } from "node:http";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from "../../src/http/http.config.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import { createTeamApiKey, revokeTeamApiKey } from "../../src/services/api-key.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { failureText } from "../../src/views/failure.view.js";

const log = pino({ level: "silent" });

/**
 * The ingestion API over real HTTP, on one backend. Run against PGlite and the real
 * PostgreSQL server by the two *.test.ts files beside this one.
 */
export function ingestSuite(kind: "pglite" | "postgres") {
  describe(`ingestion API on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    let key: string;
    const servers: HttpHandle[] = [];

    const start = async (config: Partial<HttpConfig> = {}) => {
      const server = await startHttpServer(
        { log, services: team.deps, config: { ...DEFAULT_HTTP_CONFIG, ...config }, checkDatabase: async () => {} },
        0,
        "127.0.0.1",
      );
      servers.push(server);
      return server;
    };
    const post = async (path: string, body: unknown, options: { server?: HttpHandle; key?: string | null; raw?: string } = {}) => {
      const server = options.server ?? servers[0]!;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (options.key !== null) headers.authorization = `Bearer ${options.key ?? key}`;
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
        method: "POST",
        headers,
        body: options.raw ?? JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Record<string, unknown> & { results: Array<Record<string, unknown>> } };
    };
    const events = (leadId?: number) => store.prisma.event.count({ where: { teamId: team.teamId, ...(leadId ? { leadId } : {}) } });

    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(async () => {
      team = await buildTeam(store.prisma);
      const created = await createTeamApiKey(team.deps, team.teamId, "tests");
      if (!created.ok) throw new Error(failureText(created.error));
      key = created.value.key;
      await start();
    });
    afterEach(async () => {
      for (const server of servers.splice(0)) await server.close();
    });

    it("counts a repeated event id once, within one batch and across a retried delivery", async () => {
      const batch = {
        events: [
          { id: "evt-1", email: "Ana@Example.com", type: "website_visit" },
          { id: "evt-1", email: "ana@example.com", type: "website_visit" },
          { id: "evt-2", email: "ana@example.com", type: "website_visit" },
        ],
      };
      const first = await post("/api/v1/events", batch);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ accepted: 2, duplicates: 1, rejected: 0 });
      expect(first.body.results.map((r) => r.status)).toEqual(["accepted", "duplicate", "accepted"]);
      expect(first.body.results[1]!.eventId).toBe(first.body.results[0]!.eventId);

      const retry = await post("/api/v1/events", batch);
      expect(retry.body).toMatchObject({ accepted: 0, duplicates: 3, rejected: 0 });
      expect(retry.body.results.map((r) => r.eventId)).toEqual(first.body.results.map((r) => r.eventId));

      const leadId = first.body.results[0]!.leadId as number;
      expect(await events(leadId)).toBe(2);
      const lead = await store.prisma.lead.findUniqueOrThrow({ where: { id: leadId } });
      expect(lead).toMatchObject({ email: "ana@example.com", name: "ana@example.com", score: 20 });
      expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(1);
    });

    it("rejects an item with a NUL character on its own instead of failing the whole batch", async () => {
      // PostgreSQL refuses NUL in text and jsonb: unchecked, one such item would fail its batch.
      const res = await post("/api/v1/events", {
        events: [
          { id: "nul-1", email: "nul@example.com", name: "Ann\u0000", type: "pricing_page" },
          { id: "nul-2", email: "nul2@example.com", type: "pricing_page", payload: { note: "a\u0000b" } },
          { id: "ok-nul", email: "fine@example.com", type: "pricing_page", payload: { note: "a\\u0000 is just text" } },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.results.map((r) => r.status)).toEqual(["rejected", "rejected", "accepted"]);
      expect(res.body.results[0]!.reason).toMatch(/name must not contain a NUL character/);
      expect(res.body.results[1]!.reason).toMatch(/payload must not contain a NUL character/);
      const leads = await post("/api/v1/leads", { leads: [{ email: "attr@example.com", attributes: { city: "Brno\u0000" } }, { email: "ok@example.com" }] });
      expect(leads.body.results.map((r) => r.status)).toEqual(["rejected", "accepted"]);
    });

    it("answers a mixed batch per item and writes nothing for the invalid ones", async () => {
      const known = await buildLead(team, { email: "known@example.com" });
      const leadsBefore = await store.prisma.lead.count({ where: { teamId: team.teamId } });
      const future = new Date(team.time.clock().getTime() + 3_600_000).toISOString();
      const res = await post("/api/v1/events", {
        events: [
          { id: "ok-1", email: "known@example.com", type: "pricing_page", occurredAt: "2026-05-30T10:00:00Z" },
          { id: "bad-1", type: "pricing_page" },
          { id: "bad-2", email: "not-an-email", phone: "+1 555 010 2000", type: "pricing_page" },
          { id: "bad-3", phone: "+1 555 010 2001", type: "pricing_page", occurredAt: future },
          { id: "bad-4", phone: "+1 555 010 2002", type: "pricing_page", occurredAt: "yesterday" },
          { id: "bad-5", phone: "+1 555 010 2003", type: "" },
          { id: "bad-6", phone: "+1 555 010 2004", type: "x", payload: { blob: "x".repeat(20_000) } },
          "not an object",
          { id: "ok-2", phone: "+1 (555) 010-2005", name: "Pat New", company: "NewCo", type: "trade_show", payload: { booth: 7 } },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 7 });
      expect(res.body.results.map((r) => r.status)).toEqual([
        "accepted", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "accepted",
      ]);
      const reasons = res.body.results.map((r) => r.reason ?? "");
      expect(reasons[1]).toMatch(/email, a phone or an external id/);
      expect(reasons[2]).toMatch(/email is not a valid email/);
      expect(reasons[3]).toMatch(/in the future/);
      expect(reasons[4]).toMatch(/occurredAt must be an ISO 8601/);
      expect(reasons[5]).toMatch(/type must not be empty/);
      expect(reasons[6]).toMatch(/payload is larger/);
      expect(reasons[7]).toMatch(/JSON object/);
      expect(res.body.results[0]!.leadId).toBe(known.id);

      // Only the two good items wrote anything: one event each, one new lead (none for the bad phones).
      expect(await events()).toBe(2);
      expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(leadsBefore + 1);
      const created = await store.prisma.lead.findUniqueOrThrow({ where: { id: res.body.results[8]!.leadId as number } });
      expect(created).toMatchObject({ name: "Pat New", company: "NewCo", phone: "+15550102005", score: 0 });
      const stored = await store.prisma.event.findFirstOrThrow({ where: { externalId: "ok-2" } });
      expect(stored).toMatchObject({ type: "trade_show", source: "api", payload: { booth: 7 } });
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: known.id } })).score).toBe(15);
    });

    it("answers a single refused event with 422 and the reason", async () => {
      const res = await post("/api/v1/events", { email: "x@example.com" });
      expect(res.status).toBe(422);
      expect(res.body.results[0]).toMatchObject({ index: 0, status: "rejected" });
      expect(res.body.results[0]!.reason).toMatch(/type/);
      expect(await events()).toBe(0);
    });

    it("answers a missing, wrong or revoked key with 401 and writes nothing", async () => {
      const event = { id: "e", email: "a@example.com", type: "website_visit" };
      for (const k of [null, "lsk_wrongwrongwrongwrongwrongwrong", "not-a-key"]) {
        const res = await post("/api/v1/events", event, { key: k });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ error: "unauthorized" });
        expect(res.text).not.toContain(key);
      }
      const listed = await store.prisma.apiKey.findFirstOrThrow({ where: { teamId: team.teamId } });
      expect((await revokeTeamApiKey(team.deps, team.teamId, listed.prefix)).ok).toBe(true);
      expect((await post("/api/v1/events", event)).status).toBe(401);
      expect(await events()).toBe(0);
    });

    it("records when a key was last used", async () => {
      await post("/api/v1/events", { id: "e1", email: "a@example.com", type: "website_visit" });
      const row = await store.prisma.apiKey.findFirstOrThrow({ where: { teamId: team.teamId } });
      expect(row.lastUsedAt).toEqual(team.time.clock());
      expect(row.hash).not.toContain(key.slice(4));
    });

    it("refuses an oversized body with 413, declared or streamed", async () => {
      const small = await start({ INGEST_MAX_BODY_BYTES: 2_048 });
      const big = { events: Array.from({ length: 100 }, (_, i) => ({ id: `big-${i}`, email: `b${i}@example.com`, type: "website_visit" })) };
      const declared = await post("/api/v1/events", big, { server: small });
      expect(declared.status).toBe(413);
      expect(declared.body).toMatchObject({ error: "payload_too_large" });

      // Chunked, with no Content-Length: the limit applies while reading.
      const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          { host: "127.0.0.1", port: small.port, path: "/api/v1/events", method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` } },
          (res) => {
            let body = "";
            res.on("data", (c: Buffer) => (body += c.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on("error", reject);
        const text = JSON.stringify(big);
        for (let i = 0; i < text.length; i += 512) req.write(text.slice(i, i + 512));
        req.end();
      });
      expect(streamed.status).toBe(413);
      expect(JSON.parse(streamed.body)).toMatchObject({ error: "payload_too_large" });
      expect(await events()).toBe(0);
    });

    it("limits requests per key with 429 and Retry-After", async () => {
      const limited = await start({ INGEST_RATE_PER_MINUTE: 60, INGEST_RATE_BURST: 2 });
      const event = (id: string) => ({ id, email: "r@example.com", type: "website_visit" });
      expect((await post("/api/v1/events", event("1"), { server: limited })).status).toBe(200);
      expect((await post("/api/v1/events", event("2"), { server: limited })).status).toBe(200);
      const refused = await post("/api/v1/events", event("3"), { server: limited });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(refused.body).toMatchObject({ error: "rate_limited" });
      team.time.set(new Date(team.time.clock().getTime() + 1_000));
      expect((await post("/api/v1/events", event("3"), { server: limited })).status).toBe(200);
      expect(await events()).toBe(3);
    });

    it("answers bad JSON and wrong shapes with 400 and a clear message, never a stack trace", async () => {
      const broken = await post("/api/v1/events", null, { raw: '{"events": [' });
      expect(broken.status).toBe(400);
      expect(broken.body).toMatchObject({ error: "invalid_json" });
      expect(broken.body.message).toMatch(/not valid JSON/);
      expect(broken.text).not.toMatch(/at .*\.ts:\d+/);
      const notArray = await post("/api/v1/events", { events: "x" });
      expect(notArray).toMatchObject({ status: 400, body: { error: "invalid_body" } });
      const tooMany = await post("/api/v1/events", { events: Array.from({ length: 1_001 }, () => ({})) });
      expect(tooMany).toMatchObject({ status: 400, body: { error: "batch_too_large" } });
      const wrongMethod = await fetch(`http://127.0.0.1:${servers[0]!.port}/api/v1/events`);
      expect(wrongMethod.status).toBe(405);
    });

    it("alerts exactly once when ingestion pushes a lead across the hot threshold", async () => {
      await setTeamChannel(store.store.db, team.teamId, "slack", "C-ALERTS");
      const lead = await buildLead(team, { email: "hot@example.com", name: "Hanna Hot" });
      const res = await post("/api/v1/events", {
        events: [
          { id: "h1", email: "hot@example.com", type: "demo_request" },
          { id: "h2", email: "hot@example.com", type: "quote_request" },
          { id: "h3", email: "hot@example.com", type: "pricing_page" },
        ],
      });
      expect(res.body).toMatchObject({ accepted: 3 });
      // Retried, and pushed further while hot: still the one alert.
      await post("/api/v1/events", { events: [{ id: "h1", email: "hot@example.com", type: "demo_request" }] });
      await post("/api/v1/events", { events: [{ id: "h4", email: "hot@example.com", type: "webinar_attended" }] });

      const stored = await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
      expect(stored).toMatchObject({ score: 100, tier: "hot", alertArmed: false });
      const alerts = await store.prisma.alert.findMany({ where: { leadId: lead.id } });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.score).toBe(85);
      const outbox = await store.prisma.outbox.findMany({ where: { teamId: team.teamId } });
      expect(outbox).toHaveLength(1);
      expect(outbox[0]).toMatchObject({ kind: "alert", platform: "slack", channel: "C-ALERTS", status: "pending", dedupeKey: `alert:${alerts[0]!.id}` });
      expect(alerts[0]!.outboxId).toBe(outbox[0]!.id);
    });

    it("stores each event once when overlapping batches arrive at the same time", async () => {
      const batch = (offset: number) => ({
        events: Array.from({ length: 60 }, (_, i) => ({ id: `c-${offset + i}`, email: `c${(offset + i) % 25}@example.com`, type: "website_visit" })),
      });
      // Four senders, each batch overlapping the next by half: shared leads and shared keys.
      const answers = await Promise.all([0, 30, 60, 90].map((offset) => post("/api/v1/events", batch(offset))));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      const accepted = answers.reduce((sum, a) => sum + (a.body.accepted as number), 0);
      expect(accepted).toBe(150);
      expect(await events()).toBe(150);
      expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(25);
    });

    it("moves lastPurchaseAt forward for purchases only", async () => {
      await post("/api/v1/events", {
        events: [
          { id: "p1", externalId: undefined, lead: { externalId: "crm-1", name: "Buyer" }, type: "purchase", occurredAt: "2026-05-01T00:00:00Z" },
          { id: "p2", leadExternalId: "crm-1", type: "purchase", occurredAt: "2026-04-01T00:00:00Z" },
        ],
      });
      const lead = await store.prisma.lead.findUniqueOrThrow({ where: { teamId_externalId: { teamId: team.teamId, externalId: "crm-1" } } });
      expect(lead.lastPurchaseAt).toEqual(new Date("2026-05-01T00:00:00Z"));
      expect(lead.name).toBe("Buyer");
    });

    it("upserts leads in bulk with per-item answers", async () => {
      const existing = await buildLead(team, { email: "old@example.com", name: "Old Name" });
      await buildLead(team, { email: "taken@example.com", phone: "+15550109999" });
      const res = await post("/api/v1/leads", {
        leads: [
          { email: "OLD@example.com", name: "New Name", title: "Senior Consultant", attributes: { country: "DE" } },
          { externalId: "crm-7", email: "fresh@example.com", name: "Fresh", company: "FreshCo" },
          { externalId: "crm-7", phone: "+1 555 010 7777" },
          { externalId: "crm-7", email: "taken@example.com" },
          { name: "No identity" },
          { email: "bad", name: "Bad" },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.results.map((r) => r.status)).toEqual(["accepted", "accepted", "accepted", "rejected", "rejected", "rejected"]);
      expect(res.body.results[0]).toMatchObject({ leadId: existing.id, created: false });
      expect(res.body.results[1]).toMatchObject({ created: true });
      expect(res.body.results[2]!.leadId).toBe(res.body.results[1]!.leadId);
      expect(res.body.results[3]!.reason).toMatch(/email taken@example.com belongs to another lead \(#\d+\)/);

      const updated = await store.prisma.lead.findUniqueOrThrow({ where: { id: existing.id } });
      expect(updated).toMatchObject({ name: "New Name", title: "Senior Consultant", attributes: { country: "DE" }, score: -50 });
      const fresh = await store.prisma.lead.findUniqueOrThrow({ where: { id: res.body.results[1]!.leadId as number } });
      expect(fresh).toMatchObject({ name: "Fresh", company: "FreshCo", email: "fresh@example.com", phone: "+15550107777", externalId: "crm-7" });
      expect((await store.prisma.lead.findFirstOrThrow({ where: { email: "taken@example.com" } })).externalId).toBeNull();
      expect(await store.prisma.stageChange.count({ where: { leadId: fresh.id, toStage: "new" } })).toBe(1);
    });
  });
}
