import cron from "node-cron";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as retentionJob from "../../src/jobs/anonymous-retention.job.js";
import * as digestJob from "../../src/jobs/digest.job.js";
import * as rescoreJob from "../../src/jobs/rescore.job.js";
import { silentLog } from "../../src/jobs/job-log.js";
import { startJobs, type JobsHandle } from "../../src/jobs/scheduler.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { recordEvent } from "../../src/services/lead.service.js";
import { ingestTracking } from "../../src/services/tracking.service.js";
import { openStore, type StoreHandle } from "../../src/store/client.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { buildLead, buildTeam, serviceDeps, testClock, type TeamFixture } from "../support/builders.js";
import { createTestStore, postgresAvailable, TEST_DATABASE_URL } from "../support/db.js";
import { storedReply } from "../support/outbox.js";

const MONDAY_0900 = new Date("2026-06-01T09:00:00Z");

/** A team with a channel and one hot lead, on `store`. */
async function teamWithChannel(store: StoreHandle, options: { name?: string; timezone?: string } = {}): Promise<TeamFixture> {
  const team = await buildTeam(store.prisma, options);
  await setTeamChannel(store.store.db, team.teamId, "slack", `C-${team.teamId}`);
  const lead = await buildLead(team, { name: "Hot Lead" });
  for (const type of ["demo_request", "quote_request"]) await recordEvent(team.deps, team.manager, `#${lead.id}`, { type });
  return team;
}

/** An anonymous visitor's page views, one per age in days before `deps`' clock. */
async function anonymousVisits(deps: ServiceDeps, teamId: number, ages: number[]): Promise<void> {
  const at = (days: number) => new Date(deps.clock().getTime() - days * 86_400_000).toISOString();
  const messages = ages.map((age, i) => ({ type: "page", messageId: `visit-${i}`, anonymousId: "visitor", properties: { path: "/docs" }, timestamp: at(age) }));
  expect((await ingestTracking(deps, { teamId, apiKeyId: null }, { messages })).accepted).toBe(ages.length);
}
const anonymousCount = (store: StoreHandle, teamId: number) => store.prisma.anonymousEvent.count({ where: { teamId } });

const digestRows = (store: StoreHandle, teamId: number) => store.prisma.outbox.findMany({ where: { teamId, kind: "digest" } });
const headerOf = (row: { payload: unknown }) => {
  const first = storedReply(row.payload).blocks[0];
  return first && "text" in first ? first.text : "";
};

describe("scheduled jobs on PGlite", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  const time = testClock(MONDAY_0900);
  let deps: ServiceDeps;
  const handles: JobsHandle[] = [];

  beforeAll(async () => {
    store = await createTestStore("pglite");
    deps = serviceDeps(store, time.clock);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    await store.prisma.team.deleteMany();
    time.set(MONDAY_0900);
    team = await teamWithChannel(store);
  });
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.stop();
  });

  it("posts the digest once at digest time, however often the check runs", async () => {
    time.set(new Date("2026-06-01T08:59:00Z"));
    expect((await digestJob.run(deps)).sent).toEqual([]);
    time.set(MONDAY_0900);
    expect((await digestJob.run(deps)).sent).toEqual([{ teamId: team.teamId, localDate: "2026-06-01", late: false }]);
    time.set(new Date("2026-06-01T09:01:00Z"));
    expect((await digestJob.run(deps)).sent).toEqual([]);
    const rows = await digestRows(store, team.teamId);
    expect(rows).toHaveLength(1);
    expect(headerOf(rows[0]!)).not.toMatch(/late/);
  });

  it("does not post on weekends by default", async () => {
    time.set(new Date("2026-06-06T10:00:00Z")); // Saturday
    expect((await digestJob.run(deps)).sent).toEqual([]);
    time.set(new Date("2026-06-07T10:00:00Z")); // Sunday
    expect((await digestJob.run(deps)).sent).toEqual([]);
    expect(await digestRows(store, team.teamId)).toHaveLength(0);
  });

  it("posts at each team's own local time", async () => {
    const tokyo = await teamWithChannel(store, { name: "Tokyo", timezone: "Asia/Tokyo" });
    time.set(new Date("2026-06-01T00:00:00Z")); // 09:00 Monday in Tokyo, midnight in UTC
    expect((await digestJob.run(deps)).sent).toEqual([{ teamId: tokyo.teamId, localDate: "2026-06-01", late: false }]);
    time.set(MONDAY_0900);
    expect((await digestJob.run(deps)).sent).toEqual([{ teamId: team.teamId, localDate: "2026-06-01", late: false }]);
    expect(await digestRows(store, tokyo.teamId)).toHaveLength(1);
    expect(await digestRows(store, team.teamId)).toHaveLength(1);
  });

  it("leaves the teams it has not reached for the next run once the bot is stopping", async () => {
    const stopping = AbortSignal.abort();
    expect((await digestJob.run(deps, undefined, stopping)).sent).toEqual([]);
    expect(await digestRows(store, team.teamId)).toHaveLength(0);
    // The next start's run sends it.
    expect((await digestJob.run(deps)).sent).toEqual([{ teamId: team.teamId, localDate: "2026-06-01", late: false }]);
  });

  it("keeps going for the other teams when one team's digest fails", async () => {
    const other = await teamWithChannel(store, { name: "Other" });
    // A broken time zone makes this team's digest throw; the other team still gets its digest.
    await store.prisma.team.update({ where: { id: team.teamId }, data: { timezone: "Not/AZone" } });
    const summary = await digestJob.run(deps);
    expect(summary.failed).toEqual([team.teamId]);
    expect(summary.sent).toEqual([{ teamId: other.teamId, localDate: "2026-06-01", late: false }]);
  });

  it("after a restart past digest time, posts the missed digest once at start-up, marked late", async () => {
    time.set(new Date("2026-06-01T11:30:00Z"));
    const first = startJobs({ deps, log: silentLog });
    handles.push(first);
    await first.startup;
    const second = startJobs({ deps, log: silentLog }); // another restart the same day
    handles.push(second);
    await second.startup;
    const rows = await digestRows(store, team.teamId);
    expect(rows).toHaveLength(1);
    expect(headerOf(rows[0]!)).toMatch(/Morning digest · Test Team · Mon 1 Jun \(late\)/);
    expect(await store.prisma.jobRun.findMany({ where: { teamId: team.teamId } })).toEqual([
      expect.objectContaining({ job: "digest", runKey: `${team.teamId}:2026-06-01`, status: "done", detail: expect.objectContaining({ late: true }) }),
    ]);
  });

  it("re-scores a lead whose points expired, with no new event", async () => {
    const lead = await buildLead(team, { name: "Pricing Only" });
    await recordEvent(team.deps, team.manager, `#${lead.id}`, { type: "pricing_page" });
    expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).score).toBe(15);
    time.advanceDays(30);
    const summary = await rescoreJob.run(deps);
    expect(summary.teams).toEqual([expect.objectContaining({ teamId: team.teamId, changed: 1 })]);
    expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).score).toBe(0);
    expect((await rescoreJob.run(deps)).teams).toEqual([]);
  });

  it("deletes expired anonymous activity at start-up and then once a day, keeping ANONYMOUS_RETENTION_DAYS of it", async () => {
    await anonymousVisits(deps, team.teamId, [120, 40, 20]);
    const jobs = startJobs({ deps, log: silentLog, options: { rescore: false, digest: false, anonymousRetentionDays: 30 } });
    handles.push(jobs);
    await jobs.startup;
    expect(await anonymousCount(store, team.teamId)).toBe(1);
    const task = [...cron.getTasks().values()].find((t) => t.name === "anonymous-retention" && t.getStatus() !== "destroyed");
    expect(task).toBeDefined();
    const [next, after] = task!.getNextRuns(2);
    expect(after!.getTime() - next!.getTime()).toBe(86_400_000);
  });
});

describe.runIf(await postgresAvailable())("scheduled jobs with two instances on one PostgreSQL database", () => {
  let primary: StoreHandle;
  let secondary: StoreHandle;
  const time = testClock(MONDAY_0900);
  let a: ServiceDeps;
  let b: ServiceDeps;

  beforeAll(async () => {
    primary = await createTestStore("postgres");
    const [row] = await primary.sql.query<{ schema: string }>("SELECT current_schema() AS schema");
    // A second instance: its own pool and Prisma client on the same schema.
    secondary = await openStore({ databaseUrl: TEST_DATABASE_URL, schema: row!.schema });
    a = serviceDeps(primary, time.clock);
    b = serviceDeps(secondary, time.clock);
  });
  afterAll(async () => {
    await secondary?.close();
    await primary?.close();
  });
  beforeEach(async () => {
    await primary.prisma.team.deleteMany();
    time.set(MONDAY_0900);
  });

  it("posts one digest when both instances check at digest time", async () => {
    const team = await teamWithChannel(primary);
    const [first, second] = await Promise.all([digestJob.run(a), digestJob.run(b)]);
    expect([...first.sent, ...second.sent]).toEqual([{ teamId: team.teamId, localDate: "2026-06-01", late: false }]);
    expect(await digestRows(primary, team.teamId)).toHaveLength(1);
    expect(await primary.prisma.jobRun.count({ where: { teamId: team.teamId } })).toBe(1);
  });

  it("posts the missed digest once, marked late, when both instances restart after digest time", async () => {
    const team = await teamWithChannel(primary);
    time.set(new Date("2026-06-01T10:15:00Z"));
    const handles = [startJobs({ deps: a, log: silentLog }), startJobs({ deps: b, log: silentLog })];
    await Promise.all(handles.map((h) => h.startup));
    await Promise.all(handles.map((h) => h.stop()));
    const rows = await digestRows(primary, team.teamId);
    expect(rows).toHaveLength(1);
    expect(headerOf(rows[0]!)).toMatch(/\(late\)$/);
  });

  it("re-scores a due lead once, with one alert, when both instances run the re-score job", async () => {
    const team = await buildTeam(primary.prisma);
    await setTeamChannel(primary.store.db, team.teamId, "slack", "C-SALES");
    team.time.set(MONDAY_0900);
    // A repeat buyer becomes hot by itself along the buying cycle.
    const lead = await buildLead(team, { name: "Repeat Buyer", lastPurchaseAt: MONDAY_0900, cycleDays: 90 });
    time.set(new Date(MONDAY_0900.getTime() + 90 * 86_400_000));
    const [first, second] = await Promise.all([rescoreJob.run(a), rescoreJob.run(b)]);
    const handled = [...first.teams, ...second.teams].filter((t) => t.teamId === team.teamId && t.changed > 0);
    expect(handled).toHaveLength(1);
    expect((await primary.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).score).toBe(60);
    expect(await primary.prisma.alert.count({ where: { leadId: lead.id } })).toBe(1);
  });

  it("deletes each expired anonymous event once, keeping the rest, when both instances run the retention job at once", async () => {
    const team = await buildTeam(primary.prisma);
    // 2,500 expired rows (more than two chunks each) and 10 recent ones, written directly.
    await primary.sql.query(
      `INSERT INTO anonymous_event (team_id, anonymous_id, type, name, occurred_at, source, external_id)
       SELECT $1::int, 'v-' || (n % 50), 'website_visit', '/docs', $2::timestamp(3) - make_interval(days => 100 + n % 300), 'tracking', 'old-' || n
         FROM generate_series(1, 2500) AS n
       UNION ALL
       SELECT $1::int, 'v-new', 'website_visit', '/docs', $2::timestamp(3) - make_interval(days => n), 'tracking', 'new-' || n
         FROM generate_series(1, 10) AS n`,
      [team.teamId, MONDAY_0900.toISOString()],
    );
    const [first, second] = await Promise.all([retentionJob.run(a), retentionJob.run(b)]);
    const deleted = [...first.teams, ...second.teams].reduce((sum, t) => sum + t.deleted, 0);
    expect(deleted).toBe(2500);
    expect([...first.failed, ...second.failed]).toEqual([]);
    const left = await primary.prisma.anonymousEvent.findMany({ where: { teamId: team.teamId } });
    expect(left.map((e) => e.externalId).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `new-${i + 1}`).sort());
  });
});
