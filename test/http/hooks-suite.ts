import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import { DEFAULT_HTTP_CONFIG } from "../../src/http/http.config.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import type { Actor } from "../../src/services/actor.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import { importHookFile, setHookSource } from "../../src/services/hook.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { failureText } from "../../src/views/failure.view.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });

/** A JSON value nested `depth` levels deep, as text (JSON.stringify would overflow the stack). */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

// Payload shapes as the senders document them (README, "Connect your website and tools").
/** A HubSpot webhook delivery: an array of events, each with its eventId, objectId and subscriptionType. */
const hubspotBatch = (attemptNumber: number) => [
  { eventId: 3816279340, subscriptionId: 25, portalId: 33, appId: 1160452, occurredAt: Date.parse("2026-05-30T10:00:00Z"), subscriptionType: "contact.creation", attemptNumber, objectId: 1246965, changeFlag: "CREATED", changeSource: "CRM_UI" },
  { eventId: 3816279341, subscriptionId: 26, portalId: 33, appId: 1160452, occurredAt: Date.parse("2026-05-30T10:05:00Z"), subscriptionType: "contact.propertyChange", attemptNumber, objectId: 1246965, propertyName: "lifecyclestage", propertyValue: "marketingqualifiedlead", changeSource: "CRM_UI" },
];
/** A Pipedrive webhook (v2): meta about the change, data the deal as it is now, previous what changed. */
const pipedriveDeal = (action: string, attempt = 1) => ({
  meta: { action, entity: "deal", entity_id: "42", id: `0f8e1c2a-${action}`, correlation_id: "b2c0", timestamp: "2026-05-31T08:00:00.000Z", version: "2.0", attempt, host: "acme.pipedrive.com", change_source: "app" },
  data: { id: 42, title: "Acme rollout", value: 12000, currency: "EUR", status: "open", stage_id: 2, pipeline_id: 1, person_id: 77, org_id: 9, add_time: "2026-05-31T07:59:00Z" },
  previous: action === "change" ? { stage_id: 1 } : null,
});

/**
 * Form and CRM webhooks over real HTTP, on one backend: mappings set by a manager, deliveries
 * mapped and scored, retries counted once, hostile items refused one by one. Run against PGlite
 * and the real PostgreSQL server by the two *.test.ts files beside this one.
 */
export function hooksSuite(kind: "pglite" | "postgres") {
  describe(`form and CRM webhooks on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    let key: string;
    let server: HttpHandle;

    const post = async (path: string, body: unknown, headers: Record<string, string | null> = {}) => {
      const all: Record<string, string> = { "content-type": "application/json", authorization: `Bearer ${key}` };
      for (const [name, value] of Object.entries(headers)) {
        if (value === null) delete all[name];
        else all[name] = value;
      }
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method: "POST", headers: all, body: typeof body === "string" ? body : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: JSON.parse(text) as Record<string, unknown> & { results: Array<Record<string, unknown>> } };
    };
    const say = async (actor: Actor, text: string) => renderText(await handleLine(text, { deps: team.deps, actor }, log)).text;
    const setSource = async (name: string, mapping: Record<string, unknown>) => {
      const saved = await setHookSource(team.deps, team.manager, name, mapping);
      if (!saved.ok) throw new Error(failureText(saved.error));
    };
    const count = (table: "event" | "lead") => (table === "event" ? store.prisma.event.count({ where: { teamId: team.teamId } }) : store.prisma.lead.count({ where: { teamId: team.teamId } }));

    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(async () => {
      team = await buildTeam(store.prisma);
      const created = await createTeamApiKey(team.deps, team.teamId, "forms");
      if (!created.ok) throw new Error(failureText(created.error));
      key = created.value.key;
      server = await startHttpServer({ log, services: team.deps, config: DEFAULT_HTTP_CONFIG, checkDatabase: async () => {} }, 0, "127.0.0.1");
    });
    afterEach(async () => {
      await server.close();
    });

    it("turns a generic form post into a scored lead, set up in chat, and counts a resent form once", async () => {
      const set = await say(team.manager, "/hooks set website-form email=/email name=/first_name,/last_name company=/company type=demo_request");
      expect(set).toMatch(/Added webhook source "website-form"/);
      expect(set).toContain("POST /api/v1/hooks/website-form");

      const form = { form_id: "demo", first_name: "Jana", last_name: "Novak", email: "Jana@Acme.example", company: "Acme", message: "Call me" };
      const first = await post("/api/v1/hooks/website-form", form);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });
      const lead = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, email: "jana@acme.example" } });
      expect(lead).toMatchObject({ name: "Jana Novak", company: "Acme", score: 40 });
      const event = await store.prisma.event.findFirstOrThrow({ where: { leadId: lead.id } });
      expect(event).toMatchObject({ type: "demo_request", source: "hook:website-form" });
      expect(event.payload).toEqual(form);

      // The form tool retries the same body: no id in it, so its content is the key.
      const retry = await post("/api/v1/hooks/website-form", form);
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(retry.body.results[0]!.eventId).toBe(first.body.results[0]!.eventId);
      expect(await count("event")).toBe(1);
      expect(await say(team.manager, "/hooks")).toMatch(/website-form {2}POST \/api\/v1\/hooks\/website-form {2}\(last delivery/);
    });

    it("maps a HubSpot-style contact webhook: a batch, event ids, CRM ids and type values, retried with a new attempt number", async () => {
      await setSource("hubspot", {
        leadId: "/objectId",
        leadIdPrefix: "hubspot-",
        typeFrom: "/subscriptionType",
        types: { "contact.creation": "newsletter_signup", "contact.propertyChange": "website_visit" },
        id: "/eventId",
        occurredAt: "/occurredAt",
      });
      const first = await post("/api/v1/hooks/hubspot", hubspotBatch(0));
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ accepted: 2, rejected: 0 });
      const lead = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, externalId: "hubspot-1246965" } });
      const events = await store.prisma.event.findMany({ where: { leadId: lead.id }, orderBy: { occurredAt: "asc" } });
      expect(events.map((e) => [e.type, e.occurredAt.toISOString(), e.externalId])).toEqual([
        ["newsletter_signup", "2026-05-30T10:00:00.000Z", "hook:hubspot:3816279340"],
        ["website_visit", "2026-05-30T10:05:00.000Z", "hook:hubspot:3816279341"],
      ]);
      expect(lead.score).toBe(15);

      // HubSpot's retry carries a new attemptNumber: the event id, not the body, is the key.
      const retry = await post("/api/v1/hooks/hubspot", hubspotBatch(1));
      expect(retry.body).toMatchObject({ accepted: 0, duplicates: 2 });
      expect(await count("event")).toBe(2);
    });

    it("maps a Pipedrive-style deal webhook sent with HTTP Basic auth", async () => {
      const saved = await say(
        team.manager,
        "/hooks set pipedrive leadId=/data/person_id leadIdPrefix=pipedrive-person- type=/meta/action types=create:quote_request,change:deal_updated id=/meta/id occurredAt=/meta/timestamp",
      );
      expect(saved).toMatch(/Added webhook source "pipedrive"/);
      const basic = `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
      const created = await post("/api/v1/hooks/pipedrive", pipedriveDeal("create"), { authorization: basic });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ accepted: 1 });
      const lead = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, externalId: "pipedrive-person-77" } });
      expect(lead.score).toBe(30);
      const changed = await post("/api/v1/hooks/pipedrive", pipedriveDeal("change"), { authorization: basic });
      expect(changed.body).toMatchObject({ accepted: 1 });
      const again = await post("/api/v1/hooks/pipedrive", pipedriveDeal("change", 2), { authorization: basic });
      expect(again.body).toMatchObject({ duplicates: 1 });
      const types = (await store.prisma.event.findMany({ where: { leadId: lead.id }, orderBy: { id: "asc" } })).map((e) => [e.type, e.occurredAt.toISOString()]);
      expect(types).toEqual([
        ["quote_request", "2026-05-31T08:00:00.000Z"],
        ["deal_updated", "2026-05-31T08:00:00.000Z"],
      ]);
    });

    it("rejects hostile items one by one, like /api/v1/events, and stores the valid ones", async () => {
      await setSource("form", { items: "/submissions", email: "/email", name: "/name", type: "guide_download", id: "/id" });
      const items = [
        `{"id":"h1","email":"nul@example.com","name":"Jo\\u0000"}`,
        `{"id":"h2","email":"broken@example.com","name":"Jo\\ud800"}`,
        `{"id":"h3","email":"deep@example.com","extra":${nested(20_000)}}`,
        `"just text"`,
        `{"id":"h5","email":{"value":"obj@example.com"}}`,
        `{"id":"h6","email":"not-an-email"}`,
        `{"id":"h7","name":"No Identity"}`,
        `{"id":"h8","email":"${"x".repeat(250)}@example.com"}`,
        `{"id":"ok","email":"fine@example.com","name":"Fine"}`,
      ];
      const res = await post("/api/v1/hooks/form", `{"submissions":[${items.join(",")}]}`);
      expect(res.status).toBe(200);
      expect(res.body.results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "accepted"]);
      const reasons = res.body.results.map((r) => r.reason);
      expect(reasons[0]).toMatch(/NUL/);
      expect(reasons[1]).toMatch(/not valid Unicode/);
      expect(reasons[2]).toMatch(/nested more than \d+ levels deep/);
      expect(reasons[3]).toMatch(/must be a JSON object/);
      expect(reasons[4]).toMatch(/email at \/email is an object/);
      expect(reasons[5]).toMatch(/email/);
      expect(reasons[6]).toMatch(/found no email, phone or lead id/);
      expect(reasons[7]).toMatch(/email/);
      expect(res.body.results.map((r) => r.code)).toEqual(["bad_payload", "bad_payload", "bad_payload", "not_object", "invalid_field", "invalid_field", "no_identity", "invalid_field", undefined]);
      expect(await count("event")).toBe(1);
      expect(await count("lead")).toBe(1);
    });

    it("answers a wrong key, an unknown source and a body without items without storing anything", async () => {
      await setSource("form", { items: "/submissions", email: "/email", type: "guide_download" });
      expect((await post("/api/v1/hooks/form", { submissions: [{ email: "a@example.com" }] }, { authorization: null })).status).toBe(401);
      expect((await post("/api/v1/hooks/form", { submissions: [{ email: "a@example.com" }] }, { authorization: "Bearer lsk_wrongwrongwrongwrongwrong" })).status).toBe(401);
      const unknown = await post("/api/v1/hooks/typeform", { email: "a@example.com" });
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toMatch(/no webhook source "typeform"/);
      const empty = await post("/api/v1/hooks/form", { submissions: [] });
      expect(empty.status).toBe(400);
      const notList = await post("/api/v1/hooks/form", { other: 1 });
      expect(notList.status).toBe(400);
      expect(notList.body.message).toMatch(/found no list of items at \/submissions/);
      // The key in the query, for senders that can set nothing but the URL.
      const byQuery = await post(`/api/v1/hooks/form?key=${key}`, { submissions: [{ email: "q@example.com" }] }, { authorization: null });
      expect(byQuery.status).toBe(200);
      expect(await count("event")).toBe(1);
    });

    it("lets only managers set up sources, and refuses a mapping that is not JSON pointers", async () => {
      const refused = await say(team.rep, "/hooks set form email=/email type=demo_request");
      expect(refused).toMatch(/Only managers and admins can set up webhook sources/);
      expect(await store.prisma.hookSource.count({ where: { teamId: team.teamId } })).toBe(0);
      const direct = await setHookSource(team.deps, team.rep, "form", { email: "/email", type: "demo_request" });
      expect(direct.ok).toBe(false);

      const bad = await say(team.manager, "/hooks set form email=email type=demo_request");
      expect(bad).toMatch(/Not saved: email is not a JSON pointer/);
      const noType = await say(team.manager, "/hooks set form email=/email");
      expect(noType).toMatch(/give the event a type/);
      expect(await store.prisma.hookSource.count({ where: { teamId: team.teamId } })).toBe(0);
    });

    it("imports a YAML mapping file all or nothing", async () => {
      const yaml = [
        "sources:",
        "  typeform:",
        "    email: /form_response/answers/0/email",
        "    type: demo_request",
        "    id: /event_id",
        "  hubspot:",
        "    leadId: /objectId",
        "    leadIdPrefix: hubspot-",
        "    typeFrom: /subscriptionType",
        "    types: { contact.creation: newsletter_signup }",
        "    id: /eventId",
      ].join("\n");
      const done = await importHookFile(team.deps, team.manager, { filename: "hooks.yaml", data: Buffer.from(yaml) });
      expect(done).toEqual({ ok: true, value: { created: ["typeform", "hubspot"], updated: [] } });
      const names = (await store.prisma.hookSource.findMany({ where: { teamId: team.teamId }, orderBy: { name: "asc" } })).map((s) => s.name);
      expect(names).toEqual(["hubspot", "typeform"]);

      const broken = `${yaml}\n  pipedrive:\n    leadId: data/person_id\n    type: quote_request\n`;
      const refused = await importHookFile(team.deps, team.manager, { filename: "hooks.yaml", data: Buffer.from(broken) });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(failureText(refused.error)).toMatch(/sources\.pipedrive\.leadId is not a JSON pointer/);
      expect(await store.prisma.hookSource.count({ where: { teamId: team.teamId } })).toBe(2);

      const unreadable = await importHookFile(team.deps, team.manager, { filename: "hooks.json", data: Buffer.from("{ sources: ") });
      expect(unreadable.ok).toBe(false);
      if (!unreadable.ok) expect(failureText(unreadable.error)).toMatch(/^I could not read hooks\.json: /);
    });
  });
}
