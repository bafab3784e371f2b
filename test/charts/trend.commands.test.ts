import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/chat/reply.js";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import { CHART_SIZE } from "../../src/charts/render.js";
import type { Actor } from "../../src/services/actor.js";
import { recordEvent } from "../../src/services/lead.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { decodePng } from "./png.js";

const log = pino({ level: "silent" });
const actionsOf = (reply: Reply) => reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));

describe("/lead trend and /team chart", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  let leadId: number;
  const say = async (actor: Actor, text: string) => {
    const reply = await handleLine(text, { deps: team.deps, actor }, log);
    return { reply, text: renderText(reply).text };
  };
  const chart = async (actor: Actor, text: string) => (await say(actor, text)).reply;

  // One team for all: only the team chart test writes, and only snapshots no other test reads.
  beforeAll(async () => {
    store = await createTestStore("pglite");
    team = await buildTeam(store.prisma);
    leadId = (await buildLead(team, { name: "Jana Novak", company: "Acme Logistics" })).id;
    team.time.set(new Date("2026-06-05T10:00:00Z"));
    await recordEvent(team.deps, team.rep, `#${leadId}`, { type: "demo_request" });
    team.time.set(new Date("2026-06-20T10:00:00Z"));
  });
  afterAll(async () => store?.close());

  it("answers with a PNG chart of the lead's score and a short summary of what moved it", async () => {
    const { reply, text } = await say(team.rep, "/lead trend jana 90");
    expect(reply.tone).toBe("ok");
    expect(text).toContain(`#${leadId} Jana Novak (Acme Logistics): 40 now (Warm), +40 over 90 days.`);
    expect(text).toMatch(/5 Jun\s+\+40\s+Demo request/);
    expect(reply.attachments).toHaveLength(1);
    const [file] = reply.attachments!;
    expect(file).toMatchObject({ filename: `trend-${leadId}.png`, contentType: "image/png" });
    const png = decodePng(file!.data);
    expect([png.width, png.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);
    // The other period is one tap away.
    expect(actionsOf(reply).map((a) => a.command)).toContain(`/lead trend #${leadId} 30`);
  });

  it("defaults to 30 days", async () => {
    const { reply, text } = await say(team.rep, `/lead trend #${leadId}`);
    expect(text).toContain("+40 over 30 days");
    expect(actionsOf(reply).map((a) => a.command)).toContain(`/lead trend #${leadId} 90`);
  });

  it.each([
    ["/lead trend jana 45", /30 or 90 days, not 45/],
    ["/lead trend jana 7d", /30 or 90 days, not 7d/],
    ["/lead trend", /Which lead\?/],
  ])("answers %s with usage and no chart", async (line, problem) => {
    const { reply, text } = await say(team.rep, line);
    expect(reply.tone).toBe("usage");
    expect(text).toMatch(problem);
    expect(text).toContain("/lead trend <lead> [30|90]");
    expect(reply.attachments).toBeUndefined();
  });

  it("offers the closest leads for an unknown one, each re-running the trend", async () => {
    const { reply, text } = await say(team.rep, "/lead trend jnaa 90");
    expect(reply.tone).toBe("error");
    expect(text).toContain('No lead matches "jnaa". Did you mean:');
    expect(actionsOf(reply)).toEqual([{ label: `#${leadId} Jana Novak (Acme Logistics)`, command: `/lead trend #${leadId} 90` }]);
    expect(reply.attachments).toBeUndefined();
  });

  it("offers the trend from /lead status", async () => {
    const { reply } = await say(team.rep, "/lead status jana");
    expect(actionsOf(reply)).toContainEqual({ label: "Trend", command: `/lead trend #${leadId} 30` });
  });

  it("sends managers the hot-leads-per-week chart", async () => {
    // Scored hot on 16 June, and on no day before.
    await store.prisma.scoreSnapshot.deleteMany({ where: { leadId } });
    await store.prisma.lead.update({ where: { id: leadId }, data: { score: 70, tier: "hot", scoredDay: new Date("2026-06-16T00:00:00Z") } });
    const reply = await chart(team.manager, "/team chart 4");
    expect(reply.tone).toBe("ok");
    expect(renderText(reply).text).toContain("Hot leads this week so far: 1 (last week: 0).");
    expect(reply.attachments?.[0]).toMatchObject({ filename: "hot-leads-per-week.png", contentType: "image/png" });
    const png = decodePng(reply.attachments![0]!.data);
    expect([png.width, png.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);
  });

  it("refuses the team chart to reps, politely and without a chart", async () => {
    const reply = await chart(team.rep, "/team chart");
    expect(reply.tone).toBe("refused");
    expect(renderText(reply).text).toMatch(/for managers and admins/);
    expect(reply.attachments).toBeUndefined();
  });

  it.each([["/team chart 0"], ["/team chart 53"], ["/team chart lots"], ["/team chart 4 8"]])("answers %s with usage", async (line) => {
    const reply = await chart(team.manager, line);
    expect(reply.tone).toBe("usage");
    expect(renderText(reply).text).toContain("/team chart [weeks]");
  });
});
