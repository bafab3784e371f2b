import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CommandContext } from "../../commands/types.js";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import type { Actor } from "../../src/services/actor.js";
import type { StoreHandle } from "../../src/store/client.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { storedReply } from "../support/outbox.js";

const log = pino({ level: "silent" });
const SALES: CommandContext["place"] = { platform: "slack", channelId: "C-SALES" };

describe("/digest", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  const say = async (actor: Actor, text: string, place: CommandContext["place"] = SALES) => {
    const reply = await handleLine(text, { deps: team.deps, actor, ...(place ? { place } : {}) }, log);
    return { reply, text: renderText(reply).text };
  };
  const settings = () =>
    store.prisma.team.findUniqueOrThrow({
      where: { id: team.teamId },
      select: { digestTime: true, digestDays: true, digestChannel: true, channelPlatform: true },
    });
  const digests = () => store.prisma.outbox.findMany({ where: { teamId: team.teamId, kind: "digest" }, orderBy: { id: "asc" } });

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    team = await buildTeam(store.prisma, { name: "Sales" });
    const lead = await buildLead(team, { name: "Jana Novak", company: "Acme" });
    await handleLine(`/lead event #${lead.id} demo_request`, { deps: team.deps, actor: team.manager }, log);
  });

  it("says digests are off until a channel is set, and shows the settings once it is", async () => {
    expect((await say(team.rep, "/digest")).text).toMatch(/Scheduled morning digests are not switched on yet[\s\S]*09:00 UTC, Mon–Fri/);
    await setTeamChannel(store.store.db, team.teamId, "slack", "C-SALES");
    const { text } = await say(team.rep, "/digest");
    expect(text).toMatch(/morning digests go out at 09:00 UTC, Mon–Fri, to the Slack chat C-SALES/);
    expect(text).toMatch(/Not sent yet/);
    expect(text).toMatch(/Managers can change these/);
  });

  it("previews the digest to anyone and posts nothing", async () => {
    await setTeamChannel(store.store.db, team.teamId, "slack", "C-SALES");
    const { reply, text } = await say(team.rep, "/digest preview");
    expect(reply).toMatchObject({ tone: "ok", visibility: "ephemeral" });
    expect(text).toMatch(/Morning digest · Sales · Mon 1 Jun \(preview\)/);
    expect(text).toMatch(/Preview: nothing was posted/);
    expect(await digests()).toHaveLength(0);
    expect(await store.prisma.jobRun.count({ where: { teamId: team.teamId } })).toBe(0);
  });

  it("lets a manager move the digest time and validates it", async () => {
    const { reply, text } = await say(team.manager, "/digest time 8:30");
    expect(reply.tone).toBe("ok");
    expect(text).toMatch(/now goes out at 08:30 UTC/);
    expect((await settings()).digestTime).toBe("08:30");
    for (const bad of ["/digest time 25:00", "/digest time soon", "/digest time"]) {
      const answer = await say(team.manager, bad);
      expect(answer.reply.tone, bad).not.toBe("ok");
      expect(answer.text, bad).toMatch(/HH:MM|time/);
    }
    expect((await settings()).digestTime).toBe("08:30");
  });

  it("lets a manager choose the days", async () => {
    expect((await say(team.manager, "/digest days mon,wed,fri")).text).toMatch(/now goes out Mon, Wed, Fri/);
    expect((await settings()).digestDays).toBe("1,3,5");
    expect((await say(team.manager, "/digest days someday")).reply.tone).toBe("error");
    expect((await settings()).digestDays).toBe("1,3,5");
  });

  it.each([["/digest time 08:30"], ["/digest days daily"], ["/digest channel"], ["/digest now"]])("refuses a rep's %s and changes nothing", async (text) => {
    const before = JSON.stringify([await settings(), await digests()]);
    const { reply, text: shown } = await say(team.rep, text);
    expect(reply.tone).toBe("refused");
    expect(shown).toMatch(/Only managers and admins/);
    expect(JSON.stringify([await settings(), await digests()])).toBe(before);
  });

  it("points alerts and the digest at the chat the manager typed in, but not the console", async () => {
    const { text } = await say(team.manager, "/digest channel", { platform: "telegram", channelId: "-100123" });
    expect(text).toMatch(/will be posted here/);
    expect(await settings()).toMatchObject({ digestChannel: "-100123", channelPlatform: "telegram" });
    const console = await say(team.manager, "/digest channel", { platform: "console", channelId: "local" });
    expect(console.reply.tone).toBe("error");
    expect(console.text).toMatch(/Slack channel or a Telegram group/);
    expect(await settings()).toMatchObject({ digestChannel: "-100123", channelPlatform: "telegram" });
  });

  it("sends today's digest now, then an extra one on request, and never twice in a minute", async () => {
    expect((await say(team.manager, "/digest now")).text).toMatch(/no channel yet/);
    await setTeamChannel(store.store.db, team.teamId, "slack", "C-SALES");
    expect((await say(team.manager, "/digest now")).text).toMatch(/Today's digest is on its way/);
    expect((await say(team.manager, "/digest now")).text).toMatch(/already went out; an extra/);
    expect((await say(team.manager, "/digest now")).text).toMatch(/just posted on request/);
    const rows = await digests();
    expect(rows.map((r) => r.dedupeKey)).toEqual([`digest:${team.teamId}:2026-06-01`, `digest:${team.teamId}:2026-06-01:request:0900`]);
    expect(JSON.stringify(storedReply(rows[1]!.payload))).toMatch(/\(on request\)[\s\S]*Sent on request by Mia Manager/);
    expect(await store.prisma.jobRun.count({ where: { teamId: team.teamId } })).toBe(1);
  });

  it("answers an unknown subcommand with usage", async () => {
    const { reply, text } = await say(team.manager, "/digest tomorrow");
    expect(reply.tone).toBe("usage");
    expect(text).toMatch(/Usage: \/digest/);
  });
});
