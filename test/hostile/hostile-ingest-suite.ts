import fc from "fast-check";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/domain/limits.js";
import { DEFAULT_HTTP_CONFIG } from "../../src/http/http.config.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { failureText } from "../../src/views/failure.view.js";

const log = pino({ level: "silent" });
/** Runs of the property per backend; FUZZ_RUNS=2000 npx vitest run test/hostile/hostile-ingest for a long hunt (README, Tests). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
/** Two requests a run: the default burst of 60 would answer a long hunt 429 after ~30 runs. */
const UNTHROTTLED = { ...DEFAULT_HTTP_CONFIG, INGEST_RATE_BURST: 1_000_000, INGEST_RATE_PER_MINUTE: 1_000_000 };

/** A payload nested `depth` levels deep, as JSON text (JSON.stringify itself would overflow the stack). */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
/** Stands in for a JSON fragment in a body that is written as text; replaced after stringify. */
const RAW = (fragment: string) => `@@RAW:${Buffer.from(fragment).toString("base64")}@@`;
const bodyText = (body: unknown) => JSON.stringify(body).replace(/"@@RAW:([A-Za-z0-9+/=]+)@@"/g, (_, b64: string) => Buffer.from(b64, "base64").toString());

/**
 * Hostile items mixed into valid batches, over real HTTP: never a 5xx, every valid item stored
 * exactly once, every hostile item rejected on its own with a reason, nothing else written.
 */
export function hostileIngestSuite(kind: "pglite" | "postgres") {
  describe(`hostile ingestion items on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    let key: string;
    let server: HttpHandle;

    const post = async (path: string, body: unknown) => {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: typeof body === "string" ? body : bodyText(body),
      });
      const text = await res.text();
      return { status: res.status, body: JSON.parse(text) as { accepted: number; duplicates: number; rejected: number; results: Array<{ status: string; reason?: string }> } };
    };
    const count = (table: "event" | "lead", where: Record<string, unknown> = {}) =>
      table === "event" ? store.prisma.event.count({ where: { teamId: team.teamId, ...where } }) : store.prisma.lead.count({ where: { teamId: team.teamId, ...where } });

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
      server = await startHttpServer({ log, services: team.deps, config: UNTHROTTLED, checkDatabase: async () => {} }, 0, "127.0.0.1");
    });
    afterEach(async () => {
      await server.close();
    });

    it("rejects each item the database could refuse on its own and stores the valid ones of the batch", async () => {
      const good = { id: "ok-1", email: "ok@example.com", type: "pricing_page" };
      const res = await post("/api/v1/events", {
        events: [
          { id: "s-1", email: "s1@example.com", type: "pricing_page", payload: { note: "\ud800" } },
          { id: "s-2", email: "s2@example.com", type: "pricing_page", payload: { "\udc00key": 1 } },
          { id: "s-3", email: "s3@example.com", type: "pricing_page", name: "Jo\ud83d" },
          { id: "y-0", email: "y0@example.com", type: "pricing_page", occurredAt: "0000-06-01T00:00:00Z" },
          { id: "y-1", email: "y1@example.com", type: "pricing_page", occurredAt: "0001-01-01T00:30:00+01:00" },
          { id: "d-1", email: "d1@example.com", type: "pricing_page", payload: RAW(nested(20_000)) },
          good,
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "accepted"]);
      expect(res.body.results[0]!.reason).toMatch(/payload is not valid Unicode/);
      expect(res.body.results[1]!.reason).toMatch(/payload has a key that is not valid Unicode/);
      expect(res.body.results[2]!.reason).toMatch(/name is not valid Unicode/);
      expect(res.body.results[3]!.reason).toMatch(/occurredAt is before 1970/);
      expect(res.body.results[4]!.reason).toMatch(/occurredAt is before 1970/);
      expect(res.body.results[5]!.reason).toMatch(/payload is nested more than \d+ levels deep/);
      expect(await count("event")).toBe(1);
      expect(await count("lead")).toBe(1);
    });

    it("rejects a lead with a broken attribute or a date out of range, and keeps the rest", async () => {
      const res = await post("/api/v1/leads", {
        leads: [
          { email: "a1@example.com", attributes: { "city\ud800": "Kyiv" } },
          { email: "a2@example.com", attributes: { city: "Ky\udfffiv" } },
          { email: "a3@example.com", lastPurchaseAt: "0000-01-01T00:00:00Z" },
          { email: "a4@example.com", attributes: Object.fromEntries(Array.from({ length: LIMITS.attributesPerLead + 1 }, (_, i) => [`k${i}`, i])) },
          { email: "fine@example.com", name: "Fine", attributes: { city: "Kyiv" } },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected", "rejected", "accepted"]);
      expect(res.body.results[0]!.reason).toMatch(/not valid Unicode/);
      expect(res.body.results[1]!.reason).toMatch(/not valid Unicode/);
      expect(res.body.results[2]!.reason).toMatch(/lastPurchaseAt is before 1970/);
      expect(res.body.results[3]!.reason).toMatch(/at most 100 attributes/);
      expect(await count("lead")).toBe(1);
    });

    it("bounds attributes per lead across requests and distinct attribute names per team", async () => {
      const some = (from: number, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${from + i}`, i]));
      const first = await post("/api/v1/leads", { email: "wide@example.com", attributes: some(0, 60) });
      expect(first.status).toBe(200);
      const second = await post("/api/v1/leads", { email: "wide@example.com", attributes: some(60, 60) });
      expect(second.status).toBe(422);
      expect(second.body.results[0]!.reason).toMatch(/would hold 120 attributes; a lead holds at most 100/);
      // Other leads may use other names until the team has 500 of them.
      const batch = Array.from({ length: 5 }, (_, n) => ({ email: `w${n}@example.com`, attributes: some(1_000 + n * 100, 100) }));
      const filled = await post("/api/v1/leads", { leads: batch });
      expect(filled.body.results.map((r) => r.status)).toEqual(["accepted", "accepted", "accepted", "accepted", "rejected"]);
      expect(filled.body.results[4]!.reason).toMatch(/already use 460 attribute names and may use at most 500/);
      const known = await post("/api/v1/leads", { email: "w4@example.com", attributes: { k0: "known names are fine" } });
      expect(known.status).toBe(200);
      const lead = await store.prisma.lead.findFirst({ where: { teamId: team.teamId, email: "wide@example.com" } });
      expect(Object.keys(lead!.attributes as object)).toHaveLength(60);
    });

    it("property: hostile items mixed into valid batches never fail the batch or write anything of their own", async () => {
      let n = 0;
      const hostile = fc.oneof(
        fc.constant({ payload: { text: "a\ud800b" } }),
        fc.constant({ payload: { ["\udbff"]: true } }),
        fc.constant({ type: "page\u0000view" }),
        fc.constant({ name: "\udc00" }),
        fc.constant({ company: "x".repeat(LIMITS.leadText + 1) }),
        fc.constant({ type: "t".repeat(LIMITS.eventType + 1) }),
        fc.integer({ min: LIMITS.payloadDepth + 1, max: 30_000 }).map((depth) => ({ payload: RAW(nested(depth)) })),
        fc.constant({ payload: { blob: "x".repeat(LIMITS.payloadBytes) } }),
        fc.constantFrom("0000-01-01T00:00:00Z", "0001-01-01T00:30:00+01:00", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "2026-02-30T10:00:00Z", "not a date").map((occurredAt) => ({ occurredAt })),
        fc.constantFrom("not-an-email", "a@b", `${"x".repeat(250)}@example.com`, "ok\u0000@example.com").map((email) => ({ email })),
        fc.constantFrom(null, 42, "event", [1, 2], true).map((whole) => ({ whole })),
      );
      const valid = fc.record({
        type: fc.constantFrom("pricing_page", "website_visit", "demo_request", "some_unmapped_type"),
        lead: fc.integer({ min: 0, max: 5 }),
        daysAgo: fc.integer({ min: 0, max: 400 }),
        note: fc.string({ unit: "grapheme", maxLength: 20 }),
      });
      const batch = fc.array(fc.oneof({ arbitrary: valid.map((v) => ({ valid: v })), weight: 2 }, { arbitrary: hostile.map((h) => ({ hostile: h })), weight: 1 }), { minLength: 1, maxLength: 12 });

      await fc.assert(
        fc.asyncProperty(batch, async (entries) => {
          const now = team.deps.clock().getTime();
          const events = entries.map((entry) => {
            n += 1;
            if ("valid" in entry) {
              const v = entry.valid;
              return { id: `p-${n}`, email: `pool${v.lead}@example.com`, type: v.type, occurredAt: new Date(now - v.daysAgo * 86_400_000).toISOString(), payload: { note: v.note } };
            }
            const base = { id: `h-${n}`, email: `hostile${n}@example.com`, type: "pricing_page" };
            const h = entry.hostile as Record<string, unknown>;
            return "whole" in h ? h.whole : { ...base, ...h };
          });
          const before = await count("event");
          const body = bodyText({ events });
          const first = await post("/api/v1/events", body);
          expect(first.status).toBe(200);
          entries.forEach((entry, i) => {
            const result = first.body.results[i]!;
            if ("valid" in entry) expect(result.status).toBe("accepted");
            else {
              expect(result.status).toBe("rejected");
              expect(result.reason).toEqual(expect.any(String));
            }
          });
          const validCount = entries.filter((e) => "valid" in e).length;
          expect(await count("event")).toBe(before + validCount);
          // A retried delivery stores nothing twice.
          const retry = await post("/api/v1/events", body);
          expect(retry.status).toBe(200);
          expect(retry.body.duplicates).toBe(validCount);
          expect(await count("event")).toBe(before + validCount);
          expect(await count("lead", { email: { startsWith: "hostile" } })).toBe(0);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      // The usual 30 s for npm test's 25 runs; a second a run for a longer hunt.
    }, Math.max(30_000, RUNS * 1_000));
  });
}
