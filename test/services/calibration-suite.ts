import pino from "pino";
import { translator } from "../../src/i18n/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import type { Action, Reply } from "../../src/chat/reply.js";
import type { Actor } from "../../src/services/actor.js";
import { calibrationDigestSection, calibrationReport } from "../../src/services/calibration.service.js";
import { logCall } from "../../src/services/call-log.service.js";
import { composeDigest } from "../../src/services/digest-compose.service.js";
import { recordEvent } from "../../src/services/lead.service.js";
import { rescoreTeam } from "../../src/services/scoring.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { loadTeamContext } from "../../src/services/team-context.js";
import { digestSectionBlocks } from "../../src/views/digest.view.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });
const DAY = 86_400_000;

/**
 * A team whose logged results follow one signal: 16 of 20 leads that asked for a demo were won,
 * 3 of 20 that did not. Half of each group also signed up for the newsletter and most viewed the
 * pricing page; neither tells anything. Won leads bought afterwards (a purchase event after the
 * win, which must not count). The 40 decided leads are written in bulk and scored once by the
 * real re-score; two more leads go through the services a rep uses (an event, then a booked
 * meeting: no result yet).
 */
async function teamWithHistory(store: StoreHandle): Promise<TeamFixture> {
  const team = await buildTeam(store.prisma);
  const { teamId } = team;
  const now = team.time.clock();
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const plan = Array.from({ length: 40 }, (_, i) => {
    const demo = i < 20;
    const j = i % 20;
    return { i, demo, newsletter: j % 2 === 0, pricing: j % 4 !== 3, won: demo ? j < 16 : j < 3, lostAs: j % 2 ? "lost" : "not_interested" };
  });
  await store.prisma.lead.createMany({ data: plan.map(({ i }) => ({ teamId, name: `History ${i}`, email: `history${i}@example.com` })) });
  const ids = (await store.prisma.lead.findMany({ where: { teamId }, orderBy: { id: "asc" }, select: { id: true } })).map((l) => l.id);
  const events = plan.flatMap((p) => {
    const leadId = ids[p.i]!;
    const list: Array<{ teamId: number; leadId: number; type: string; occurredAt: Date }> = [];
    if (p.demo) list.push({ teamId, leadId, type: "demo_request", occurredAt: at(10) });
    if (p.newsletter) list.push({ teamId, leadId, type: "newsletter_signup", occurredAt: at(12) });
    if (p.pricing) list.push({ teamId, leadId, type: "pricing_page", occurredAt: at(11) });
    if (p.won) list.push({ teamId, leadId, type: "purchase", occurredAt: at(4) });
    return list;
  });
  await store.prisma.event.createMany({ data: events });
  await store.prisma.callLog.createMany({
    data: plan.map((p) => ({ teamId, leadId: ids[p.i]!, memberId: team.rep.memberId, outcome: p.won ? "won" : p.lostAs, loggedAt: at(5) })),
  });
  await store.store.transaction(async (tx) => rescoreTeam(tx, await loadTeamContext(tx, teamId), now));
  for (const name of ["Open Demo", "Open Newsletter"]) {
    const lead = await buildLead(team, { name });
    const type = name === "Open Demo" ? "demo_request" : "newsletter_signup";
    expect((await recordEvent(team.deps, team.rep, `#${lead.id}`, { type, occurredAt: at(2) })).ok).toBe(true);
    expect((await logCall(team.deps, team.rep, `#${lead.id}`, { outcome: "meeting_booked" })).ok).toBe(true);
  }
  return team;
}

const say = async (team: TeamFixture, actor: Actor, text: string) => {
  const reply = await handleLine(text, { deps: team.deps, actor }, log);
  return { reply, text: renderText(reply).text };
};

const actionsOf = (reply: Reply): Action[] => reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));

/** Calibration through the services and the chat command; run on PGlite and on the PostgreSQL server. */
export function calibrationSuite(kind: "pglite" | "postgres") {
  let store: StoreHandle;
  beforeAll(async () => {
    store = await createTestStore(kind);
  });
  afterAll(async () => store?.close());

  describe(`calibration on ${kind}`, () => {
    let team: TeamFixture;
    beforeAll(async () => {
      team = await teamWithHistory(store);
    });

    it("refuses a rep's /weights suggest politely", async () => {
      const { reply, text } = await say(team, team.rep, "/weights suggest");
      expect(reply.tone).toBe("refused");
      expect(text).toMatch(/Only managers and admins/);
      const direct = await calibrationReport(team.deps, team.rep);
      expect(direct.ok).toBe(false);
    });

    it("shows a manager which signals predicted deals, with sample sizes and confidence", async () => {
      const { reply, text } = await say(team, team.manager, "/weights suggest");
      expect(reply.tone).toBe("ok");
      expect(text).toMatch(/40 leads with a result \(19 won, 21 lost or not interested\); 2 without a result yet are left out/);
      const demoLine = text.split("\n").find((l) => l.includes("Demo request"))!;
      const newsletterLine = text.split("\n").find((l) => l.includes("Newsletter signup"))!;
      expect(text.indexOf(demoLine)).toBeLessThan(text.indexOf(newsletterLine));
      expect(demoLine).toMatch(/lift 5\.3× · with it 80% won of 20 .* without 15% of 20 .* · significant/);
      expect(newsletterLine).toMatch(/not significant/);
      expect(text).toMatch(/No lead had these before its result: .*purchase/);
      expect(text).toMatch(/Suggested weights/);
      expect(actionsOf(reply).map((a) => a.command)).toContainEqual(expect.stringMatching(/^\/weights suggest preview .*demo_request=\d+/));
    });

    it("says not enough data for a team with few results", async () => {
      const small = await buildTeam(store.prisma);
      for (let i = 0; i < 3; i++) {
        const lead = await buildLead(small);
        await logCall(small.deps, small.rep, `#${lead.id}`, { outcome: i === 0 ? "won" : "lost" });
      }
      const { text } = await say(small, small.manager, "/weights suggest");
      expect(text).toMatch(/Not enough data: 3 leads have a result .* at least 30 are needed/);
      expect(text).not.toMatch(/Suggested weights|lift/);
    });

    it("answers a mistyped preview with usage, and changes nothing", async () => {
      const before = await loadTeamContext(store.store.db, team.teamId);
      const { reply, text } = await say(team, team.manager, "/weights suggest preview demo_request=lots");
      expect(reply.tone).toBe("usage");
      expect(text).toMatch(/Points are a whole number/);
      expect((await loadTeamContext(store.store.db, team.teamId)).config).toEqual(before.config);
    });

    it("puts a weekly summary in the first digest of the week only", async () => {
      // 2026-06-01 is a Monday, the first of the default Mon–Fri digest days.
      const monday = await calibrationDigestSection(team.deps, team.teamId, new Date("2026-06-01T09:00:00Z"));
      // The section is data (worded at delivery, in the team's language); its English words are checked below.
      expect(monday && "summary" in monday ? monday.summary.strongest?.key : null).toBe("demo_request");
      const shown = digestSectionBlocks(monday!, translator("en"));
      expect(shown).toHaveLength(1);
      const lines = shown[0]!.type === "list" ? shown[0]!.items : [];
      expect(lines[0]).toMatch(/^Strongest signal: Demo request: won 80% with it vs 15% without/);
      expect(lines.at(-1)).toBe("/weights suggest for details");
      expect(await calibrationDigestSection(team.deps, team.teamId, new Date("2026-06-02T09:00:00Z"))).toBeNull();
    });

    it("rides along in the morning digest on Mondays", async () => {
      const titles = async (at: string) => (await composeDigest(team.deps, team.teamId, new Date(at))).extra.flatMap((section) => digestSectionBlocks(section, translator("en"))).map((b) => (b.type === "list" ? b.title : b.type));
      expect(await titles("2026-06-01T09:00:00Z")).toContain("Calibration (weekly)");
      expect(await titles("2026-06-03T09:00:00Z")).not.toContain("Calibration (weekly)");
    });
  });

  describe(`applying suggested weights on ${kind}`, () => {
    let team: TeamFixture;
    beforeAll(async () => {
      team = await teamWithHistory(store);
    });

    it("goes through preview and confirm, and nothing changes before confirm", async () => {
      const before = await loadTeamContext(store.store.db, team.teamId);
      const { reply: report } = await say(team, team.manager, "/weights suggest");
      const preview = actionsOf(report).find((a) => a.label === "Preview suggested weights")!;
      const suggested = Object.fromEntries([...preview.command.matchAll(/(\w+)=(-?\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
      expect(suggested.demo_request).toBeGreaterThanOrEqual(40);

      const { reply: shown, text } = await say(team, team.manager, preview.command);
      expect(text).toMatch(/Preview: Suggested weights: .*Demo request/);
      expect((await loadTeamContext(store.store.db, team.teamId)).config).toEqual(before.config);

      const confirm = actionsOf(shown).find((a) => a.label === "Confirm")!;
      // Only the manager who asked may confirm.
      expect((await say(team, team.otherManager, confirm.command)).reply.tone).not.toBe("ok");
      expect((await loadTeamContext(store.store.db, team.teamId)).config).toEqual(before.config);

      const { reply: done, text: confirmed } = await say(team, team.manager, confirm.command);
      expect(done.tone).toBe("ok");
      expect(confirmed).toMatch(/Scoring changed by Mia Manager: Suggested weights/);
      const after = await loadTeamContext(store.store.db, team.teamId);
      for (const [key, points] of Object.entries(suggested)) {
        expect(after.config.rules.find((r) => r.key === key)!.points, key).toBe(points);
      }
      // One change, so one undo takes it all back.
      const undo = await say(team, team.manager, "/weights undo");
      await say(team, team.manager, actionsOf(undo.reply).find((a) => a.label === "Confirm")!.command);
      expect((await loadTeamContext(store.store.db, team.teamId)).config).toEqual(before.config);
    });
  });
}
