import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from "../../src/http/http.config.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import { SNIPPET_BYTES } from "../../src/http/snippet.routes.js";
import type { Actor } from "../../src/services/actor.js";
import { ApiKeyAuthenticator, hashApiKey } from "../../src/services/api-key.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });
const SITE = "https://www.acme.example";

/**
 * Public keys for the website snippet over real HTTP, on one backend: created by admins in chat,
 * accepted at the tracking API only from their origins and only to send events, limited per
 * visitor; GET /t.js with its caching headers.
 */
export function publicKeySuite(kind: "pglite" | "postgres") {
  describe(`public keys and the snippet on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    let admin: Actor;
    let server: HttpHandle;
    let key: string;

    const say = async (actor: Actor, text: string) => renderText(await handleLine(text, { deps: team.deps, actor }, log)).text;
    const start = async (config: Partial<HttpConfig> = {}) => {
      await server?.close();
      server = await startHttpServer({ log, services: team.deps, config: { ...DEFAULT_HTTP_CONFIG, ...config }, checkDatabase: async () => {} }, 0, "127.0.0.1");
    };
    /** What the snippet sends: text/plain, the key in the body, the page's Origin. */
    const track = async (batch: unknown[], options: { origin?: string | null; path?: string; headers?: Record<string, string>; writeKey?: string } = {}) => {
      const headers: Record<string, string> = { "content-type": "text/plain", ...options.headers };
      if (options.origin !== null) headers.origin = options.origin ?? SITE;
      const res = await fetch(`http://127.0.0.1:${server.port}${options.path ?? "/v1/batch"}`, {
        method: "POST",
        headers,
        body: JSON.stringify({ batch, writeKey: options.writeKey ?? key }),
      });
      return { status: res.status, cors: res.headers.get("access-control-allow-origin"), body: (await res.json()) as Record<string, unknown> };
    };
    const stored = async () =>
      (await store.prisma.event.count({ where: { teamId: team.teamId } })) + (await store.prisma.anonymousEvent.count({ where: { teamId: team.teamId } }));
    const pageView = (anonymousId: string, path = "/pricing") => ({ type: "page", messageId: `m-${anonymousId}-${path}`, anonymousId, properties: { path, url: `${SITE}${path}` } });

    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(async () => {
      team = await buildTeam(store.prisma);
      const row = await store.prisma.member.create({ data: { teamId: team.teamId, platform: "console", externalId: "ada", displayName: "Ada Admin", role: "admin" } });
      admin = { teamId: team.teamId, memberId: row.id, role: "admin", name: "Ada Admin" };
      const created = await say(admin, `/admin publickey create website ${SITE}/ https://*.acme.example`);
      key = /lpk_[A-Za-z0-9_-]+/.exec(created)![0];
      await start();
    });
    afterEach(async () => {
      await server.close();
    });

    it("is created by admins in chat, hashed at rest, listed with its origins, and refused to managers", async () => {
      const rows = await store.prisma.apiKey.findMany({ where: { teamId: team.teamId } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: "public", hash: hashApiKey(key), origins: [SITE, "https://*.acme.example"] });
      expect(JSON.stringify(rows)).not.toContain(key);
      expect(await say(admin, "/admin apikey list")).toMatch(/website {2}public, from https:\/\/www\.acme\.example https:\/\/\*\.acme\.example/);
      expect(await say(team.manager, "/admin publickey create site https://x.example")).toMatch(/Only admins can manage API keys/);
      expect(await say(admin, "/admin publickey create site acme.example/contact")).toMatch(/"acme.example\/contact" is not a web origin/);
      expect(await store.prisma.apiKey.count({ where: { teamId: team.teamId } })).toBe(1);
      // It is no secret key: the ingestion API and webhooks refuse it.
      expect(await new ApiKeyAuthenticator(team.deps).authenticate(key)).toBeNull();
      const events = await fetch(`http://127.0.0.1:${server.port}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", origin: SITE },
        body: JSON.stringify({ email: "a@example.com", type: "demo_request" }),
      });
      expect(events.status).toBe(401);
    });

    it("takes page views and a sign-up from an allowed origin, and answers it for CORS", async () => {
      const viewed = await track([pageView("anon-1")]);
      expect(viewed.status).toBe(200);
      expect(viewed.cors).toBe(SITE);
      const signedUp = await track([{ type: "identify", messageId: "m-id-1", anonymousId: "anon-1", traits: { email: "jana@acme.example", name: "Jana Novak" } }], {
        origin: "https://shop.acme.example",
      });
      expect(signedUp.status).toBe(200);
      expect(signedUp.cors).toBe("https://shop.acme.example");
      const lead = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, email: "jana@acme.example" } });
      const events = await store.prisma.event.findMany({ where: { leadId: lead.id } });
      expect(events.map((e) => e.type)).toContain("pricing_page");
    });

    it("fills an existing lead's empty fields from a sign-up and overwrites none of them (anyone can imitate a browser)", async () => {
      const known = await store.prisma.lead.create({
        data: { teamId: team.teamId, name: "Jana Novak", email: "jana@acme.example", company: "Acme", attributes: { plan: "enterprise" } },
      });
      const signedUp = await track([
        { type: "identify", messageId: "m-forged-1", anonymousId: "anon-9", traits: { email: "jana@acme.example", name: "Mallory", company: "Evil Corp", title: "CTO", plan: "free", size: "12" } },
      ]);
      expect(signedUp.status).toBe(200);
      const lead = await store.prisma.lead.findUniqueOrThrow({ where: { id: known.id } });
      expect(lead).toMatchObject({ name: "Jana Novak", company: "Acme", title: "CTO" });
      expect(lead.attributes).toEqual({ plan: "enterprise", size: "12" });
    });

    it("refuses another origin, no origin, and what is not an event, storing nothing", async () => {
      for (const origin of ["https://evil.example", "http://www.acme.example", "https://acme.example.evil.example", null]) {
        const refused = await track([pageView("anon-2")], { origin });
        expect(refused.status).toBe(403);
        expect(refused.cors).toBeNull();
      }
      const alias = await track([{ type: "alias", messageId: "a-1", userId: "crm-1", previousId: "anon-2" }]);
      expect(alias.status).toBe(403);
      expect(alias.body.message).toMatch(/may not send "alias"/);
      const group = await track([], { path: "/v1/group" });
      expect(group.status).toBe(403);
      const revoked = await say(admin, `/admin apikey revoke ${key.slice(0, 12)}`);
      expect(revoked).toMatch(/Revoked/);
      expect((await track([pageView("anon-2")])).status).toBe(401);
      expect(await stored()).toBe(0);
    });

    it("limits each visitor on its own, telling visitors apart behind a trusted proxy", async () => {
      await start({ PUBLIC_RATE_BURST: 2, PUBLIC_RATE_PER_MINUTE: 1, TRUST_PROXY: "1" });
      const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });
      expect((await track([pageView("v1", "/a")], from("203.0.113.7"))).status).toBe(200);
      expect((await track([pageView("v1", "/b")], from("203.0.113.7"))).status).toBe(200);
      const third = await track([pageView("v1", "/c")], from("203.0.113.7"));
      expect(third.status).toBe(429);
      expect(third.cors).toBe(SITE);
      expect((await track([pageView("v2", "/a")], from("198.51.100.9"))).status).toBe(200);
      expect(await stored()).toBe(3);
    });

    it("changes a key's origins in chat", async () => {
      const changed = await say(admin, `/admin publickey origins ${key.slice(0, 12)} https://new.example`);
      expect(changed).toMatch(/now accepted from https:\/\/new\.example/);
      expect((await track([pageView("anon-3")])).status).toBe(403);
      expect((await track([pageView("anon-3")], { origin: "https://new.example" })).status).toBe(200);
    });

    it("answers a preflight, and serves /t.js small, cached and revalidated", async () => {
      const preflight = await fetch(`http://127.0.0.1:${server.port}/v1/batch`, {
        method: "OPTIONS",
        headers: { origin: SITE, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe(SITE);
      expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/);

      const snippet = await fetch(`http://127.0.0.1:${server.port}/t.js`);
      expect(snippet.status).toBe(200);
      expect(snippet.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(snippet.headers.get("cache-control")).toBe("public, max-age=3600");
      const source = await snippet.text();
      expect(source).toContain("/v1/batch");
      expect(source).not.toMatch(/document\.cookie/);
      expect(SNIPPET_BYTES).toBeLessThan(10_000);
      const again = await fetch(`http://127.0.0.1:${server.port}/t.js`, { headers: { "if-none-match": snippet.headers.get("etag")! } });
      expect(again.status).toBe(304);
      // Compressed for clients that take gzip (fetch does, and unpacks it: `source` above is the script).
      expect(snippet.headers.get("content-encoding")).toBe("gzip");
      expect(Number(snippet.headers.get("content-length"))).toBeLessThan(4_000);
    });
  });
}
