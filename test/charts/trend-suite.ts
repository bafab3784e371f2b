import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { logCall } from "../../src/services/call-log.service.js";
import { recordEvent } from "../../src/services/lead.service.js";
import { qualifyLead } from "../../src/services/qualify.service.js";
import { hotLeadsPerWeek, leadTrend } from "../../src/services/trend.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { failureText } from "../../src/views/failure.view.js";

/** Trend queries and services on one backend; run on PGlite and the PostgreSQL server. */
export function trendSuite(kind: "pglite" | "postgres") {
  describe(`trends on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;

    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => store?.close());
    beforeEach(async () => {
      team = await buildTeam(store.prisma);
    });

    const snapshots = async (leadId: number, rows: Array<[day: string, tier: string]>, teamId = team.teamId) => {
      await store.prisma.scoreSnapshot.deleteMany({ where: { leadId } });
      await store.prisma.scoreSnapshot.createMany({
        data: rows.map(([day, tier]) => ({ teamId, leadId, day: new Date(`${day}T00:00:00Z`), tier, score: tier === "hot" ? 70 : 10 })),
      });
    };

    it("counts the leads hot at some point in each team-local week, each lead's last tier carrying forward", async () => {
      const [a, b, c, d, f] = await Promise.all([1, 2, 3, 4, 5].map(() => buildLead(team)));
      // Today is Wednesday 3 June; three weeks back: 18 May, 25 May, 1 June (Mondays).
      team.time.set(new Date("2026-06-03T12:00:00Z"));
      await snapshots(a!.id, [["2026-05-10", "hot"]]); // hot since before the window: every week
      await snapshots(b!.id, [["2026-05-18", "warm"], ["2026-05-28", "hot"], ["2026-05-30", "warm"]]); // week of 25 May
      await snapshots(c!.id, [["2026-05-24", "hot"], ["2026-05-25", "cold"]]); // Sunday only: week of 18 May
      await snapshots(d!.id, [["2026-06-02", "hot"]]); // this week
      await snapshots(f!.id, [["2026-05-26", "hot"], ["2026-05-27", "hot"], ["2026-05-29", "warm"]]); // once, week of 25 May
      // A hot lead of another team never counts.
      const other = await buildTeam(store.prisma, { name: "Other team" });
      const stranger = await buildLead(other);
      await snapshots(stranger.id, [["2026-05-20", "hot"]], other.teamId);

      const result = await hotLeadsPerWeek(team.deps, team.manager, 3);
      expect(result.ok && result.value.weeks).toEqual([
        { weekStart: "2026-05-18", hot: 2 },
        { weekStart: "2026-05-25", hot: 3 },
        { weekStart: "2026-06-01", hot: 2 },
      ]);
      expect(result.ok && result.value.tierLabel).toBe("Hot");
    });

    it("starts weeks on the team's local Monday", async () => {
      const tokyo = await buildTeam(store.prisma, { timezone: "Asia/Tokyo" });
      const lead = await buildLead(tokyo);
      // Sunday 7 June 23:00 UTC is already Monday 8 June in Tokyo: a new week there.
      tokyo.time.set(new Date("2026-06-07T23:00:00Z"));
      await snapshots(lead.id, [["2026-06-08", "hot"]], tokyo.teamId);
      const result = await hotLeadsPerWeek(tokyo.deps, tokyo.manager, 2);
      expect(result.ok && result.value.weeks).toEqual([
        { weekStart: "2026-06-01", hot: 0 },
        { weekStart: "2026-06-08", hot: 1 },
      ]);
    });

    it("refuses the team chart to reps", async () => {
      const result = await hotLeadsPerWeek(team.deps, team.rep, 12);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.code).toBe("forbidden");
    });

    it("builds a lead's trend from what the team recorded, for anyone on the team and no one else", async () => {
      const lead = await buildLead(team, { name: "Jana Novak" }); // 1 June, score 0
      team.time.set(new Date("2026-06-05T10:00:00Z"));
      await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "demo_request" });
      team.time.set(new Date("2026-06-12T10:00:00Z"));
      await logCall(team.deps, team.rep, `#${lead.id}`, { outcome: "meeting_booked" });
      team.time.set(new Date("2026-06-15T10:00:00Z"));
      await qualifyLead(team.deps, team.rep, `#${lead.id}`, { answers: { budget: { answer: "yes" } } });
      team.time.set(new Date("2026-06-20T10:00:00Z"));

      const result = await leadTrend(team.deps, team.rep, "jana", 30);
      if (!result.ok) throw new Error(failureText(result.error));
      const trend = result.value;
      const score = (day: string) => trend.points.find((p) => p.day === day)?.score;
      expect(trend.points).toHaveLength(30);
      expect([score("2026-06-04"), score("2026-06-05"), score("2026-06-11"), score("2026-06-12"), score("2026-06-15"), score("2026-06-20")]).toEqual([
        0, 40, 40, 65, 75, 75,
      ]);
      expect(trend.markers.map((m) => [m.day, m.type, m.points])).toEqual([
        ["2026-06-05", "event", 40],
        ["2026-06-12", "call", 25],
        ["2026-06-15", "qualification", 10],
      ]);
      // The chart ends on the score the lead has stored now.
      const stored = await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
      expect(trend.current.score).toBe(stored.score);
      expect(trend.current.tier.key).toBe("hot");

      const other = await buildTeam(store.prisma, { name: "Other team" });
      const outsider = await leadTrend(other.deps, other.manager, `#${lead.id}`, 30);
      expect(!outsider.ok && outsider.error.code).toBe("not_found");
    });
  });
}
