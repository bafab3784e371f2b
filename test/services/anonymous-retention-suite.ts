import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as retentionJob from "../../src/jobs/anonymous-retention.job.js";
import { anonymousRetentionCutoff, forgetExpiredAnonymousActivity } from "../../src/services/anonymous-retention.service.js";
import { ingestTracking } from "../../src/services/tracking.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const DAY = 86_400_000;

/**
 * Retention of unidentified visitors' activity (anonymous_event): the service that deletes it
 * in chunks and the daily job over every team, on one backend. Run on PGlite and on the
 * PostgreSQL server by the two *.test.ts files beside it.
 */
export function anonymousRetentionSuite(kind: "pglite" | "postgres") {
  describe(`anonymous activity retention on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    let other: TeamFixture;

    /** An ISO time `days` days before the teams' clock. */
    const daysAgo = (days: number) => new Date(team.time.clock().getTime() - days * DAY).toISOString();
    /** Page views of an anonymous visitor, one per age in days, through the real tracking service. */
    const visits = async (fixture: TeamFixture, visitor: string, ages: number[]) => {
      const result = await ingestTracking(
        fixture.deps,
        { teamId: fixture.teamId, apiKeyId: null },
        { messages: ages.map((age) => ({ type: "page", messageId: `${visitor}-${age}d`, anonymousId: visitor, properties: { path: `/docs/${age}d` }, timestamp: daysAgo(age) })) },
      );
      expect(result.accepted).toBe(ages.length);
    };
    const kept = async (fixture: TeamFixture) =>
      (await store.prisma.anonymousEvent.findMany({ where: { teamId: fixture.teamId }, orderBy: { occurredAt: "asc" } })).map((e) => e.externalId);

    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => store?.close());
    beforeEach(async () => {
      await store.prisma.team.deleteMany();
      team = await buildTeam(store.prisma, { name: "Ours" });
      other = await buildTeam(store.prisma, { name: "Theirs" });
    });

    it("deletes anonymous activity older than the retention period and keeps the recent", async () => {
      await visits(team, "v1", [400, 120, 91, 89, 1]);
      await visits(team, "v2", [95, 0]);
      const summary = await retentionJob.run(team.deps, undefined, undefined, 90);
      expect(summary.teams).toEqual([{ teamId: team.teamId, deleted: 4 }]);
      expect(await kept(team)).toEqual(["v1-89d", "v1-1d", "v2-0d"]);
      // Run again (a second instance, a restart): nothing more goes.
      expect((await retentionJob.run(team.deps, undefined, undefined, 90)).teams).toEqual([]);
      expect(await kept(team)).toHaveLength(3);
    });

    it("keeps other teams' activity when forgetting one team's", async () => {
      await visits(team, "ours", [200, 5]);
      await visits(other, "theirs", [200, 5]);
      const cutoff = anonymousRetentionCutoff(team.time.clock(), 90);
      expect(await forgetExpiredAnonymousActivity(team.deps, team.teamId, { cutoff })).toMatchObject({ deleted: 1, finished: true });
      expect(await kept(team)).toEqual(["ours-5d"]);
      expect(await kept(other)).toEqual(["theirs-200d", "theirs-5d"]);
      // The job goes through every team.
      const summary = await retentionJob.run(team.deps, undefined, undefined, 90);
      expect(summary.teams).toEqual([{ teamId: other.teamId, deleted: 1 }]);
      expect(await kept(other)).toEqual(["theirs-5d"]);
    });

    it("deletes a backlog larger than a chunk, chunk by chunk, in one run", async () => {
      await visits(team, "backlog", [700, 600, 500, 400, 300, 200, 100, 30, 10]);
      const cutoff = anonymousRetentionCutoff(team.time.clock(), 90);
      const done = await forgetExpiredAnonymousActivity(team.deps, team.teamId, { cutoff, chunk: 3 });
      // 3 + 3 + 1: the short third chunk says nothing is left.
      expect(done).toEqual({ deleted: 7, chunks: 3, finished: true });
      expect(await kept(team)).toEqual(["backlog-30d", "backlog-10d"]);
    });

    it("leaves what it has not reached for the next run once the bot is stopping", async () => {
      // Stored newest first, so deleting in storage order would take the wrong one.
      await visits(team, "late", [200, 300]);
      const cutoff = anonymousRetentionCutoff(team.time.clock(), 90);
      const stopping = new AbortController();
      // Stopping while the first chunk runs: that chunk (the oldest row) finishes, and no other starts.
      const first = forgetExpiredAnonymousActivity(team.deps, team.teamId, { cutoff, chunk: 1, signal: stopping.signal });
      stopping.abort();
      expect(await first).toEqual({ deleted: 1, chunks: 1, finished: false });
      expect(await kept(team)).toEqual(["late-200d"]);
      expect((await retentionJob.run(team.deps, undefined, stopping.signal, 90)).teams).toEqual([]);
      expect((await retentionJob.run(team.deps, undefined, undefined, 90)).teams).toEqual([{ teamId: team.teamId, deleted: 1 }]);
    });

    it("honours a shorter retention period", async () => {
      await visits(team, "short", [45, 29]);
      expect((await retentionJob.run(team.deps, undefined, undefined, 90)).teams).toEqual([]);
      expect((await retentionJob.run(team.deps, undefined, undefined, 30)).teams).toEqual([{ teamId: team.teamId, deleted: 1 }]);
      expect(await kept(team)).toEqual(["short-29d"]);
    });

    it("touches no lead's events or links: an identify after it brings over only the activity still kept", async () => {
      // A known lead's old page view, and a visitor already linked to that lead.
      await ingestTracking(team.deps, { teamId: team.teamId, apiKeyId: null }, {
        messages: [
          { type: "identify", messageId: "id-1", userId: "u-1", anonymousId: "linked", traits: { email: "ana@acme.example" } },
          { type: "page", messageId: "lead-old", userId: "u-1", properties: { path: "/pricing" }, timestamp: daysAgo(200) },
        ],
      });
      // A visitor nobody has identified yet: an old demo request and a recent pricing page view.
      await ingestTracking(team.deps, { teamId: team.teamId, apiKeyId: null }, {
        messages: [
          { type: "track", messageId: "anon-old", anonymousId: "visitor", event: "Demo Requested", timestamp: daysAgo(150) },
          { type: "page", messageId: "anon-new", anonymousId: "visitor", properties: { path: "/pricing" }, timestamp: daysAgo(2) },
        ],
      });
      await retentionJob.run(team.deps, undefined, undefined, 90);
      const ana = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, externalId: "u-1" } });
      expect((await store.prisma.event.findMany({ where: { leadId: ana.id } })).map((e) => e.externalId)).toEqual(["lead-old"]);
      expect(await store.prisma.leadAlias.count({ where: { teamId: team.teamId, kind: "anonymous", value: "linked" } })).toBe(1);

      await ingestTracking(team.deps, { teamId: team.teamId, apiKeyId: null }, {
        messages: [{ type: "identify", messageId: "id-2", userId: "u-2", anonymousId: "visitor", traits: { email: "bo@beta.example" } }],
      });
      const bo = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, externalId: "u-2" } });
      expect((await store.prisma.event.findMany({ where: { leadId: bo.id } })).map((e) => [e.externalId, e.type])).toEqual([["anon-new", "pricing_page"]]);
      expect(bo.score).toBe(15);
      expect(await kept(team)).toEqual([]);
    });
  });
}
