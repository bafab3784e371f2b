import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import type { Actor } from "../../src/services/actor.js";
import { logCall } from "../../src/services/call-log.service.js";
import { buildDigest, composeDigest } from "../../src/services/digest-compose.service.js";
import { claimLead, recordEvent } from "../../src/services/lead.service.js";
import { teamStats } from "../../src/services/team-stats.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { firstCallTimes } from "../../src/store/team-stats.repository.js";
import { digestReply } from "../../src/views/digest.view.js";
import { translator } from "../../src/i18n/index.js";
import { buildLead, buildTeam } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { failureText } from "../../src/views/failure.view.js";

const log = pino({ level: "silent" });
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * A team in Prague (UTC+1 in November) with three reps, alerts at known times, and claims and
 * calls at known offsets. All times below are UTC; "now" is Wed 2 Dec 2026 10:00Z.
 *
 *  week of Mon 16 Nov (Prague):
 *   L1 alert Tue 17 Nov 09:00 (score 70). Rita claims 09:30 (acted by claim, 30m); Rita calls 10:00 (connected).
 *   L2 alert Wed 18 Nov 12:00 (70). Ron calls 14:00 meeting_booked (acted by call, 2h). Ron calls 1 Dec 15:00 won.
 *   L3 alert Thu 19 Nov 08:00 (70). Nobody acts.
 *  week of Mon 23 Nov (Prague):
 *   L4 alert Sun 22 Nov 23:30 = Mon 23 Nov 00:30 in Prague, so it is in this week (in UTC it
 *      would be in the week before). Score 85 (pricing page 15 + demo 40 first, the quote's 30
 *      makes it cross). Rita claims Mon 23 Nov 08:00 (8h30m); Rita calls 09:30 meeting_booked;
 *      Ron calls Tue 24 Nov 23:30 connected (exactly 24h after the alert).
 *   L5–L8 alerts Tue 24 Nov 10:00, 11:00, 12:00, 13:00 (70). Nobody acts.
 *  week of Mon 30 Nov (this week):
 *   L9  alert Mon 30 Nov 09:00 (70). Ron claims 09:15 (15m); Ron calls 11:00 meeting_booked;
 *       Rita calls Tue 1 Dec 10:15 won (25h15m after the alert).
 *   L10 alert Tue 1 Dec 08:00 (70). Rita calls 08:45 no_answer (acted by call, 45m).
 *  Sam (a rep) does nothing.
 */
async function buildFixture(store: StoreHandle) {
  const team = await buildTeam(store.prisma, { name: "Prague sales", timezone: "Europe/Prague" });
  const row = await store.prisma.member.create({
    data: { teamId: team.teamId, platform: "console", externalId: "sam", displayName: "Sam Silent", role: "rep" },
  });
  const sam: Actor = { teamId: team.teamId, memberId: row.id, role: "rep", name: "Sam Silent" };
  const rita = team.rep;
  const ron = team.otherRep;
  const at = (iso: string) => team.time.set(new Date(iso));
  const hot = async (iso: string, types = ["demo_request", "quote_request"]) => {
    at(iso);
    const lead = await buildLead(team);
    for (const type of types) {
      const done = await recordEvent(team.deps, team.manager, `#${lead.id}`, { type });
      if (!done.ok) throw new Error(failureText(done.error));
    }
    return lead.id;
  };
  const claim = async (actor: Actor, id: number, iso: string) => {
    at(iso);
    const done = await claimLead(team.deps, actor, `#${id}`);
    if (!done.ok) throw new Error(failureText(done.error));
  };
  const call = async (actor: Actor, id: number, outcome: string, iso: string) => {
    at(iso);
    const done = await logCall(team.deps, actor, `#${id}`, { outcome });
    if (!done.ok) throw new Error(failureText(done.error));
  };

  const l1 = await hot("2026-11-17T09:00:00Z");
  await claim(rita, l1, "2026-11-17T09:30:00Z");
  await call(rita, l1, "connected", "2026-11-17T10:00:00Z");
  const l2 = await hot("2026-11-18T12:00:00Z");
  await call(ron, l2, "meeting_booked", "2026-11-18T14:00:00Z");
  const l3 = await hot("2026-11-19T08:00:00Z");
  const l4 = await hot("2026-11-22T23:30:00Z", ["pricing_page", "demo_request", "quote_request"]);
  await claim(rita, l4, "2026-11-23T08:00:00Z");
  await call(rita, l4, "meeting_booked", "2026-11-23T09:30:00Z");
  await call(ron, l4, "connected", "2026-11-24T23:30:00Z");
  const quiet: number[] = [];
  for (const hour of ["10", "11", "12", "13"]) quiet.push(await hot(`2026-11-24T${hour}:00:00Z`));
  const l9 = await hot("2026-11-30T09:00:00Z");
  await claim(ron, l9, "2026-11-30T09:15:00Z");
  await call(ron, l9, "meeting_booked", "2026-11-30T11:00:00Z");
  const l10 = await hot("2026-12-01T08:00:00Z");
  await call(rita, l10, "no_answer", "2026-12-01T08:45:00Z");
  await call(rita, l9, "won", "2026-12-01T10:15:00Z");
  await call(ron, l2, "won", "2026-12-01T15:00:00Z");
  at("2026-12-02T10:00:00Z");

  const alerts = await store.prisma.alert.findMany({ where: { teamId: team.teamId }, orderBy: { id: "asc" } });
  // The fixture itself: one alert per lead, at the times and scores the comment says.
  expect(alerts.map((a) => [a.leadId, a.createdAt.toISOString(), a.score])).toEqual([
    [l1, "2026-11-17T09:00:00.000Z", 70],
    [l2, "2026-11-18T12:00:00.000Z", 70],
    [l3, "2026-11-19T08:00:00.000Z", 70],
    [l4, "2026-11-22T23:30:00.000Z", 85],
    ...quiet.map((id, i) => [id, `2026-11-24T${10 + i}:00:00.000Z`, 70]),
    [l9, "2026-11-30T09:00:00.000Z", 70],
    [l10, "2026-12-01T08:00:00.000Z", 70],
  ]);
  return { team, rita, ron, sam, lead: { l1, l2, l3, l4, l9, l10, quiet } };
}

type Fixture = Awaited<ReturnType<typeof buildFixture>>;

export function teamStatsSuite(kind: "pglite" | "postgres") {
  describe(`team stats and alert usefulness on ${kind}`, () => {
    let store: StoreHandle;
    let f: Fixture;
    const say = async (actor: Actor, text: string) => {
      const reply = await handleLine(text, { deps: f.team.deps, actor }, log);
      return { reply, text: renderText(reply).text };
    };

    beforeAll(async () => {
      store = await createTestStore(kind);
      f = await buildFixture(store);
    }, 60_000);
    afterAll(async () => store?.close());

    it("counts alerts sent and acted on over the last 30 days, and how each was acted on", async () => {
      const result = await teamStats(f.team.deps, f.team.manager, "30d");
      if (!result.ok) throw new Error(failureText(result.error));
      const s = result.value;
      // 30 days back from 2 Dec 10:00 is 2 Nov 10:00: all ten alerts. Acted: L1, L2, L4, L9, L10.
      // Times to act: 30m, 2h, 8h30m, 15m, 45m → sorted 15, 30, 45, 120, 510 min → median 45m.
      expect(s.alerts).toEqual({ sent: 10, acted: 5, share: 0.5, medianToActMs: 45 * MIN, byClaim: 3, byCall: 2 });
      const byLead = new Map(s.recent.map((a) => [a.leadId, a]));
      expect(s.recent.map((a) => a.leadId)).toEqual([f.lead.l10, f.lead.l9, ...[...f.lead.quiet].reverse(), f.lead.l4, f.lead.l3]);
      expect(byLead.get(f.lead.l4)).toMatchObject({ actedBy: "Rita Rep", how: "claim", actedAt: new Date("2026-11-23T08:00:00Z") });
      expect(byLead.get(f.lead.l10)).toMatchObject({ actedBy: "Rita Rep", how: "call", actedAt: new Date("2026-12-01T08:45:00Z") });
      expect(byLead.get(f.lead.l3)).toMatchObject({ actedAt: null, actedBy: null, how: null });
    });

    it("buckets alerts into the team's local weeks, Monday first, with share and median time to act", async () => {
      const result = await teamStats(f.team.deps, f.team.manager, "30d");
      if (!result.ok) throw new Error(failureText(result.error));
      const weeks = result.value.weeks.map((w) => [w.week, w.sent, w.acted, w.share, w.medianToActMs]);
      // 16 Nov: L1, L2, L3 → 2 of 3; times 30m and 2h → median (30 + 120) / 2 = 75m (an even count).
      // 23 Nov: L4 (Sunday 23:30 UTC is Monday 00:30 in Prague) and L5–L8 → 1 of 5, 8h30m.
      // 30 Nov (so far): L9, L10 → 2 of 2; 15m and 45m → 30m.
      expect(weeks).toEqual([
        ["2026-11-02", 0, 0, null, null],
        ["2026-11-09", 0, 0, null, null],
        ["2026-11-16", 3, 2, 2 / 3, 75 * MIN],
        ["2026-11-23", 5, 1, 1 / 5, 8.5 * HOUR],
        ["2026-11-30", 2, 2, 1, 30 * MIN],
      ]);
    });

    it("gives each rep hot leads claimed, median alert → first call, meetings and wins; a rep with no calls has no time", async () => {
      const result = await teamStats(f.team.deps, f.team.manager, "30d");
      if (!result.ok) throw new Error(failureText(result.error));
      const reps = result.value.reps.map((r) => [r.name, r.hotClaimed, r.medianFirstCallMs, r.firstCalls, r.meetings, r.won]);
      // Rita: claimed L1, L4 → 2. First calls: L1 1h, L4 10h, L9 25h15m, L10 45m
      //   → sorted 45, 60, 600, 1515 min → median (60 + 600) / 2 = 330 min = 5h30m (even count).
      //   Meetings: L4 → 1. Won: L9 → 1.
      // Ron: claimed L9 → 1. First calls: L2 2h, L4 24h, L9 2h → sorted 120, 120, 1440 → 2h.
      //   Meetings: L2, L9 → 2. Won: L2 → 1.
      // Sam: nothing, and no first call at all (null, shown as —), not 0.
      // Order: won, then meetings, then claimed: Ron (1, 2), Rita (1, 1), Sam.
      expect(reps).toEqual([
        ["Ron Rep", 1, 2 * HOUR, 3, 2, 1],
        ["Rita Rep", 2, 5.5 * HOUR, 4, 1, 1],
        ["Sam Silent", 0, null, 0, 0, 0],
      ]);
    });

    it("narrows rep stats to the period asked for", async () => {
      const result = await teamStats(f.team.deps, f.team.manager, "week");
      if (!result.ok) throw new Error(failureText(result.error));
      // This week in Prague starts Mon 30 Nov 00:00 = Sun 29 Nov 23:00 UTC: alerts L9 and L10.
      expect(result.value.range.from).toEqual(new Date("2026-11-29T23:00:00Z"));
      expect(result.value.alerts).toMatchObject({ sent: 2, acted: 2 });
      // Rita: first calls L9 25h15m, L10 45m → (45 + 1515) / 2 = 780 min = 13h; won L9.
      // Ron: claimed L9; first call L9 2h; meeting L9; won L2 (logged 1 Dec, alert long before).
      expect(result.value.reps.map((r) => [r.name, r.hotClaimed, r.medianFirstCallMs, r.meetings, r.won])).toEqual([
        ["Ron Rep", 1, 2 * HOUR, 1, 1],
        ["Rita Rep", 0, 13 * HOUR, 0, 1],
        ["Sam Silent", 0, null, 0, 0],
      ]);
    });

    it("shows /team stats to a manager as a message, and suggests a higher threshold after a week of ignored alerts", async () => {
      const { reply, text } = await say(f.team.manager, "/team stats");
      expect(reply.tone).toBe("ok");
      expect(text).toMatch(/Team stats · last 30 days/);
      expect(text).toMatch(/Hot alerts sent\s+10/);
      expect(text).toMatch(/Acted on\s+5 \(50%\)/);
      expect(text).toMatch(/• Ron Rep: 1 hot claimed · 2 meetings · 1 won · first call 2h\n/);
      expect(text).toMatch(/• Rita Rep: 2 hot claimed · 1 meeting · 1 won · first call 5h 30m\n/);
      expect(text).toMatch(/• Sam Silent: 0 hot claimed · 0 meetings · 0 won · first call —\n/);
      expect(text).toMatch(/Week of 16 Nov: 3 sent · 2 acted on \(67%\) · median time to act 1h 15m/);
      expect(text).toMatch(/Week of 30 Nov \(so far\): 2 sent · 2 acted on \(100%\)/);
      expect(text).toMatch(new RegExp(`#${f.lead.l4} \\S+ \\S+ · 85 · 23 Nov, 00:30 · claimed by Rita Rep after 8h 30m`));
      expect(text).toMatch(new RegExp(`#${f.lead.l3} \\S+ \\S+ · 70 · 19 Nov, 09:00 · not acted on`));
      // 23 Nov is the only recent complete week with ≥ 5 alerts; 1 of 5 acted on is under half.
      // The acted-on alert scored 85, so 85 is suggested (above today's 60).
      expect(text).toMatch(/only 1 of 5 hot alerts in the week of 23 Nov were acted on \(20%\)\. Consider raising the hot threshold from 60 to 85\. The one alert acted on scored 85 or more\./);
      expect(text).toMatch(/\[\d+\] Preview hot=85\s+\(\/weights thresholds hot=85\)/);
    });

    it("offers other periods and the chart, and /team chart answers with the picture", async () => {
      const { reply } = await say(f.team.manager, "/team stats 7d");
      const actions = reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions.map((a) => a.command) : []));
      expect(actions).toEqual(["/weights thresholds hot=85", "/team stats 30d", "/team stats 90d", "/team chart"]);
      const chart = await say(f.team.manager, "/team chart 4");
      expect(chart.reply.attachments?.[0]?.contentType).toBe("image/png");
    });

    it("refuses /team stats to a rep", async () => {
      const { reply, text } = await say(f.rita, "/team stats");
      expect(reply.tone).toBe("refused");
      expect(text).toMatch(/Team stats are for managers and admins/);
      expect(text).not.toMatch(/Rita Rep: \d/);
      const direct = await teamStats(f.team.deps, f.sam, "7d");
      expect(direct.ok === false && direct.error.code).toBe("forbidden");
    });

    it.each([
      ["/team stats 14d", /"14d" is not a period\. Use 7d, 30d, 90d, week, month or quarter/],
      ["/team stats 7d 30d", /Give one period/],
      ["/team numbers", /"numbers" is not something \/team does/],
    ])("answers %s with usage", async (line, message) => {
      const { reply, text } = await say(f.team.manager, line);
      expect(reply.tone).toBe("usage");
      expect(text).toMatch(message);
      expect(text).toMatch(/Usage: \/team stats \[7d\|30d\|90d\|week\|month\|quarter\]/);
    });

    it("adds last week per rep and the fatigue suggestion to the morning digest", async () => {
      const digest = await composeDigest(f.team.deps, f.team.teamId, f.team.time.clock());
      // Last 7 days = from 25 Nov 10:00: same numbers as "this week" above (nothing else
      // happened between 25 and 29 Nov).
      expect(digest.activity.reps.map((r) => [r.name, r.hotClaimed, r.medianFirstCallMs, r.meetings, r.won])).toEqual([
        ["Ron Rep", 1, 2 * HOUR, 1, 1],
        ["Rita Rep", 0, 13 * HOUR, 0, 1],
        ["Sam Silent", 0, null, 0, 0],
      ]);
      expect(digest.activity.fatigue).toMatchObject({ sent: 5, acted: 1, currentHot: 60, suggestedHot: 85, command: "/weights thresholds hot=85" });
      const { text } = renderText(digestReply(await buildDigest(f.team.deps, f.team.teamId, f.team.time.clock(), { mode: "preview" }), translator("en")));
      expect(text).toMatch(/Per rep, last 7 days:\s+• Ron Rep: 1 hot claimed · 1 meeting · 1 won · first call 2h\s+• Rita Rep: 0 hot claimed · 0 meetings · 1 won · first call 13h\s+• Sam Silent: 0 hot claimed · 0 meetings · 0 won · first call —/);
      expect(text).toMatch(/Hot alerts in the last 7 days: 2 sent, 2 acted on \(100%\), median time to act 30m/);
      expect(text).toMatch(/Alert fatigue: only 1 of 5 hot alerts/);
      expect(text).toMatch(/\/weights thresholds hot=85/);
    });

    it("leaves the suggestion out of the digest when exactly half of the alerts were acted on", async () => {
      // Stored state only (the rule reads the alert table): six alerts in the week of 23 Nov, three acted on = 50%.
      const team = await buildTeam(store.prisma, { name: "Half", timezone: "Europe/Prague" });
      team.time.set(new Date("2026-12-02T10:00:00Z"));
      for (let i = 0; i < 6; i++) {
        const lead = await store.prisma.lead.create({ data: { teamId: team.teamId, name: `Half ${i}` } });
        const createdAt = new Date(Date.UTC(2026, 10, 24, 10 + i));
        const acted = i % 2 === 0 ? { actedAt: new Date(createdAt.getTime() + HOUR), actedById: team.rep.memberId } : {};
        await store.prisma.alert.create({ data: { teamId: team.teamId, leadId: lead.id, score: 70, reasons: [], createdAt, ...acted } });
      }
      const digest = await composeDigest(team.deps, team.teamId, team.time.clock());
      expect(digest.activity.fatigue).toBeNull();
      const { text } = renderText(digestReply(await buildDigest(team.deps, team.teamId, team.time.clock(), { mode: "preview" }), translator("en")));
      expect(text).toMatch(/Per rep, last 7 days:/);
      expect(text).not.toMatch(/Alert fatigue/);
      expect(text).not.toMatch(/\/weights thresholds/);
    });

    it("starts a new first-call clock when a lead crosses into hot again", async () => {
      const team = await buildTeam(store.prisma, { name: "Recross" });
      const lead = await store.prisma.lead.create({ data: { teamId: team.teamId, name: "Twice Hot" } });
      const alert = (iso: string) => store.prisma.alert.create({ data: { teamId: team.teamId, leadId: lead.id, score: 70, reasons: [], createdAt: new Date(iso) } });
      const call = (memberId: number, iso: string) =>
        store.prisma.callLog.create({ data: { teamId: team.teamId, leadId: lead.id, memberId, outcome: "connected", loggedAt: new Date(iso) } });
      const first = await alert("2026-12-01T08:00:00Z");
      const second = await alert("2026-12-01T12:00:00Z");
      await call(team.otherRep.memberId, "2026-12-01T09:00:00Z"); // Ron: 1h after the first alert
      await call(team.rep.memberId, "2026-12-01T13:00:00Z"); // Rita: 1h after the second, not 5h after the first
      await call(team.rep.memberId, "2026-12-01T14:00:00Z"); // not her first call on the second alert
      const times = await firstCallTimes(store.store.db, team.teamId, new Date("2026-11-30T00:00:00Z"), new Date("2026-12-02T00:00:00Z"));
      expect(times).toEqual([
        { alertId: first.id, memberId: team.otherRep.memberId, ms: HOUR },
        { alertId: second.id, memberId: team.rep.memberId, ms: HOUR },
      ]);
    });

    it("appends extra digest sections in order, and a failing one leaves a note instead of stopping the digest", async () => {
      const digest = await composeDigest(f.team.deps, f.team.teamId, f.team.time.clock(), [
        async (_deps, teamId) => ({ section: "calibration", lines: [`Calibration for team ${teamId}`] }),
        async () => {
          throw new Error("boom");
        },
        async () => null,
      ]);
      expect(digest.extra).toEqual([{ section: "calibration", lines: [`Calibration for team ${f.team.teamId}`] }, { section: "unavailable" }]);
      const { text } = renderText(digestReply({ digest, mode: "preview" }, translator("en")));
      expect(text).toMatch(
        /Per rep, last 7 days:[\s\S]*Calibration \(weekly\):\n {2}• Calibration for team \d+\n {2}• \/weights suggest for details\n {2}One section of this digest could not be built today\.\n {2}Preview: nothing was posted\./,
      );
    });
  });
}
