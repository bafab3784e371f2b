import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/index.js";
import { renderText } from "../../src/chat/text.render.js";
import { buildDigest, composeDigest } from "../../src/services/digest-compose.service.js";
import { sendDigest } from "../../src/services/digest-send.service.js";
import { claimLead, recordEvent } from "../../src/services/lead.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { digestReply } from "../../src/views/digest.view.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { storedReply } from "../support/outbox.js";
import { failureText } from "../../src/views/failure.view.js";

const DAY = 86_400_000;

describe("morning digest content", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  const lead: Record<"a" | "b" | "c" | "d" | "e", number> = { a: 0, b: 0, c: 0, d: 0, e: 0 };
  const event = async (id: number, type: string, occurredAt?: Date) => {
    const result = await recordEvent(team.deps, team.manager, `#${id}`, { type, ...(occurredAt ? { occurredAt } : {}) });
    if (!result.ok) throw new Error(failureText(result.error));
  };

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());

  /**
   * Monday 2026-06-01 09:00 UTC:
   *  E 80 hot since 20 May, Rita's · A 85 new today, unclaimed · B 75 new today, Rita's, cools on 3 Jun
   *  D 70 warm since 28 May, hot today, unclaimed · C 40 warm, Rita's.
   */
  beforeEach(async () => {
    team = await buildTeam(store.prisma, { name: "Sales" });
    await setTeamChannel(store.store.db, team.teamId, "slack", "C-SALES");
    team.time.set(new Date("2026-05-20T10:00:00Z"));
    lead.e = (await buildLead(team, { name: "Emil Early", company: "Eon" })).id;
    for (const type of ["demo_request", "quote_request", "website_visit"]) await event(lead.e, type);
    team.time.set(new Date("2026-05-28T10:00:00Z"));
    lead.d = (await buildLead(team, { name: "Dora Climber", company: "Delta" })).id;
    await event(lead.d, "demo_request");
    team.time.set(new Date("2026-06-01T09:00:00Z"));
    const now = team.time.clock();
    await event(lead.d, "quote_request");
    lead.a = (await buildLead(team, { name: "Anna Top", company: "Acme" })).id;
    for (const type of ["demo_request", "quote_request", "pricing_page"]) await event(lead.a, type);
    lead.b = (await buildLead(team, { name: "Bert Fading", company: "Beta" })).id;
    await event(lead.b, "demo_request", new Date(now.getTime() - 58 * DAY));
    for (const type of ["quote_request", "email_click"]) await event(lead.b, type);
    lead.c = (await buildLead(team, { name: "Carl Warm", company: "Cee" })).id;
    await event(lead.c, "demo_request");
    for (const id of [lead.e, lead.b, lead.c]) expect((await claimLead(team.deps, team.rep, `#${id}`)).ok).toBe(true);
  });

  it("ranks hot leads, lists new ones, movers, cooling down, unclaimed and a line per rep", async () => {
    const digest = await composeDigest(team.deps, team.teamId, team.time.clock());
    const ids = (list: Array<{ id: number }>) => list.map((l) => l.id);
    expect(digest.hot.map((l) => [l.id, l.score])).toEqual([
      [lead.a, 85],
      [lead.e, 80],
      [lead.b, 75],
      [lead.d, 70],
    ]);
    expect(ids(digest.newHot)).toEqual([lead.a, lead.b, lead.d]);
    expect(digest.movers.map((m) => [m.id, m.from, m.score])).toEqual([[lead.d, 40, 70]]);
    expect(digest.coolingDown).toEqual([
      expect.objectContaining({ id: lead.b, score: 75, to: 35, expiring: ["Demo request"], at: new Date("2026-06-03T09:00:00Z") }),
    ]);
    expect(ids(digest.unclaimed)).toEqual([lead.a, lead.d]);
    expect(digest.reps).toEqual([
      { name: "Rita Rep", hot: 2, claimed: 3 },
      { name: "Ron Rep", hot: 0, claimed: 0 },
    ]);
  });

  it("reads as a message with every section, ranked", async () => {
    const { text } = renderText(digestReply(await buildDigest(team.deps, team.teamId, team.time.clock()), translator("en")));
    expect(text).toMatch(/Morning digest · Sales · Mon 1 Jun/);
    expect(text).toMatch(/1\. #\d+ Anna Top \(Acme\) · 85 · unclaimed[\s\S]*2\. #\d+ Emil Early \(Eon\) · 80 · Rita Rep/);
    expect(text).toMatch(/Biggest movers:\s+• #\d+ Dora Climber \(Delta\) · 40 → 70 \(\+30\)/);
    expect(text).toMatch(/About to cool down \(next 3 days\):\s+• #\d+ Bert Fading \(Beta\) · 75 → 35 by Wed 3 Jun, 09:00: Demo request expires/);
    expect(text).toMatch(/Unclaimed hot leads:\s+• #\d+ Anna Top \(Acme\) · 85\s+• #\d+ Dora Climber \(Delta\) · 70/);
    expect(text).toMatch(/Per rep:\s+• Rita Rep: 2 hot · 3 claimed\s+• Ron Rep: 0 hot · 0 claimed/);
    expect(text).not.toMatch(/late/);
  });

  it("brings scores up to date before building, without waiting for the re-score job", async () => {
    team.time.set(new Date("2026-06-03T10:00:00Z"));
    const digest = await composeDigest(team.deps, team.teamId, team.time.clock());
    expect(digest.hot.map((l) => l.id)).toContain(lead.b); // stored score is stale until re-scored
    await buildDigest(team.deps, team.teamId, team.time.clock());
    expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.b } })).score).toBe(35);
    const after = await composeDigest(team.deps, team.teamId, team.time.clock());
    expect(after.hot.map((l) => l.id)).not.toContain(lead.b);
  });

  it("posts one outbox message and one run record per team per day, and says so when late", async () => {
    const first = await sendDigest(team.deps, team.teamId, "2026-06-01", { late: true });
    expect(first).toMatchObject({ status: "sent", late: true });
    expect(await sendDigest(team.deps, team.teamId, "2026-06-01", { late: false })).toEqual({ status: "already_sent" });
    const rows = await store.prisma.outbox.findMany({ where: { teamId: team.teamId, kind: "digest" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ platform: "slack", channel: "C-SALES", status: "pending", dedupeKey: `digest:${team.teamId}:2026-06-01` });
    expect(rows[0]!.payload).toMatchObject({ view: "digest", data: { mode: "late", digestTime: "09:00", digest: { teamName: "Sales", localDate: "2026-06-01" } } });
    const payload = storedReply(rows[0]!.payload) as { blocks: Array<{ type: string; text?: string }>; visibility: string };
    expect(payload.visibility).toBe("channel");
    expect(payload.blocks[0]?.text).toMatch(/\(late\)$/);
    expect(payload.blocks[1]?.text).toMatch(/the bot was not running at 09:00/);
    const runs = await store.prisma.jobRun.findMany({ where: { teamId: team.teamId } });
    expect(runs).toEqual([expect.objectContaining({ job: "digest", runKey: `${team.teamId}:2026-06-01`, status: "done" })]);
  });

  it("does not post for a team without a channel", async () => {
    const other = await buildTeam(store.prisma, { name: "No channel" });
    expect(await sendDigest(other.deps, other.teamId, "2026-06-01", { late: false })).toEqual({ status: "no_channel" });
    expect(await store.prisma.jobRun.count({ where: { teamId: other.teamId } })).toBe(0);
  });
});
