import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../src/services/actor.js";
import { ApiKeyAuthenticator, hashApiKey } from "../../src/services/api-key.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { insertOutbox } from "../../src/store/outbox.repository.js";
import { addAdmin, sayAs } from "../support/chat.js";


describe("/admin apikey", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  let admin: Actor;
  const say = (actor: Actor, text: string) => sayAs(team, actor, text);

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    admin = await addAdmin(store, team);
  });

  it("shows a new key once, to the admin alone, and stores only its hash", async () => {
    const { reply, text } = await say(admin, "/admin apikey create website tracking");
    expect(reply.tone).toBe("ok");
    expect(reply.visibility).toBe("private");
    const key = /lsk_[A-Za-z0-9_-]+/.exec(text)?.[0];
    expect(key).toBeDefined();
    expect(text).toMatch(/not shown again/);
    const rows = await store.prisma.apiKey.findMany({ where: { teamId: team.teamId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "website tracking", hash: hashApiKey(key!), prefix: key!.slice(0, 12), createdById: admin.memberId });
    expect(JSON.stringify(rows)).not.toContain(key);

    const listed = await say(admin, "/admin apikey list");
    expect(listed.text).toContain(`${key!.slice(0, 12)}…  website tracking`);
    expect(listed.text).toMatch(/never used/);
    expect(listed.text).not.toContain(key);
    expect(await new ApiKeyAuthenticator(team.deps).authenticate(key!)).toEqual({ keyId: rows[0]!.id, teamId: team.teamId });
    expect((await say(admin, "/admin apikey list")).text).toMatch(/last used today/);
  });

  it.each([["rep"], ["manager"]] as const)("refuses a %s politely and creates nothing", async (role) => {
    const actor = role === "rep" ? team.rep : team.manager;
    for (const line of ["/admin apikey create x", "/admin apikey list", "/admin apikey revoke 1"]) {
      const { reply, text } = await say(actor, line);
      expect(reply.tone).toBe("refused");
      expect(text).toMatch(/Only admins/);
    }
    expect(await store.prisma.apiKey.count({ where: { teamId: team.teamId } })).toBe(0);
  });

  it("revokes a key by prefix or id, after which it no longer authenticates", async () => {
    const first = /lsk_[A-Za-z0-9_-]+/.exec((await say(admin, "/admin apikey create one")).text)![0];
    const second = /lsk_[A-Za-z0-9_-]+/.exec((await say(admin, "/admin apikey create two")).text)![0];
    const auth = new ApiKeyAuthenticator(team.deps);

    const byPrefix = await say(admin, `/admin apikey revoke ${first.slice(0, 12)}`);
    expect(byPrefix.text).toMatch(/Revoked API key #\d+ .*\(one\)/);
    expect(await auth.authenticate(first)).toBeNull();
    expect(await auth.authenticate(second)).not.toBeNull();

    const id = (await store.prisma.apiKey.findFirstOrThrow({ where: { name: "two" } })).id;
    expect((await say(admin, `/admin apikey revoke #${id}`)).text).toMatch(/Revoked/);
    expect(await auth.authenticate(second)).toBeNull();
    expect((await say(admin, `/admin apikey revoke #${id}`)).text).toMatch(/already revoked/);
    expect((await say(admin, "/admin apikey list")).text).toMatch(/revoked today/);
  });

  it("answers mistakes with usage", async () => {
    expect((await say(admin, "/admin")).reply.tone).toBe("usage");
    expect((await say(admin, "/admin apikey create")).text).toMatch(/Give the key a name/);
    expect((await say(admin, "/admin apikey frob")).text).toMatch(/Usage: \/admin apikey create/);
    expect((await say(admin, "/admin apikey revoke lsk_nothere")).reply.tone).toBe("error");
  });

  it("shows failed deliveries to admins and requeues one on request", async () => {
    const message = await insertOutbox(store.store.db, {
      teamId: team.teamId,
      kind: "alert",
      platform: "slack",
      channel: "C-GONE",
      payload: {},
      status: "failed",
      attempts: 8,
      lastError: "channel_not_found",
      createdAt: team.time.clock(),
    });
    const refused = await say(team.manager, "/admin outbox");
    expect(refused.reply.tone).toBe("refused");
    const shown = await say(admin, "/admin outbox");
    expect(shown.text).toMatch(new RegExp(`#${message.id} alert to slack C-GONE · 8 attempts .* channel_not_found`));
    expect((await say(admin, `/admin outbox retry ${message.id}`)).text).toMatch(/queued for delivery again/);
    expect(await store.prisma.outbox.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ status: "pending" });
    expect((await say(admin, "/admin outbox retry")).reply.tone).toBe("usage");
  });
});
