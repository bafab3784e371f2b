import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import type { Actor } from "../../src/services/actor.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });

describe("chat commands", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  const say = async (actor: Actor, text: string) => {
    const reply = await handleLine(text, { deps: team.deps, actor }, log);
    return { reply, text: renderText(reply).text };
  };
  /** Everything a command could write, to prove a refused or mistaken command wrote nothing. */
  const footprint = async () =>
    JSON.stringify(
      await Promise.all([
        store.prisma.event.count(),
        store.prisma.callLog.count(),
        store.prisma.qualification.count(),
        store.prisma.pendingRuleChange.count(),
        store.prisma.ruleChange.count(),
        store.prisma.rule.findMany({ orderBy: { id: "asc" } }),
        store.prisma.lead.findMany({ orderBy: { id: "asc" } }),
      ]),
    );

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    await buildLead(team, { name: "Jana Novak", company: "Acme Logistics", email: "jana@acme.example" });
  });

  it.each([
    ["/weights demo_request 50"],
    ["/weights thresholds hot=70"],
    ["/weights undo"],
    ["/weights add trade_show 20"],
    ["/weights remove careers_page"],
    ["/weights make demo requests worth 50"],
  ])("refuses a rep's %s politely and writes nothing", async (text) => {
    const before = await footprint();
    const { reply, text: shown } = await say(team.rep, text);
    expect(reply.tone).toBe("refused");
    expect(shown).toMatch(/Only managers and admins/);
    expect(await footprint()).toBe(before);
  });

  it.each([["/lead constructor"], ["/lead valueOf"], ["/digest constructor"], ["/team toString"], ["/weights __proto__"]])(
    "answers %s as an unknown word, not as a bug",
    async (text) => {
      const { reply } = await say(team.manager, text);
      expect(reply.tone).toBe("usage");
    },
  );

  it.each([
    ["/log", /Which lead did you call\?/],
    ["/log jana callback", /"callback" is not a call outcome/],
    ["/lead status", /Which lead\?/],
    ["/lead frobnicate", /is not something I know/],
    ["/lead", /What should I do with leads\?/],
    ["/lead list hottest", /"hottest" is not a filter/],
    ["/lead add", /Give the lead's name/],
    ["/lead add Jo email=not-an-email", /email doesn't look right/],
    ["/weights demo abc", /"abc" is not a number of points/],
    ["/weights demo_request 45 valid=soon", /"soon" is not a duration/],
    ["/weights thresholds hot=high", /Thresholds are whole numbers/],
    ["/qualify x budget=maybe", /"maybe" is not an answer/],
    ["/qualify", /Which lead\?/],
    ["/help frob", /There is no \/frob command/],
    ["/lead assign jana", /Give the lead and the teammate/],
  ])("answers %s with usage and writes nothing", async (text, message) => {
    const before = await footprint();
    const { reply, text: shown } = await say(team.manager, text);
    expect(reply.tone).toBe("usage");
    expect(shown).toMatch(message);
    expect(shown).toMatch(/Usage: \//);
    expect(shown).not.toMatch(/Error|at .*:\d+/);
    expect(await footprint()).toBe(before);
  });

  it("offers outcome buttons when /log has no outcome", async () => {
    const { reply } = await say(team.rep, "/log jana");
    const actions = reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
    expect(actions.map((a) => a.command)).toContain(`/log #1 meeting_booked`.replace("#1", `#${(await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId } })).id}`));
    expect(actions).toHaveLength(7);
  });

  it("offers a qualification form pre-filled with what is known", async () => {
    await say(team.rep, "/qualify jana budget=yes");
    const { reply } = await say(team.rep, "/qualify jana");
    const form = reply.blocks.find((b) => b.type === "form");
    expect(form?.type === "form" && form.fields.map((f) => [f.id, f.initial])).toEqual([
      ["budget", "yes"],
      ["authority", "unknown"],
      ["need", "unknown"],
      ["timing", "unknown"],
    ]);
  });

  it("takes a lead name of several words without quotes in /log", async () => {
    const { text } = await say(team.rep, '/log Jana Novak meeting_booked "demo Tue"');
    expect(text).toMatch(/Logged meeting booked for #\d+ Jana Novak\. Score 0 → 25/);
  });

  it("shows weights to a rep but only a manager sees how to change them", async () => {
    expect((await say(team.rep, "/weights")).text).toMatch(/Managers can change these/);
    expect((await say(team.manager, "/weights")).text).toMatch(/Change one: \/weights <rule> <points>/);
  });

  it("answers an ambiguous rule with choices", async () => {
    const { reply, text } = await say(team.manager, "/weights bant 20");
    expect(text).toMatch(/could be several rules/);
    const actions = reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
    expect(actions.map((a) => a.command)).toContain("/weights bant_budget 20");
  });

  it("keeps serving after a command fails unexpectedly", async () => {
    const broken = { ...team.deps, store: new Proxy(team.deps.store, { get: () => { throw new Error("database exploded"); } }) };
    const reply = await handleLine("/lead status jana", { deps: broken, actor: team.rep }, log);
    expect(reply.tone).toBe("error");
    expect(renderText(reply).text).toMatch(/something went wrong on our side and nothing was changed/);
    expect((await say(team.rep, "/lead status jana")).text).toMatch(/Jana Novak/);
  });
});
