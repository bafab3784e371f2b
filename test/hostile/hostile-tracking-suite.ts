import fc from "fast-check";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/domain/limits.js";
import { DEFAULT_HTTP_CONFIG } from "../../src/http/http.config.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { failureText } from "../../src/views/failure.view.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });
/** Runs of the property per backend; FUZZ_RUNS=2000 for a long hunt. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? 20261215);

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const RAW = (fragment: string) => `@@RAW:${Buffer.from(fragment).toString("base64")}@@`;
const bodyText = (body: unknown) => JSON.stringify(body).replace(/"@@RAW:([A-Za-z0-9+/=]+)@@"/g, (_, b64: string) => Buffer.from(b64, "base64").toString());

type Answer = { status: number; body: { success?: boolean; accepted: number; duplicates: number; rejected: number; results: Array<{ status: string; reason?: string; code?: string }> } };

/**
 * Hostile Segment messages mixed into valid batches sent to /v1/batch, the same treatment as
 * the events API's (hostile-ingest-suite.ts): never a 5xx, every valid message stored exactly
 * once, every hostile one rejected on its own with a reason, nothing written for it.
 */
export function hostileTrackingSuite(kind: "pglite" | "postgres") {
  describe(`hostile tracking messages on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    let key: string;
    let server: HttpHandle;

    const post = async (body: unknown, path = "/v1/batch"): Promise<Answer> => {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` },
        body: typeof body === "string" ? body : bodyText(body),
      });
      return { status: res.status, body: (await res.json()) as Answer["body"] };
    };
    const stored = async () =>
      (await store.prisma.event.count({ where: { teamId: team.teamId } })) + (await store.prisma.anonymousEvent.count({ where: { teamId: team.teamId } }));

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
      server = await startHttpServer({ log, services: team.deps, config: DEFAULT_HTTP_CONFIG, checkDatabase: async () => {} }, 0, "127.0.0.1");
    });
    afterEach(async () => {
      await server.close();
    });

    it("rejects each message the database could refuse, or that says nothing usable, on its own and stores the rest", async () => {
      await buildLead(team, { email: "taken@example.com", externalId: "owner-a" });
      await buildLead(team, { email: "other@example.com", externalId: "owner-b" });
      const cases: Array<[message: unknown, reason: RegExp]> = [
        [{ type: "track", messageId: "h-1", userId: "u", event: "x", properties: { note: "a\u0000b" } }, /properties must not contain a NUL character/],
        [{ type: "track", messageId: "h-2", userId: "u", event: "x", properties: { "\udc00": 1 } }, /properties has a key that is not valid Unicode/],
        [{ type: "track", messageId: "h-3", userId: "u\u0000", event: "x" }, /userId/],
        [{ type: "track", messageId: "h-4", userId: "u", event: "e".repeat(LIMITS.eventType + 1) }, /event must be at most 100 characters/],
        [{ type: "track", messageId: "h-5", userId: "u", event: "x", properties: RAW(nested(20_000)) }, /properties is nested more than 32 levels deep/],
        [{ type: "track", messageId: "h-6", userId: "u", event: "x", properties: { blob: "x".repeat(LIMITS.payloadBytes) } }, /properties is larger than 16384 bytes/],
        [{ type: "track", messageId: "h-7", userId: "u", event: "x", timestamp: "0000-06-01T00:00:00Z" }, /timestamp/],
        [{ type: "track", messageId: "h-8", userId: "u", event: "x", timestamp: "yesterday" }, /timestamp must be an ISO 8601 date-time/],
        [{ type: "track", messageId: "h-9", userId: "u", event: "x", timestamp: "2026-06-01T12:00:00Z" }, /timestamp is in the future/],
        [{ type: "bogus", messageId: "h-10", userId: "u" }, /type must be one of track, page, identify/],
        [{ type: "track", messageId: "h-11", event: "x" }, /needs a userId or an anonymousId/],
        [{ type: "page", messageId: "h-12", anonymousId: "a", properties: { path: "/a\u0000b" } }, /path must not contain a NUL character/],
        [{ type: "identify", messageId: "h-13", userId: "u", traits: { email: "not-an-email" } }, /traits: email is not a valid email address/],
        [{ type: "identify", messageId: "h-14", userId: "u", traits: { bio: "x".repeat(LIMITS.attributeValue + 1) } }, /traits: bio attribute values must be at most 1000 characters/],
        [{ type: "identify", messageId: "h-15", anonymousId: "a", traits: { name: "No Contact" } }, /an identify needs a userId, or an email or phone/],
        [{ type: "identify", messageId: "h-16", userId: "owner-b", traits: { email: "taken@example.com" } }, /email taken@example.com belongs to another lead/],
        [{ type: "alias", messageId: "h-17", userId: "u" }, /an alias needs a userId and a previousId/],
        [{ type: "track", messageId: "h-18", userId: "u" }, /a track call needs an event name/],
        ["just text", /each message must be a JSON object/],
        [null, /each message must be a JSON object/],
      ];
      const good = { type: "track", messageId: "ok-1", userId: "fine-user", event: "Demo Requested" };
      const res = await post({ batch: [...cases.map(([message]) => message), good] });
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(true);
      for (const [i, [, reason]] of cases.entries()) {
        expect(res.body.results[i], `message ${i}`).toMatchObject({ status: "rejected" });
        expect(res.body.results[i]!.reason, `message ${i}`).toMatch(reason);
      }
      expect(res.body.results.at(-1)).toMatchObject({ status: "accepted" });
      expect(await stored()).toBe(1);
      expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(3);
      const owner = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, externalId: "owner-a" } });
      expect(owner.email).toBe("taken@example.com");
    });

    it("answers a body that is not a batch with a 400 the libraries drop, and a single refused message likewise", async () => {
      expect((await post({ batch: "nope" })).status).toBe(400);
      expect((await post("[1, 2]")).status).toBe(400);
      expect((await post("{ not json")).status).toBe(400);
      expect((await post({ batch: Array.from({ length: 1_001 }, (_, i) => ({ type: "track", userId: "u", event: "x", messageId: `m-${i}` })) })).status).toBe(400);
      const single = await post({ messageId: "s-1", userId: "u", event: "x", properties: { note: "\ud800" } }, "/v1/track");
      expect(single.status).toBe(400);
      expect(single.body).toMatchObject({ success: false, rejected: 1 });
      expect(await stored()).toBe(0);
    });

    it("property: hostile messages mixed into valid batches never fail the batch, and a retry stores nothing twice", async () => {
      let n = 0;
      const hostile = fc.oneof(
        fc.constant({ properties: { text: "a\ud800b" } }),
        fc.constant({ properties: { ["\udbff"]: true } }),
        fc.constant({ event: "page\u0000view" }),
        fc.constant({ userId: "\udc00" }),
        fc.constant({ anonymousId: "x".repeat(LIMITS.externalId + 1) }),
        fc.constant({ event: "t".repeat(LIMITS.eventType + 1) }),
        fc.integer({ min: LIMITS.payloadDepth + 1, max: 30_000 }).map((depth) => ({ properties: RAW(nested(depth)) })),
        fc.constant({ properties: { blob: "x".repeat(LIMITS.payloadBytes) } }),
        fc.constantFrom("0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "2026-02-30T10:00:00Z", "not a date").map((timestamp) => ({ timestamp })),
        fc.constantFrom(null, 42, "event", [1, 2], true).map((whole) => ({ whole })),
        fc.constant({ type: "identify", traits: { email: "nope" } }),
      );
      const valid = fc.record({
        type: fc.constantFrom("track", "page"),
        name: fc.constantFrom("Demo Requested", "Trial Started", "/pricing", "/blog/x", "/careers"),
        who: fc.constantFrom("user", "anonymous"),
        visitor: fc.integer({ min: 0, max: 4 }),
        minutesAgo: fc.integer({ min: 0, max: 100_000 }),
        note: fc.string({ unit: "grapheme", maxLength: 20 }),
      });
      const batch = fc.array(fc.oneof({ arbitrary: valid.map((v) => ({ valid: v })), weight: 2 }, { arbitrary: hostile.map((h) => ({ hostile: h })), weight: 1 }), { minLength: 1, maxLength: 12 });

      await fc.assert(
        fc.asyncProperty(batch, async (entries) => {
          const now = team.deps.clock().getTime();
          const messages = entries.map((entry) => {
            n += 1;
            if ("valid" in entry) {
              const v = entry.valid;
              const who = v.who === "user" ? { userId: `user-${v.visitor}` } : { anonymousId: `visitor-${v.visitor}` };
              const what = v.type === "page" ? { properties: { path: v.name.startsWith("/") ? v.name : `/${v.name}`, note: v.note } } : { event: v.name, properties: { note: v.note } };
              return { type: v.type, messageId: `p-${n}`, ...who, ...what, timestamp: new Date(now - v.minutesAgo * 60_000).toISOString() };
            }
            const h = entry.hostile as Record<string, unknown>;
            return "whole" in h ? h.whole : { type: "track", messageId: `h-${n}`, userId: `hostile-${n}`, event: "x", ...h };
          });
          const before = await stored();
          const body = bodyText({ batch: messages });
          const first = await post(body);
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
          expect(await stored()).toBe(before + validCount);
          const retry = await post(body);
          expect(retry.status).toBe(200);
          expect(retry.body.duplicates).toBe(validCount);
          expect(await stored()).toBe(before + validCount);
          expect(await store.prisma.lead.count({ where: { teamId: team.teamId, externalId: { startsWith: "hostile" } } })).toBe(0);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  });
}
