import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import type { Action, Reply } from "../../src/chat/reply.js";
import { renderText } from "../../src/chat/text.render.js";
import type { Actor } from "../../src/services/actor.js";
import { confirmMappingEdit } from "../../src/services/sources.service.js";
import { ingestTracking } from "../../src/services/tracking.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });

const buttons = (reply: Reply): Action[] => reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));

describe("/sources", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  const say = async (actor: Actor, text: string) => {
    const reply = await handleLine(text, { deps: team.deps, actor }, log);
    return { reply, text: renderText(reply).text };
  };
  const track = (messages: unknown[]) => ingestTracking(team.deps, { teamId: team.teamId, apiKeyId: null }, { messages, context: { library: { name: "analytics.js" } } });
  const lead = (externalId: string) => store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, externalId } });

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    await track([
      { type: "page", messageId: "p1", userId: "u-1", properties: { path: "/pricing" } },
      { type: "track", messageId: "t1", userId: "u-1", event: "Trial Started" },
      { type: "track", messageId: "t2", userId: "u-2", event: "Trial Started" },
      { type: "page", messageId: "p2", userId: "u-2", properties: { path: "/blog/why-us" } },
      { type: "page", messageId: "p3", anonymousId: "v-3", properties: { path: "/compare/pricing-plans" } },
      { type: "track", messageId: "t3", anonymousId: "v-3", event: "Trial Started" },
    ]);
  });

  it("lists sources with last seen and counts, and the unmapped names most seen first, each one tap from a mapping", async () => {
    team.time.set(new Date(team.time.clock().getTime() + 5 * 60_000));
    const { reply, text } = await say(team.rep, "/sources");
    expect(text).toMatch(/analytics\.js \(no key\): 6 messages, last seen/);
    const unmapped = text.slice(text.indexOf("Not mapped yet"));
    expect(unmapped.indexOf("event Trial Started: 3 times")).toBeGreaterThan(-1);
    expect(unmapped.indexOf("Trial Started")).toBeLessThan(unmapped.indexOf("/blog/why-us"));
    expect(unmapped).not.toMatch(/page \/pricing:/); // mapped by default
    expect(text).toMatch(/\/pricing\* → pricing_page/);
    const labels = buttons(reply).map((b) => [b.label, b.command]);
    // A name whose words name a rule maps in one tap; any other asks which type.
    expect(labels).toContainEqual(["/compare/pricing-plans → pricing_page", '/sources map /compare/pricing-plans pricing_page']);
    expect(labels).toContainEqual(["Map Trial Started…", '/sources map "Trial Started"']);
    const chooser = await say(team.manager, '/sources map "Trial Started"');
    expect(buttons(chooser.reply).map((b) => b.command)).toContain('/sources map "Trial Started" demo_request');
  });

  it("previews a mapping's effect, changes nothing until confirmed, then re-types stored events and re-scores", async () => {
    expect((await lead("u-1")).score).toBe(15);
    const preview = await say(team.manager, '/sources map "Trial Started" demo_request');
    expect(preview.text).toMatch(/Preview: Map Trial Started → demo_request/);
    expect(preview.text).toMatch(/2 stored events of 2 leads change type, and 1 event of visitors not identified yet/);
    expect(preview.text).toMatch(/Warm\s*0 → 2/);
    expect(preview.text).toMatch(/#\d+ u-1: cold 15 → warm 55/);
    expect((await lead("u-1")).score).toBe(15);
    expect(await store.prisma.event.count({ where: { teamId: team.teamId, type: "demo_request" } })).toBe(0);

    const confirm = buttons(preview.reply).find((b) => b.label === "Confirm")!;
    const done = await say(team.manager, confirm.command);
    expect(done.text).toMatch(/Done: Trial Started now maps to demo_request\. 2 stored events re-typed, 2 leads re-scored/);
    expect((await lead("u-1")).score).toBe(55);
    expect((await lead("u-2")).score).toBe(50);
    expect(await store.prisma.anonymousEvent.findFirst({ where: { teamId: team.teamId, name: "Trial Started" } })).toMatchObject({ type: "demo_request" });
    // What arrives later is mapped as it comes, and the name is no longer offered.
    await track([{ type: "track", messageId: "t4", userId: "u-4", event: "trial started" }]);
    expect((await lead("u-4")).score).toBe(40);
    expect((await say(team.rep, "/sources")).text).not.toMatch(/event Trial Started/);
    // Identify brings the visitor's waiting activity, typed by today's mappings.
    await track([{ type: "identify", messageId: "i3", userId: "u-3", anonymousId: "v-3", traits: { email: "v3@example.com" } }]);
    expect((await lead("u-3")).score).toBe(40 + 10); // the demo request, and a visit (/compare/… is not mapped)
  });

  it("refuses a rep in the service itself, and a confirmation made stale by another change", async () => {
    const before = await store.prisma.event.findMany({ orderBy: { id: "asc" } });
    const refused = await say(team.rep, '/sources map "Trial Started" demo_request');
    expect(refused.reply.tone).toBe("refused");
    expect(refused.text).toMatch(/Only managers and admins can change source mappings/);
    const preview = await say(team.manager, '/sources map "/blog*" guide_download');
    const token = /confirm=([0-9a-f]{8})/.exec(buttons(preview.reply)[0]!.command)![1]!;
    const direct = await confirmMappingEdit(team.deps, team.rep, { kind: "map", pattern: "/blog*", type: "guide_download" }, token);
    expect(direct).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await store.prisma.event.findMany({ orderBy: { id: "asc" } })).toEqual(before);

    await say(team.otherManager, buttons((await say(team.otherManager, '/sources unmap "/careers*"')).reply)[0]!.command);
    const stale = await say(team.manager, buttons(preview.reply)[0]!.command);
    expect(stale.text).toMatch(/The mappings changed since this preview was made/);
    expect(await store.prisma.event.count({ where: { type: "guide_download" } })).toBe(0);
  });

  it.each([
    ['/sources map "/pricing*" pricing', /"pricing" is not an event type this team scores\. Map to one of: website_visit, pricing_page/],
    ['/sources map "/*" pricing_page', /The pattern "\/\*" is only wildcards/],
    ['/sources unmap "/nowhere*"', /No mapping has the pattern "\/nowhere\*"\. Mapped now: "\/pricing\*"/],
    ["/sources map", /Which path or event name\?/],
    ["/sources frob", /I don't know "\/sources frob"/],
    ['/sources map "/pricing*" pricing_page confirm=zz', /That confirmation is not one I gave/],
  ])("answers %s with a short usage line and writes nothing", async (line, words) => {
    const before = JSON.stringify(await store.prisma.team.findUniqueOrThrow({ where: { id: team.teamId } }));
    const { text } = await say(team.manager, line);
    expect(text).toMatch(words);
    expect(JSON.stringify(await store.prisma.team.findUniqueOrThrow({ where: { id: team.teamId } }))).toBe(before);
  });
});
