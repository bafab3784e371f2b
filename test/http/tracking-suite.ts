import { gzipSync } from "node:zlib";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from "../../src/http/http.config.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { failureText } from "../../src/views/failure.view.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });

type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { results: Array<Record<string, unknown>> } };

/**
 * The Segment-compatible tracking API (/v1/batch and the single-message paths) over real HTTP,
 * on one backend. Run on PGlite and on the PostgreSQL server by the two *.test.ts files beside it.
 */
export function trackingSuite(kind: "pglite" | "postgres") {
  describe(`tracking API on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    let key: string;
    let server: HttpHandle;

    const start = async (config: Partial<HttpConfig> = {}) =>
      startHttpServer({ log, services: team.deps, config: { ...DEFAULT_HTTP_CONFIG, ...config }, checkDatabase: async () => {} }, 0, "127.0.0.1");
    const basic = (writeKey: string) => `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;
    const post = async (path: string, body: unknown, options: { auth?: string | null; gzip?: boolean; contentType?: string } = {}): Promise<Answer> => {
      const headers: Record<string, string> = { "content-type": options.contentType ?? "application/json" };
      if (options.auth !== null) headers.authorization = options.auth ?? basic(key);
      let data: string | Uint8Array<ArrayBuffer> = typeof body === "string" ? body : JSON.stringify(body);
      if (options.gzip) {
        data = new Uint8Array(gzipSync(data));
        headers["content-encoding"] = "gzip";
      }
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method: "POST", headers, body: data });
      return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
    };
    const at = (iso: string) => new Date(iso).toISOString();
    const leadByExternalId = (externalId: string) => store.prisma.lead.findFirst({ where: { teamId: team.teamId, externalId } });

    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(async () => {
      team = await buildTeam(store.prisma);
      const created = await createTeamApiKey(team.deps, team.teamId, "website");
      if (!created.ok) throw new Error(failureText(created.error));
      key = created.value.key;
      server = await start();
    });
    afterEach(async () => {
      await server.close();
    });

    it("stores a batch of identify, track and page, maps names to rule types and scores the lead", async () => {
      const res = await post("/v1/batch", {
        batch: [
          { type: "identify", messageId: "m-1", userId: "u-1", traits: { email: "Ana@Acme.example", name: "Ana Novak", company: "Acme", title: "CTO", plan: "pro", seats: 12 } },
          { type: "page", messageId: "m-2", userId: "u-1", properties: { path: "/pricing/enterprise", url: "https://acme.example/pricing/enterprise" } },
          { type: "track", messageId: "m-3", userId: "u-1", event: "Demo Requested", properties: { size: "50-100" } },
          { type: "page", messageId: "m-4", userId: "u-1", properties: { url: "https://acme.example/blog/post?utm=x" } },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, accepted: 4, duplicates: 0, rejected: 0 });
      const lead = await leadByExternalId("u-1");
      expect(lead).toMatchObject({ email: "ana@acme.example", name: "Ana Novak", company: "Acme", title: "CTO", attributes: { plan: "pro", seats: 12 } });
      const events = await store.prisma.event.findMany({ where: { leadId: lead!.id }, orderBy: { id: "asc" } });
      expect(events.map((e) => [e.type, e.name])).toEqual([
        ["pricing_page", "/pricing/enterprise"],
        ["demo_request", "Demo Requested"],
        ["website_visit", "/blog/post"],
      ]);
      // pricing 15 + demo 40 + visit 10
      expect(lead!.score).toBe(65);
    });

    it("counts a retried batch once: every messageId answers duplicate the second time", async () => {
      const batch = {
        batch: [
          { type: "track", messageId: "r-1", userId: "u-2", event: "Quote Requested" },
          { type: "track", messageId: "r-1", userId: "u-2", event: "Quote Requested" },
          { type: "page", messageId: "r-2", anonymousId: "anon-2", properties: { path: "/pricing" } },
        ],
      };
      const first = await post("/v1/batch", batch);
      expect(first.body.results.map((r) => r.status)).toEqual(["accepted", "duplicate", "accepted"]);
      const again = await post("/v1/batch", batch);
      expect(again.body).toMatchObject({ success: true, accepted: 0, duplicates: 3 });
      const lead = await leadByExternalId("u-2");
      expect(await store.prisma.event.count({ where: { leadId: lead!.id } })).toBe(1);
      expect(await store.prisma.anonymousEvent.count({ where: { teamId: team.teamId } })).toBe(1);
      expect(lead!.score).toBe(30);
    });

    it("merges anonymous activity into the lead on identify, re-scores it and alerts once when that makes it hot", async () => {
      await setTeamChannel(store.store.db, team.teamId, "slack", "C-ALERTS");
      const anonymous = await post("/v1/batch", {
        batch: [
          { type: "page", messageId: "a-1", anonymousId: "visitor-9", properties: { path: "/pricing" } },
          { type: "track", messageId: "a-2", anonymousId: "visitor-9", event: "Demo Requested" },
        ],
      });
      expect(anonymous.body).toMatchObject({ accepted: 2 });
      expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(0);

      const identify = await post("/v1/identify", { messageId: "a-3", anonymousId: "visitor-9", userId: "u-9", traits: { email: "bo@beta.example", firstName: "Bo", lastName: "Berg" } });
      expect(identify.status).toBe(200);
      const lead = await leadByExternalId("u-9");
      expect(lead).toMatchObject({ name: "Bo Berg", email: "bo@beta.example", score: 55 });
      expect(await store.prisma.anonymousEvent.count({ where: { teamId: team.teamId } })).toBe(0);
      // The visitor's later anonymous-only messages go straight to the lead.
      await post("/v1/page", { messageId: "a-4", anonymousId: "visitor-9", properties: { path: "/pricing/compare" } });
      await post("/v1/track", { messageId: "a-5", anonymousId: "visitor-9", event: "Webinar Attended" });
      const hot = await store.prisma.lead.findUniqueOrThrow({ where: { id: lead!.id } });
      expect(hot.score).toBe(85);
      expect(hot.tier).toBe("hot");
      expect(await store.prisma.outbox.count({ where: { teamId: team.teamId, kind: "alert" } })).toBe(1);
      // A retry of the whole history changes nothing and alerts no more.
      await post("/v1/batch", { batch: [{ type: "track", messageId: "a-2", anonymousId: "visitor-9", event: "Demo Requested" }, { type: "track", messageId: "a-5", anonymousId: "visitor-9", event: "Webinar Attended" }] });
      expect(await store.prisma.event.count({ where: { leadId: lead!.id } })).toBe(4);
      expect(await store.prisma.outbox.count({ where: { teamId: team.teamId, kind: "alert" } })).toBe(1);
    });

    it("brings over activity a concurrent batch left waiting for a visitor who is already linked", async () => {
      await post("/v1/identify", { messageId: "o-1", anonymousId: "visitor-o", userId: "u-o", traits: { email: "o@example.com" } });
      // What a batch that raced the identify above stored: the visitor's demo request, still waiting.
      await store.prisma.anonymousEvent.create({
        data: { teamId: team.teamId, anonymousId: "visitor-o", type: "demo_request", name: "Demo Requested", occurredAt: team.time.clock(), source: "tracking", externalId: "o-2" },
      });
      await post("/v1/page", { messageId: "o-3", anonymousId: "visitor-o", properties: { path: "/pricing" } });
      const lead = await leadByExternalId("u-o");
      expect(lead!.score).toBe(40 + 15);
      expect(await store.prisma.anonymousEvent.count({ where: { teamId: team.teamId } })).toBe(0);
      // Its message id still guards against a retry.
      await post("/v1/track", { messageId: "o-2", anonymousId: "visitor-o", event: "Demo Requested" });
      expect((await leadByExternalId("u-o"))!.score).toBe(55);
    });

    it("identifies a known lead by email and keeps its CRM id, remembering the userId beside it", async () => {
      const known = await buildLead(team, { email: "cy@gamma.example", externalId: "crm-7" });
      await post("/v1/identify", { messageId: "k-1", userId: "web-7", traits: { email: "CY@gamma.example", title: "Head of Sales" } });
      await post("/v1/track", { messageId: "k-2", userId: "web-7", event: "Demo Requested" });
      const lead = await store.prisma.lead.findUniqueOrThrow({ where: { id: known.id } });
      expect(lead).toMatchObject({ externalId: "crm-7", title: "Head of Sales", score: 40 });
      expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(1);
    });

    it("sends a track of a new user in the batch of the identify that names them to the lead the identify finds", async () => {
      const known = await buildLead(team, { email: "di@delta.example" });
      const res = await post("/v1/batch", {
        batch: [
          { type: "identify", messageId: "n-1", userId: "web-d", traits: { email: "di@delta.example" } },
          { type: "track", messageId: "n-2", userId: "web-d", event: "Demo Requested" },
        ],
      });
      expect(res.body.results.map((r) => [r.status, r.leadId])).toEqual([
        ["accepted", known.id],
        ["accepted", known.id],
      ]);
      expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(1);
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: known.id } })).score).toBe(40);
    });

    it("sends a new user's track to the lead their visitor id is linked to, creating no other", async () => {
      await post("/v1/identify", { messageId: "v-1", anonymousId: "visitor-v", userId: "u-v", traits: { email: "v@example.com" } });
      const res = await post("/v1/track", { messageId: "v-2", anonymousId: "visitor-v", userId: "u-v-app", event: "Demo Requested" });
      const lead = await leadByExternalId("u-v");
      expect(res.body).toMatchObject({ success: true });
      expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(1);
      expect(lead!.score).toBe(40);
    });

    it("sends a second new user's track to the first one's lead when one visitor id carries both in a batch", async () => {
      const res = await post("/v1/batch", {
        batch: [
          { type: "track", messageId: "w-1", userId: "u-first", anonymousId: "visitor-w", event: "Demo Requested" },
          { type: "track", messageId: "w-2", userId: "u-second", anonymousId: "visitor-w", event: "Quote Requested" },
        ],
      });
      const first = await leadByExternalId("u-first");
      expect(res.body.results.map((r) => r.leadId)).toEqual([first!.id, first!.id]);
      expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(1);
    });

    it("creates each new user once when parallel batches name the same users, and counts every message once", async () => {
      const users = Array.from({ length: 12 }, (_, i) => `par-${i}`);
      const batches = Array.from({ length: 4 }, (_, b) => ({
        batch: users.map((userId, i) => ({ type: "track", messageId: `p-${b}-${i}`, userId, event: b === 0 ? "Demo Requested" : "Email Link Clicked" })),
      }));
      const answers = await Promise.all(batches.map((batch) => post("/v1/batch", batch)));
      expect(answers.map((a) => [a.status, a.body.accepted])).toEqual(batches.map(() => [200, users.length]));
      // And again, as a library's retry would: nothing more is stored.
      const retried = await Promise.all(batches.map((batch) => post("/v1/batch", batch)));
      expect(retried.map((a) => a.body.duplicates)).toEqual(batches.map(() => users.length));
      const leads = await store.prisma.lead.findMany({ where: { teamId: team.teamId }, orderBy: { externalId: "asc" } });
      expect(leads.map((l) => l.externalId).sort()).toEqual([...users].sort());
      expect(await store.prisma.event.count({ where: { teamId: team.teamId } })).toBe(users.length * 4);
      // demo 40 + three email clicks (5 each): every lead scored from all four batches.
      expect(new Set(leads.map((l) => l.score))).toEqual(new Set([55]));
    });

    it("corrects the sender's clock with sentAt, as Segment does", async () => {
      const now = team.time.clock();
      // The client's clock runs an hour behind: it says it sent at 08:00 what arrived at 09:00.
      await post("/v1/batch", {
        sentAt: at("2026-06-01T08:00:00Z"),
        batch: [{ type: "track", messageId: "c-1", userId: "u-c", event: "Demo Requested", timestamp: at("2026-06-01T07:59:00Z") }],
      });
      await post("/v1/batch", {
        batch: [{ type: "track", messageId: "c-2", userId: "u-c", event: "Demo Requested", originalTimestamp: at("2026-06-01T10:58:00Z"), sentAt: at("2026-06-01T11:00:00Z") }],
      });
      const events = await store.prisma.event.findMany({ where: { teamId: team.teamId }, orderBy: { id: "asc" } });
      expect(events.map((e) => e.occurredAt.toISOString())).toEqual([new Date(now.getTime() - 60_000).toISOString(), new Date(now.getTime() - 120_000).toISOString()]);
    });

    it("takes the write key as Basic auth, in the body or as a Bearer token, a gzip body, and any content type", async () => {
      const ok = [
        await post("/v1/track", { messageId: "w-1", userId: "u-w", event: "x" }, { auth: basic(key) }),
        await post("/v1/track", { messageId: "w-2", userId: "u-w", event: "x", writeKey: key }, { auth: null }),
        await post("/v1/track", { messageId: "w-3", userId: "u-w", event: "x" }, { auth: `Bearer ${key}` }),
        await post("/v1/batch", { batch: [{ type: "track", messageId: "w-4", userId: "u-w", event: "x" }] }, { gzip: true }),
        await post("/v1/page", { messageId: "w-5", userId: "u-w", properties: { path: "/" } }, { contentType: "text/plain" }),
      ];
      expect(ok.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(ok.every((r) => r.body.success === true)).toBe(true);
      const refused = await post("/v1/batch", { batch: [] }, { auth: basic("lsk_wrongwrongwrongwrongwrong") });
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ success: false, error: "unauthorized" });
      expect(await store.prisma.event.count({ where: { teamId: team.teamId } })).toBe(5);
    });

    it("refuses a body that unpacks past the limit, and a broken gzip", async () => {
      const small = await start({ INGEST_MAX_BODY_BYTES: 4_096 });
      try {
        const bomb = gzipSync(JSON.stringify({ batch: [{ type: "track", userId: "u", event: "x", properties: { pad: "x".repeat(100_000) } }] }));
        const res = await fetch(`http://127.0.0.1:${small.port}/v1/batch`, { method: "POST", headers: { authorization: basic(key), "content-encoding": "gzip" }, body: new Uint8Array(bomb) });
        expect(res.status).toBe(413);
      } finally {
        await small.close();
      }
      const broken = await fetch(`http://127.0.0.1:${server.port}/v1/batch`, { method: "POST", headers: { authorization: basic(key), "content-encoding": "gzip" }, body: "not gzip" });
      expect(broken.status).toBe(400);
    });
  });
}
